"""The active view's plane drawn on the others (issue 14), checked on the pixels the window shows: the row
where the line must be is worked out by hand from the two series' geometry."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pydicom.uid import generate_uid

from gui_helpers import import_and_open, screen_point_of, wait_ready, widget_pixels
from synthetic import write_series

pytestmark = pytest.mark.gui


def yellow(px) -> bool:
    r, g, b = (int(v) for v in px)
    return r > 200 and g > 160 and b < 120  # the reference line's (1.0, 0.85, 0.2); the images are grey


def test_axial_plane_is_drawn_on_the_coronal_at_the_row_computed_by_hand(qtbot, tmp_path):

    study, frame = generate_uid(), generate_uid()
    # Axial: 12 slices, z = 0, 2, ..., 22. Coronal: rows go down in z from z = 40, 0.8 mm per row, so the
    # axial slice at z cuts the coronal image along row (40 - z) / 0.8.
    write_series(tmp_path / "ax", slices=12, rows=64, cols=64, study_uid=study, frame_uid=frame)
    write_series(tmp_path / "cor", slices=10, rows=64, cols=64, study_uid=study, frame_uid=frame,
                 orientation=(1, 0, 0, 0, 0, -1), thickness=3.0, origin=(-50.0, -60.0, 40.0))
    window = import_and_open(qtbot, tmp_path / "home", [tmp_path / "ax", tmp_path / "cor"], study,
                             layout=(1, 2))
    ax, cor = window.grid.visible_viewports()
    if ax.state.display_set.orientation[5] != 0:  # series order follows the list; ours is the axial first
        ax, cor = cor, ax
    window.grid.set_active(ax)
    wait_ready(qtbot, window)
    for steps in (0, 3, 4):
        for _ in range(steps):
            qtbot.keyClick(ax, Qt.Key.Key_Down)
        wait_ready(qtbot, window)
        z = ax.state.display_set.positions[ax.state.index][2]
        row = (40.0 - z) / 0.8  # by hand
        pixels = widget_pixels(cor)
        x, y = screen_point_of(cor, row, 32)
        assert any(yellow(pixels[yy, x]) for yy in (y - 1, y, y + 1)), (z, row, pixels[y - 2:y + 3, x])
        # Off the line (5 image rows away): no yellow.
        _, y_off = screen_point_of(cor, row + 5, 32)
        assert not yellow(pixels[y_off, x])
    # The active view shows no line of its own; overlays off (O) hide it on the others.
    assert not ax.last_scene.lines
    qtbot.keyClick(ax, Qt.Key.Key_O)
    wait_ready(qtbot, window)
    pixels = widget_pixels(cor)
    assert not any(yellow(pixels[yy, x]) for yy in range(y - 2, y + 3))


def test_the_line_crosses_to_another_frame_of_reference_through_its_registration(qtbot, tmp_path):
    """A coronal series in another Frame of Reference (a prior: the table moved 20 mm between visits). No
    line while nothing links the two frames; once the registration is accepted (the workstation's placement:
    prior point = current point + 20 mm in z), the axial slice at z cuts the prior where its z is z + 20, at
    row (40 - (z + 20)) / 0.8: by hand."""
    import numpy as np

    study = generate_uid()
    write_series(tmp_path / "ax", slices=12, rows=64, cols=64, study_uid=study, frame_uid=generate_uid())
    write_series(tmp_path / "cor", slices=10, rows=64, cols=64, study_uid=study, frame_uid=generate_uid(),
                 orientation=(1, 0, 0, 0, 0, -1), thickness=3.0, origin=(-50.0, -60.0, 40.0))
    window = import_and_open(qtbot, tmp_path / "home", [tmp_path / "ax", tmp_path / "cor"], study, layout=(1, 2))
    ax, cor = window.grid.visible_viewports()
    if ax.state.display_set.orientation[5] != 0:
        ax, cor = cor, ax
    window.grid.set_active(ax)
    for _ in range(2):
        qtbot.keyClick(ax, Qt.Key.Key_Down)
    wait_ready(qtbot, window)
    z = ax.state.display_set.positions[ax.state.index][2]
    assert not cor.last_scene.lines  # two frames of reference, nothing linking them: no line
    links = window.ws.links
    moved = np.eye(4)
    moved[2, 3] = 20.0
    links.set_placement(links.frame_of_reference(ax.slot), links.frame_of_reference(cor.slot), moved)
    qtbot.keyClick(ax, Qt.Key.Key_Down)
    qtbot.keyClick(ax, Qt.Key.Key_Up)
    wait_ready(qtbot, window)
    row = (40.0 - (z + 20.0)) / 0.8
    pixels = widget_pixels(cor)
    x, y = screen_point_of(cor, row, 32)
    assert any(yellow(pixels[yy, x]) for yy in (y - 1, y, y + 1)), (z, row)
    _, y_same = screen_point_of(cor, (40.0 - z) / 0.8, 32)  # where it would be without the registration
    assert not any(yellow(pixels[yy, x]) for yy in (y_same - 1, y_same, y_same + 1))
