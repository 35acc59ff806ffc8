"""Overlays legible on any anatomy, and never on top of each other (issue 14).

- White corner text over a white region still shows: a dark outline on BOTH sides of each stroke. The old
  one-pixel drop shadow darkened only one side (right), so a row through a letter "I" had one dark run per
  stroke; the outline gives two (counted by hand from the glyph: left edge, right edge).
- Geometry: at sizes from a 3x3 grid's cell to a tall 1x3 column, with long corner lines, the corner texts,
  the four orientation letters and the scale bar (with its length) do not overlap, and the crosshair lines
  never cross a letter or the scale bar. Boxes are VTK's own text metrics (``vtkTextActor.GetBoundingBox``),
  not the placement arithmetic under test.
- Text size follows the DPI: at 192 DPI the corner text is about twice as tall as at 96 DPI, and a size in
  points from the Preferences gives points x DPI / 72 pixels.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from viewer.presentation.scene import SliceScene

pytestmark = pytest.mark.gui  # VTK needs the display the GUI tests get (xvfb-run)

LONG = "Série 2 Thorax-abdomen sans injection 2 mm, reconstruction pulmonaire haute résolution"
CORNERS = {
    "tl": "DEMO Aïcha Béninoise\nCAURI-DEMO-001\n12/04/1978 F",
    "tr": f"TDM thoraco-abdominale (démo)\n15/03/2024 10:15\n{LONG}",
    "bl": "Im 126/250\nPos. -68,0 mm\nÉp. 2 mm",
    "br": "Larg. 400  Niv. 40\nZoom 120 %",
}
MARKERS = {"top": "A", "bottom": "P", "left": "R", "right": "L"}


def _renderer(w, h):
    from viewer.render.gl import prepare_offscreen

    prepare_offscreen()
    from viewer.render.slice_renderer import SliceRenderer

    return SliceRenderer(w, h)


def _scene(value=90, corners=None, lines=()):
    img = np.full((256, 256), value, np.uint8)
    return SliceScene(image=img, spacing=(0.8, 0.8), calibrated=True, corners=corners or CORNERS, markers=MARKERS,
                      lines=tuple(lines), guides=len(lines))


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(first, last) index of each run of True."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(np.int8), [0]])))
    return [(int(edges[i]), int(edges[i + 1]) - 1) for i in range(0, len(edges), 2)]


def test_white_text_on_white_keeps_a_dark_outline_on_both_sides_of_each_stroke():
    r = _renderer(300, 300)  # the square image fills the square frame: no black border under the text
    corners = {"tl": "I     I     I"}
    on_black = r.render(_scene(0, corners=corners))[..., :3].mean(axis=2)
    box = r.overlay_boxes()["corner_tl"]
    y = r.size[1] - int((box[2] + box[3]) / 2)  # the text's middle row (frame rows top-down, boxes bottom-up)
    strokes = _runs(on_black[y, : int(box[1]) + 2] > 60)  # where the glyphs are, seen where nothing else is
    assert len(strokes) == 3, strokes
    on_white = r.render(_scene(255, corners=corners))[..., :3].mean(axis=2)
    for first, last in strokes:
        left, right = on_white[y, first - 1], on_white[y, last + 1]
        assert left < 220 and right < 220, f"stroke {first}-{last}: left {left:.0f}, right {right:.0f} on white"
    assert (on_white > 250).mean() > 0.9  # the image itself stays white: the outline is only around the glyphs


def _overlap(a, b, gap=0.0) -> bool:
    return a[0] < b[1] + gap and b[0] < a[1] + gap and a[2] < b[3] + gap and b[2] < a[3] + gap


def _segment_hits_box(x0, y0, x1, y1, box) -> bool:
    for t in np.linspace(0.0, 1.0, 400):
        x, y = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
        if box[0] <= x <= box[1] and box[2] <= y <= box[3]:
            return True
    return False


@pytest.mark.parametrize("size", [(360, 300), (640, 1000), (1000, 640), (300, 420), (240, 200)])
def test_corners_letters_scale_bar_and_crosshair_never_overlap(size):
    r = _renderer(*size)
    # A crosshair through the image centre, both lines running well past the image (as MPR draws them).
    centre = 256 * 0.8 / 2
    lines = [(centre, -300.0, centre, 600.0, (0.3, 0.5, 1.0)), (-300.0, centre, 600.0, centre, (0.2, 1.0, 0.2))]
    r.render(_scene(lines=lines))
    boxes = r.overlay_boxes()
    assert {"corner_tl", "corner_tr", "corner_bl", "corner_br", "letter_top", "letter_bottom", "letter_left",
            "letter_right", "scale_bar", "scale_label"} <= set(boxes)
    scale = (min(boxes["scale_bar"][0], boxes["scale_label"][0]), max(boxes["scale_bar"][1], boxes["scale_label"][1]),
             min(boxes["scale_bar"][2], boxes["scale_label"][2]), max(boxes["scale_bar"][3], boxes["scale_label"][3]))
    groups = {k: v for k, v in boxes.items() if not k.startswith("scale")}
    groups["scale"] = scale
    for (na, a), (nb, b) in itertools.combinations(groups.items(), 2):
        assert not _overlap(a, b), f"{na} {a} overlaps {nb} {b} at {size}"
    drawn = 0
    for actor in r._line_actors:
        if not actor.GetVisibility():
            continue
        drawn += 1
        (x0, y0), (x1, y1) = (r._to_display(*actor._source.GetPoint1()[:2]), r._to_display(*actor._source.GetPoint2()[:2]))
        for name, box in groups.items():
            if name.startswith("letter") or name == "scale":
                assert not _segment_hits_box(x0, y0, x1, y1, box), f"crosshair line crosses {name} at {size}"
    assert drawn == 2  # both lines still drawn, only shortened
    assert "tr" in r.elided and r.elided["tr"].endswith(LONG)  # the long description was shortened, kept whole


def test_text_size_follows_the_dpi_and_the_readers_setting():
    sizes = {}
    for dpi in (96, 192):
        r = _renderer(600, 600)
        r.dpi = dpi
        r.render(_scene())
        box = r.overlay_boxes()["letter_left"]
        sizes[dpi] = box[3] - box[2]
    assert 1.7 < sizes[192] / sizes[96] < 2.3
    r = _renderer(600, 600)
    r.text_points = 12
    r.dpi = 96
    assert r._font_size() == 16  # 12 pt at 96 DPI: 12 x 96 / 72 pixels


def test_the_corner_text_starts_below_the_patient_band():
    r = _renderer(400, 400)
    r.render(_scene())
    top_without = r.overlay_boxes()["corner_tl"][3]
    r.top_inset = 22
    r.render(_scene())
    top_with = r.overlay_boxes()["corner_tl"][3]
    assert top_with <= 400 - 22 and top_without > 400 - 22


def test_the_scale_bar_shows_over_white_bone():
    r = _renderer(300, 300)
    on_white = r.render(_scene(255))[..., :3].mean(axis=2)
    x0, x1, y0, _y1 = r.overlay_boxes()["scale_bar"]
    row = r.size[1] - 1 - int(y0)  # the bar's row, top-down
    around = on_white[row - 3: row + 4, int(x0) + 10: int(x1) - 10]
    assert around.min() < 60, "a light bar on a white image with nothing dark along it"
