"""Cauri on every monitor it is given.

Two ways, as the reader chooses (Preferences, the View menu; a hanging protocol may ask too):
- ``windows``: the main window on the first screen, and one ``ScreenWindow`` per other screen holding that
  screen's grid of viewports, each filling its monitor;
- ``span``: one window over all the screens, its viewport area split on the seams: each screen's grid is laid
  out inside that screen's part of the window, so no viewport is ever cut by the edge between two monitors.
The study list goes to the screen the reader picks. Each screen's grid is the workstation's
(``ViewLayout.set_screen_layout``), remembered per user in the settings; ``show_layout(screen, rows, cols)``
is what a protocol or the integrator calls.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QGuiApplication, QPainter, QPixmap
from PySide6.QtWidgets import QMainWindow, QWidget

MODES = ("windows", "span")


class ScreenWindow(QMainWindow):
    """A second (third...) monitor's window: its grid of viewports, and the study list if the reader put it
    there. The main window's keys work here too (its actions are added to this window)."""

    def __init__(self, main, screen: int) -> None:
        super().__init__()
        self.main = main
        self.screen_index = screen
        self.setWindowTitle(f"Cauri — {screen + 1}")
        self.setObjectName(f"cauri-screen-{screen + 1}")
        self.addActions(main.actions())

    def closeEvent(self, event) -> None:  # noqa: N802
        # Closing a monitor's window is not quitting: the main window decides when Cauri ends.
        if self.main is not None and self.main.isVisible():
            event.ignore()
            self.hide()
        else:
            super().closeEvent(event)


class SpanArea(QWidget):
    """The viewport area of a window spanning several screens: each screen's pane is placed on the part of
    this widget that lies on that screen."""

    def __init__(self, panes: list[QWidget], screens, parent=None) -> None:
        super().__init__(parent)
        self.panes = panes
        self.screens = screens
        for pane in panes:
            pane.setParent(self)
            pane.show()

    def pane_rects(self) -> list[QRect]:
        """Each pane's rectangle in this widget: the widget's rectangle cut by its screen's."""
        area = self.rect()
        rects = []
        for screen in self.screens:
            g = screen.geometry()
            on = QRect(self.mapFromGlobal(g.topLeft()), g.size()).intersected(area)
            rects.append(on)
        return rects

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.place()

    def moveEvent(self, event) -> None:  # noqa: N802
        super().moveEvent(event)
        self.place()

    def place(self) -> None:
        for pane, rect in zip(self.panes, self.pane_rects()):
            pane.setGeometry(rect)
            pane.setVisible(not rect.isEmpty())


class ScreenArrangement:
    """Which window shows which screen's viewports, and where the study list is."""

    def __init__(self, window) -> None:
        self.window = window
        self.ws = window.ws
        self.screens = list(QGuiApplication.screens()) or [None]
        mode = self.ws.settings.screen_mode
        self.mode = mode if mode in MODES else "windows"
        self.windows: list[ScreenWindow] = []
        self.span: SpanArea | None = None
        self.ws.use_screens(self.count)
        app = QGuiApplication.instance()
        self._plugged = [app.screenAdded.connect(self._plugged_in_or_out),
                         app.screenRemoved.connect(self._plugged_in_or_out)] if app is not None else []

    @property
    def count(self) -> int:
        return len(self.screens)

    def browser_screen(self) -> int:
        return max(0, min(self.count - 1, int(self.ws.settings.browser_screen or 0)))

    # ------------------------------------------------------------------ the reader's (or a protocol's) choices
    def show_layout(self, screen: int, rows: int, cols: int) -> None:
        """Show a ``rows`` x ``cols`` grid on monitor ``screen`` (0: the main window's)."""
        screen = max(0, min(self.count - 1, screen))
        self.ws.choose_layout(rows, cols, screen)

    def set_mode(self, mode: str) -> None:
        if mode not in MODES or mode == self.mode:
            return
        self.ws.settings.screen_mode = mode
        self.mode = mode
        if self.window.isVisible():
            self.show(self._screenshot)

    def put_browser_on(self, screen: int) -> None:
        self.ws.settings.browser_screen = max(0, min(self.count - 1, screen))
        self._place_browser()

    def _plugged_in_or_out(self, _screen) -> None:
        self.follow_screens(QGuiApplication.screens())

    def follow_screens(self, screens) -> None:
        """A monitor plugged in or out while Cauri runs (a projector in the staff room, a cable pulled): the
        views of a screen that went fold away (the series stay in the list; the status bar says so), a screen
        that came gets its remembered grid and the series not yet shown, and the windows follow."""
        screens = list(screens) or [None]
        if screens == self.screens:
            return
        before = self.count
        self.screens = screens
        self.ws.use_screens(self.count)
        for sw in self.windows[max(0, self.count - 1):]:
            sw.hide()
        if self.count < before:
            self.window.status_label.setText(QCoreApplication.translate("ScreenArrangement",
                                                                        "A screen was unplugged: its views are folded away"))
        if self.window.isVisible():
            self.show(self._screenshot)

    # ------------------------------------------------------------------ showing
    _screenshot = False

    def show(self, screenshot: bool = False) -> None:
        """Show the window(s); ``screenshot``: sized to each screen, not maximised (no window manager)."""
        self._screenshot = screenshot
        w, grid = self.window, self.window.grid
        self._undo_span()
        if self.count == 1 or self.screens[0] is None:
            for sw in self.windows:
                sw.hide()
            if screenshot:
                w.resize(1600, 1000)
                w.show()
            else:
                w.resize(1400, 900)
                w.showMaximized()
            return
        if self.mode == "span":
            for sw in self.windows:
                sw.hide()
            panes = [grid.pane(i) for i in range(self.count)]
            holder = grid.parentWidget()
            box = holder.layout()
            self.span = SpanArea(panes, self.screens, holder)
            box.addWidget(self.span, 1)
            union = QRect()
            for s in self.screens:
                union = union.united(s.geometry())
            w.setGeometry(union)
            w.show()
            self.span.place()
        else:
            w.setGeometry(self.screens[0].availableGeometry() if not screenshot else self.screens[0].geometry())
            w.show() if screenshot else w.showMaximized()
            while len(self.windows) < self.count - 1:
                self.windows.append(ScreenWindow(w, len(self.windows) + 1))
            for i, sw in enumerate(self.windows, start=1):
                sw.setCentralWidget(grid.pane(i))
                grid.pane(i).show()
                sw.setGeometry(self.screens[i].geometry())
                sw.show() if screenshot else sw.showMaximized()
        self._place_browser()

    def _undo_span(self) -> None:
        """Back to one pane in the main window (the others waiting, parentless, for their window)."""
        if self.span is None:
            return
        grid = self.window.grid
        holder = self.span.parentWidget()
        for i, pane in enumerate(self.span.panes):
            if i == 0:
                pane.setParent(holder)
                holder.layout().addWidget(pane, 1)
            else:
                pane.setParent(None)
        grid.show()
        self.span.deleteLater()
        self.span = None

    def _place_browser(self) -> None:
        dock = self.window.studies_dock
        screen = self.browser_screen()
        if self.count == 1 or screen == 0:
            host, area = self.window, Qt.DockWidgetArea.LeftDockWidgetArea
        elif self.mode == "span":
            host, area = self.window, Qt.DockWidgetArea.RightDockWidgetArea
        else:
            host, area = self.windows[screen - 1], Qt.DockWidgetArea.LeftDockWidgetArea
        if dock.parentWidget() is not host or host.dockWidgetArea(dock) != area:
            host.addDockWidget(area, dock)
        dock.show()
        if self.span is not None:
            self.span.place()

    # ------------------------------------------------------------------ pictures
    def screen_pictures(self) -> list[QPixmap]:
        """One picture per screen, as the reader sees it."""
        w = self.window
        if self.count == 1:
            return [w.grab()]
        if self.mode == "span":
            # Each screen's part of the window, on a canvas the screen's size (a window manager may keep the
            # window a frame's width off the screen's edge).
            whole = w.grab()
            ratio = whole.devicePixelRatio()
            origin = w.mapToGlobal(QPoint(0, 0))
            pictures = []
            for s in self.screens:
                g = s.geometry()
                canvas = QPixmap(int(g.width() * ratio), int(g.height() * ratio))
                canvas.setDevicePixelRatio(ratio)
                canvas.fill(Qt.GlobalColor.black)
                painter = QPainter(canvas)
                painter.drawPixmap(origin - g.topLeft(), whole)
                painter.end()
                pictures.append(canvas)
            return pictures
        return [w.grab()] + [sw.grab() for sw in self.windows]

    def close(self) -> None:
        for connection in self._plugged:
            QObject.disconnect(connection)
        self._plugged = []
        for sw in self.windows:
            sw.main = None  # the main window is going: the monitor windows go with it
            sw.close()
            sw.deleteLater()
        self.windows.clear()
