"""Study browser: search the local cache, list studies, show series thumbnails.

Every DICOM string shown here comes from outside and is displayed as plain text only.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
from PySide6.QtCore import QDate, QMimeData, QSize, Qt, Signal
from PySide6.QtGui import QDrag, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from viewer.dicom.pixels import default_window, render_display
from viewer.model.displaysets import DisplaySet
from viewer.model.frames import load_frame
from viewer.model.scene import format_date, format_name
from viewer.store.records import StudyQuery, StudyRecord
from viewer.ui.viewport_widget import DISPLAY_SET_MIME

THUMB = 96
MODALITIES = ["", "CT", "MR", "CR", "DX", "US", "XA", "MG", "NM", "PT", "RF", "OT", "SC"]


def thumbnail_image(display_set) -> np.ndarray | None:
    """A small greyscale/RGB preview of the middle image, computed off the UI thread."""
    frames = getattr(display_set, "frames", ())
    if not frames:
        return None
    frame = load_frame(frames[len(frames) // 2])
    if frame.stored is None or frame.header is None:
        return None
    desc = frame.header.descriptor
    window = None if desc.is_color else default_window(desc, frame.stored)
    img = render_display(frame.stored, desc, window)
    step = max(1, max(img.shape[:2]) // THUMB)
    return np.ascontiguousarray(img[::step, ::step])


class SeriesList(QListWidget):
    """Series thumbnails; drag one into a viewport, or double-click to show it in the active one."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setViewMode(QListWidget.ViewMode.IconMode)
        self.setIconSize(QSize(THUMB, THUMB))
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setMovement(QListWidget.Movement.Static)
        self.setWordWrap(True)
        self.setGridSize(QSize(THUMB + 28, THUMB + 48))
        self.setDragEnabled(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

    def startDrag(self, actions) -> None:  # noqa: N802
        item = self.currentItem()
        if item is None:
            return
        mime = QMimeData()
        mime.setData(DISPLAY_SET_MIME, item.data(Qt.ItemDataRole.UserRole).encode("utf-8"))
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.setPixmap(item.icon().pixmap(THUMB // 2, THUMB // 2))
        drag.exec(Qt.DropAction.CopyAction)


class StudyBrowser(QWidget):
    study_selected = Signal(str)  # study uid
    display_set_activated = Signal(str)  # display set uid (double-click)
    _thumb_ready = Signal(str, object)  # display set uid, ndarray

    def __init__(self, language: str, parent=None) -> None:
        super().__init__(parent)
        self.language = language
        self._studies: list[StudyRecord] = []
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cauri-thumbs")
        self._thumb_ready.connect(self._set_thumbnail)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Name, patient ID, accession, description"))
        self.search.setClearButtonEnabled(True)
        self.modality = QComboBox()
        for m in MODALITIES:
            self.modality.addItem(m or self.tr("All"), m)
        self.use_dates = QCheckBox(self.tr("Dates"))
        self.date_from = QDateEdit(QDate.currentDate().addYears(-1))
        self.date_to = QDateEdit(QDate.currentDate())
        for d in (self.date_from, self.date_to):
            d.setCalendarPopup(True)
            d.setDisplayFormat("dd/MM/yyyy" if language == "fr" else "yyyy-MM-dd")
            d.setEnabled(False)
        self.use_dates.toggled.connect(self.date_from.setEnabled)
        self.use_dates.toggled.connect(self.date_to.setEnabled)
        self.search_button = QPushButton(self.tr("Search"))

        filters = QGridLayout()
        filters.addWidget(self.search, 0, 0, 1, 3)
        filters.addWidget(self.search_button, 0, 3)
        filters.addWidget(QLabel(self.tr("Modality")), 1, 0)
        filters.addWidget(self.modality, 1, 1)
        filters.addWidget(self.use_dates, 2, 0)
        dates = QHBoxLayout()
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.date_to)
        filters.addLayout(dates, 2, 1, 1, 3)

        self.table = QTableWidget(0, 7)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Patient"), self.tr("ID"), self.tr("Date"), self.tr("Description"), self.tr("Accession"),
             self.tr("Modalities"), self.tr("Series/Images")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._on_selection)

        self.series = SeriesList()
        self.series.itemDoubleClicked.connect(
            lambda item: self.display_set_activated.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        self.count_label = QLabel()
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.count_label)
        layout.addWidget(self.table, 3)
        layout.addWidget(QLabel(self.tr("Series")))
        layout.addWidget(self.series, 2)

        self.search.returnPressed.connect(self.refresh_requested)
        self.search_button.clicked.connect(self.refresh_requested)
        self.modality.currentIndexChanged.connect(self.refresh_requested)
        self._cache = None

    # --------------------------------------------------------------------------- queries
    def attach(self, cache) -> None:
        self._cache = cache
        self.refresh_requested()

    def query(self) -> StudyQuery:
        text = self.search.text().strip() or None
        date_from = date_to = None
        if self.use_dates.isChecked():
            date_from = self.date_from.date().toString("yyyyMMdd")
            date_to = self.date_to.date().toString("yyyyMMdd")
        return StudyQuery(text=text, modality=self.modality.currentData() or None, date_from=date_from, date_to=date_to, limit=2000)

    def refresh_requested(self, *_args) -> None:
        if self._cache is None:
            return
        selected = self.selected_study_uid()
        self._studies = self._cache.find_studies(self.query())
        self.table.setRowCount(len(self._studies))
        for row, st in enumerate(self._studies):
            values = [
                format_name(st.patient_name),
                st.patient_id,
                format_date(st.study_date, self.language),
                st.description,
                st.accession,
                " ".join(st.modalities),
                f"{st.series_count}/{st.instance_count}",
            ]
            for col, value in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(value))
        self.count_label.setText(self.tr("%n study(ies)", "", len(self._studies)))
        if selected:
            self.select_study(selected)

    def selected_study_uid(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if rows and rows[0].row() < len(self._studies):
            return self._studies[rows[0].row()].study_uid
        return None

    def select_study(self, study_uid: str) -> bool:
        for row, st in enumerate(self._studies):
            if st.study_uid == study_uid:
                self.table.selectRow(row)
                return True
        return False

    def _on_selection(self) -> None:
        uid = self.selected_study_uid()
        if uid:
            self.study_selected.emit(uid)

    # --------------------------------------------------------------------------- series thumbnails
    def show_display_sets(self, display_sets: list[DisplaySet]) -> None:
        self.series.clear()
        placeholder = QPixmap(THUMB, THUMB)
        placeholder.fill(Qt.GlobalColor.black)
        for ds in display_sets:
            caption = " ".join(x for x in (ds.modality, str(ds.number) if ds.number is not None else "", ds.description) if x)
            count = getattr(ds, "frame_count", 0)
            if ds.kind == "unsupported":
                caption += "\n" + self.tr("not displayable")
            else:
                caption += "\n" + self.tr("%n image(s)", "", count)
            item = QListWidgetItem(QIcon(placeholder), caption)
            item.setData(Qt.ItemDataRole.UserRole, ds.uid)
            item.setToolTip(caption if ds.kind != "unsupported" else f"{caption}\n{ds.reason}")
            self.series.addItem(item)
            if ds.kind == "stack":
                self._pool.submit(self._make_thumb, ds)

    def _make_thumb(self, ds) -> None:
        try:
            img = thumbnail_image(ds)
        except Exception:  # a thumbnail is a convenience: never let it take the browser down
            img = None
        if img is not None:
            self._thumb_ready.emit(ds.uid, img)

    def _set_thumbnail(self, uid: str, img: np.ndarray) -> None:
        h, w = img.shape[:2]
        if img.ndim == 2:
            qimg = QImage(img.data, w, h, w, QImage.Format.Format_Grayscale8).copy()
        else:
            qimg = QImage(img.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
        for i in range(self.series.count()):
            item = self.series.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == uid:
                item.setIcon(QIcon(QPixmap.fromImage(qimg)))

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
