"""A patient's disc shown where it is (``--media``): pydicom's DICOMDIR test set (3 patients' DICOMDIR and
a second, TINY_ALPHA) read in place in a real window, nothing imported and nothing written on the disc
until the reader asks for *Importer le disque dans le cache*. What the disc holds is counted here with
pydicom, independently of Cauri's reading."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pydicom
import pytest
from conftest import shared_data
from gui_helpers import widget_pixels
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolBar

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def disc() -> Path:
    return shared_data("pypi-pydicom-3.0.2", "test_files", "dicomdirtests")


def disc_contents(root: Path) -> tuple[set[str], set[str]]:
    """(SOP Instance UIDs, Study Instance UIDs) of the DICOM instances on the disc, DICOMDIR files excepted."""
    sops, studies = set(), set()
    for path in root.rglob("*"):
        if not path.is_file() or path.name.upper().startswith("DICOMDIR"):
            continue
        try:
            ds = pydicom.dcmread(path, stop_before_pixels=True)
        except Exception:
            continue
        if "SOPInstanceUID" in ds and "StudyInstanceUID" in ds:
            sops.add(str(ds.SOPInstanceUID))
            studies.add(str(ds.StudyInstanceUID))
    return sops, studies


def snapshot(root: Path) -> dict:
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*")}


def stored_instances(store: Path) -> int:
    index = store / "index.sqlite"
    if not index.exists():
        return 0
    with sqlite3.connect(index) as db:
        return db.execute("SELECT COUNT(*) FROM instance").fetchone()[0]


def disc_window(qtbot, home: Path):
    """The window as ``cauri --media`` makes it: the workstation's cache is the disc's own index."""
    from PySide6.QtWidgets import QApplication

    from viewer.core.paths import resolve_paths
    from viewer.core.settings import Settings
    from viewer.model.frames import FrameLoader
    from viewer.model.media import new_index
    from viewer.model.registry import load_plugins
    from viewer.store.cache import StudyCache
    from viewer.ui.i18n import install_language
    from viewer.ui.main_window import MainWindow
    from viewer.ui.workstation_bridge import gui_workstation

    paths = resolve_paths(home).ensure()
    install_language(QApplication.instance(), "fr")
    index = new_index(paths.cache)
    ws = gui_workstation(paths, Settings(setup_done=True), StudyCache(index), load_plugins(), FrameLoader(), "fr", home)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    return window, paths, index


def test_the_disc_is_shown_in_place_and_imported_only_when_asked(qtbot, tmp_path, disc):
    sops, studies = disc_contents(disc)
    before = snapshot(disc)
    window, paths, index = disc_window(qtbot, tmp_path / "home")
    ws = window.ws
    assert not window.act_import_disc.isVisible()
    ws.start_disc(disc)
    qtbot.waitUntil(lambda: not ws.busy() and ws.study is not None and window.grid.all_ready(), timeout=60000)
    assert window.browser.table.rowCount() == len(studies)
    assert window.status_label.text().startswith(f"Disque lu sur place (non importé)\u00a0: {len(sops)} images")
    # Every image is read from the disc itself: the index's rows point there, the user's cache is empty.
    on_disc = [rec.path for series in (s for st in studies for s in ws.cache.series_of(st))
               for rec in ws.cache.instances_of(series.series_uid)]
    assert len(on_disc) == len(sops)
    assert all(Path(p).resolve().is_relative_to(disc.resolve()) for p in on_disc)
    assert stored_instances(paths.store) == 0
    vp = window.grid.visible_viewports()[0]
    vp.render_sync()
    assert widget_pixels(vp).max() > 60  # an image, not an empty black viewport
    # The reader asks: the disc goes into the cache (a real click on the toolbar's button).
    assert window.act_import_disc.isVisible()
    toolbar = window.findChild(QToolBar, "tools")
    button = toolbar.widgetForAction(window.act_import_disc)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not ws.busy() and window.last_import_report is not None
                    and window.last_import_report.imported == len(sops), timeout=60000)
    assert stored_instances(paths.store) == len(sops)
    assert snapshot(disc) == before  # nothing written on the disc, nothing changed
    window.close()
    ws.close()


def run_cauri(*args: str, home: Path, **kw) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    return subprocess.run([sys.executable, "-m", "viewer", "--home", str(home), *args], env=env,
                          capture_output=True, text=True, timeout=240, **kw)


def test_cauri_media_from_the_command_line_leaves_no_index_and_no_cache(tmp_path, disc):
    home = tmp_path / "home"
    shot = tmp_path / "disc.png"
    done = run_cauri("--media", str(disc / "DICOMDIR"), "--screenshot", str(shot), home=home)
    assert done.returncode == 0, done.stderr
    assert shot.stat().st_size > 10000
    assert stored_instances(home / "data" / "store") == 0
    assert list((home / "cache" / "media").iterdir()) == []  # the disc's index went with the window


def test_media_without_a_path_needs_a_disc_beside_the_program(tmp_path):
    done = run_cauri("--media", "--screenshot", str(tmp_path / "x.png"), home=tmp_path / "home")
    assert done.returncode == 2
    assert "no DICOMDIR beside this program" in done.stderr
    assert not (tmp_path / "home").exists()  # refused before anything was made


def test_a_build_on_the_disc_finds_its_dicomdir(tmp_path):
    from viewer.model.media import beside_executable

    disc = tmp_path / "disc"
    program = disc / "CAURI" / "cauri.exe"
    program.parent.mkdir(parents=True)
    program.write_bytes(b"")
    assert beside_executable(program) is None
    (disc / "dicomdir").write_bytes(b"")  # written on Windows: lower case
    assert beside_executable(program) == disc
    assert beside_executable(tmp_path / "elsewhere" / "cauri") is None


def test_the_viewer_s_own_folder_on_the_disc_is_not_read_as_images(tmp_path, disc, cauri_home):
    """A disc made with the viewer (CAURI/ beside the DICOMDIR): whatever the viewer's folder holds, the
    disc shows the DICOMDIR's images only (pydicom counts them), however the folders are walked."""
    import shutil

    from viewer.model.media import reading

    made = tmp_path / "disc"
    made.mkdir()
    shutil.copy(disc / "DICOMDIR", made / "DICOMDIR")
    for folder in ("77654033", "98892001", "98892003"):
        shutil.copytree(disc / folder, made / folder)
    (made / "CAURI").mkdir()
    shutil.copy(shared_data("pypi-pydicom-3.0.2", "test_files", "CT_small.dcm"), made / "CAURI" / "sample.dcm")
    records = pydicom.dcmread(made / "DICOMDIR").DirectoryRecordSequence
    images = sum(1 for r in records if r.DirectoryRecordType == "IMAGE")

    def read(skip, index):
        report = reading(tmp_path / index, made, skip=skip)(lambda *a: None, lambda: False)
        report.close()
        return report.imported

    assert read(made / "CAURI", "index-1") == images
    assert read(tmp_path / "elsewhere", "index-2") == images + 1  # the same walk without the skip reads the sample
