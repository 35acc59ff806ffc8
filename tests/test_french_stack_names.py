"""The stacks a series is split into are named in the reader's language wherever the window shows them: the
series list (captions and tooltips), the viewport's series line, the MPR views' series line. A French window
says "orientation 2 (sagittal)" and "écho 2"; an English one keeps the words the CLI prints."""

from __future__ import annotations

import shutil

import pydicom
import pytest
from PySide6.QtCore import Qt

from conftest import shared_data
from gui_helpers import make_window, wait_ready
from synthetic import write_series

pytestmark = pytest.mark.gui

# A real three-plane MR localiser (pydicom's DICOMDIR test media): one series, one slice per plane.
PILOT_SERIES = "1.3.6.1.4.1.5962.1.1.0.0.0.1196533885.18148.0.17"
PILOT_FILES = ("6273", "6605", "6935")


def _open(qtbot, tmp_path, study_uid: str, language: str):
    from viewer.core.paths import resolve_paths
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    home = tmp_path / "home"
    with StudyCache(resolve_paths(home).ensure().store) as cache:
        report = import_paths(cache, [str(tmp_path / "src")])
    assert not report.rejected
    window = make_window(qtbot, home, language=language)
    window.open_study(study_uid)
    wait_ready(qtbot, window)
    return window


def _series_items(window) -> dict[str, tuple[str, str]]:
    """Each series list item's (caption, tooltip), by display set uid: the texts the reader sees."""
    items = [window.browser.series.item(i) for i in range(window.browser.series.count())]
    return {it.data(Qt.ItemDataRole.UserRole): (it.text(), it.toolTip()) for it in items}


def _show(qtbot, window, uid: str) -> list[str]:
    """Double-click the series ``uid`` in the list, as the reader does; the viewport's top-right lines (the
    series line last)."""
    series = window.browser.series
    item = next(series.item(i) for i in range(series.count()) if series.item(i).data(Qt.ItemDataRole.UserRole) == uid)
    series.itemDoubleClicked.emit(item)
    wait_ready(qtbot, window)
    vp = window.grid.active
    assert vp.state.display_set.uid == uid
    return vp.last_scene.corners["tr"].splitlines()


def _copy_pilot(tmp_path) -> str:
    study = None
    for name in PILOT_FILES:
        path = shared_data("pypi-pydicom-3.0.2", "test_files", "dicomdirtests", "98892003", "MR2", name)
        ds = pydicom.dcmread(path, stop_before_pixels=True)
        assert ds.SeriesInstanceUID == PILOT_SERIES
        study = ds.StudyInstanceUID
        shutil.copy(path, tmp_path / "src" / name)
    return study


@pytest.mark.parametrize(
    "language, planes, series_word, absent",
    [
        ("fr", ("orientation 1 (coronal)", "orientation 2 (sagittal)", "orientation 3 (axial)"), "Série", "SAGITTAL"),
        ("en", ("orientation 1 (CORONAL)", "orientation 2 (SAGITTAL)", "orientation 3 (AXIAL)"), "Series", "sagittal"),
    ],
)
def test_a_three_plane_localiser_names_its_planes_in_the_window_language(qtbot, tmp_path, language, planes,
                                                                         series_word, absent):
    (tmp_path / "src").mkdir()
    study = _copy_pilot(tmp_path)
    window = _open(qtbot, tmp_path, study, language)
    items = _series_items(window)
    uids = [f"{PILOT_SERIES}#{n}" for n in range(3)]
    assert set(uids) <= set(items)
    for uid, plane in zip(uids, planes):
        caption, tooltip = items[uid]
        assert caption.startswith(f"MR 2 T/S/C RF FAST PILOT ({plane})\n"), caption
        assert plane in tooltip and absent not in caption
        line = _show(qtbot, window, uid)[-1]
        assert line == f"{series_word} 2 T/S/C RF FAST PILOT ({plane})", line
    # The split warning in the status bar names the stacks the same way.
    assert planes[1] in window.status_label.text()


@pytest.mark.parametrize(
    "language, echoes, absent",
    [("fr", ("écho 1", "écho 2"), "echo"), ("en", ("echo 1", "echo 2"), "écho")],
)
def test_a_two_echo_series_names_its_echoes_in_the_list_viewport_and_mpr(qtbot, tmp_path, language, echoes, absent):
    frame = pydicom.uid.generate_uid()
    a = write_series(tmp_path / "src" / "e1", slices=6, rows=32, cols=32, frame_uid=frame)
    b = write_series(tmp_path / "src" / "e2", slices=6, rows=32, cols=32, study_uid=a["study_uid"],
                     series_uid=a["series_uid"], frame_uid=frame)
    for files, echo in ((a["files"], 1), (b["files"], 2)):
        for path in files:
            ds = pydicom.dcmread(path)
            ds.EchoNumbers = echo
            ds.SeriesDescription = "T2 FSE"
            ds.save_as(path)
    window = _open(qtbot, tmp_path, a["study_uid"], language)
    items = _series_items(window)
    for n, echo in enumerate(echoes):
        caption, _ = items[f"{a['series_uid']}#{n}"]
        assert f"T2 FSE ({echo})" in caption and absent not in caption, caption
    assert _show(qtbot, window, f"{a['series_uid']}#1")[-1].endswith(f"T2 FSE ({echoes[1]})")
    # MPR of the second echo: each plane's series line names it too.
    qtbot.keyClick(window.grid.active, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: window.mpr.session is not None and window.mpr.session.volume.complete, timeout=20000)
    wait_ready(qtbot, window)
    for vp in window.grid.visible_viewports():
        assert vp.last_scene.corners["tr"].splitlines()[-1] == f"T2 FSE ({echoes[1]})", vp.last_scene.corners["tr"]
