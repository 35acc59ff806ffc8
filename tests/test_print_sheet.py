"""Issue 16: the film sheet as PDF, checked from outside: poppler's pdfinfo counts the pages, pdftoppm
renders the page back at 300 dpi and a 100 mm ruler in the image, printed at true size, measures 100 mm
(within 1 mm) on paper; pdftotext reads what the sheet says about its scale, and a refusal when the pixel
size in the patient is not known."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from pydicom.uid import DigitalXRayImageStorageForPresentation, generate_uid

from dicom_writer import write_image
from synthetic import write_series

pytestmark = [pytest.mark.timeout(240),
              pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils (pdftoppm)")]
DPI = 300


def cauri_print(*args, home, rc=0) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "viewer", "print", *map(str, args), "--home", str(home)],
                          capture_output=True, text=True, timeout=180)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == rc, proc.stderr
    return proc


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def text_of(pdf: Path) -> str:
    return " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())


def page_grey(pdf: Path, tmp: Path) -> np.ndarray:
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-f", "1", "-l", "1", str(pdf), str(tmp / "page")], check=True)
    pgm = next(tmp.glob("page*.pgm")).read_bytes()
    header = pgm.split(b"\n", 3)  # P5, "width height", maxval, data
    w, h = (int(v) for v in header[1].split())
    return np.frombuffer(header[3], np.uint8)[: w * h].reshape(h, w)


def _ruler(slice_index):
    """160 x 160 pixels of 0.8 mm: air, with a bone bar 125 pixels (100 mm) long and 3 pixels high."""
    hu = np.full((160, 160), -1000, np.int16)
    hu[79:82, 20:145] = 1000
    return hu


def test_true_size_ruler_measures_100_mm_on_paper(tmp_path):
    write_series(tmp_path / "src", slices=2, rows=160, cols=160, spacing=(0.8, 0.8), hu_slices=_ruler)
    pdf = tmp_path / "ruler.pdf"
    cauri_print(tmp_path / "src", "--out", pdf, "--grid", "1x1", "--true-size", "--count", "1", "--no-overlays",
                home=tmp_path / "h")
    assert pages(pdf) == 1
    grey = page_grey(pdf, tmp_path)
    h, w = grey.shape  # A4 at 300 dpi (the page is not fitted to anything)
    assert abs(h - 297 / 25.4 * DPI) < 2 and abs(w - 210 / 25.4 * DPI) < 2  # PDF points round A4 to 595 x 842
    # the film's box is black (the air of the image and the film around it) on the white page; the bar is
    # the bright run inside it
    dark = grey < 40  # text lines are dark too, but far from 150 mm (1772 pixels) of ink across or down
    dark_rows, dark_cols = np.flatnonzero(dark.sum(axis=1) > 1772), np.flatnonzero(dark.sum(axis=0) > 1772)
    image = grey[dark_rows.min():dark_rows.max() + 1, dark_cols.min():dark_cols.max() + 1]
    assert abs(image.shape[1] * 25.4 / DPI - 190.0) <= 1.0  # the 1 x 1 sheet's box: 210 - 2 x 10 mm margins
    bright = image > 128
    row = int(np.argmax(bright.sum(axis=1)))
    cols = np.flatnonzero(bright[row])
    length_mm = (cols.max() - cols.min() + 1) * 25.4 / DPI
    assert abs(length_mm - 100.0) <= 1.0, length_mm
    said = text_of(pdf)
    assert "TAILLE RÉELLE" in said and "1 mm sur cette feuille = 1 mm chez le patient" in said


def test_fitted_sheet_pages_and_scale_warning(tmp_path):
    write_series(tmp_path / "src", slices=12, patient_name="FILM^Kodjo", patient_id="FILM-1")
    pdf = tmp_path / "film.pdf"
    cauri_print(tmp_path / "src", "--out", pdf, "--grid", "2x2", "--lang", "en", home=tmp_path / "h")
    assert pages(pdf) == 3  # 12 images, 4 per page
    said = text_of(pdf)
    assert "FILM Kodjo" in said and "FILM-1" in said and "Page 1 / 3" in said and "do not measure on paper" in said
    anon = tmp_path / "anon.pdf"
    cauri_print(tmp_path / "src", "--out", anon, "--grid", "3x2", "--no-phi", "--lang", "en", home=tmp_path / "h")
    said = text_of(anon)
    assert pages(anon) == 2 and "Kodjo" not in said and "FILM-1" not in said


def test_true_size_refused_for_detector_spacing_without_magnification(tmp_path):
    pixels = np.zeros((200, 200), np.uint16)
    pixels[90:110, 20:180] = 4000
    write_image(tmp_path / "src" / "dx.dcm", pixels, sop_class=DigitalXRayImageStorageForPresentation,
                Modality="DX", PatientID="DX-1", PatientName="RADIO^Ablo", StudyInstanceUID=generate_uid(),
                SeriesInstanceUID=generate_uid(), ImagerPixelSpacing=[0.15, 0.15], WindowCenter=2000,
                WindowWidth=4000)
    pdf = tmp_path / "dx.pdf"
    proc = cauri_print(tmp_path / "src", "--out", pdf, "--grid", "1x1", "--true-size", home=tmp_path / "h", rc=3)
    assert "Imager Pixel Spacing" in proc.stderr
    said = text_of(pdf)
    assert "PAS EN TAILLE RÉELLE" in said and "aucun facteur d'agrandissement" in said


def test_true_size_rule_for_each_calibration():
    from dataclasses import dataclass

    from viewer.presentation.sheet import true_size_refusal

    @dataclass
    class H:
        pixel_spacing: tuple | None
        spacing_source: str
        calibration: str

    assert true_size_refusal(H((0.8, 0.8), "PixelSpacing", "PixelSpacing")) is None
    assert true_size_refusal(H((0.14, 0.14), "ImagerPixelSpacing", "ImagerPixelSpacing/ERMF (1.1)")) is None
    assert "no magnification" in true_size_refusal(H((0.15, 0.15), "ImagerPixelSpacing", "ImagerPixelSpacing"))
    assert "unknown" in true_size_refusal(H(None, "", "uncalibrated"))
    assert "not known in the patient" in true_size_refusal(H((0.3, 0.3), "UltrasoundRegion", "UltrasoundRegion"))
    assert "not known in the patient" in true_size_refusal(H((0.1, 0.1), "NominalScannedPixelSpacing", "x"))
