"""Callbacks without a toolkit: an ``Event`` many listeners connect to, and the ``Inbox`` through which
work done on other threads comes back to the thread that owns the workstation.

The GUI replaces the inbox with a poster that hands each call to Qt's event loop (``ui.workstation_bridge``);
tests and the CLI keep the inbox and call ``Workstation.pump`` (or ``wait_idle``) to run what arrived.
"""

from __future__ import annotations

import queue
from typing import Callable


class Event:
    """Listeners called in connection order, on the thread that emits (the workstation's owner)."""

    def __init__(self, name: str = "") -> None:
        self.name = name
        self._listeners: list[Callable] = []

    def connect(self, listener: Callable) -> Callable[[], None]:
        """Returns the disconnection."""
        self._listeners.append(listener)
        return lambda: self.disconnect(listener)

    def disconnect(self, listener: Callable) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def emit(self, *args) -> None:
        for listener in list(self._listeners):
            listener(*args)


class Inbox:
    """Calls posted from any thread, run on the owner's thread when it pumps."""

    def __init__(self) -> None:
        self._calls: queue.Queue = queue.Queue()

    def post(self, call: Callable[[], None]) -> None:
        self._calls.put(call)

    def pump(self, timeout: float = 0.0) -> int:
        """Run what has arrived (waiting up to ``timeout`` s for the first call); how many ran."""
        ran = 0
        block = timeout > 0
        while True:
            try:
                call = self._calls.get(block=block, timeout=timeout if block else None)
            except queue.Empty:
                return ran
            block = False
            call()
            ran += 1
