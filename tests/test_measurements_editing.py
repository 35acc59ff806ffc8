"""Editing (undo/redo, drags), persistence (autosave, power cut), drawing geometry."""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from viewer.model.measurements import (
    AnnotationStore,
    AnnotationStoreError,
    ImageRef,
    Measurement,
    MeasurementKind as K,
    MeasurementSet,
    ellipse_from_box,
    hit,
    nearest_handle,
    outlines,
    scene_lines,
    to_display,
)
from viewer.presentation.scene import transform_image

REF = ImageRef("1.2.3", "1.2.3.4", "1.2.3.4.5", 0)
ROOT = Path(__file__).resolve().parents[1]


def test_points_are_checked_per_kind():
    with pytest.raises(ValueError):
        Measurement(K.LENGTH, [(0, 0)], REF)
    with pytest.raises(ValueError):
        Measurement(K.POLYGON, [(0, 0), (1, 1)], REF)
    Measurement(K.FREEHAND, [(0, 0), (1, 1), (2, 0), (3, 3)], REF)


def test_undo_redo_add_move_delete():
    s = MeasurementSet("1.2.3")
    m = s.add(Measurement(K.LENGTH, [(0, 0), (10, 0)], REF))
    s.move_handle(m.id, 1, (20, 0))
    s.move(m.id, 1, 2)
    assert s.get(m.id).points == ((1, 2), (21, 2))
    s.delete(m.id)
    assert len(s) == 0
    assert s.undo() and s.get(m.id).points == ((1, 2), (21, 2))
    assert s.undo() and s.get(m.id).points == ((0, 0), (20, 0))
    assert s.undo() and s.get(m.id).points == ((0, 0), (10, 0))
    assert s.undo() and len(s) == 0
    assert not s.undo()
    assert s.redo() and s.redo() and s.get(m.id).points == ((0, 0), (20, 0))
    s.relabel(m.id, "aorta")  # a new edit drops the redo branch
    assert not s.can_redo
    assert s.get(m.id).label == "aorta"


def test_a_drag_is_one_undo_step_and_listeners_see_final():
    s = MeasurementSet("1.2.3")
    m = s.add(Measurement(K.LENGTH, [(0, 0), (10, 0)], REF))
    seen = []
    s.subscribe(lambda _s, change: seen.append(change.final))
    s.begin_edit()
    for x in range(11, 30):
        s.move_handle(m.id, 1, (x, 0))
    s.end_edit()
    assert seen[:-1] == [False] * 19 and seen[-1] is True
    assert s.get(m.id).points[1] == (29, 0)
    s.undo()
    assert s.get(m.id).points[1] == (10, 0)
    s.begin_edit()
    s.move(m.id, 5, 5)
    s.cancel_edit()
    assert s.get(m.id).points[1] == (10, 0) and s.can_redo


def test_key_images_are_undoable():
    s = MeasurementSet("1.2.3")
    assert s.toggle_key_image(REF) is True
    assert REF in s.key_images
    s.undo()
    assert REF not in s.key_images


def test_ellipse_handle_keeps_an_ellipse():
    m = Measurement(K.ELLIPSE, ellipse_from_box((0, 0), (20, 10)), REF)
    moved = m.with_handle(1, (10, 10 + 15))  # drag the right end of the horizontal axis downwards
    p = np.array(moved.points)
    centre = (p[0] + p[1]) / 2
    assert centre == pytest.approx((10, 5))
    a, b = p[1] - p[0], p[3] - p[2]
    assert abs(float(np.dot(a, b))) < 1e-9  # axes stay perpendicular
    assert np.linalg.norm(a) == pytest.approx(2 * math.hypot(0, 20))
    assert np.linalg.norm(b) == pytest.approx(10)


def test_store_round_trip_and_autosave(tmp_path):
    store = AnnotationStore(tmp_path)
    s = store.open_set("1.2.3")
    m = s.add(Measurement(K.ANGLE, [(0, 0), (5, 5), (10, 0)], REF, "é label"))
    s.toggle_key_image(REF)
    s.begin_edit()
    s.move(m.id, 1, 1)  # mid-drag: not saved yet
    assert AnnotationStore(tmp_path).load("1.2.3")[0].points == m.points
    s.end_edit()
    again = AnnotationStore(tmp_path)
    loaded = again.load("1.2.3")
    assert loaded == [s.get(m.id)]
    assert again.load_key_images("1.2.3") == [REF]
    # The file name is a hash: the UID never appears in a path.
    files = list((tmp_path / "annotations").iterdir())
    assert len(files) == 1 and "1.2.3" not in files[0].name
    assert again.load("9.9.9") == []


def test_unreadable_document_is_moved_aside(tmp_path):
    store = AnnotationStore(tmp_path)
    store.save("1.2.3", [Measurement(K.PROBE, [(1, 1)], REF)])
    path = store.path_for("1.2.3")
    path.write_bytes(b"{not json")
    assert store.load("1.2.3") == []
    assert path.with_suffix(".bad").exists()
    doc = {"format": "cauri-annotations", "version": 99, "study_uid": "1.2.3", "measurements": []}
    path.write_text(json.dumps(doc))
    with pytest.raises(AnnotationStoreError):
        store.load("1.2.3")


def test_power_cut_during_autosave_leaves_a_whole_document(tmp_path):
    """SIGKILL a process that autosaves in a loop: the document is always complete and loadable."""
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from viewer.model.measurements import AnnotationStore, ImageRef, Measurement, MeasurementKind
        ref = ImageRef("1.2.3", "1.2.3.4", "1.2.3.4.5", 0)
        s = AnnotationStore({str(tmp_path)!r}).open_set("1.2.3")
        i = 0
        while True:
            i += 1
            s.add(Measurement(MeasurementKind.FREEHAND, [(j, (j * 7) % 13) for j in range(200)], ref, str(i)))
            if i == 3:
                print("ready", flush=True)
        """
    )
    store = AnnotationStore(tmp_path)
    for delay in (0.05, 0.13, 0.31):
        proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
        assert proc.stdout.readline().strip() == b"ready"
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        loaded = store.load("1.2.3")
        assert len(loaded) >= 3
        assert [m.label for m in loaded] == [str(i) for i in range(1, len(loaded) + 1)]
        store.delete("1.2.3")


def test_display_mapping_follows_transform_image():
    """A point on a pixel centre lands on the same pixel after the viewport's rotation and flips."""
    shape = (5, 8)
    img = np.zeros(shape, int)
    img[1, 6] = 1
    point = (6.5, 1.5)
    for rotation in range(4):
        for fh in (False, True):
            for fv in (False, True):
                shown = transform_image(img, rotation, fh, fv)
                r, c = np.argwhere(shown == 1)[0]
                x, y = to_display(point, shape, rotation, fh, fv)
                assert (x, y) == (c + 0.5, r + 0.5), (rotation, fh, fv)


def test_scene_lines_in_mm_from_the_first_pixel_centre():
    m = Measurement(K.LENGTH, [(0.5, 0.5), (10.5, 0.5)], REF)
    (seg,) = scene_lines(m, (20, 20), (0.5, 2.0))
    assert seg[:4] == pytest.approx((0.0, 0.0, 5.0, 0.0))


def test_outlines_and_hit_testing():
    rect = Measurement(K.RECTANGLE, [(0, 0), (10, 10)], REF)
    (ring,) = outlines(rect)
    assert ring[0] == ring[-1] and len(ring) == 5
    assert hit(rect, (5, 5), 1.0)  # inside a region selects it
    assert not hit(rect, (15, 5), 1.0)
    arrow = Measurement(K.ARROW, [(0, 0), (10, 0)], REF)
    assert len(outlines(arrow)) == 2  # shaft and head
    assert nearest_handle(arrow, (9.5, 0.3), 2.0) == 1
    assert nearest_handle(arrow, (5, 5), 2.0) is None
