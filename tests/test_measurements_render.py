"""Drawn annotations checked on rendered pixels: a measurement's ``scene_lines`` land where its points
are on the image, after the viewport's rotation too, and a GSPS read from a file is drawn the same way."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from viewer.model.measurements import ImageRef, Measurement, MeasurementKind as K, scene_lines
from viewer.presentation.scene import SliceScene, transform_image

ROWS, COLS, SPACING, SIZE = 64, 64, 0.5, 256
SCALE = SIZE / (ROWS * SPACING) * SPACING  # screen pixels per image pixel (image fits the square view)
REF = ImageRef("1", "2", "3", 0)


@pytest.fixture(scope="module")
def renderer():
    from viewer.render.slice_renderer import SliceRenderer

    r = SliceRenderer(SIZE, SIZE)
    yield r
    r.close()


def red_box(rgba: np.ndarray):
    px = rgba[..., :3].astype(int)
    ys, xs = np.nonzero((px[..., 0] > 150) & (px[..., 1] < 90) & (px[..., 2] < 90))
    assert len(xs), "no red pixel drawn"
    return xs.min(), xs.max(), ys.min(), ys.max()


def expected(x: float, y: float) -> tuple[float, float]:
    # Image corner (0, 0) sits at the view's corner when the image fills the square view.
    return x * SCALE, y * SCALE


def render(renderer, m: Measurement, rotation: int = 0) -> np.ndarray:
    image = transform_image(np.zeros((ROWS, COLS), np.uint8), rotation, False, False)
    scene = SliceScene(image=image, spacing=(SPACING, SPACING), calibrated=True, overlays=False)
    lines = scene_lines(m, (ROWS, COLS), scene.spacing, (1.0, 0.0, 0.0), rotation=rotation)
    return renderer.render(replace(scene, lines=tuple(lines)))


def test_rectangle_drawn_where_its_corners_are(renderer):
    m = Measurement(K.RECTANGLE, [(8.5, 8.5), (24.5, 40.5)], REF)
    x0, x1, y0, y1 = red_box(render(renderer, m))
    (ex0, ey0), (ex1, ey1) = expected(8.5, 8.5), expected(24.5, 40.5)
    assert (x0, x1, y0, y1) == pytest.approx((ex0, ex1, ey0, ey1), abs=3)


def test_rotated_view_moves_the_drawing_with_the_pixels(renderer):
    m = Measurement(K.LENGTH, [(8.5, 8.5), (24.5, 8.5)], REF)  # a horizontal line near the top
    x0, x1, y0, y1 = red_box(render(renderer, m, rotation=1))
    # A quarter turn clockwise: image row 8.5 becomes display column 64 - 8.5; columns become rows.
    (ex, ey0), (_, ey1) = expected(ROWS - 8.5, 8.5), expected(ROWS - 8.5, 24.5)
    assert (x0 + x1) / 2 == pytest.approx(ex, abs=3)
    assert (y0, y1) == pytest.approx((ey0, ey1), abs=3)


def test_gsps_annotation_from_a_file_is_drawn(renderer, tmp_path):
    from test_findings_read import foreign_gsps
    from viewer.dicom.findings.gsps_read import read_presentation_state

    ps, _ = read_presentation_state(foreign_gsps("1.2.3.4", "1.2.3", "1.2"))
    polygon = next(a for a in ps.annotations if a.kind is K.POLYGON)  # (10,20) (40,20) (40,60)
    x0, x1, y0, y1 = red_box(render(renderer, polygon))
    (ex0, ey0), (ex1, ey1) = expected(10, 20), expected(40, 60)
    assert (x0, x1, y0, y1) == pytest.approx((ex0, ex1, ey0, ey1), abs=3)
