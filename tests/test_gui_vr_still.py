"""The still (full-quality) VR frame is drawn off the GUI thread: the window keeps serving input while it
is computed, it arrives with the right pixels, and a newer interaction drops it. Real widget, real VTK
ray caster; no timing is asserted, only what happened in which order."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from gui_helpers import widget_pixels

pytestmark = pytest.mark.gui


@pytest.fixture
def vr_view(qtbot):
    from viewer.bench.mpr_volume import synthetic_volume
    from viewer.model.frames import FrameLoader
    from viewer.model.volume_view import VolumeViewState
    from viewer.ui.viewport_widget import ViewportWidget
    from viewer.workstation.views import ViewSlot

    loader = FrameLoader()
    vp = ViewportWidget(ViewSlot(0), loader, "en")  # one viewport on its own view state
    qtbot.addWidget(vp)
    vp.resize(640, 480)
    vp.show()
    qtbot.waitExposed(vp)
    vp.bind_volume(synthetic_volume(96, 192), VolumeViewState("ct-soft"))
    if not vp.vr_frames.renderer.software:
        vp.release()
        pytest.skip("a real GPU draws the still VR frame in place (milliseconds); the worker serves software rendering")
    yield vp
    vp.release()
    loader.shutdown()


def _drag(qtbot, vp, dx: int) -> None:
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=QPoint(200, 200))
    for step in (1, 2, 3):
        qtbot.mouseMove(vp, QPoint(200 + dx * step // 3, 210))


def _drag_and_hold_the_still_frame(qtbot, vp, monkeypatch) -> threading.Event:
    """A drag, then its still frame held in the worker until the returned gate is set, whatever the load."""
    from viewer.render.volume_renderer import VolumeRenderer

    qtbot.waitUntil(vp.is_ready, timeout=60000)
    gate, started = threading.Event(), threading.Event()
    real = VolumeRenderer.render

    def held(self, state):
        if threading.current_thread().name == "cauri-vr-still":
            started.set()
            gate.wait(60)
        return real(self, state)

    monkeypatch.setattr(VolumeRenderer, "render", held)
    _drag(qtbot, vp, 80)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=QPoint(227, 210))
    qtbot.waitUntil(started.is_set, timeout=30000)  # the worker is inside that frame
    return gate


class _Log(QObject):
    """Records, in the order the event loop served them, timer ticks, key presses and painted frames."""

    def __init__(self, vp) -> None:
        super().__init__()
        self.events: list[tuple] = []
        vp.vr_frames.painted.connect(lambda state, full: self.events.append(("frame", state, full)))
        vp.installEventFilter(self)
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(lambda: self.events.append(("tick",)))

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress:
            self.events.append(("key",))
        return False


def test_event_loop_serves_input_while_the_still_frame_is_computed(vr_view, qtbot):
    vp = vr_view
    qtbot.waitUntil(vp.is_ready, timeout=60000)  # the first still frame, from the worker
    _drag(qtbot, vp, 60)
    assert vp.vr_state.interactive and not vp.is_ready()
    log = _Log(vp)
    worker, submit = vp.vr_frames.worker, vp.vr_frames.worker.submit

    def request(job):
        submit(job)
        log.events.append(("request",))
        # Input that reaches the event loop once the still frame has been asked for.
        QApplication.postEvent(vp, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Shift, Qt.KeyboardModifier.NoModifier))

    worker.submit = request
    log.timer.start()
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=QPoint(220, 210))
    qtbot.waitUntil(vp.is_ready, timeout=60000)
    log.timer.stop()
    kinds = [e[0] for e in log.events]
    asked = kinds.index("request")
    arrival = next(i for i, e in enumerate(log.events) if e[0] == "frame" and e[2])
    assert log.events[arrival][1] == vp.vr_state  # the still frame of the view the drag ended on
    assert asked < kinds.index("key") < arrival  # the key was served while the frame was computed
    assert kinds[asked:arrival].count("tick") >= 3  # and the timer kept firing meanwhile

    shown = widget_pixels(vp).astype(int)
    # The same frame drawn in place: identical pixels (full quality, not the draft scaled up).
    log.events.clear()
    log.timer.start()
    vp.render_sync()
    qtbot.wait(20)
    log.timer.stop()
    kinds = [e[0] for e in log.events]
    assert kinds[0] == "frame" and kinds[1:].count("frame") == 0  # in place: no tick while it was drawn
    assert np.abs(widget_pixels(vp).astype(int) - shown).max() <= 2
    assert shown.std() > 5


def test_a_new_drag_drops_the_stale_still_frame(vr_view, qtbot, monkeypatch):
    vp = vr_view
    gate = _drag_and_hold_the_still_frame(qtbot, vp, monkeypatch)
    stale = vp.vr_state
    assert not stale.interactive
    log = _Log(vp)
    _drag(qtbot, vp, -70)  # the user rotates again
    assert vp.vr_state.interactive and vp.vr_state != stale
    # Drafts come while the stale still frame is still held in the worker: the GUI never waits for it.
    qtbot.waitUntil(lambda: any(e[0] == "frame" for e in log.events), timeout=30000)
    assert all(not e[2] for e in log.events if e[0] == "frame")
    gate.set()
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=QPoint(153, 210))
    qtbot.waitUntil(vp.is_ready, timeout=60000)
    full = [e[1] for e in log.events if e[0] == "frame" and e[2]]
    assert full == [vp.vr_state]  # only the newest view's still frame was ever painted
    assert stale not in [e[1] for e in log.events if e[0] == "frame"]
    assert vp.vr_frames.worker.discarded + vp.vr_frames.dropped >= 1  # the stale one was drawn for nothing
    QApplication.processEvents()


def test_leaving_3d_during_a_still_frame_does_not_wait_for_it(vr_view, qtbot, monkeypatch):
    vp = vr_view
    gate = _drag_and_hold_the_still_frame(qtbot, vp, monkeypatch)
    thread = vp.vr_frames.worker._thread
    log = _Log(vp)
    vp.bind_volume(None)  # back to 2-D while the worker is inside its frame
    assert thread.is_alive() and vp.vr_frames.worker is None  # returned without waiting for the frame
    gate.set()
    thread.join(60)
    assert not thread.is_alive()  # the worker finalised its window and ended on its own
    QApplication.processEvents()
    assert not [e for e in log.events if e[0] == "frame"]


def test_a_failing_worker_leaves_the_still_frame_to_the_gui_thread(vr_view, qtbot, monkeypatch, caplog):
    from viewer.render.volume_renderer import VolumeRenderer

    vp = vr_view
    qtbot.waitUntil(vp.is_ready, timeout=60000)
    real = VolumeRenderer.render

    def broken(self, state):
        if threading.current_thread().name == "cauri-vr-still":
            raise RuntimeError("GL context lost")
        return real(self, state)

    monkeypatch.setattr(VolumeRenderer, "render", broken)
    _drag(qtbot, vp, 40)
    with caplog.at_level("WARNING"):
        qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=QPoint(213, 210))
        qtbot.waitUntil(vp.is_ready, timeout=60000)  # the still frame comes all the same
    assert "GL context lost" in caplog.text
    assert not vp.vr_frames.worker.alive()
    assert widget_pixels(vp).std() > 5
