"""Whole-slide microscopy without a window: tiles placed as TILED_FULL and TILED_SPARSE say (checked against
pydicom's own decoding of the frames), the pyramid maths, ``cauri info`` and ``cauri render`` on the corpus
slides, a malformed slide's message, and the bench case's plumbing."""

from __future__ import annotations

import json

import numpy as np
import pydicom
import pytest
from pydicom.dataset import Dataset

from store_fixtures import corpus
from test_waveform import _png, cauri

SM = ("gh-highdicom", "data", "test_files", "sm_image.dcm")
SM_JPEGLS = ("gh-highdicom", "data", "test_files", "sm_image_jpegls.dcm")
SM_ANN = ("gh-highdicom", "data", "test_files", "sm_annotations.dcm")


def _frames(path) -> np.ndarray:
    return pydicom.dcmread(path).pixel_array  # 25 x 10 x 10 x 3: pydicom's decoding, the reference


@pytest.mark.parametrize("name", [SM, SM_JPEGLS])
def test_tiled_full_tiles_are_the_frames_in_row_major_order(name):
    from cauri_builtins.slide.pyramid import DicomSlide

    frames = _frames(corpus(*name))
    slide = DicomSlide([corpus(*name)])
    (level,) = slide.levels
    assert (level.width, level.height, level.tile_width, level.across, level.down) == (50, 50, 10, 5, 5)
    assert level.spacing == pytest.approx((0.000499, 0.000499))  # mm, from Pixel Measures
    for k in range(25):
        assert np.array_equal(slide.tile(0, k % 5, k // 5), frames[k])


def test_tiled_sparse_tiles_go_where_their_plane_positions_say(tmp_path):
    from cauri_builtins.slide.pyramid import DicomSlide

    ds = pydicom.dcmread(corpus(*SM))
    frames = ds.pixel_array
    order = np.random.default_rng(3).permutation(25)  # frame k sits at tile order[k]
    ds.DimensionOrganizationType = "TILED_SPARSE"
    items = []
    for k in range(25):
        pos = Dataset()
        pos.ColumnPositionInTotalImagePixelMatrix = int(order[k] % 5) * 10 + 1
        pos.RowPositionInTotalImagePixelMatrix = int(order[k] // 5) * 10 + 1
        item = Dataset()
        item.PlanePositionSlideSequence = [pos]
        items.append(item)
    ds.PerFrameFunctionalGroupsSequence = items
    ds.save_as(tmp_path / "sparse.dcm")
    slide = DicomSlide([tmp_path / "sparse.dcm"])
    for k in range(25):
        assert np.array_equal(slide.tile(0, int(order[k] % 5), int(order[k] // 5)), frames[k])


def test_level_choice_visible_tiles_and_scale_bar_by_hand():
    from cauri_builtins.slide.pyramid import choose_level, scale_bar, visible_tiles
    from viewer.bench.synthetic_slide import SyntheticSlide

    levels = SyntheticSlide(100_000, patterns=1).levels
    assert [lv.width for lv in levels] == [100_000, 25_000, 6250, 1563, 391, 128]
    assert choose_level(levels, 1.0) == 0 and choose_level(levels, 2.0) == 0
    assert choose_level(levels, 0.25) == 1  # one level pixel (4 level-0 pixels) per screen pixel
    assert choose_level(levels, 0.2) == 1 and choose_level(levels, 1 / 64) == 3
    # At level 0 a 1000 x 500 px window from (1000, 1000) covers tiles 3..7 across and 3..5 down (256 px each).
    tiles = visible_tiles(levels, 0, 1000, 1000, 2000, 1500)
    assert sorted({t[0] for t in tiles}) == [3, 4, 5, 6, 7] and sorted({t[1] for t in tiles}) == [3, 4, 5]
    assert visible_tiles(levels, 0, 99_900, 99_900, 101_000, 101_000) == [(390, 390)]  # clipped at the edge
    # 0.5 µm a screen pixel: 120 px are 60 µm, the round length below is 50 µm, 100 px.
    assert scale_bar(0.5) == pytest.approx((50.0, 100.0))
    assert scale_bar(12.0) == pytest.approx((1000.0, 1000 / 12))  # 1440 µm -> 1 mm


def test_tile_cache_keeps_within_its_budget_and_reuses_tiles():
    from cauri_builtins.slide.pyramid import TileCache
    from viewer.bench.synthetic_slide import SyntheticSlide

    slide = SyntheticSlide(10_000, patterns=2)
    cache = TileCache(slide, budget=4 * 256 * 256 * 3)  # room for 4 tiles
    for tx in range(6):
        cache.get(0, tx, 0)
    assert cache.used <= cache.budget and slide.decoded == 6
    cache.get(0, 5, 0)  # the most recent: kept, not decoded again
    assert slide.decoded == 6
    cache.get(0, 0, 0)  # the oldest: gone, decoded again
    assert slide.decoded == 7


def test_info_lists_slides_and_their_annotations(tmp_path):
    result = cauri("info", "--json", str(corpus(*SM)), str(corpus(*SM_ANN)), home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    entries = {e["kind"]: e for e in json.loads(result.stdout)["series"]}
    slide, ann = entries["slide"], entries["slide-annotations"]
    assert slide["levels"] == [{"columns": 50, "rows": 50, "tile": [10, 10], "tiles": 25}]
    assert slide["pixel_spacing_um"] == [0.499, 0.499]
    assert ann["annotation_groups"] == [{"label": "nuclei", "graphic_type": "POINT", "annotations": 2}]
    text = cauri("info", str(corpus(*SM)), home=tmp_path / "home").stdout
    assert "slide: 1 level(s): 50 x 50 (25 tiles); pixel spacing 0.499 µm" in text


def test_render_draws_the_slide_fitted_with_its_pixels(tmp_path):
    out = tmp_path / "slide.png"
    result = cauri("render", str(corpus(*SM)), "--out", str(out), "--size", "500x500", home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    pixels = _png(out)
    frames = _frames(corpus(*SM))
    whole = frames.reshape(5, 5, 10, 10, 3).transpose(0, 2, 1, 3, 4).reshape(50, 50, 3)  # tiles side by side
    # 50 px fitted into 500: each slide pixel is a 10 x 10 block; sample the block centres above the scale bar.
    for r in range(0, 44):
        for c in range(0, 50, 7):
            assert tuple(pixels[10 * r + 5, 10 * c + 5]) == tuple(whole[r, c]), (r, c)


def test_a_malformed_slide_is_a_message_not_a_crash(tmp_path):
    (tmp_path / "in").mkdir()
    ds = pydicom.dcmread(corpus(*SM))
    del ds.Columns
    ds.save_as(tmp_path / "in" / "bad.dcm")
    info = cauri("info", "--json", str(tmp_path / "in"), home=tmp_path / "home")
    entry = json.loads(info.stdout)["series"][0]
    assert entry["kind"] == "slide" and entry["warnings"] == ["the series holds no slide image"]
    render = cauri("render", str(tmp_path / "in"), "--out", str(tmp_path / "bad.png"), "--lang", "fr",
                   home=tmp_path / "home")
    assert render.returncode == 1 and "Traceback" not in render.stderr
    assert "la série ne contient aucune image de lame" in render.stderr


def test_slide_bench_case_gives_its_rows(tmp_path):
    from viewer.bench import runner

    rows = runner.run_cases(["slide"], home=tmp_path, sizes=runner.TINY, log=lambda _t: None)
    assert [r.metric.split(" ")[0] for r in rows] == ["first", "pan", "peak"]
    assert all(r.case == "slide" and r.cauri > 0 for r in rows), rows
    assert "tiles decoded" in rows[0].note


