"""Theatre mode's window side (issue 15): the workstation's ``theatre`` (``viewer.workstation.theatre``)
decides, ``TheatreController`` shows. Entering (``cauri --theatre``, the toolbar's "Théâtre", a hanging
protocol's ``"theatre": true`` through ``Workstation.enter_theatre``) hides the reading window and shows the
theatre window full screen on the same screen; leaving brings the reading window back. The presenter
mirrors the active view on a second screen."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from viewer.ui.theatre.presenter import PresenterWindow, other_screen
from viewer.ui.theatre.window import TheatreWindow


class TheatreController(QObject):
    def __init__(self, main_window) -> None:
        super().__init__(main_window)
        self.main = main_window
        self.ws = main_window.ws
        self.window: TheatreWindow | None = None
        self.presenter: PresenterWindow | None = None
        self._undo = self.ws.theatre.changed.connect(self._changed)
        if self.ws.theatre.active:  # a window made again (another language) while in theatre mode
            QTimer.singleShot(0, lambda: self._changed(True))

    def _changed(self, active: bool) -> None:
        self.show() if active else self.hide()

    def show(self) -> None:
        if self.window is not None:
            return
        screen = self.main.screen()
        window = self.window = TheatreWindow(self.main)
        window.closed.connect(self.ws.leave_theatre)
        self.main.hide()
        if screen is not None:
            window.setScreen(screen)
            window.setGeometry(screen.geometry())  # without a window manager, full screen keeps the size asked
        window.showFullScreen()
        window.raise_()
        window.activateWindow()
        vp = window.grid.active
        if vp is not None:
            vp.setFocus()

    def hide(self, back_to_reading: bool = True) -> None:
        self.stop_presenter()
        window, self.window = self.window, None
        if window is None:
            return
        window.release()
        window.closed.disconnect(self.ws.leave_theatre)
        window.close()
        window.deleteLater()
        if back_to_reading:
            self.main.show()

    # ------------------------------------------------------------------ presenter
    def toggle_presenter(self) -> None:
        if self.presenter is not None:
            self.stop_presenter()
            return
        if self.window is None:
            return
        screen = other_screen(self.window.screen())
        if screen is None:
            self.window.status.setText(self.tr("No second screen: connect one to present"))
            self.window.present_button.setChecked(False)
            return
        self.presenter = PresenterWindow(self.window, screen)
        self.window.present_button.setChecked(True)

    def stop_presenter(self) -> None:
        presenter, self.presenter = self.presenter, None
        if presenter is not None:
            presenter.close_mirror()
            presenter.deleteLater()
        if self.window is not None:
            self.window.present_button.setChecked(False)

    def close(self) -> None:
        """The reading window closes: the theatre's windows go with it."""
        self._undo()
        self.hide(back_to_reading=False)
