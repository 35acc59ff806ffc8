"""Issue 16: "Exporter l'image…" and "Imprimer…" from a real window: the active viewport or the whole layout
to PNG/JPEG, with or without the patient's identity; a film sheet to PDF through the dialog and through a
QPrinter (the device every system printer is), pages counted by poppler's pdfinfo."""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter

from gui_helpers import make_window, wait_ready
from synthetic import write_series

pytestmark = [pytest.mark.gui, pytest.mark.timeout(180)]


def _window(qtbot, tmp_path, layout=(1, 1)):
    from viewer.core.paths import resolve_paths
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    info = write_series(tmp_path / "src", slices=12, patient_name="PHOTO^Yawa", patient_id="PHOTO-3")
    home = tmp_path / "home"
    with StudyCache(resolve_paths(home).ensure().store) as cache:
        import_paths(cache, [str(tmp_path / "src")])
    window = make_window(qtbot, home, language="fr", layout=layout)
    window.open_study(info["study_uid"])
    wait_ready(qtbot, window)
    return window


def _grey(path) -> np.ndarray:
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_Grayscale8)
    w, h = image.width(), image.height()
    return np.frombuffer(image.constBits(), np.uint8).reshape(h, image.bytesPerLine())[:, :w].copy()


def _export(qtbot, window, path, *, anonymous=False, whole=False):
    from viewer.ui.picture_dialog import PictureDialog

    window.act_export_picture.trigger()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(PictureDialog)))
    dialog = next(d for d in window.findChildren(PictureDialog) if d.isVisible())
    qtbot.keyClicks(dialog.path, str(path))
    if anonymous:
        # on its box (the widget is as wide as the dialog: its centre may lie past the text, where a click does nothing)
        qtbot.mouseClick(dialog.anonymous, Qt.MouseButton.LeftButton, pos=QPoint(8, dialog.anonymous.rect().center().y()))
        assert dialog.anonymous.isChecked()
    if whole:
        dialog.layout_all.click()
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: path.exists())
    dialog.deleteLater()


def test_export_the_viewport_with_and_without_identity(qtbot, tmp_path):
    window = _window(qtbot, tmp_path)
    assert window.act_export_picture.text() == "Exporter l'image…"
    vp = window.grid.active
    _export(qtbot, window, tmp_path / "with.png")
    _export(qtbot, window, tmp_path / "without.jpg", anonymous=True)
    with_id, without = _grey(tmp_path / "with.png"), _grey(tmp_path / "without.jpg")
    w, h = vp._device_size()
    assert with_id.shape == without.shape == (h, w)
    assert (tmp_path / "without.jpg").read_bytes()[:2] == b"\xff\xd8"
    corner = (slice(0, 40), slice(0, 160))  # the air is black there: ink is text
    assert (with_id[corner] > 80).sum() > 300 and (without[corner] > 80).sum() < (with_id[corner] > 80).sum() // 4
    assert window.status_label.text().startswith("Image enregistrée")


def test_export_the_whole_layout(qtbot, tmp_path):
    window = _window(qtbot, tmp_path, layout=(1, 2))
    _export(qtbot, window, tmp_path / "layout.png", whole=True)
    picture = _grey(tmp_path / "layout.png")
    size = window.grid.size() * window.grid.devicePixelRatioF()
    assert picture.shape == (size.height(), size.width())


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs poppler-utils (pdfinfo)")
def test_print_dialog_to_pdf_and_a_qprinter(qtbot, tmp_path):
    from viewer.presentation.sheet import Sheet
    from viewer.ui.print_dialog import PrintDialog
    from viewer.ui.print_sheet import SheetPainter, SheetRequest

    def pages(pdf):
        out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        return int(next(line.split()[1] for line in out.splitlines() if line.startswith("Pages:")))

    window = _window(qtbot, tmp_path)
    assert window.act_print.text() == "Imprimer…"
    window.act_print.trigger()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(PrintDialog)))
    dialog = next(d for d in window.findChildren(PrintDialog) if d.isVisible())
    dialog.cols.setValue(2)
    dialog.rows.setValue(1)
    dialog.whole.click()
    qtbot.keyClicks(dialog.pdf_path, str(tmp_path / "film.pdf"))
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (tmp_path / "film.pdf").exists(), timeout=60000)
    assert pages(tmp_path / "film.pdf") == 6  # 12 images, 1 x 2 per page
    assert window.status_label.text().startswith("Imprimé")

    # A system printer is a QPrinter: the same painting on one set to print to a file
    vp = window.grid.active
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printer.pdf"))
    count, refused = SheetPainter().paint(printer, SheetRequest(vp.state.display_set, vp.state, vp.context,
                                                               list(range(5)), Sheet(2, 2), true_size=True))
    assert count == 2 and refused == [] and pages(tmp_path / "printer.pdf") == 2


def test_export_the_active_stack_as_a_cine(qtbot, tmp_path):
    """A name ending in .mp4: the active stack, image by image as the viewport shows it (12 slices written:
    12 frames), read back with PyAV; the frame of the image on screen matches the PNG of that image."""
    av = pytest.importorskip("av")
    window = _window(qtbot, tmp_path)
    vp = window.grid.active
    shown = vp.state.index
    _export(qtbot, window, tmp_path / "still.png")
    _export(qtbot, window, tmp_path / "cine.mp4")
    assert window.status_label.text().startswith("Ciné enregistré")
    with av.open(str(tmp_path / "cine.mp4")) as container:
        frames = [f.to_ndarray(format="gray") for f in container.decode(video=0)]
    assert len(frames) == 12 and vp.state.index == shown  # the viewport stayed on its image
    assert len({f.tobytes() for f in frames}) == 12  # each image its own frame
    still = _grey(tmp_path / "still.png")
    h, w = frames[shown].shape
    assert abs(still.shape[0] - h) <= 1 and abs(still.shape[1] - w) <= 1  # even sizes for H.264
    assert float(np.abs(frames[shown].astype(int) - still[:h, :w].astype(int)).mean()) < 3.0


def test_export_a_turn_of_the_3d_view(qtbot, tmp_path):
    """From a 3-D view, a name ending in .mp4 makes a turn around the volume (72 pictures, one every 5
    degrees): read back with PyAV, the first picture is the view on screen, the quarter turn shows the volume
    from the side (another picture), and the turn comes back to its start."""
    av = pytest.importorskip("av")
    window = _window(qtbot, tmp_path)
    window.act_vr.trigger()
    vp = next(v for v in window.grid.visible_viewports() if v.vr is not None)
    window.grid.set_active(vp)
    qtbot.waitUntil(lambda: vp.is_ready(), timeout=60000)
    vp.render_sync()
    _export(qtbot, window, tmp_path / "still.png")
    _export(qtbot, window, tmp_path / "turn.mp4")
    assert window.status_label.text().startswith("Ciné enregistré"), window.status_label.text()
    with av.open(str(tmp_path / "turn.mp4")) as container:
        frames = [f.to_ndarray(format="gray").astype(int) for f in container.decode(video=0)]
    assert len(frames) == 72
    still = _grey(tmp_path / "still.png").astype(int)
    h, w = frames[0].shape
    assert abs(still.shape[0] - h) <= 1 and abs(still.shape[1] - w) <= 1
    start = float(np.abs(frames[0] - still[:h, :w]).mean())
    side = float(np.abs(frames[18] - still[:h, :w]).mean())
    assert start < 4.0 and side > 2 * start + 1.0, (start, side)  # 90 degrees on: another view
    assert float(np.abs(frames[71] - frames[0]).mean()) < side  # 355 degrees: nearly back at the start
