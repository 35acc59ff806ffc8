"""A hanging protocol's ``link`` groups and ``theatre`` option act in the window (issue 14 with 15): the CT chest
protocol links the current study's mediastinum and lung views (scroll and zoom), so a key press on one
moves the other to the same slice, while the prior, in its own group until registered, stays; a protocol
that asks for theatre mode opens the study there."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from gui_helpers import make_window, wait_ready
from hanging_studies import thorax_with_prior
from viewer.core.paths import resolve_paths
from viewer.model.hanging.library import builtin_folder, user_folder

pytestmark = pytest.mark.gui


def _open(qtbot, tmp_path):
    home = tmp_path / "home"
    current, prior, _ = thorax_with_prior(tmp_path, home)
    window = make_window(qtbot, home, language="fr", layout=(1, 1), protocols=True)
    window.resize(1600, 1000)
    return window, home, current, prior


def test_the_protocols_scroll_group_moves_the_current_views_together_not_the_prior(qtbot, tmp_path):
    window, _home, current, _prior = _open(qtbot, tmp_path)
    window.open_study(current.study_uid)
    wait_ready(qtbot, window)
    mediastinum, lung, prior_a, prior_b = window.grid.visible_viewports()
    # Same Frame of Reference, 6 slices at the same positions each: the same index is the same millimetre.
    assert mediastinum.state.index == lung.state.index
    before = (lung.state.index, prior_a.state.index, prior_b.state.index)
    mediastinum.setFocus()
    qtbot.keyClick(mediastinum, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: lung.state.index != before[0], timeout=10000)
    assert lung.state.index == mediastinum.state.index
    assert (prior_a.state.index, prior_b.state.index) == before[1:]


def test_a_protocol_asking_for_theatre_opens_the_study_there(qtbot, tmp_path):
    window, home, current, _prior = _open(qtbot, tmp_path)
    raw = json.loads((builtin_folder() / "ct-thorax.json").read_text(encoding="utf-8"))
    raw.update(theatre=True, theatre_drag="window")
    folder = user_folder(resolve_paths(home).config)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ct-thorax.json").write_text(json.dumps(raw), encoding="utf-8")
    window.ws.reading.reload()
    assert not window.ws.theatre.active
    window.open_study(current.study_uid)
    qtbot.waitUntil(lambda: window.ws.theatre.active, timeout=10000)
    assert window.ws.theatre.drag == "window"
    window.ws.theatre.leave()
