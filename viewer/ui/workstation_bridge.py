"""The workstation in a Qt application: its background work comes back on the GUI thread through Qt's event
loop, and a window's connections to its events go when the window goes."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from viewer.workstation.service import Workstation


class GuiPoster(QObject):
    """``post(call)`` from any thread; ``call()`` runs on the thread this object lives in (the GUI's)."""

    _call = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self._call.connect(self._run)

    def post(self, call) -> None:
        self._call.emit(call)

    @staticmethod
    def _run(call) -> None:
        call()


def gui_workstation(paths, settings, cache, plugins, loader, language: str, home=None) -> Workstation:
    poster = GuiPoster()
    ws = Workstation(paths, settings, cache, plugins, loader, language, home, post=poster.post)
    ws.poster = poster  # lives as long as the workstation
    return ws


class Bindings:
    """Connections of one window (or panel) to the workstation's events, undone together."""

    def __init__(self) -> None:
        self._undo: list = []

    def on(self, event, listener) -> None:
        self._undo.append(event.connect(listener))

    def detach(self) -> None:
        for undo in self._undo:
            undo()
        self._undo.clear()
