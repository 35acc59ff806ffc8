"""MPR in the window: the workstation holds the session, its planes and the volume filling
(``workstation.volumes``); here are the drawing rhythms that follow it: redraws coalesced while the volume
fills, draft frames while the reader moves a plane, windows or zooms, and full quality once still."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

STILL_MS = 200  # after the last change of a drag, scroll or window: the full-quality frame
FILL_REDRAW_MS = 200


class MprController(QObject):
    started = Signal()
    stopped = Signal()
    settled = Signal()  # the planes stopped moving: full quality now (other windows on the views redraw too)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.volumes = window.ws.volumes
        self._refresh = QTimer(self)
        self._refresh.setInterval(FILL_REDRAW_MS)  # coalesce redraws while the volume fills
        self._refresh.timeout.connect(self._redraw)
        self._filling_redraw = False
        self._still = QTimer(self)
        self._still.setSingleShot(True)
        self._still.setInterval(STILL_MS)
        self._still.timeout.connect(self._settle)
        self._session = None  # the session followed (draft frames while it moves)
        window.bindings.on(self.volumes.mpr_started, self._on_started)
        window.bindings.on(self.volumes.mpr_stopped, self._on_stopped)
        window.bindings.on(self.volumes.filled, self._on_filled)

    session = property(lambda self: self.volumes.session)
    resampler = property(lambda self: self.volumes.resampler)
    fill = property(lambda self: self.volumes.fill)
    active = property(lambda self: self.volumes.mpr_active)

    def start(self, viewport) -> str | None:
        """Returns None on success, else a reason to show the user (a message)."""
        return self.volumes.start_mpr(viewport.slot)

    def stop(self) -> None:
        self.volumes.stop_mpr()

    def _on_started(self, session) -> None:
        self._session = session
        session.subscribe(self._moved)
        self._refresh.start()
        self.started.emit()

    def _on_stopped(self, session) -> None:
        self._refresh.stop()
        self._still.stop()
        session.unsubscribe(self._moved)
        self._session = None
        self.stopped.emit()

    def _on_filled(self, volume) -> None:
        session = self.volumes.session
        if session is not None and session.volume is volume:
            self._refresh.stop()
            self._redraw()
        for vp in self.window.grid.visible_viewports():
            if vp.vr is volume:
                vp.schedule_render()

    def _redraw(self) -> None:
        if self.volumes.session is not None:
            self._filling_redraw = True
            try:
                self.volumes.session.changed()
            finally:
                self._filling_redraw = False

    def _moved(self) -> None:
        if not self._filling_redraw:
            self.interacting()

    def interacting(self) -> None:
        """The user changed a plane: draft frames until STILL_MS pass without another change."""
        if self.resampler is not None:
            self.resampler.draft = True
            self._still.start()

    def _settle(self) -> None:
        if self.resampler is None:
            return
        self.resampler.draft = False
        for vp in self.window.grid.visible_viewports():
            if vp.mpr is not None:
                vp.schedule_render()
        self.settled.emit()

    def view_changed(self, vp) -> None:
        """A plane's window, zoom or pan changed: drafts while it changes (the workstation gives the other
        planes the same window)."""
        if self.volumes.session is not None and vp.mpr is not None:
            self.interacting()
