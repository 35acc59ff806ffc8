"""Why a series cannot become a volume (MPR, 3D) reaches the status bar in the window's language; the
exception's English text is unchanged."""

from __future__ import annotations

import numpy as np
import pydicom
import pytest
from pydicom.uid import RLELossless

from synthetic import write_series
from test_messages_plugin import open_in_window
from viewer.core.messages import in_language, message_of


def _colour_series(folder):
    info = write_series(folder, slices=4, rows=32, cols=32)
    for path in info["files"]:
        ds = pydicom.dcmread(path)
        ds.SamplesPerPixel, ds.PhotometricInterpretation, ds.PlanarConfiguration = 3, "RGB", 0
        ds.BitsAllocated = ds.BitsStored = 8
        ds.HighBit, ds.PixelRepresentation = 7, 0
        for keyword in ("RescaleSlope", "RescaleIntercept", "RescaleType", "WindowCenter", "WindowWidth"):
            if keyword in ds:
                delattr(ds, keyword)
        ds.PixelData = np.full((32, 32, 3), (200, 40, 40), np.uint8).tobytes()
        ds.save_as(path)
    return info


def test_a_volume_of_undecodable_slices_says_why_in_french_down_to_the_decoders_verdict(tmp_path):
    from viewer.model.loose_files import open_paths
    from viewer.model.volume import Volume

    info = write_series(tmp_path / "src", slices=4, rows=16, cols=16)
    with open_paths([tmp_path / "src"]) as loose:
        stack = loose.display_sets()[0]
    # Damaged after they were read (the reader of loose files refuses damaged ones up front).
    for path in info["files"]:
        ds = pydicom.dcmread(path)
        ds.compress(RLELossless)
        data = bytearray(ds.PixelData)
        data[16:20] = (15).to_bytes(4, "little")  # the RLE header claims 15 segments for a 16-bit image
        ds.PixelData = bytes(data)
        ds.save_as(path)
    with pytest.raises(ValueError) as raised:
        Volume(stack)
    english = str(raised.value)
    assert message_of(raised.value) == english and english.startswith("the slices cannot be decoded: ")
    why = english.removeprefix("the slices cannot be decoded: ")
    assert why == "the RLE Lossless image data is damaged: no decoder could read it"
    # Issue 19: the codec's own words ("pylibjpeg: ...") go to the log; the reader's reason is French through.
    assert in_language(message_of(raised.value), "fr") == (
        "les coupes ne peuvent pas être décodées\u00a0: les données d'image RLE Lossless sont endommagées\u00a0: "
        "aucun décodeur n'a pu les lire")
    assert message_of(ValueError("plain")) == "plain" and message_of(KeyError("k")) == "'k'"


@pytest.mark.gui
@pytest.mark.parametrize(
    "language, mpr, vr",
    [
        ("fr", "MPR impossible pour cette série\u00a0: les images couleur s'affichent en piles 2D, pas en volumes",
         "les images couleur s'affichent en piles 2D, pas en volumes"),
        ("en", "MPR is not available for this series: colour images are shown as 2-D stacks, not volumes",
         "colour images are shown as 2-D stacks, not volumes"),
    ],
)
def test_mpr_and_3d_of_a_colour_series_say_why_in_the_window_language(qtbot, tmp_path, language, mpr, vr):
    info = _colour_series(tmp_path / "src")
    window = open_in_window(qtbot, tmp_path, info["study_uid"], language)
    window.toggle_mpr()
    assert not window.mpr.active and window.status_label.text() == mpr
    window.toggle_volume_rendering()
    assert window.grid.active.vr is None and window.status_label.text() == vr
