"""Idle lock: after N minutes without keyboard, mouse, wheel or touch input, the window hides every patient
detail (study list, images, corner texts) behind an opaque panel until the reader unlocks it.

A reading-room PC is left on between cases; a passer-by must not see the last patient's images. The panel
is a child of the main window that covers all of it, and while it is up an application-wide event filter
swallows input (shortcuts included) meant for anything else, so nothing behind it can be used blind.
Unlocked, input is seen on the window's own QWindow, where it passes before any widget gets it. The
delay is the ``idle_lock_minutes`` setting (0: never). Unlocking is the reader's click or Enter on the
panel's button: the point is privacy at an unattended screen; the operating system's own session lock is
what asks for a password.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel, QPushButton, QVBoxLayout, QWidget

_INPUT = {
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd, QEvent.Type.Shortcut, QEvent.Type.ShortcutOverride,
    QEvent.Type.ContextMenu, QEvent.Type.DragEnter, QEvent.Type.Drop,
}


class LockPanel(QWidget):
    """The opaque panel shown while locked."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setObjectName("idleLockPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#idleLockPanel { background: #1b1f24; } QLabel { color: #e8e8e8; font-size: 18px; }")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.label = QLabel(self.tr("Cauri is locked: patient data is hidden."), self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.label)
        self.button = QPushButton(self.tr("Unlock"), self)
        self.button.setDefault(True)
        self.button.setMinimumWidth(200)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self.hide()


class IdleLock(QObject):
    """Watches the application's input; locks ``window`` after ``minutes`` without any."""

    def __init__(self, window: QWidget, minutes: float):
        super().__init__(window)
        self.window = window
        self.panel = LockPanel(window)
        self.panel.button.clicked.connect(self.unlock)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self._title = ""
        self._floating: list[QDockWidget] = []
        self._handle = None  # the window's QWindow: all its keyboard and mouse input passes there first
        self._locked = False
        self.set_minutes(minutes)
        window.installEventFilter(self)
        self._watch_handle()

    @property
    def locked(self) -> bool:
        return self._locked  # not the panel's visibility: that is False too while the window is minimized

    def set_minutes(self, minutes: float) -> None:
        self.minutes = max(0.0, float(minutes or 0))
        self._restart()

    def _restart(self) -> None:
        if self.minutes > 0 and not self.locked:
            self.timer.start(int(self.minutes * 60_000))
        else:
            self.timer.stop()

    def lock(self) -> None:
        if self.locked or not self.window.isVisible():
            return  # a closed or hidden window shows nothing to hide (and must not filter the others' input)
        self._title = self.window.windowTitle()
        self.window.setWindowTitle("Cauri")
        # Panels undocked into windows of their own are outside the cover: hidden with the rest.
        self._floating = [d for d in self.window.findChildren(QDockWidget) if d.isFloating() and d.isVisible()]
        for dock in self._floating:
            dock.hide()
        self._locked = True
        self.panel.setGeometry(self.window.rect())
        self.panel.show()
        self.panel.raise_()
        self.panel.button.setFocus()
        # Only while locked does every event of the application pass through Python here (to swallow input,
        # shortcuts included); unlocked, watching the window's QWindow costs nothing per paint or timer.
        QApplication.instance().installEventFilter(self)

    def unlock(self) -> None:
        if not self.locked:
            return
        QApplication.instance().removeEventFilter(self)
        self._locked = False
        self.panel.hide()
        for dock in self._floating:
            dock.show()
        self._floating = []
        if self._title:
            self.window.setWindowTitle(self._title)
        self._restart()

    def _watch_handle(self) -> None:
        handle = self.window.windowHandle()
        if handle is not None and handle is not self._handle:
            handle.installEventFilter(self)
            self._handle = handle

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if watched is self.window:
            if kind == QEvent.Type.Show:
                self._watch_handle()  # the QWindow exists from the first show
                self._restart()
            elif kind == QEvent.Type.Close:  # not Hide: a locked window minimized must come back locked
                self.unlock()  # no application-wide filter left behind a closed window
                self.timer.stop()
            elif kind == QEvent.Type.Resize and self.locked:
                self.panel.setGeometry(self.window.rect())
            return False
        if kind not in _INPUT:
            return False
        if not self.locked:
            if self.minutes > 0:
                self.timer.start()  # any input: the idle time starts again
            return False
        if not isinstance(watched, QWidget):
            return False  # the window system's own delivery: the widget it reaches is judged next
        # Locked: only the panel (its button) takes input.
        return not (watched is self.panel or self.panel.isAncestorOf(watched))
