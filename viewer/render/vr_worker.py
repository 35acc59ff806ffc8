"""Full-quality volume-rendering frames drawn off the GUI thread.

On a software rasteriser the still VR frame costs the CPU ray caster most of a second; drawn on the
GUI thread it froze the window that long after every drag. VTK's Python wrappers release the GIL
during ``Render()`` (measured with VTK 9.7 wheels: a ticking thread keeps running), so a thread of its
own can draw it while the event loop keeps serving input.

The thread owns a whole ``VolumeRenderer`` (its own offscreen window and GL context, created, used and
finalised only there): no GL context crosses threads. It shares the volume's voxels (a numpy view, no
copy). Only the newest request is kept; one older than the caller's current generation is stale:
the frame being drawn for it is aborted (the ray caster polls ``AbortCheckEvent`` a few times per
frame) and a stale result is never delivered.
"""

from __future__ import annotations

import atexit
import threading
import weakref
from dataclasses import dataclass, replace
from typing import Callable

import numpy as np

from viewer.model.volume_view import VolumeViewState
from viewer.render.volume_renderer import VolumeRenderer

_live: "weakref.WeakSet[VolumeFrameWorker]" = weakref.WeakSet()


@dataclass(frozen=True)
class FrameJob:
    generation: int
    volume: object
    state: VolumeViewState
    size: tuple[int, int]
    filled: int = 0  # slices of the volume filled when asked: a later fill asks again


class VolumeFrameWorker:
    """``deliver(job, rgba)`` is called on the worker thread: hand it to the GUI thread (a queued signal).

    ``rgba`` is None when the frame failed (``failure`` says why): the worker stops, the caller draws in place.
    """

    def __init__(self, deliver: Callable[[FrameJob, np.ndarray], None], force_cpu: bool | None = None) -> None:
        self._deliver = deliver
        self._force_cpu = force_cpu
        self._cond = threading.Condition()
        self._job: FrameJob | None = None
        self._wanted = 0  # jobs of an older generation are stale
        self._closing = False
        self.failure: str | None = None
        self.discarded = 0  # frames aborted or dropped because a newer view was asked for
        self._thread = threading.Thread(target=self._run, name="cauri-vr-still", daemon=True)
        self._thread.start()
        _live.add(self)

    def submit(self, job: FrameJob) -> None:
        with self._cond:
            self._wanted = max(self._wanted, job.generation)
            self._job = job
            self._cond.notify()

    def cancel(self, generation: int) -> None:
        """Nothing drawn for a generation below ``generation`` is wanted any more."""
        with self._cond:
            self._wanted = max(self._wanted, generation)
            if self._job is not None and self._job.generation < generation:
                self._job = None

    def _stale(self, job: FrameJob) -> bool:
        return self._closing or job.generation < self._wanted

    def alive(self) -> bool:
        return self.failure is None and not self._closing and self._thread.is_alive()

    def close(self, timeout: float = 30.0) -> None:
        with self._cond:
            self._closing = True
            self._job = None
            self._cond.notify()
        if timeout and self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def _next(self) -> FrameJob | None:
        with self._cond:
            while self._job is None and not self._closing:
                self._cond.wait()
            job, self._job = self._job, None
            return None if self._closing else job

    def _run(self) -> None:
        try:
            renderer = VolumeRenderer(8, 8, force_cpu=self._force_cpu)
        except Exception as exc:  # no GL in this thread: the caller keeps drawing still frames itself
            self.failure = f"{type(exc).__name__}: {exc}"
            return
        current: list[FrameJob | None] = [None]

        def abort_check(window, _event) -> None:
            job = current[0]
            if job is not None and self._stale(job):
                window.SetAbortRender(1)

        renderer.window.AddObserver("AbortCheckEvent", abort_check)
        try:
            while True:
                job = self._next()
                if job is None:
                    return
                current[0] = job
                try:
                    if renderer.volume is not job.volume:
                        renderer.set_volume(job.volume)
                    renderer.resize(*job.size)
                    rgba = renderer.render(replace(job.state, interactive=False))
                except Exception as exc:  # the caller draws its still frames itself from now on
                    self.failure = f"{type(exc).__name__}: {exc}"
                    self._deliver(job, None)
                    return
                finally:
                    current[0] = None
                if self._stale(job) or renderer.window.GetAbortRender():
                    self.discarded += 1
                else:
                    try:
                        self._deliver(job, rgba)
                    except RuntimeError:  # the receiving widget is already gone (window closing)
                        return
        finally:
            renderer.close()


@atexit.register
def _close_all() -> None:
    # A thread still inside Render() when the interpreter tears down VTK would crash the exit.
    for worker in list(_live):
        worker.close(timeout=10.0)
