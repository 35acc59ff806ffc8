"""The navigation tools without any window: plain events in, view states out; MPR planes moved in a real
session of a real volume. Expected values by hand from the documented speeds."""

from __future__ import annotations

import math

import numpy as np
import pytest

from synthetic import write_series
from viewer.dicom.pixels import Window
from viewer.model.viewport import ViewportState
from viewer.model.volume_view import VolumeViewState
from viewer.tools.events import Key, Pointer, ViewOnScreen, Wheel
from viewer.tools.keymap import Keymap
from viewer.tools.navigation import ViewportTools


class Stack:
    """An image stack of ``count`` frames, as much of a display set as a view state needs."""

    def __init__(self, count: int) -> None:
        self.frame_count = count
        self.multiframe = False
        self.modality = "CT"


def stack_view(state=None, window=Window(40.0, 400.0), mm_per_px=0.5, size=(200, 100)) -> ViewOnScreen:
    state = state or ViewportState().with_display_set(Stack(30))
    return ViewOnScreen("stack", state, VolumeViewState(), window, size, mm_per_px)


def drag(tools, view, start, end, button="left", modifiers=frozenset()):
    tools.press(view, Pointer(*start, button=button, buttons=frozenset({button}), modifiers=frozenset(modifiers)))
    change = tools.move(view, Pointer(*end, buttons=frozenset({button}), modifiers=frozenset(modifiers)))
    tools.release(view, Pointer(*end, button=button, modifiers=frozenset(modifiers)))
    return change


def test_left_drag_windows_from_the_window_on_screen():
    tools = ViewportTools(Keymap.default())
    change = drag(tools, stack_view(), (50, 50), (60, 30))
    # 400 wide: 400/256 = 1.5625 per pixel; 10 right widens by 15.625, 20 up lowers the level by 31.25.
    assert change.state.window.width == pytest.approx(415.625)
    assert change.state.window.center == pytest.approx(40.0 - 31.25)
    assert not tools.dragging


def test_right_drag_zooms_ctrl_left_drag_scrolls_middle_drag_pans():
    tools = ViewportTools(Keymap.default())
    view = stack_view()
    assert drag(tools, view, (0, 200), (0, 50), "right").state.zoom == pytest.approx(2.0)  # 150 px up: x2
    assert drag(tools, view, (0, 0), (0, 22), "left", {"ctrl"}).state.index == 15 + 5  # one image per 4 px
    assert drag(tools, view, (10, 10), (30, 0), "middle").state.pan == pytest.approx((-10.0, 5.0))  # 0.5 mm/px


def test_wheel_and_keys_move_through_the_stack():
    tools = ViewportTools(Keymap.default())
    view = stack_view()
    assert tools.wheel(view, Wheel(2.0)).state.index == 13  # away from the reader: back
    assert tools.wheel(view, Wheel(-0.25)).state.index == 16  # a part notch still moves one image
    assert tools.key(view, Key("PgDown", frozenset({"shift"}))).state.index == 25
    assert tools.key(view, Key("End")).state.index == 29
    assert tools.key(view, Key("Home")).state.index == 0
    assert tools.key(view, Key("I")) is None  # the window's key, not the view's
    assert tools.key(view, Key("PgDown")) is None  # Page Down alone: the hanging protocol's next stage
    assert tools.double_click(view, Pointer(1, 1, "left")).command == "fit"


def test_a_readers_map_makes_the_same_drag_zoom_instead():
    keymap, _ = Keymap.default().overridden({"stack": {"zoom": ["left-drag"]}})
    change = drag(ViewportTools(keymap), stack_view(), (0, 200), (0, 50))
    assert change.state.zoom == pytest.approx(2.0) and change.state.window is None


def test_volume_orbit_transfer_function_zoom_and_pan():
    tools = ViewportTools(Keymap.default())
    view = ViewOnScreen("volume", ViewportState(), VolumeViewState(), None, (200, 100))
    orbit = drag(tools, view, (0, 0), (20, 10)).vr_state
    assert (orbit.azimuth, orbit.elevation, orbit.interactive) == (350.0, 5.0, True)
    tf = drag(tools, view, (0, 0), (200, 10), "left", {"shift"}).vr_state
    assert (tf.tf_shift, tf.tf_scale) == (20.0, pytest.approx(2.0))
    assert drag(tools, view, (0, 150), (0, 0), "right").vr_state.zoom == pytest.approx(2.0)
    assert drag(tools, view, (0, 0), (50, 25), "middle").vr_state.pan == pytest.approx((-0.25, 0.25))
    assert tools.wheel(view, Wheel(1.0)).vr_state.zoom == pytest.approx(1.1)  # away from the reader: closer
    assert tools.wheel(view, Wheel(-1.0)).vr_state.zoom == pytest.approx(1 / 1.1)
    still = ViewOnScreen("volume", ViewportState(), VolumeViewState(interactive=True), None, (200, 100))
    assert tools.release(still, Pointer(0, 0, "left")).command == "still"


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    from viewer.model.mpr import MprSession
    from viewer.model.registry import load_plugins
    from viewer.model.studies import study_display_sets
    from viewer.model.volume import Volume
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    root = tmp_path_factory.mktemp("tools-mpr")
    info = write_series(root / "src", slices=20, rows=32, cols=32, spacing=(1.0, 1.0), thickness=2.0)
    with StudyCache(root / "cache") as cache:
        import_paths(cache, [root / "src"])
        (stack,) = [d for d in study_display_sets(cache, info["study_uid"], load_plugins().display_set_handlers())
                    if d.kind == "stack"]
        yield MprSession(Volume(stack).load())


class Plane:
    def __init__(self, session, view):
        self.session, self.view = session, view


def plane_view(session, view="axial", size=(101, 101)):
    # Widget pixel (x, y) is (x - 50, y - 50) mm from the volume centre in the plane, for the test's sake.
    return ViewOnScreen("plane", ViewportState(), VolumeViewState(), None, size, 1.0, Plane(session, view),
                        lambda x, y: (x - 50.0, y - 50.0))


def test_mpr_left_press_moves_the_shared_point_and_the_wheel_steps_one_slice(session):
    session.reset()
    centre = session.volume_center()
    tools = ViewportTools(Keymap.default())
    view = plane_view(session)
    tools.press(view, Pointer(60, 45, "left", frozenset({"left"})))
    assert session.center == pytest.approx(centre + np.array([10.0, -5.0, 0.0]))
    tools.move(view, Pointer(52, 50, buttons=frozenset({"left"})))
    assert session.center == pytest.approx(centre + np.array([2.0, 0.0, 0.0]))
    tools.release(view, Pointer(52, 50, "left"))
    assert tools.wheel(view, Wheel(1.0)) is None  # the plane moved in the session, not in the view state
    assert session.center[2] == pytest.approx(centre[2] - 2.0)  # one slice (2 mm) along the axial normal
    tools.key(view, Key("PgDown", frozenset({"shift"})))
    assert session.center[2] == pytest.approx(centre[2] - 2.0 + 20.0)


def test_mpr_ctrl_drag_turns_the_other_planes_about_the_view_normal(session):
    session.reset()
    tools = ViewportTools(Keymap.default())
    view = plane_view(session)
    # From the right of the centre pixel (50, 50) to below it: a quarter turn about the axial normal (z).
    drag(tools, view, (90, 50), (50, 90), "left", {"ctrl"})
    assert session.planes["coronal"].right == pytest.approx(np.array([math.cos(math.pi / 2), 1.0, 0.0]), abs=1e-9)
    assert session.planes["axial"].right == pytest.approx(np.array([1.0, 0.0, 0.0]))
    view = plane_view(session)
    view.window = Window(40.0, 400.0)
    before = session.center.copy()
    change = drag(tools, view, (0, 0), (10, 0), "left", {"shift"})
    assert change.state.window.width == pytest.approx(415.625)
    assert session.center == pytest.approx(before)  # Shift: it windows, the point stays
