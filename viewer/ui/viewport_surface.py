"""The viewport of a display set that is not an image stack (a video, a waveform, a slide...): the widget its
kind's plugin made (``PluginAPI.add_viewport``), held inside a reading viewport.

The reading viewport keeps what makes it a viewport whatever it shows: its place in the layout, the active
frame, drag-and-drop of series, and the patient strip along the top. The strip is drawn here, never by the
plugin's widget: which patient is on screen must not depend on a plugin remembering to say it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel, QWidget

from viewer.core.messages import Message, in_language, message_of, msg
from viewer.core.numbers import format_date
from viewer.presentation.corners import format_name

log = logging.getLogger(__name__)
FRAME = 3  # px left to the viewport's own frame (the active one is 3 px wide)


class SurfaceHolder(QObject):
    """Makes, places and releases the widget of a display set's kind inside ``viewport``; it is the
    ``ViewportHost`` the widget is given."""

    def __init__(self, viewport, factories: dict) -> None:
        super().__init__(viewport)
        self.viewport = viewport
        self.factories = factories
        self.widget: QWidget | None = None
        self.shown = None  # the display set the widget shows
        self.strip = QLabel(viewport)
        self.strip.setTextFormat(Qt.TextFormat.PlainText)  # names and descriptions come from the files
        self.strip.setObjectName("surface-patient-strip")
        self.strip.setStyleSheet("background: #202020; color: #f0f0f0; padding: 2px 6px;")
        self.strip.hide()

    language = property(lambda self: self.viewport.language)
    # The workstation's one budget for decoded images (core.memory): a plugin's decoded tiles share it.
    memory = property(lambda self: getattr(self.viewport.loader, "budget", None))

    def handles(self, display_set) -> bool:
        return display_set is not None and display_set.kind in self.factories

    def follow(self, display_set, context) -> None:
        """The slot now shows ``display_set``: the widget of its kind, or none for an image stack."""
        if display_set is self.shown and self.widget is not None:
            return
        self.release()
        if not self.handles(display_set):
            return
        self.shown = display_set  # the factory may ask for related() as it builds
        try:
            widget = self.factories[display_set.kind](display_set, self)
        except Exception as exc:  # a broken plugin shows its reason in the viewport, never takes the window down
            log.exception("viewport for kind %s failed", display_set.kind)
            said = message_of(exc) if isinstance(exc, ValueError) else ""  # a plugin's reader says why (msg)
            reason = said if isinstance(said, Message) else type(exc).__name__
            widget = QLabel(in_language(msg("This series cannot be shown ({error})", error=reason), self.language))
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            widget.setStyleSheet("color: #f0f0f0; background: black;")
        widget.setParent(self.viewport)
        widget.installEventFilter(self)
        for child in widget.findChildren(QWidget):
            child.installEventFilter(self)
        self.widget, self.shown = widget, display_set
        self.strip.setText(self._identity(display_set, context))
        self.place()
        self.strip.show()
        widget.show()

    def _identity(self, display_set, context) -> str:
        parts = [format_name(context.patient_name), context.patient_id, format_date(context.study_date, self.language),
                 " ".join(str(x) for x in (display_set.number, display_set.description) if x not in (None, ""))]
        return "  ·  ".join(p for p in parts if p)

    def place(self) -> None:
        if self.widget is None:
            return
        vp = self.viewport
        top = FRAME + (vp.band_height() if vp.patient_band is not None else 0)
        height = self.strip.sizeHint().height()
        self.strip.setGeometry(FRAME, top, vp.width() - 2 * FRAME, height)
        self.widget.setGeometry(FRAME, top + height, vp.width() - 2 * FRAME, vp.height() - top - height - FRAME)

    def release(self) -> None:
        widget, self.widget, self.shown = self.widget, None, None
        self.strip.hide()
        if widget is None:
            return
        try:
            if hasattr(widget, "release"):
                widget.release()
        except Exception:
            log.exception("viewport release failed")
        widget.hide()
        widget.deleteLater()

    def ready(self) -> bool:
        ready = getattr(self.widget, "is_ready", None)
        return bool(ready()) if callable(ready) else True

    def picture(self) -> QImage:
        make = getattr(self.widget, "picture", None)
        return make() if callable(make) else self.widget.grab().toImage()

    # -- ViewportHost --
    def related(self) -> list:
        """The display sets of the shown set's study (a slide's annotation objects, an ECG's report...)."""
        ws = getattr(self.viewport.window(), "ws", None)
        if ws is None or self.shown is None:
            return []
        return [ds for ds in ws.display_sets.values() if ds.study_uid == self.shown.study_uid]

    def activate(self) -> None:
        self.viewport.activated.emit(self.viewport)

    def say(self, text: str) -> None:
        window = self.viewport.window()
        label = getattr(window, "status_label", None)
        if label is not None:
            label.setText(text)

    def export_picture(self) -> None:
        """The window's « Exporter l'image… » for this viewport: it saves the widget's ``picture()``."""
        self.activate()
        action = getattr(self.viewport.window(), "act_export_picture", None)
        if action is not None:
            action.trigger()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt naming)
        if event.type() == QEvent.Type.MouseButtonPress:
            self.activate()  # a click anywhere on the plugin's widget makes its viewport the active one
        return False
