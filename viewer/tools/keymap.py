"""The key and mouse map: which key or gesture does what, as data.

A map has four sections: ``window`` (the window's commands, whatever the views show: the number keys,
I, M, Ctrl+O...) and one per kind of view, ``stack`` (2-D images), ``plane`` (an MPR plane) and ``volume``
(a 3-D view), each ``action -> [bindings]``. A binding is a key as Qt writes it ("I", "Ctrl+Shift+O",
"PgUp", "F1") or a gesture: "left-drag", "right-drag", "middle-drag", "wheel", "double-click", with the
same modifiers ("Shift+left-drag"). ``measure`` names the button the measuring tools draw with.

A theatre mode, a touch mode or a reader's own bindings are another map, not other code: a reader's
``keymap.json`` (in the configuration folder) names only what it changes, and a gesture it gives an
action is taken from the action that had it.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from viewer.core.messages import msg

log = logging.getLogger(__name__)

MODIFIERS = ("ctrl", "alt", "shift", "meta")
BUTTONS = ("left", "right", "middle")
GESTURES = tuple(f"{b}-drag" for b in BUTTONS) + ("wheel", "double-click")
SECTIONS = ("window", "stack", "plane", "volume")
VIEW_MODES = SECTIONS[1:]
KEYMAP_FILE = "keymap.json"
# Key names as Qt writes them, so that a reader's "pgup" or "ESC" is the key Qt reports.
KEY_NAMES = {n.lower(): n for n in (
    "Up", "Down", "Left", "Right", "PgUp", "PgDown", "Home", "End", "Esc", "Space", "Del", "Ins", "Tab",
    "Backspace", "Return", "Enter", *(f"F{i}" for i in range(1, 13)))}

DEFAULT_MAP: dict[str, dict[str, list[str]]] = {
    "window": {
        "import_files": ["Ctrl+O"],
        "import_folder": ["Ctrl+Shift+O"],
        "file_window": ["1"],
        **{f"preset_{n}": [str(n)] for n in range(2, 10)},
        "auto_window": ["0"],
        "invert": ["I"],
        "fit": ["F"],
        "one_to_one": ["="],
        "rotate": ["R"],
        "flip_h": ["H"],
        "flip_v": ["V"],
        "reset": ["Esc"],
        "cine": ["Space"],
        "overlays": ["O"],
        "key_image": ["K"],
        "length_tool": ["L"],
        "presentation": ["P"],
        "delete": ["Del"],
        "undo": ["Ctrl+Z"],
        "redo": ["Ctrl+Y"],
        "save_findings": ["Ctrl+S"],
        "mpr": ["M"],
        "volume": ["D"],
        "next_viewport": ["Ctrl+Tab"],
        "theatre": ["F11"],
        "next_study": ["Ctrl+PgDown"],
        "previous_study": ["Ctrl+PgUp"],
        "next_unread": ["N"],
        "worklist": ["Ctrl+L"],
        "next_stage": ["PgDown"],
        "previous_stage": ["PgUp"],
        "preferences": ["Ctrl+,"],
        "help": ["F1"],
    },
    "stack": {
        "scroll": ["wheel"],
        "previous": ["Up", "Left"],
        "next": ["Down", "Right"],
        "back_10": ["Shift+PgUp"],
        "forward_10": ["Shift+PgDown"],
        "first": ["Home"],
        "last": ["End"],
        "measure": ["left-drag"],
        "window_level": ["left-drag"],
        "scroll_drag": ["Ctrl+left-drag"],
        "zoom": ["right-drag"],
        "pan": ["middle-drag"],
        "fit": ["double-click"],
    },
    "plane": {
        "scroll": ["wheel"],
        "previous": ["Up", "Left"],
        "next": ["Down", "Right"],
        "back_10": ["Shift+PgUp"],
        "forward_10": ["Shift+PgDown"],
        "measure": ["left-drag"],
        "crosshair": ["left-drag"],
        "window_level": ["Shift+left-drag"],
        "rotate_planes": ["Ctrl+left-drag"],
        "zoom": ["right-drag"],
        "pan": ["middle-drag"],
        "fit": ["double-click"],
    },
    "volume": {
        "orbit": ["left-drag"],
        "transfer_function": ["Shift+left-drag"],
        "zoom": ["right-drag"],
        "pan": ["middle-drag"],
        "zoom_steps": ["wheel"],
    },
}

# What each action does, as the help (F1) says it.
LABELS = {
    "import_files": msg("import files"),
    "import_folder": msg("import a folder or a CD"),
    "file_window": msg("the file's window (again: the next one)"),
    **{f"preset_{n}": msg("window presets") for n in range(2, 10)},
    "auto_window": msg("automatic window"),
    "invert": msg("invert"),
    "fit": msg("fit"),
    "one_to_one": msg("1:1"),
    "rotate": msg("rotate 90°"),
    "flip_h": msg("flip horizontally"),
    "flip_v": msg("flip vertically"),
    "reset": msg("reset (first: drop the drawing, then the tool)"),
    "cine": msg("cine"),
    "overlays": msg("overlays"),
    "key_image": msg("key image"),
    "length_tool": msg("distance tool"),
    "presentation": msg("the image as its presentation state says (again: the next one)"),
    "delete": msg("delete the measurement"),
    "undo": msg("undo"),
    "redo": msg("redo"),
    "save_findings": msg("save the findings as DICOM"),
    "mpr": msg("MPR"),
    "volume": msg("3D"),
    "next_viewport": msg("next viewport"),
    "theatre": msg("theatre mode (full screen, touch, read-only)"),
    "next_study": msg("next study of the worklist"),
    "previous_study": msg("previous study of the worklist"),
    "next_unread": msg("next unread study"),
    "worklist": msg("go to the worklist"),
    "next_stage": msg("next stage of the hanging protocol"),
    "previous_stage": msg("previous stage of the hanging protocol"),
    "preferences": msg("preferences"),
    "help": msg("this help"),
    "scroll": msg("move through the images"),
    "previous": msg("previous image"),
    "next": msg("next image"),
    "back_10": msg("10 images back"),
    "forward_10": msg("10 images on"),
    "first": msg("first image"),
    "last": msg("last image"),
    "measure": msg("with a measuring tool: draw it; without: move the measurement under the pointer"),
    "window_level": msg("window/level"),
    "scroll_drag": msg("move through the images"),
    "zoom": msg("zoom"),
    "pan": msg("pan"),
    "crosshair": msg("move the shared point"),
    "rotate_planes": msg("oblique planes"),
    "orbit": msg("turn the volume"),
    "transfer_function": msg("opacity and brightness"),
    "zoom_steps": msg("zoom"),
}


@dataclass(frozen=True)
class Binding:
    modifiers: frozenset
    trigger: str  # a key name as Qt writes it ("I", "PgUp", ","), or one of GESTURES

    @classmethod
    def parse(cls, text: str) -> "Binding":
        """"Ctrl+Shift+O", "shift+left-drag", "+" (the plus key), "Ctrl++"."""
        text = text.strip()
        if text.endswith("+"):  # the "+" key itself: "+", "Ctrl++"
            if text != "+" and not text.endswith("++"):
                raise ValueError(text)
            mods, trigger = (text[:-2].split("+") if len(text) > 1 else []), "+"
        else:
            *mods, trigger = text.split("+")
        names = frozenset(m.strip().lower() for m in mods)
        if not trigger.strip() or not names <= set(MODIFIERS):
            raise ValueError(text)
        trigger = trigger.strip()
        gesture = trigger.lower()
        if gesture not in GESTURES:
            trigger = trigger.upper() if len(trigger) == 1 else KEY_NAMES.get(gesture, trigger)
        return cls(names, gesture if gesture in GESTURES else trigger)

    @property
    def is_gesture(self) -> bool:
        return self.trigger in GESTURES

    @property
    def button(self) -> str:
        return self.trigger.split("-")[0] if self.trigger.endswith("-drag") else ""

    def text(self) -> str:
        """As Qt's key sequences write it: "Ctrl+Shift+O"."""
        return "+".join([m.capitalize() for m in MODIFIERS if m in self.modifiers] + [self.trigger])


class Keymap:
    def __init__(self, sections: dict[str, dict[str, tuple[Binding, ...]]]) -> None:
        self.sections = sections

    @classmethod
    def from_data(cls, data: dict) -> "Keymap":
        return cls({s: {a: tuple(Binding.parse(b) for b in bs) for a, bs in data.get(s, {}).items()} for s in SECTIONS})

    @classmethod
    def default(cls) -> "Keymap":
        return cls.from_data(DEFAULT_MAP)

    @classmethod
    def load(cls, config_dir) -> tuple["Keymap", list[str]]:
        """The default map with the reader's ``keymap.json`` over it, and what in that file could not be
        used (messages; those entries are left out, the rest applies)."""
        keymap = cls.default()
        path = Path(config_dir) / KEYMAP_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return keymap, []
        except (OSError, ValueError) as exc:
            log.warning("keymap file unreadable (%s)", type(exc).__name__)
            return keymap, [msg("{file} is not readable JSON ({error}): the default keys apply", file=KEYMAP_FILE,
                                error=type(exc).__name__)]
        return keymap.overridden(data)

    def overridden(self, data) -> tuple["Keymap", list[str]]:
        """This map with ``data`` (``{section: {action: [bindings]}}``) over it."""
        sections = {s: dict(actions) for s, actions in self.sections.items()}
        problems: list[str] = []
        if not isinstance(data, dict):
            return self, [msg("{file} must hold sections of actions: the default keys apply", file=KEYMAP_FILE)]
        for section, actions in data.items():
            if section not in sections or not isinstance(actions, dict):
                problems.append(msg("{file}: unknown section {name}", file=KEYMAP_FILE, name=section))
                continue
            for action, texts in actions.items():
                if action not in sections[section]:
                    problems.append(msg("{file}: unknown action {name} in {section}", file=KEYMAP_FILE, name=action,
                                        section=section))
                    continue
                try:
                    bindings = tuple(Binding.parse(t) for t in ([texts] if isinstance(texts, str) else texts))
                except (TypeError, ValueError, AttributeError):
                    problems.append(msg("{file}: {name} has a binding that is not a key or gesture", file=KEYMAP_FILE,
                                        name=action))
                    continue
                # A gesture or key given to this action is taken from whichever action had it ("measure" keeps
                # its button: it shares it with the navigation gesture by design).
                for other, had in sections[section].items():
                    if other not in (action, "measure"):
                        sections[section][other] = tuple(b for b in had if b not in bindings)
                sections[section][action] = bindings
        return Keymap(sections), problems

    # ------------------------------------------------------------------ lookups
    def bindings(self, section: str, action: str) -> tuple[Binding, ...]:
        return self.sections.get(section, {}).get(action, ())

    def keys(self, action: str, section: str = "window") -> list[str]:
        """The keys of a command, as Qt key sequences read them."""
        return [b.text() for b in self.bindings(section, action) if not b.is_gesture]

    def _best(self, mode: str, trigger: str, modifiers) -> str | None:
        """The action of ``mode`` bound to ``trigger`` whose modifiers are all held, the one asking for the
        most of them first (Shift+left before left), in map order between equals."""
        held = frozenset(modifiers)
        best, best_n = None, -1
        for action, bindings in self.sections.get(mode, {}).items():
            if action == "measure":
                continue
            for b in bindings:
                if b.trigger == trigger and b.modifiers <= held and len(b.modifiers) > best_n:
                    best, best_n = action, len(b.modifiers)
        return best

    def drag_action(self, mode: str, button: str, modifiers) -> str | None:
        return self._best(mode, f"{button}-drag", modifiers)

    def wheel_action(self, mode: str, modifiers) -> str | None:
        return self._best(mode, "wheel", modifiers)

    def double_click_action(self, mode: str, modifiers) -> str | None:
        return self._best(mode, "double-click", modifiers)

    def key_action(self, mode: str, key: str, modifiers) -> str | None:
        """The action of ``mode`` bound to exactly this key and these modifiers."""
        wanted = Binding(frozenset(modifiers), key.upper() if len(key) == 1 else key)
        return next((a for a, bs in self.sections.get(mode, {}).items() if wanted in bs), None)

    def measure_button(self, mode: str) -> str:
        """The button measuring tools draw with in ``mode`` ("" where they do not draw)."""
        return next((b.button for b in self.bindings(mode, "measure") if b.button), "")
