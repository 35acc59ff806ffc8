"""The key and mouse map as data: the default map, a reader's keymap.json over it (and what cannot be used
from one), and the F1 help written from whichever map is in use."""

from __future__ import annotations

import json

import pytest

from viewer.core.messages import in_language
from viewer.tools.help import help_text
from viewer.tools.keymap import DEFAULT_MAP, LABELS, SECTIONS, Binding, Keymap


def test_every_default_binding_is_a_key_or_a_gesture_and_none_does_two_things():
    keymap = Keymap.default()
    for section in SECTIONS:
        seen: dict = {}
        for action, bindings in keymap.sections[section].items():
            assert bindings, f"{section}.{action} has no binding"
            assert action in LABELS, f"{action} has no help label"
            for b in bindings:
                if action == "measure":  # shares its button with the navigation drag by design
                    continue
                assert b not in seen, f"{b.text()} does {seen.get(b)} and {action} in {section}"
                seen[b] = action


@pytest.mark.parametrize("text, modifiers, trigger", [
    ("Ctrl+Shift+O", {"ctrl", "shift"}, "O"),
    ("shift+LEFT-DRAG", {"shift"}, "left-drag"),
    ("i", set(), "I"),
    ("pgup", set(), "PgUp"),
    ("+", set(), "+"),
    ("Ctrl++", {"ctrl"}, "+"),
    ("Ctrl+,", {"ctrl"}, ","),
])
def test_bindings_are_read_as_qt_writes_keys(text, modifiers, trigger):
    b = Binding.parse(text)
    assert (set(b.modifiers), b.trigger) == (modifiers, trigger)


@pytest.mark.parametrize("text", ["", "Ctrl+", "Hyper+X", "Ctrl+Shift+"])
def test_a_binding_that_is_no_key_is_refused(text):
    with pytest.raises(ValueError):
        Binding.parse(text)


def test_which_action_a_gesture_starts_depends_on_what_the_view_shows_and_the_modifiers_held():
    k = Keymap.default()
    assert k.drag_action("stack", "left", set()) == "window_level"
    assert k.drag_action("stack", "left", {"ctrl"}) == "scroll_drag"
    assert k.drag_action("stack", "left", {"shift"}) == "window_level"  # no Shift binding: plain left applies
    assert k.drag_action("plane", "left", set()) == "crosshair"
    assert k.drag_action("plane", "left", {"shift"}) == "window_level"
    assert k.drag_action("plane", "left", {"ctrl"}) == "rotate_planes"
    assert k.drag_action("volume", "left", {"shift"}) == "transfer_function"
    assert k.drag_action("volume", "right", {"ctrl"}) == "zoom"
    assert k.wheel_action("volume", set()) == "zoom_steps" and k.wheel_action("stack", set()) == "scroll"
    assert k.key_action("stack", "End", set()) == "last" and k.key_action("plane", "End", set()) is None
    assert k.key_action("stack", "Up", {"ctrl"}) is None  # keys match exactly
    assert k.keys("import_folder") == ["Ctrl+Shift+O"] and k.keys("preset_7") == ["7"]
    assert k.measure_button("stack") == "left" and k.measure_button("volume") == ""


def test_a_readers_map_changes_only_what_it_names_and_takes_the_gesture_from_its_old_action(tmp_path):
    (tmp_path / "keymap.json").write_text(json.dumps({
        "stack": {"zoom": ["left-drag"], "window_level": "right-drag"},
        "window": {"invert": ["Ctrl+I", "N"]},
    }), encoding="utf-8")
    k, problems = Keymap.load(tmp_path)
    assert problems == []
    assert k.drag_action("stack", "left", set()) == "zoom"
    assert k.drag_action("stack", "right", set()) == "window_level"
    assert k.drag_action("plane", "left", set()) == "crosshair"  # another section: untouched
    assert k.keys("invert") == ["Ctrl+I", "N"] and k.keys("fit") == ["F"]
    assert k.measure_button("stack") == "left"


def test_what_a_readers_map_gets_wrong_is_said_and_the_rest_applies(tmp_path):
    (tmp_path / "keymap.json").write_text(json.dumps({
        "stack": {"zoom": ["left-drag"], "teleport": ["T"], "pan": ["Hyper+Q"]},
        "kitchen": {"invert": ["I"]},
    }), encoding="utf-8")
    k, problems = Keymap.load(tmp_path)
    assert k.drag_action("stack", "left", set()) == "zoom"
    assert k.drag_action("stack", "middle", set()) == "pan"  # its bad binding was left out, the default stays
    said = [in_language(p, "fr") for p in problems]
    assert said == ["keymap.json\u00a0: action inconnue teleport dans stack",
                    "keymap.json\u00a0: pan a une affectation qui n'est ni une touche ni un geste",
                    "keymap.json\u00a0: section inconnue kitchen"]


@pytest.mark.parametrize("content", ["{not json", "[1, 2]"])
def test_an_unreadable_map_leaves_the_default_keys_and_says_so(tmp_path, content):
    (tmp_path / "keymap.json").write_text(content, encoding="utf-8")
    k, problems = Keymap.load(tmp_path)
    assert k.sections == Keymap.default().sections
    assert len(problems) == 1 and "keymap.json" in problems[0] and "default keys apply" in problems[0]


def test_the_help_names_every_binding_of_the_map_in_use_in_the_readers_language(tmp_path):
    english = help_text(Keymap.default(), "en")
    french = help_text(Keymap.default(), "fr")
    for section, actions in DEFAULT_MAP.items():
        for action, bindings in actions.items():
            assert str(LABELS[action]) in english, action
            assert in_language(LABELS[action], "fr") in french, action
    assert "Shift + left drag: window/level" in english
    assert "Maj + glisser gauche\u00a0: fenêtrage" in french
    assert "Ctrl + glisser gauche, " not in french and "molette, Ctrl + glisser gauche\u00a0: parcourir les coupes" in french
    assert "Page préc.\u00a0: 10 images en arrière" in french and "Échap\u00a0: réinitialiser" in french
    assert "2, 3, 4, 5, 6, 7, 8, 9\u00a0: préréglages de fenêtrage" in french
    (tmp_path / "keymap.json").write_text(json.dumps({"stack": {"zoom": ["wheel"], "scroll": ["Ctrl+wheel"]}}))
    mine, _ = Keymap.load(tmp_path)
    text = help_text(mine, "en")
    images = text.split("\n\n")[0]
    assert "Ctrl + wheel, Ctrl + left drag: move through the images" in images
    assert "wheel: zoom" in images and "right drag" not in images  # the reader's map gave zoom the wheel alone
