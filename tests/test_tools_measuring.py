"""The measuring tools as a state machine, without any window: image points in, drafts, finished
measurements and edits of a real measurement set out."""

from __future__ import annotations

from viewer.model.measurements import ImageRef, Measurement, MeasurementKind as K, MeasurementSet
from viewer.tools.measuring import MeasureGestures

REF = ImageRef("1.2.3", "1.2.3.4", "1.2.3.4.5", 0)
VIEW, OTHER = object(), object()


def tool(kind):
    g = MeasureGestures()
    g.kind = kind
    return g


def test_a_length_is_one_drag_and_a_click_without_drag_draws_nothing():
    g = tool(K.LENGTH)
    s = MeasurementSet("1.2.3")
    assert g.press(VIEW, None, (10.0, 10.0)) is None
    assert g.move(VIEW, (40.0, 50.0), True, s) and g.points == [(10.0, 10.0), (40.0, 50.0)]
    assert not g.move(OTHER, (1.0, 1.0), True, s)  # another view's pointer is not this draft's
    consumed, drawn = g.release(VIEW, s)
    assert consumed and drawn.kind is K.LENGTH and drawn.points == ((10.0, 10.0), (40.0, 50.0))
    g.press(VIEW, None, (5.0, 5.0))
    assert g.release(VIEW, s) == (True, None) and g.points == []


def test_an_angle_is_three_clicks_with_a_rubber_band_between():
    g = tool(K.ANGLE)
    s = MeasurementSet("1.2.3")
    for p in ((0.0, 0.0), (10.0, 0.0)):
        assert g.press(VIEW, None, p) is None
        g.release(VIEW, s)
    g.move(VIEW, (10.0, 7.0), False, s)
    assert g.points == [(0.0, 0.0), (10.0, 0.0), (10.0, 7.0)]  # the third point follows the pointer
    drawn = g.press(VIEW, None, (10.0, 10.0))
    assert drawn.points == ((0.0, 0.0), (10.0, 0.0), (10.0, 10.0))


def test_a_cobb_angle_takes_two_strokes_each_dragged_or_clicked_twice():
    g = tool(K.COBB)
    s = MeasurementSet("1.2.3")
    g.press(VIEW, None, (0.0, 0.0))
    g.move(VIEW, (10.0, 1.0), True, s)
    assert g.release(VIEW, s) == (True, None)  # first stroke dragged
    g.press(VIEW, None, (0.0, 20.0))
    assert g.release(VIEW, s) == (True, None)  # second stroke begun by a click...
    g.move(VIEW, (10.0, 18.0), False, s)
    g.press(VIEW, None, (10.0, 17.0))  # ...and ended by the next
    consumed, drawn = g.release(VIEW, s)
    assert drawn.points == ((0.0, 0.0), (10.0, 1.0), (0.0, 20.0), (10.0, 17.0))


def test_a_polygon_closes_on_double_click_and_an_ellipse_is_drawn_by_its_box():
    g = tool(K.POLYGON)
    s = MeasurementSet("1.2.3")
    for p in ((0.0, 0.0), (10.0, 0.0), (10.0, 10.0)):
        g.press(VIEW, None, p)
        g.release(VIEW, s)
    consumed, drawn = g.double_click(VIEW)
    assert consumed and drawn.points == ((0.0, 0.0), (10.0, 0.0), (10.0, 10.0))
    e = tool(K.ELLIPSE)
    e.press(VIEW, None, (0.0, 0.0))
    e.move(VIEW, (20.0, 10.0), True, s)
    _, ellipse = e.release(VIEW, s)
    assert ellipse.kind is K.ELLIPSE and ellipse.points == ((0.0, 5.0), (20.0, 5.0), (10.0, 0.0), (10.0, 10.0))


def test_without_a_tool_a_handle_is_dragged_and_the_edit_is_undone_in_one_step():
    s = MeasurementSet("1.2.3")
    m = s.add(Measurement(K.LENGTH, [(0.0, 0.0), (10.0, 0.0)], REF))
    g = MeasureGestures()
    assert g.grab(s, [(m, m)], (30.0, 30.0), 2.0) is None  # nothing there
    assert g.grab(s, [(m, m)], (10.5, 0.5), 2.0) == m.id
    g.move(VIEW, (12.0, 3.0), True, s)
    g.move(VIEW, (14.0, 4.0), True, s)
    assert g.release(VIEW, s) == (True, None)
    assert s.get(m.id).points == ((0.0, 0.0), (14.0, 4.0))
    s.undo()
    assert s.get(m.id).points == ((0.0, 0.0), (10.0, 0.0))


def test_cancel_drops_the_draft_and_names_its_view():
    g = tool(K.FREEHAND)
    s = MeasurementSet("1.2.3")
    g.press(VIEW, None, (0.0, 0.0))
    g.move(VIEW, (1.0, 1.0), True, s)
    assert len(g.points) == 3
    assert g.cancel() is VIEW and g.points == [] and g.cancel() is None
