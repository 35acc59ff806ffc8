"""The theatre window: full screen, dark and high-contrast, the patient at the top in big type, the study's
key images, measurements and report first in a strip of big tiles, the views in the middle, and a column of
big controls (15 mm at least) a gloved finger hits: "Défiler / Fenêtrer", fit, cine, the planning views,
the presenter. It shows the workstation's own views (the reading window's slots), read-only."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QImage, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from viewer.core.messages import in_language
from viewer.presentation.thumbnail import thumbnail_image
from viewer.ui.document_view import open_document
from viewer.ui.theatre.sizes import control_size, text_size
from viewer.ui.theatre.viewport import TheatreGrid
from viewer.workstation import theatre_content as C
from viewer.workstation.theatre import show_image

STYLE = """
QWidget#theatre, QWidget#theatre QScrollArea, QWidget#theatre QScrollArea > QWidget > QWidget { background: #000; }
QWidget#theatre QLabel { color: #fff; }
QLabel#banner { background: #000; color: #ffd600; border-bottom: 3px solid #ffd600; font-weight: bold; }
QLabel#heading { color: #9ad; font-weight: bold; }
QPushButton { background: #1a1a1a; color: #fff; border: 3px solid #888; border-radius: 8px; padding: 6px; }
QPushButton:checked { background: #ffd600; color: #000; border-color: #ffd600; }
QPushButton:pressed { background: #444; }
QPushButton[tile="key"], QPushButton[tile="measurement"] { border-color: #ffd600; text-align: left; }
QPushButton[tile="report"] { border-color: #0ce; text-align: left; }
QPushButton[tile="series"] { text-align: left; }
QTextBrowser { background: #000; color: #fff; border: 2px solid #0ce; }
"""
STRIP_SHARE = 0.2  # of the screen's width


def _qimage(img) -> QImage:
    """A thumbnail array (grey or RGB, uint8) as a QImage that owns its pixels."""
    rgb = np.ascontiguousarray(np.dstack([img] * 3) if img.ndim == 2 else img[..., :3])
    h, w = rgb.shape[:2]
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


class TheatreWindow(QWidget):
    closed = Signal()

    def __init__(self, main_window) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.main = main_window
        self.ws = ws = main_window.ws
        self.language = main_window.language
        self.setObjectName("theatre")
        self.setWindowTitle("Cauri")
        self.setStyleSheet(STYLE)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        screen = main_window.screen()
        self.control_px, self.text_px = control_size(screen), text_size(screen)
        self.tiles: list[tuple[QPushButton, C.ContentItem]] = []

        # The patient, permanent and large: a wrong patient on a theatre screen is a never-event.
        self.banner_name = self._banner_label(1.3)
        self.banner = self._banner_label(1.0)
        self.banner.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.leave_button = self._button(self.tr("Leave theatre"), ws.leave_theatre)
        top = QHBoxLayout()
        top.setSpacing(24)
        top.addWidget(self.banner_name, 1)
        top.addWidget(self.banner, 2)
        top.addWidget(self.leave_button)

        self.strip = QWidget()
        self.strip_box = QVBoxLayout(self.strip)
        self.strip_box.setSpacing(8)
        scroll = QScrollArea(self)
        scroll.setWidget(self.strip)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFixedWidth(int(screen.geometry().width() * STRIP_SHARE) if screen is not None else 380)
        self.scroll = scroll

        self.grid = TheatreGrid(ws.views, ws.loader, self.language, self, ws.keymap, ws.theatre.drag,
                                ws.plugins.viewports())  # a video plays in theatre as in the reading window
        for vp in self.grid.viewports:
            self._follow(vp)
        self.grid.viewport_created.connect(self._follow)
        self.report = QTextBrowser(self)
        self.report.setOpenLinks(False)
        self._font(self.report, 1.0)
        report_page = QWidget(self)
        rbox = QVBoxLayout(report_page)
        rbox.addWidget(self.report, 1)
        rbox.addWidget(self._button(self.tr("Close"), self.show_views))
        self.centre = QStackedWidget(self)
        self.centre.addWidget(self.grid)
        self.centre.addWidget(report_page)

        self.controls = QVBoxLayout()
        # The big toggle of what one finger does: "Défiler" (images) or "Fenêtrer" (window/level).
        self.drag_buttons = {"scroll": self._button(self.tr("Scroll"), lambda: ws.theatre.set_drag("scroll"), True),
                             "window": self._button(self.tr("Window"), lambda: ws.theatre.set_drag("window"), True)}
        self.fit_button = self._button(self.tr("Fit"), lambda: self._active("fit"))
        self.cine_button = self._button(self.tr("Cine"), self.toggle_cine, checkable=True)
        self.plan_buttons = {
            "images": self._button(self.tr("Images"), lambda: self.plan("images"), checkable=True),
            "mpr": self._button(self.tr("MPR"), lambda: self.plan("mpr"), checkable=True),
            "mip": self._button(self.tr("Thick MIP"), lambda: self.plan("mip"), checkable=True),
            "bone3d": self._button(self.tr("3D bone"), lambda: self.plan("bone3d"), checkable=True),
        }
        self.present_button = self._button(self.tr("Present"), main_window.theatre.toggle_presenter, checkable=True)
        for b in (*self.drag_buttons.values(), self.fit_button, self.cine_button, *self.plan_buttons.values(), self.present_button):
            self.controls.addWidget(b)
        self.controls.addStretch(1)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self._font(self.status, 0.8)
        self.controls.addWidget(self.status)

        middle = QHBoxLayout()
        middle.addWidget(scroll)
        middle.addWidget(self.centre, 1)
        middle.addLayout(self.controls)
        box = QVBoxLayout(self)
        box.setContentsMargins(8, 8, 8, 8)
        box.addLayout(top)
        box.addLayout(middle, 1)

        space = QAction(self)
        space.setShortcut(QKeySequence("Space"))
        space.triggered.connect(self.toggle_cine)
        self.addAction(space)
        self._undo = [ws.theatre.drag_changed.connect(self._drag_changed), ws.study_opened.connect(lambda *_: self.refresh()),
                      ws.volumes.changed.connect(self._planning_changed), ws.volumes.filled.connect(self._redraw_volumes)]
        main_window.mpr.settled.connect(self._redraw_volumes)  # planes at full quality once still
        self._drag_changed(ws.theatre.drag)
        self.refresh()

    # ------------------------------------------------------------------ parts
    def _font(self, widget, factor: float) -> None:
        font = widget.font()
        font.setPixelSize(max(1, int(round(self.text_px * factor))))
        widget.setFont(font)

    def _banner_label(self, factor: float) -> QLabel:
        label = QLabel(self)
        label.setObjectName("banner")
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)  # wraps rather than widening the window past the screen or cutting a name
        label.setMinimumHeight(self.control_px)
        self._font(label, factor)
        return label

    def _tile(self, text: str, kind: str, slot, picture=None) -> QPushButton:
        """A strip tile: a big button whose text wraps (a series description is long), with the image it
        opens beside it (``picture``: a thumbnail array) for key images and measurements."""
        tile = self._button("", slot)
        tile.setProperty("tile", kind)
        label = QLabel(text, tile)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        label.setStyleSheet("background: transparent; color: #fff;")
        self._font(label, 0.8)
        inner = QHBoxLayout(tile)
        inner.setContentsMargins(10, 6, 10, 6)
        tile.picture = None
        if picture is not None:
            tile.picture = QLabel(tile)
            tile.picture.setPixmap(QPixmap.fromImage(_qimage(picture)))
            tile.picture.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            inner.addWidget(tile.picture)
        inner.addWidget(label, 1)
        tile.label = label
        tile.setMinimumHeight(int(self.control_px * 1.6))
        tile.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        return tile

    def _button(self, text: str, slot, checkable: bool = False) -> QPushButton:
        b = QPushButton(text, self)
        b.setCheckable(checkable)
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay the views' (arrows, page keys, space)
        b.setMinimumSize(max(self.control_px * 3, 4 * self.text_px), self.control_px)
        b.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._font(b, 1.0)
        b.clicked.connect(lambda _=False: slot())
        return b

    def _redraw_volumes(self, *_args) -> None:
        """A volume finished filling, or the planes stopped moving: the theatre's planes and 3-D views are
        drawn again (the reading window's controller redraws only its own grid)."""
        for vp in self.grid.visible_viewports():
            if vp.mpr is not None or vp.vr is not None:
                vp.schedule_render()

    def _follow(self, vp) -> None:
        vp.measure = self.main.measure  # the study's findings drawn (read-only: the set is locked)
        vp.state_changed.connect(self.main.mpr.view_changed)  # draft planes while they change, as in reading
        vp.cine.fps = self.ws.settings.cine_fps
        vp.probed.connect(self._probed)

    def _probed(self, text: str) -> None:
        self.status.setText(text)

    # ------------------------------------------------------------------ content
    def refresh(self) -> None:
        """The banner and the strip for the open study."""
        banner = C.patient_banner(self.ws.study, self.language)
        if banner is None:
            self.banner_name.setText(self.tr("No study open"))
            self.banner.setText("")
        else:
            self.banner_name.setText(banner.name)
            self.banner.setText("   ".join((self.tr("ID: ") + banner.patient_id, self.tr("Born: ") + banner.birth_date,
                                            self.tr("Study: ") + banner.study_date)))
        while self.strip_box.count():
            item = self.strip_box.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.tiles.clear()
        headings = {C.KEY: self.tr("Key images and measurements"), C.MEASUREMENT: self.tr("Key images and measurements"),
                    C.REPORT: self.tr("Report"), C.SERIES: self.tr("Series")}
        last = None
        for item in C.study_content(self.ws, self.language, self.ws.loader) if self.ws.study is not None else []:
            if headings[item.kind] != last:
                last = headings[item.kind]
                heading = QLabel(last)
                heading.setObjectName("heading")
                heading.setWordWrap(True)  # never wider than the strip
                self._font(heading, 0.9)
                self.strip_box.addWidget(heading)
            title = in_language(item.title, self.language)
            detail = in_language(item.detail, self.language)
            picture = self._picture(item) if item.kind in (C.KEY, C.MEASUREMENT) else None
            tile = self._tile(f"{title}\n{detail}" if detail else title, item.kind, lambda it=item: self.open_item(it),
                              picture)
            self.strip_box.addWidget(tile)
            self.tiles.append((tile, item))
        self.strip_box.addStretch(1)
        self._planning_changed()

    def _picture(self, item: C.ContentItem):
        """The thumbnail of the image a key-image or measurement tile opens (read here: a study has a
        handful of them; the series list's thumbnails stay the browser's)."""
        ds = self.ws.display_sets.get(item.display_set)
        try:
            return thumbnail_image(ds, int(self.control_px * 1.4), item.index) if ds is not None else None
        except Exception:  # an image that does not decode still leaves the tile that opens it
            return None

    def open_item(self, item: C.ContentItem) -> None:
        """One tap: the image (key image, measurement, series), or the report's text."""
        if item.kind == C.REPORT:
            found = C.report_text(self.ws.cache, item.series_uid)
            if found is None:
                reason = open_document(self.main, self.ws.cache.instances_of(item.series_uid))
                self.status.setText(in_language(reason, self.language) if reason else "")
                return
            title, text = found
            self.report.setPlainText(f"{title}\n\n{text}")
            self.centre.setCurrentIndex(1)
            return
        self.show_views()
        if show_image(self.ws, item.display_set, item.index):
            if item.measurement_id:
                self.main.measure.selected = item.measurement_id
            vp = self.grid.active
            if vp is not None:
                vp.setFocus()

    def show_views(self) -> None:
        self.centre.setCurrentIndex(0)

    # ------------------------------------------------------------------ controls
    def _active(self, name: str) -> None:
        vp = self.grid.active
        if vp is not None:
            getattr(vp, name)()

    def toggle_cine(self) -> None:
        vp = self.grid.active
        if vp is not None:
            vp.cine.toggle()
            self.cine_button.setChecked(vp.cine.isActive())

    def _drag_changed(self, mode: str) -> None:
        self.grid.set_drag_mode(mode)
        for key, b in self.drag_buttons.items():
            b.setChecked(key == mode)
            b.setToolTip(self.tr("What one finger dragged does"))

    def plan(self, view: str) -> None:
        self.show_views()
        reason = self.ws.theatre.plan(view)
        self.status.setText(in_language(reason, self.language) if reason else "")
        self._planning_changed()

    def _planning_changed(self, *_args) -> None:
        current = self.ws.theatre.planning_view()
        for key, b in self.plan_buttons.items():
            b.setChecked(key == current)

    # ------------------------------------------------------------------ the end
    def keyPressEvent(self, event) -> None:  # noqa: N802
        """A key pressed while no view has the focus (a remote): the active view takes it."""
        vp = self.grid.active
        if vp is not None and not vp.hasFocus():
            vp.setFocus()
            if vp.input.eventFilter(vp, event):
                return
        super().keyPressEvent(event)

    def release(self) -> None:
        self.main.mpr.settled.disconnect(self._redraw_volumes)
        for undo in self._undo:
            undo()
        for vp in self.grid.viewports:
            vp.cine.stop()
        self.grid.release()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.closed.emit()
        super().closeEvent(event)
