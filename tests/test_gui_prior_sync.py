"""A prior beside the current study, in another Frame of Reference (issue 14): linking scroll starts an
automatic registration in the background, the banner proposes it in French, Accepter links the views, and
the prior then follows the current study by patient position through the registration.

The prior is the same anatomy written 20 mm further along z (a new Frame of Reference UID, as a table moved
between two visits) and at twice the slice spacing: prior point z_p is current point z_p - 20. So current
slice i (z = 2 i) must bring the prior to slice round(i / 2) (z_p = 20 + 4 j): worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QToolBar
from pydicom.uid import generate_uid

from gui_helpers import make_window, wait_ready
from synthetic import write_series

pytestmark = pytest.mark.gui
ROWS = COLS = 128
PIXEL = 1.5


def anatomy(z: float) -> np.ndarray:
    """HU of an axial slice at current-study height ``z``: two spheres, the small one off-centre."""
    yy, xx = (np.mgrid[0:ROWS, 0:COLS] - (ROWS - 1) / 2.0) * PIXEL
    out = np.full((ROWS, COLS), -1000.0)
    out[xx ** 2 + yy ** 2 + (z - 48.0) ** 2 < 30.0 ** 2] = 60.0
    out[(xx - 20) ** 2 + (yy + 15) ** 2 + (z - 30.0) ** 2 < 12.0 ** 2] = 800.0
    return out


def wheel(vp, steps: int) -> None:
    centre = QPointF(vp.rect().center())
    for _ in range(abs(steps)):
        event = QWheelEvent(centre, vp.mapToGlobal(centre), QPoint(0, 0), QPoint(0, -120 if steps > 0 else 120),
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(vp, event)


@pytest.fixture
def prior_beside(qtbot, tmp_path):
    from viewer.core.paths import resolve_paths
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    origin = (-(COLS - 1) / 2.0 * PIXEL, -(ROWS - 1) / 2.0 * PIXEL)
    current = write_series(tmp_path / "current", slices=48, rows=ROWS, cols=COLS, spacing=(PIXEL, PIXEL), thickness=2.0,
                           origin=(*origin, 0.0), hu_slices=lambda i: anatomy(2.0 * i), window=(400, 40))
    prior = write_series(tmp_path / "prior", slices=24, rows=ROWS, cols=COLS, spacing=(PIXEL, PIXEL), thickness=4.0,
                         origin=(*origin, 20.0), hu_slices=lambda j: anatomy(4.0 * j), window=(400, 40),
                         frame_uid=generate_uid())
    home = tmp_path / "home"
    with StudyCache(resolve_paths(home).ensure().store) as cache:
        import_paths(cache, [str(tmp_path / "current"), str(tmp_path / "prior")])
    window = make_window(qtbot, home, layout=(1, 2))
    window.open_study(current["study_uid"])
    wait_ready(qtbot, window)
    a, b = window.grid.visible_viewports()
    # A study row dropped on a viewport shows it beside the open one (Workstation.show_beside).
    window.ws.show_beside(b.slot, "", prior["study_uid"])
    window.grid.set_active(a)
    wait_ready(qtbot, window)
    assert b.state.display_set.study_uid == prior["study_uid"] and window.ws.study.study_uid == current["study_uid"]

    return window, a, b


def test_prior_is_registered_proposed_accepted_and_then_follows(qtbot, prior_beside, tmp_path):
    window, a, b = prior_beside
    controls = window.link_controls
    bar = window.findChild(QToolBar, "links")
    qtbot.mouseClick(bar.widgetForAction(controls.actions["scroll"]), Qt.MouseButton.LeftButton)
    # The registration runs off the GUI thread: the window answers while it works.
    assert window.ws.registrations.busy()
    qtbot.waitUntil(lambda: controls.banner.isVisible(), timeout=60000)
    text = controls.banner_text.text()
    assert text.startswith("Recalage automatique\u00a0: décalage ") and "rotation" in text, text
    # The offset found is the 20 mm we wrote (shown with a decimal comma).
    proposal = window.ws.registrations.pending
    assert abs(proposal.result.m[2, 3] - (-20.0)) < 1.0 and proposal.rotation_deg < 1.0
    # Not yet accepted: the prior does not follow.
    before = b.state.index
    wheel(a, 3)
    wait_ready(qtbot, window)
    assert b.state.index == before
    qtbot.mouseClick(controls.accept_button, Qt.MouseButton.LeftButton)
    assert not controls.banner.isVisible()
    for steps in (2, 5, -9, 4):
        wheel(a, steps)
        wait_ready(qtbot, window)
        i = a.state.display_set.positions[a.state.index][2] / 2.0  # current slice number by its z
        expected_z = 20.0 + 4.0 * round(i / 2.0 + 1e-9)
        assert abs(b.state.display_set.positions[b.state.index][2] - expected_z) <= 2.0 + 1e-6, (a.state.index, b.state.index)
    window.grab().save(str(tmp_path / "linked.png"))


def link_scroll_and_wait_for_the_proposal(qtbot, window):
    controls = window.link_controls
    bar = window.findChild(QToolBar, "links")
    qtbot.mouseClick(bar.widgetForAction(controls.actions["scroll"]), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controls.banner.isVisible(), timeout=60000)
    return controls


def test_refused_registration_then_sync_here_links_by_the_readers_offset(qtbot, prior_beside):
    window, a, b = prior_beside
    controls = link_scroll_and_wait_for_the_proposal(qtbot, window)
    qtbot.mouseClick(controls.refuse_button, Qt.MouseButton.LeftButton)
    assert not controls.banner.isVisible()
    before = b.state.index
    wheel(a, 2)
    wait_ready(qtbot, window)
    assert b.state.index == before  # refused: nothing links the two frames of reference
    # The reader puts current z = 30 (index 15) beside prior z_p = 36 (index 4): 6 mm off the truth, on purpose.
    a.apply(a.state.at(15))
    b.apply(b.state.at(4))
    window.grid.set_active(a)
    window.act_sync_here.trigger()
    # From now on the prior follows with that offset: current z -> prior z_p nearest z + 6 (by hand).
    for steps in (4, -10):
        wheel(a, steps)
        wait_ready(qtbot, window)
        z = a.state.display_set.positions[a.state.index][2]
        prior_z = [20.0 + 4.0 * j for j in range(24)]
        assert b.state.display_set.positions[b.state.index][2] == min(prior_z, key=lambda p: abs(p - (z + 6.0))), z


def test_adjust_nudges_the_accepted_registration_along_the_normal(qtbot, prior_beside):
    window, a, b = prior_beside
    controls = link_scroll_and_wait_for_the_proposal(qtbot, window)
    qtbot.mouseClick(controls.adjust_button, Qt.MouseButton.LeftButton)
    assert controls.plus_button.isVisible() and controls.minus_button.isVisible()
    a.apply(a.state.at(20))  # current z = 40 -> prior z_p = 60 (j = 10)
    wait_ready(qtbot, window)
    assert b.state.display_set.positions[b.state.index][2] == pytest.approx(60.0, abs=2.0)
    for _ in range(4):  # +4 mm: the prior point for z = 40 is now z_p = 56 (j = 9)
        qtbot.mouseClick(controls.plus_button, Qt.MouseButton.LeftButton)
    wait_ready(qtbot, window)
    expected = 40.0 + 20.0 - 4.0
    assert abs(b.state.display_set.positions[b.state.index][2] - expected) <= 2.0, b.state.index
    qtbot.mouseClick(controls.accept_button, Qt.MouseButton.LeftButton)  # "Terminé"
    assert not controls.banner.isVisible()
