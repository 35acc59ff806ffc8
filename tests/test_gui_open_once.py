"""Opening a study draws each viewport once, at its place (issue 20): no warning of two patients flashes while
the grid changes hands, the grid is placed before its viewports draw, and the report panel filling after the
images moves none of them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject

from gui_helpers import make_window, wait_ready
from net.synth import write_study

pytestmark = pytest.mark.gui


@pytest.fixture
def two_patients(tmp_path):
    from viewer.core.paths import resolve_paths
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    koffi = write_study(tmp_path / "k", slices_per_series=(3, 3, 3), size=64, patient_id="CNHU-17",
                        patient_name="KOFFI^Aïcha", accession="K1")
    dossou = write_study(tmp_path / "d", slices_per_series=(3,), size=64, patient_id="CNHU-18",
                         patient_name="DOSSOU^Bio", accession="D1")
    home = tmp_path / "home"
    with StudyCache(resolve_paths(home).ensure().store) as cache:
        import_paths(cache, [str(tmp_path / "k"), str(tmp_path / "d")])
    return home, koffi, dossou


class _Shown(QObject):
    def __init__(self):
        super().__init__()
        self.count = 0

    def eventFilter(self, obj, event):  # noqa: N802 (Qt naming)
        if event.type() == QEvent.Type.Show:
            self.count += 1
        return False


def _record_renders(monkeypatch):
    from viewer.render.slice_renderer import SliceRenderer

    drawn = []
    real = SliceRenderer.render

    def render(self, scene, *args, **kwargs):
        drawn.append((self, self.size))
        return real(self, scene, *args, **kwargs)

    monkeypatch.setattr(SliceRenderer, "render", render)
    return drawn


def test_one_patient_after_another_raises_no_warning_on_the_way(qtbot, two_patients):
    home, koffi, dossou = two_patients
    window = make_window(qtbot, home, layout=(1, 3))
    window.open_study(koffi.study_uid)
    wait_ready(qtbot, window)
    assert [vp.state.display_set.study_uid for vp in window.grid.visible_viewports()] == [koffi.study_uid] * 3
    shown = _Shown()
    window.patient_warning.installEventFilter(shown)
    window.open_study(dossou.study_uid)  # one viewport gets DOSSOU's series while two still show KOFFI's
    wait_ready(qtbot, window)
    assert shown.count == 0 and not window.patient_warning.isVisible()
    uids = [vp.state.display_set.study_uid if vp.state.display_set else None for vp in window.grid.visible_viewports()]
    assert uids == [dossou.study_uid, None, None]
    # A real second patient on screen is still told at once.
    window.ws.show_beside(window.grid.visible_viewports()[1].slot, "", koffi.study_uid)
    wait_ready(qtbot, window)
    assert shown.count == 1 and window.patient_warning.isVisible()


def test_each_viewport_is_drawn_at_its_place(qtbot, two_patients, monkeypatch):
    home, koffi, _ = two_patients
    window = make_window(qtbot, home, layout=(1, 1))
    drawn = _record_renders(monkeypatch)
    window.open_study(koffi.study_uid)
    window.set_layout(1, 3)
    # Placed in the same call: a third of the grid each (widget geometry, before any event is handled).
    vps = window.grid.visible_viewports()
    grid_width = window.grid.width()
    assert all(abs(vp.width() - (grid_width - 4) / 3) <= 1 for vp in vps), [vp.width() for vp in vps]
    wait_ready(qtbot, window)  # with the report panel filled after the images
    for vp in vps:
        dpr = vp.devicePixelRatioF()
        final = (int(vp.width() * dpr), int(vp.height() * dpr))
        sizes = [size for renderer, size in drawn if renderer is vp.renderer]
        assert sizes and all(size == final for size in sizes), (final, sizes)


def test_spare_renderers_are_made_only_while_the_views_are_quiet(qtbot, two_patients):
    home, koffi, _ = two_patients
    window = make_window(qtbot, home, layout=(1, 3))
    window.open_study(koffi.study_uid)
    wait_ready(qtbot, window)
    pool = window.grid.renderers
    before = pool.ready()
    assert before < pool.spare  # the three viewports took theirs
    vp = window.grid.visible_viewports()[0]
    vp.render_sync()  # a viewport just drew (a reader scrolling)
    pool._make_one()
    assert pool.ready() == before  # not now: a spare's first draw would hold the window
    assert pool._timer.isActive()  # asked again later
    window.grid._last_drawn -= 5.0  # the views have been still for a while
    pool._make_one()
    assert pool.ready() == min(before + 1, pool.spare)
