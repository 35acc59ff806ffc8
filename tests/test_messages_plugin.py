"""Plugins write messages too (viewer.plugin_api.msg) and give their French at register: the built-in stack
handler's split warning reaches a French window in French, English stays word for word, and every template
the plugin writes has its French entry."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pydicom
import pytest

from gui_helpers import make_window, wait_ready
from synthetic import write_series
from viewer.core.messages import in_language, msg

PLUGINS = Path(__file__).resolve().parents[1] / "plugins"


def open_in_window(qtbot, tmp_path, study_uid: str, language: str):
    """A window in ``language`` showing ``study_uid``, imported from ``tmp_path/src`` into ``tmp_path/home``."""
    from viewer.core.paths import resolve_paths
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    home = tmp_path / "home"
    with StudyCache(resolve_paths(home).ensure().store) as cache:
        import_paths(cache, [str(tmp_path / "src")])
    window = make_window(qtbot, home, language=language)
    window.open_study(study_uid)
    wait_ready(qtbot, window)
    return window


def _plugin_templates() -> set[str]:
    found = set()
    for path in PLUGINS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "msg":
                assert isinstance(node.args[0], ast.Constant), f"{path}:{node.lineno}: msg() needs a literal template"
                found.add(node.args[0].value)
    assert "cine" in found  # the search does find the plugin's calls
    return found


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_plugin_template_has_a_french_entry_with_the_same_parameters():
    from cauri_builtins.messages_fr import FRENCH

    templates = _plugin_templates()
    assert templates == set(FRENCH), (templates ^ set(FRENCH))
    for template in templates:
        assert _fields(FRENCH[template]) == _fields(template), template


def test_the_split_warning_is_the_same_english_and_french_once_the_plugin_is_registered():
    from types import SimpleNamespace

    from cauri_builtins.stacks import _split_warning
    from viewer.dicom.geometry import split_stacks
    from viewer.model.registry import load_plugins

    load_plugins()
    # Two orientations, the sagittal one with two echo times at each place (80.5 ms: a decimal).
    headers = [SimpleNamespace(ImageOrientationPatient=(1, 0, 0, 0, 1, 0), ImagePositionPatient=(0, 0, z),
                               Rows=256, Columns=256) for z in range(3)]
    headers += [SimpleNamespace(ImageOrientationPatient=(0, 1, 0, 0, 0, -1), ImagePositionPatient=(x, 0, 0),
                                EffectiveEchoTime=te, Rows=256, Columns=256) for x in range(3) for te in (20, 80.5)]
    label = split_stacks(headers)[2].label
    assert label == "orientation 2 (SAGITTAL), echo time 80.5"
    warning = _split_warning(2, 3, label)
    assert warning == f"The series was split into 3 stacks; this is stack 3 ({label})."
    assert in_language(warning, "fr") == (
        "La série a été découpée en 3 piles\u00a0; celle-ci est la pile 3 (orientation 2 (sagittal), temps d'écho 80,5)."
    )
    assert _split_warning(0, 2, "") == "The series was split into 2 stacks; this is stack 1."
    assert in_language(_split_warning(0, 2, ""), "fr") == "La série a été découpée en 2 piles\u00a0; celle-ci est la pile 1."


def test_a_plugin_cannot_reword_the_viewers_own_french():
    from viewer.plugin_api import add_translations

    from viewer.core import messages

    add_translations("fr", {"not a DICOM file": "autre chose"})
    try:
        assert in_language(msg("not a DICOM file"), "fr") == "pas un fichier DICOM"
    finally:
        del messages._ADDED["fr"]["not a DICOM file"]


@pytest.mark.gui
@pytest.mark.parametrize(
    "language, expected",
    [
        ("fr", "La série a été découpée en 2 piles\u00a0; celle-ci est la pile 1 (écho 1)."),
        ("en", "The series was split into 2 stacks; this is stack 1 (echo 1)."),
    ],
)
def test_a_two_echo_series_says_it_was_split_in_the_window_language(qtbot, tmp_path, language, expected):
    a = write_series(tmp_path / "src" / "e1", slices=4, rows=32, cols=32)
    b = write_series(tmp_path / "src" / "e2", slices=4, rows=32, cols=32, study_uid=a["study_uid"],
                     series_uid=a["series_uid"])
    for files, echo in ((a["files"], 1), (b["files"], 2)):
        for path in files:
            ds = pydicom.dcmread(path)
            ds.EchoNumbers = echo
            ds.save_as(path)
    window = open_in_window(qtbot, tmp_path, a["study_uid"], language)
    shown = window.status_label.text()
    assert expected in shown
    assert ("split into" in shown) == (language == "en")
