"""The ECG in the reading viewport, as a reader sees it: the paper at the screen's true scale (grid spacing read
back from the window's pixels against the screen's physical DPI), a lead's sample where its millivolts put it,
gain and speed, calipers dragged with the mouse giving the heart rate and QTc, and a malformed file's reason."""

from __future__ import annotations

import shutil

import numpy as np
import pydicom
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage

from gui_helpers import import_and_open, widget_pixels
from store_fixtures import corpus
from test_waveform import ECG, write_general_ecg

MAJOR = (226, 128, 128)


def _open(qtbot, tmp_path, source):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    shutil.copy(source, folder / "wave.dcm")
    study = str(pydicom.dcmread(folder / "wave.dcm", stop_before_pixels=True).StudyInstanceUID)
    window = import_and_open(qtbot, tmp_path / "home", folder, study)
    viewport = window.grid.visible_viewports()[0]
    qtbot.waitUntil(lambda: viewport.surface.widget is not None and viewport.surface.widget.isVisible())
    return window, viewport.surface.widget


def _dark_rows(pixels, x):
    return np.flatnonzero(np.all(pixels[:, x] < 110, axis=1))


def test_the_ecg_paper_is_at_true_scale_and_a_sample_sits_at_its_millivolts(qtbot, tmp_path):
    window, ecg = _open(qtbot, tmp_path, corpus(*ECG))
    assert type(ecg).__name__ == "WaveformViewport"
    canvas = ecg.canvas
    dpi = canvas.screen().physicalDotsPerInch()
    true_size = 40 <= dpi <= 1000
    px_mm = dpi / 25.4 if true_size else 96 / 25.4
    assert ecg.scale_label.text() == ("25 mm/s · 10 mm/mV" if true_size else
                                      "25 mm/s · 10 mm/mV (échelle nominale\u00a0: taille de l'écran inconnue)")
    pixels = widget_pixels(canvas)
    assert abs(pixels.shape[1] - 270 * px_mm) <= 1  # 270 mm of paper: 10 s at 25 mm/s and the margins

    # Major lines along the bottom margin (paper only): 5 mm apart at the screen's pixels per mm.
    majors = np.flatnonzero(np.all(pixels[pixels.shape[0] - 3] == MAJOR, axis=1))
    assert len(majors) >= 50
    assert np.all(np.abs(np.diff(majors) - 5 * px_mm) <= 1)
    assert (majors[-1] - majors[0]) / (len(majors) - 1) == pytest.approx(5 * px_mm, abs=0.05)

    # The rhythm strip (lead II, lowest row): its calibration pulse's foot is the 0 mV line, its top 10 mm up.
    baseline = _dark_rows(pixels, round(6 * px_mm))[-1]  # 1 mm before the pulse's rise: the baseline only
    top = _dark_rows(pixels, round(8 * px_mm))
    top = top[top > baseline - 15 * px_mm][0]
    assert abs((baseline - top) - 10 * px_mm) <= 2  # 1 mV = 10 mm

    # The R peak of lead II in the first second, by hand from the stored integers: 1.25 µV a step.
    raw = np.frombuffer(pydicom.dcmread(corpus(*ECG)).WaveformSequence[0].WaveformData, "<i2").reshape(-1, 12)[:, 1]
    k = int(np.argmax(raw[:1000]))
    mv = raw[k] * 1.25 / 1000
    x = round((15 + k / 1000 * 25) * px_mm)  # traces start 15 mm in; 25 mm a second
    column = _dark_rows(pixels, x)
    peak = column[(column > baseline - 25 * px_mm) & (column <= baseline)][0]
    assert abs(peak - (baseline - mv * 10 * px_mm)) <= 2.5

    # Gain 20 mm/mV doubles the pulse; speed 50 mm/s doubles the strip, not the grid.
    ecg.gain_box.setCurrentIndex(ecg.gain_box.findData(20.0))
    ecg.speed_box.setCurrentIndex(ecg.speed_box.findData(50.0))
    assert ecg.scale_label.text().startswith("50 mm/s · 20 mm/mV")
    pixels = widget_pixels(canvas)
    assert abs(pixels.shape[1] - 520 * px_mm) <= 1
    majors = np.flatnonzero(np.all(pixels[pixels.shape[0] - 3] == MAJOR, axis=1))
    assert np.all(np.abs(np.diff(majors) - 5 * px_mm) <= 1)
    baseline = _dark_rows(pixels, round(6 * px_mm))[-1]
    top = _dark_rows(pixels, round(8 * px_mm))
    top = top[top > baseline - 30 * px_mm][0]
    assert abs((baseline - top) - 20 * px_mm) <= 2

    ecg.view_box.setCurrentIndex(ecg.view_box.findData("V2"))  # one lead over the whole record
    assert [t.label for t in ecg.sheet.traces] == ["V2"]
    assert ecg.view_box.currentText() == "dérivation V2"


def test_calipers_dragged_with_the_mouse_give_rr_heart_rate_and_qtc(qtbot, tmp_path):
    window, ecg = _open(qtbot, tmp_path, corpus(*ECG))
    canvas, px_mm = ecg.canvas, ecg.px_per_mm
    raw = np.frombuffer(pydicom.dcmread(corpus(*ECG)).WaveformSequence[0].WaveformData, "<i2").reshape(-1, 12)[:, 1]
    r1 = int(np.argmax(raw[:1000]))
    r2 = r1 + 600 + int(np.argmax(raw[r1 + 600:r1 + 1600]))  # the next R, at least 600 ms later
    y = round(canvas.height() - 25 * px_mm)  # on the rhythm strip
    x1, x2 = (round((15 + k / 1000 * 25) * px_mm) for k in (r1, r2))
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(x1, y))
    qtbot.mouseMove(canvas, QPoint(x2, y))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(x2, y))
    rr = (x2 - x1) / px_mm / 25 * 1000  # ms between the two points clicked
    assert abs(rr - (r2 - r1)) <= 1000 / 25 / px_mm  # within a pixel of the true RR
    text = ecg.results.text()
    assert f"RR {rr:.0f} ms" in text
    assert f"fréquence cardiaque {60000 / rr:.0f} batt/min" in text
    assert window.status_label.text() == text  # said in the status bar too

    ecg.caliper_box.setCurrentIndex(ecg.caliper_box.findData("QT"))
    q0 = x1 - round(2 * px_mm)
    q1 = q0 + round(10 * px_mm)  # 10 mm: 400 ms at 25 mm/s
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(q0, y))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(q1, y))
    qt = (q1 - q0) / px_mm / 25 * 1000
    assert f"QT {qt:.0f} ms" in ecg.results.text()
    assert f"QTc (Bazett) {qt / np.sqrt(rr / 1000):.0f} ms" in ecg.results.text()
    band = widget_pixels(canvas)[y - 1:y + 2, q0 + 2:q1 - 2].astype(int)  # the bar, antialiased over 2 rows
    blue = np.any((band[..., 2] > 150) & (band[..., 2] - band[..., 0] > 60), axis=0)
    assert blue.mean() > 0.9  # the caliper's bar is drawn where it was dragged

    from PySide6.QtWidgets import QPushButton

    qtbot.mouseClick(ecg.findChild(QPushButton, "waveform-clear"), Qt.MouseButton.LeftButton)
    assert ecg.results.text() == ""


def test_a_malformed_waveform_shows_its_reason_in_the_viewport(qtbot, tmp_path):
    write_general_ecg(tmp_path / "bad.dcm", [1, 2, 3, 4])
    ds = pydicom.dcmread(tmp_path / "bad.dcm")
    ds.WaveformSequence[0].NumberOfWaveformSamples = 5000
    ds.save_as(tmp_path / "bad.dcm")
    window, shown = _open(qtbot, tmp_path, tmp_path / "bad.dcm")
    assert "contient moins d'échantillons qu'il n'en annonce" in shown.text()


def test_the_series_list_shows_the_ecg_sheet_as_its_thumbnail(qtbot, tmp_path):
    """Not a black tile: the plugin's own picture (the paper and its traces), shrunk, as images get theirs."""
    window, _ecg = _open(qtbot, tmp_path, corpus(*ECG))
    browser = window.browser
    qtbot.waitUntil(lambda: not browser.thumbnails_pending(), timeout=20000)
    icon = browser.series.item(0).icon()
    image = icon.pixmap(96, 96).toImage().convertToFormat(QImage.Format.Format_RGB888)
    w, h = image.width(), image.height()
    px = np.frombuffer(image.constBits(), np.uint8, image.bytesPerLine() * h).reshape(h, image.bytesPerLine())
    px = px[:, :3 * w].reshape(h, w, 3).astype(int)
    pink = (px[..., 0] > 200) & (px[..., 0] - px[..., 2] > 15)  # the paper: red above blue
    assert pink.mean() > 0.2, pink.mean()
    assert (px.sum(axis=2) < 300).any()  # and dark traces on it
