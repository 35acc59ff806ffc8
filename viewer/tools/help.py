"""The keyboard and mouse help (F1), written from the key map: what the help says is what the keys do.

F1 says what works now: the active view's mode (2-D images, an MPR plane, the 3-D view), and, with a
measuring tool chosen, the measuring keys first; then the window's commands. Without a mode: every section."""

from __future__ import annotations

from viewer.core.messages import in_language, msg
from viewer.tools.keymap import LABELS, MODIFIERS, SECTIONS, Binding, Keymap

TITLES = {
    "stack": msg("Images"),
    "plane": msg("MPR planes"),
    "volume": msg("3D view"),
    "window": msg("Commands"),
}
ORDER = ("stack", "plane", "volume", "window")
assert set(ORDER) == set(SECTIONS)
MEASURING = msg("Measuring")
# The window's commands that belong to measuring, said again in its own section while a tool is chosen.
MEASURING_COMMANDS = ("length_tool", "delete", "undo", "redo", "reset", "key_image", "save_findings")
LINE = 100  # characters before an entry goes to the next line

# Names of keys and gestures as the reader's keyboard and mouse call them.
NAMES = {
    "en": {"ctrl": "Ctrl", "alt": "Alt", "shift": "Shift", "meta": "Meta",
           "left-drag": "left drag", "right-drag": "right drag", "middle-drag": "middle drag", "wheel": "wheel",
           "double-click": "double click", "Up": "↑", "Down": "↓", "Left": "←", "Right": "→",
           "PgUp": "Page Up", "PgDown": "Page Down"},
    "fr": {"ctrl": "Ctrl", "alt": "Alt", "shift": "Maj", "meta": "Méta",
           "left-drag": "glisser gauche", "right-drag": "glisser droit", "middle-drag": "glisser milieu",
           "wheel": "molette", "double-click": "double clic", "Up": "↑", "Down": "↓", "Left": "←", "Right": "→",
           "PgUp": "Page préc.", "PgDown": "Page suiv.", "Home": "Début", "End": "Fin", "Esc": "Échap",
           "Space": "Espace", "Del": "Suppr", "Tab": "Tab"},
}


def binding_text(binding: Binding, language: str) -> str:
    names = NAMES.get(language, NAMES["en"])
    mods = [names.get(m, m) for m in MODIFIERS if m in binding.modifiers]
    return " + ".join(mods + [names.get(binding.trigger, binding.trigger)]) if binding.is_gesture and mods \
        else "+".join(mods + [names.get(binding.trigger, binding.trigger)])


def entries(keymap: Keymap, section: str, language: str) -> list[str]:
    """"keys: what they do", in map order; actions that do the same thing (the wheel and Ctrl + left drag
    both scroll) share one entry."""
    keys: dict[str, list[str]] = {}
    labels = {}
    for action, bindings in keymap.sections.get(section, {}).items():
        if bindings:
            label = LABELS.get(action, action)
            keys.setdefault(str(label), []).extend(binding_text(b, language) for b in bindings)
            labels.setdefault(str(label), label)
    return [in_language(msg("{keys}: {action}", keys=", ".join(k), action=labels[name]), language)
            for name, k in keys.items()]


def _section(title: str, items: list[str]) -> list[str]:
    lines = [title]
    line = ""
    for item in items:
        if line and len(line) + 3 + len(item) > LINE:
            lines.append(line)
            line = ""
        line = f"{line} — {item}" if line else item
    lines.append(line)
    return lines


def help_text(keymap: Keymap, language: str, mode: str | None = None, measuring: bool = False) -> str:
    """The help for ``mode`` ("stack", "plane", "volume"; None: all of them), the measuring keys first when
    ``measuring``."""
    blocks: list[list[str]] = []
    if measuring and mode in ("stack", "plane"):
        draw = Keymap({"m": {"measure": keymap.bindings(mode, "measure")},
                       "c": {a: keymap.bindings("window", a) for a in MEASURING_COMMANDS}})
        items = entries(draw, "m", language) + entries(draw, "c", language)
        blocks.append(_section(in_language(MEASURING, language), items))
    for section in ORDER if mode is None else (mode, "window"):
        items = entries(keymap, section, language)
        if items:
            blocks.append(_section(in_language(TITLES[section], language), items))
    return "\n\n".join("\n".join(b) for b in blocks)
