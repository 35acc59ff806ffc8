"""A Qt binding that loses references on signal emits crashes the viewer mid-session, not just at exit.

PySide6 6.12.0 drops one reference to ``True`` per ``Signal.emit`` from Python; on Python 3.11, where
``True`` is an ordinary counted object, a reader who scrolls an MPR a few thousand times sees the process
abort ("bool_dealloc"). pyproject pins PySide6 below 6.12; this test fails on any release that does it.
"""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    plain = Signal()
    number = Signal(int)
    anything = Signal(object)
    pair = Signal(object, bool)


def _counts() -> tuple[int, int, int]:
    gc.collect()
    return sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)


def test_emitting_signals_keeps_the_reference_counts_of_true_false_and_none(qapp):
    emitter = _Emitter()
    received = []
    emitter.plain.connect(lambda: received.append(0))
    emitter.number.connect(received.append)
    emitter.anything.connect(received.append)
    emitter.pair.connect(lambda a, b: received.append(b))
    before = _counts()
    for _ in range(200):
        emitter.plain.emit()
        emitter.number.emit(3)
        emitter.anything.emit(emitter)
        emitter.pair.emit(None, False)
    received.clear()
    after = _counts()
    assert after == before, f"refcounts of (True, False, None) moved from {before} to {after}"
