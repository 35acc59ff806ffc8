"""The video viewport: a DICOM video played at its stored rate (by the clock: a frame too slow to decode is
dropped, the clip keeps its length), decoded as it plays (``VideoReader``: the next
frame, never the clip), with pause, frame step, seek and loop, and a snapshot through the window's picture
export. The controls are large (at least 56 px high, 16 pt) for a gloved hand on a touch screen in theatre.

Keys: Space play/pause, Left/Right one frame, Home/End first/last frame, L loop.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QEvent, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QSlider, QVBoxLayout, QWidget

from viewer.plugin_api import VideoError, VideoReader, in_language, msg

BUTTON_HEIGHT = 56  # px: a fingertip in a glove (the guidelines' 9 mm, doubled)
COMPACT_BELOW = 760  # px of width under which the buttons' words do not fit at 16 pt
_STYLE = """
QWidget#video-controls { background: #181818; }
QPushButton { background: #303030; color: #f0f0f0; border: 1px solid #505050; border-radius: 6px;
              padding: 4px 14px; }
QPushButton:checked { background: #2a5d8a; }
QPushButton:pressed { background: #505050; }
QLabel { color: #f0f0f0; }
QSlider::groove:horizontal { height: 14px; background: #404040; border-radius: 7px; }
QSlider::sub-page:horizontal { background: #2a7ac0; border-radius: 7px; }
QSlider::handle:horizontal { width: 40px; margin: -14px 0; background: #f0f0f0; border-radius: 20px; }
"""


class _Screen(QWidget):
    """The current frame, fitted to the widget in its true proportions, on black; or why there is none."""

    def __init__(self, parent) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.message = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(0, 0, 0))
        if self.image is not None and not self.image.isNull():
            scale = min(self.width() / self.image.width(), self.height() / self.image.height())
            w, h = self.image.width() * scale, self.image.height() * scale
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, scale < 1)
            p.drawImage(QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h), self.image)
        if self.message:
            p.setPen(QColor(255, 200, 0))
            font = p.font()
            font.setPointSize(14)
            p.setFont(font)
            p.drawText(self.rect().adjusted(20, 20, -20, -20), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       self.message)
        p.end()


class VideoViewport(QWidget):
    def __init__(self, display_set, host) -> None:
        super().__init__()
        self.setObjectName("video-viewport")
        self.display_set, self.host = display_set, host
        self.info = display_set.extra["video"]
        self.reader = VideoReader(display_set.instances[0].path, self.info, threads=2)
        self.index = -1  # the frame on screen
        self.failed = ""
        self.frame: object = None  # the decoded RGB array on screen (kept: the QImage borrows its bytes)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setStyleSheet(_STYLE)

        self.screen_view = _Screen(self)
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(max(5, round(500.0 / self.info.fps)))  # twice a frame: the clock decides which
        self.timer.timeout.connect(self._tick)
        self.clock = QElapsedTimer()
        self._from = 0  # the frame playing started from

        self.first = self._button("first", "|◀◀", self._t(msg("First frame (Home)")), lambda: self.seek(0))
        self.back = self._button("back", "◀❙", self._t(msg("Previous frame (Left)")), lambda: self.step(-1))
        self.play_button = self._button("play", "", self._t(msg("Play or pause (Space)")), self.toggle)
        self.forward = self._button("forward", "❙▶", self._t(msg("Next frame (Right)")), lambda: self.step(1))
        self.loop = self._button("loop", self._t(msg("Loop")), self._t(msg("Play in a loop (L)")),
                                 None)
        self.loop.setCheckable(True)
        self.loop.setChecked(True)
        self.snapshot = self._button("snapshot", self._t(msg("Snapshot")),
                                     self._t(msg("Save this frame as a picture")), self._snapshot)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("video-slider")
        self.slider.setRange(0, max(0, self.info.frames - 1))
        self.slider.setMinimumHeight(BUTTON_HEIGHT)
        self.slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.slider.valueChanged.connect(self._slid)
        self.position = QLabel()
        self.position.setObjectName("video-position")
        self.position.setFont(self._big_font())

        controls = QWidget(self)
        controls.setObjectName("video-controls")
        controls.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        column = QVBoxLayout(controls)
        column.setContentsMargins(8, 6, 8, 6)
        column.addWidget(self.position)
        column.addWidget(self.slider)
        row = QHBoxLayout()
        for b in (self.first, self.back, self.play_button, self.forward, self.loop, self.snapshot):
            row.addWidget(b)
        row.addStretch(1)
        column.addLayout(row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.screen_view, 1)
        layout.addWidget(controls)
        self._show_play_state()
        QTimer.singleShot(0, self, lambda: self.seek(0))

    # -- the frame on screen --
    def seek(self, index: int) -> bool:
        """Show frame ``index`` (clamped to the clip); False when it cannot be decoded (the reason is shown)."""
        index = max(0, min(index, self._last()))
        try:
            rgb = self.reader.read(index)
        except IndexError:  # the stream ends before Number of Frames says: its true end is now known
            if self.reader.stream_frames:
                self.slider.setRange(0, self.reader.stream_frames - 1)
                return self.seek(self.reader.stream_frames - 1) if index != self.reader.stream_frames - 1 else False
            return self._fail(msg("the video stream is damaged and cannot be decoded"))
        except VideoError as exc:
            return self._fail(exc.args[0])
        self.index, self.frame = index, rgb
        h, w = rgb.shape[:2]
        self.screen_view.image = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888)
        self.screen_view.message = ""
        self.screen_view.update()
        if self.slider.value() != index:
            self.slider.blockSignals(True)
            self.slider.setValue(index)
            self.slider.blockSignals(False)
        self._show_position()
        return True

    def step(self, delta: int) -> None:
        self.pause()
        self.seek(self.index + delta)

    def _last(self) -> int:
        frames = self.reader.stream_frames or self.info.frames
        return max(0, frames - 1)

    def _fail(self, reason) -> bool:
        self.pause()
        self.failed = in_language(reason, self.host.language)
        self.screen_view.message = self.failed
        self.screen_view.update()
        self.host.say(self.failed)
        return False

    # -- playing --
    @property
    def playing(self) -> bool:
        return self.timer.isActive()

    def play(self) -> None:
        if self.failed:
            return
        if self.index >= self._last():
            self.seek(0)
        self._from = self.index
        self.clock.start()
        self.timer.start()
        self._show_play_state()

    def pause(self) -> None:
        self.timer.stop()
        self._show_play_state()

    def toggle(self) -> None:
        self.pause() if self.playing else self.play()

    def _tick(self) -> None:
        """The frame due now by the clock since play (a slow decode drops frames, never slows the clip)."""
        due = self._from + int(self.clock.elapsed() * self.info.fps / 1000.0)
        if due <= self.index:
            return
        last = self._last()
        if self.index >= last:
            if not self.loop.isChecked():
                self.pause()
                return
            self._from = 0
            self.clock.restart()
            due = 0
        if not self.seek(min(due, last)):
            self.pause()

    def _slid(self, value: int) -> None:
        if value != self.index:
            self.seek(value)

    # -- what the viewport asks --
    def release(self) -> None:
        self.timer.stop()
        self.reader.close()

    def picture(self) -> QImage:
        """The frame on screen at its own size (what « Exporter l'image… » saves)."""
        if self.screen_view.image is None:
            return QImage()
        return self.screen_view.image.copy()

    def is_ready(self) -> bool:
        return self.index >= 0 or bool(self.failed)

    def _snapshot(self) -> None:
        self.pause()
        self.host.export_picture()

    # -- keys --
    def _keys(self) -> dict:
        return {Qt.Key.Key_Space: self.toggle, Qt.Key.Key_Left: lambda: self.step(-1),
                Qt.Key.Key_Right: lambda: self.step(1), Qt.Key.Key_Home: lambda: self.seek(0),
                Qt.Key.Key_End: lambda: self.seek(self._last()), Qt.Key.Key_L: self.loop.toggle}

    def event(self, event) -> bool:
        # The window's shortcuts (Space for the cine, the arrows for the stack) must not take the player's keys.
        if event.type() == QEvent.Type.ShortcutOverride and event.modifiers() == Qt.KeyboardModifier.NoModifier \
                and event.key() in self._keys():
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        action = self._keys().get(event.key()) if event.modifiers() == Qt.KeyboardModifier.NoModifier else None
        if action is not None:
            action()
            event.accept()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        self.setFocus()
        super().mousePressEvent(event)

    # -- labels --
    def _t(self, text) -> str:
        return in_language(text, self.host.language)

    def _button(self, name: str, text: str, tip: str, action) -> QPushButton:
        b = QPushButton(text)
        b.setObjectName(f"video-{name}")
        b.setToolTip(tip)
        b.setMinimumHeight(BUTTON_HEIGHT)
        b.setFont(self._big_font())
        b.setMinimumWidth(BUTTON_HEIGHT)
        b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay with the viewport
        if action is not None:
            b.clicked.connect(action)
        return b

    @staticmethod
    def _big_font() -> QFont:
        font = QFont()
        font.setPointSize(16)
        return font

    def _compact(self) -> bool:
        """A narrow viewport (a 2x2 layout): the buttons keep their size and show signs only (words in tips)."""
        return self.width() < COMPACT_BELOW

    def _show_play_state(self) -> None:
        compact = self._compact()
        word = self._t(msg("Pause")) if self.playing else self._t(msg("Play"))
        sign = "❙❙" if self.playing else "▶"
        self.play_button.setText(sign if compact else f"{sign} {word}")
        self.loop.setText("↻" if compact else self._t(msg("Loop")))
        self.snapshot.setText("◉" if compact else self._t(msg("Snapshot")))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().resizeEvent(event)
        self._show_play_state()

    def _show_position(self) -> None:
        frames = self.reader.stream_frames or self.info.frames
        fps = self.info.fps
        self.position.setText(in_language(msg(
            "Frame {frame} / {frames} · {time:trim} / {duration:trim} s · {fps:trim} fps", frame=self.index + 1, frames=frames,
            time=round(self.index / fps, 2), duration=round(frames / fps, 2), fps=round(fps, 2)), self.host.language))

