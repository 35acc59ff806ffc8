"""Exporter l'image…: the active viewport or the whole layout as a PNG or JPEG, with or without the overlay
texts and the reader's marks, and optionally without the patient's identity (for a talk or a colleague).

Each viewport draws its own picture again (``ViewportWidget.picture``): the same presentation as on screen,
with the options chosen, never the screen grabbed (the patient band and the window's chrome stay out).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import (QApplication, QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel,
                               QLineEdit, QMessageBox, QPushButton, QRadioButton, QVBoxLayout)

from viewer.ui.viewport_pictures import cine_pictures, picture, turn_pictures


class PictureDialog(QDialog):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export the image"))
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setObjectName("picture_path")
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        row.addWidget(QLabel(self.tr("File (.png, .jpg, or .mp4 for the cine of the active stack or a turn of "
                                     "the 3-D view):")))
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        self.active_only = QRadioButton(self.tr("The active viewport"))
        self.layout_all = QRadioButton(self.tr("The whole layout"))
        self.active_only.setChecked(True)
        layout.addWidget(self.active_only)
        layout.addWidget(self.layout_all)
        self.overlays = QCheckBox(self.tr("Overlay texts and scale"))
        self.overlays.setChecked(True)
        self.annotations = QCheckBox(self.tr("Measurements and annotations"))
        self.annotations.setChecked(True)
        self.anonymous = QCheckBox(self.tr("Without the patient's name, ID and birth date"))
        for box in (self.overlays, self.annotations, self.anonymous):
            layout.addWidget(box)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the image"), "image.png",
                                              "PNG (*.png);;JPEG (*.jpg);;MP4 (*.mp4)")
        if path:
            self.path.setText(path)

    def _accept(self) -> None:
        if self.path.text().strip():
            self.accept()

    def write(self, window) -> None:
        grid = window.grid
        options = (self.overlays.isChecked(), self.annotations.isChecked(), not self.anonymous.isChecked())
        path = self.target()
        if path.suffix.lower() == ".mp4":
            self._write_cine(window, grid.active, options, path)
            return
        image = layout_picture(grid, *options) if self.layout_all.isChecked() else picture(grid.active, *options)
        failed = save_picture(image, path)
        if failed:
            QMessageBox.warning(window, self.tr("Export the image"), self.tr("Cannot write %1").replace("%1", failed))
        else:
            window.status_label.setText(self.tr("Image saved: %1").replace("%1", str(path)))

    def target(self) -> Path:
        path = Path(self.path.text().strip()).expanduser().absolute()
        return path if path.suffix.lower() in (".png", ".jpg", ".jpeg", ".mp4") else path.with_name(path.name + ".png")

    def _write_cine(self, window, vp, options, path: Path) -> None:
        """The active stack, image by image as the viewport shows it, at the cine's rate, to MP4 (PyAV); from a
        3-D view, a turn around the volume (24 pictures a second: a 3-second turn)."""
        from viewer.core.messages import in_language
        from viewer.export.video import VideoError, write_mp4

        overlays, annotations, identity = options
        ds = vp.state.display_set
        if ds is not None and ds.kind == "video":  # the clip itself, frame by frame at its own rate
            fps, pictures = video_pictures(ds)
        elif vp.vr is not None:
            fps, pictures = 24.0, turn_pictures(vp, overlays, identity)
        else:
            fps, pictures = float(getattr(getattr(vp, "cine", None), "fps", 0) or 10.0), cine_pictures(vp, *options)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            count = write_mp4(pictures, path, fps)
        except VideoError as exc:
            QMessageBox.warning(window, self.tr("Export the image"),
                                in_language(exc.args[0] if exc.args else str(exc), window.language))
            return
        finally:
            QApplication.restoreOverrideCursor()
        window.status_label.setText(self.tr("Cine saved: %1 (%n image(s))", "", count).replace("%1", str(path)))


def video_pictures(ds):
    """(frame rate, every frame of a video display set as RGB arrays, decoded one after the other)."""
    from viewer.dicom.video import VideoReader, read_video_info

    path = ds.instances[0].path
    info = read_video_info(path)

    def frames():
        reader = VideoReader(path, info)
        try:
            for k in range(info.frames):
                yield reader.read(k)
        finally:
            reader.close()

    return info.fps, frames()


def layout_picture(grid, overlays: bool, annotations: bool, identity: bool) -> QImage:
    """Every visible viewport's picture where it sits in the grid, on black."""
    viewports = grid.visible_viewports()
    dpr = viewports[0].devicePixelRatioF() if viewports else 1.0
    size = grid.size() * dpr
    canvas = QImage(size.width(), size.height(), QImage.Format.Format_RGB32)
    canvas.fill(QColor(0, 0, 0))
    painter = QPainter(canvas)
    try:
        for vp in viewports:
            at = vp.mapTo(grid, QPoint(0, 0))
            painter.drawImage(QPoint(int(at.x() * dpr), int(at.y() * dpr)), picture(vp, overlays, annotations, identity))
    finally:
        painter.end()
    return canvas


def save_picture(image: QImage, path: Path) -> str | None:
    """Write ``image`` (PNG or JPEG by the name) through a .part file; None, or why it failed."""
    jpeg = path.suffix.lower() in (".jpg", ".jpeg")
    tmp = path.with_name(path.name + ".part")
    try:
        if image.isNull() or not image.save(str(tmp), "JPEG" if jpeg else "PNG", 92 if jpeg else -1):
            return str(path)
        os.replace(tmp, path)
        return None
    except OSError as exc:
        return f"{path} ({exc.strerror or type(exc).__name__})"
    finally:
        tmp.unlink(missing_ok=True)


def export_picture(window) -> PictureDialog | None:
    """Ask, then write; the dialog is returned (tests drive it)."""
    if window.grid.active is None:
        return None
    dialog = PictureDialog(window)
    dialog.accepted.connect(lambda: dialog.write(window))
    dialog.open()
    return dialog
