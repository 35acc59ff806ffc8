"""Study browser: search the local cache, list studies, show series thumbnails.

Every DICOM string shown here comes from outside and is displayed as plain text only.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import time

import numpy as np
from PySide6.QtCore import QDate, QLocale, QMimeData, QSignalBlocker, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QDrag, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from viewer.core.messages import in_language
from viewer.core.numbers import QT_DATE_FORMATS
from viewer.model.displaysets import DisplaySet
from viewer.net.availability import mark_availability
from viewer.net.nodes import NetworkConfig
from viewer.net.query import RemoteQuery
from viewer.presentation.thumbnail import thumbnail_image
from viewer.store.records import StudyQuery, StudyRecord
from viewer.store.eviction import PINNED
from viewer.store.study_flags import EXTERNAL_OPINION, StudyFlags
from viewer.store.worklist import NEW, next_study
from viewer.ui.archive_jobs import RemoteSearchJob
from viewer.ui.findings_icons import findings_icon
from viewer.ui.segments_panel import segmentation_icon
from viewer.ui.viewport_widget import DISPLAY_SET_MIME, STUDY_MIME
from viewer.ui.worklist_tree import AVAILABILITY as AVAILABILITY_COLUMN
from viewer.ui.worklist_tree import StudyTree

THUMB = 96
THUMBS_POLL_MS = 50
THUMBS_WAIT_MS = 3000
MODALITIES = ["", "CT", "MR", "CR", "DX", "US", "XA", "MG", "NM", "PT", "RF", "OT", "SC"]


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
        self.study_uid: str | None = None

    def mime_of(self, item) -> QMimeData:
        mime = QMimeData()
        mime.setData(DISPLAY_SET_MIME, item.data(Qt.ItemDataRole.UserRole).encode("utf-8"))
        if self.study_uid:  # which study the series belongs to: it may be dropped beside another study
            mime.setData(STUDY_MIME, self.study_uid.encode("utf-8"))
        return mime

    def startDrag(self, actions) -> None:  # noqa: N802
        item = self.currentItem()
        if item is None:
            return
        mime = self.mime_of(item)
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.setPixmap(item.icon().pixmap(THUMB // 2, THUMB // 2))
        drag.exec(Qt.DropAction.CopyAction)


AVAILABILITY = ("local", "partial", "remote")


class StudyBrowser(QWidget):
    study_selected = Signal(str)  # study uid
    display_set_activated = Signal(str)  # display set uid (double-click)
    retrieve_requested = Signal(str, str)  # study uid, node name
    send_requested = Signal(str, str)  # study uid, node name
    second_opinion_requested = Signal(str)  # study uid: « Demander un avis »
    export_requested = Signal(str)  # study uid: Graver / Exporter…
    pin_requested = Signal(str, bool)  # study uid, pinned: « Épingler » keeps it in the cache
    evict_requested = Signal(str)  # study uid: « Libérer la place » (kept on the archive)
    LIMIT = 2000  # rows listed from the local cache, newest first
    _thumb_ready = Signal(str, object)  # display set uid, ndarray

    def __init__(self, language: str, parent=None) -> None:
        super().__init__(parent)
        self.language = language
        self._studies: list[StudyRecord] = []
        self.shown_uid: str | None = None  # the study the viewports show (kept selected across refreshes)
        self._remote_rows: list[dict] = []
        self._home = None
        self._search_job = None
        self.source = QComboBox()
        self.source.addItem(self.tr("Local cache"), None)
        self.source.setToolTip(self.tr("Where to search: the local cache or an archive (PACS)"))
        self.field = QComboBox()
        for key, label in (("all", self.tr("Any field")), ("name", self.tr("Name")), ("patient_id", self.tr("Patient ID")),
                           ("accession", self.tr("Accession"))):
            self.field.addItem(label, key)
        self.retrieve_button = QPushButton(self.tr("Retrieve"))
        self.retrieve_button.setEnabled(False)
        self.retrieve_button.clicked.connect(self._retrieve_selected)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cauri-thumbs")
        self._thumb_ready.connect(self._set_thumbnail)
        self._thumbs: dict[str, np.ndarray] = {}
        self.images_shown = lambda: True  # the window's viewports drawn (previews wait for it)
        self.loader = None  # the viewports' FrameLoader: a preview uses the frame a viewport already read
        self.memory = None  # core.memory.MemoryBudget the thumbnails are kept in (the workstation's), if any
        self._pending_thumbs: set[str] = set()
        self._thumbs_scheduled = False
        # kind -> the picture its plugin draws (an ECG's sheet, a slide): their thumbnails, as for images
        self.pictures: dict = {}
        self._closed = False  # display set uid -> preview, made once per session

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Name, patient ID, accession, description"))
        self.search.setClearButtonEnabled(True)
        self.modality = QComboBox()
        for m in MODALITIES:
            self.modality.addItem(m or self.tr("All"), m)
        self.use_dates = QCheckBox(self.tr("Dates"))
        self.date_from = QDateEdit(QDate.currentDate().addYears(-1))
        self.date_to = QDateEdit(QDate.currentDate())
        # The reader's date format (07/12/2026, 2026-12-07), and a calendar in the reader's language, whatever
        # the system's locale: both follow the language chosen in Cauri.
        locale = QLocale(QLocale.Language.French if language == "fr" else QLocale.Language.English)
        for d in (self.date_from, self.date_to):
            d.setLocale(locale)
            d.setCalendarPopup(True)
            d.setDisplayFormat(QT_DATE_FORMATS.get(language, QT_DATE_FORMATS["en"]))
            d.calendarWidget().setLocale(locale)
            d.setEnabled(False)
        self.use_dates.toggled.connect(self.date_from.setEnabled)
        self.use_dates.toggled.connect(self.date_to.setEnabled)
        self.search_button = QPushButton(self.tr("Search"))

        filters = QGridLayout()
        filters.addWidget(QLabel(self.tr("Source")), 0, 0)
        filters.addWidget(self.source, 0, 1, 1, 2)
        filters.addWidget(self.retrieve_button, 0, 3)
        filters.addWidget(self.search, 1, 0, 1, 2)
        filters.addWidget(self.field, 1, 2)
        filters.addWidget(self.search_button, 1, 3)
        filters.addWidget(QLabel(self.tr("Modality")), 2, 0)
        filters.addWidget(self.modality, 2, 1)
        filters.addWidget(self.use_dates, 3, 0)
        dates = QHBoxLayout()
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.date_to)
        filters.addLayout(dates, 3, 1, 1, 3)

        self.table = StudyTree(
            [self.tr("Patient"), self.tr("ID"), self.tr("Birth date"), self.tr("Sex"), self.tr("Age"), self.tr("Date"),
             self.tr("Modality"), self.tr("Description"), self.tr("Accession"), self.tr("Images"), self.tr("Status"),
             self.tr("Availability")])
        self.table.study_of_row = self._local_uid_of_row
        self.table.setColumnHidden(AVAILABILITY_COLUMN, True)
        self.table.itemDoubleClicked.connect(lambda _item, _col: self._retrieve_selected())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._study_menu)
        self.table.itemSelectionChanged.connect(self._on_selection)
        self.study_states = None  # set by the window: study uids -> their worklist state (read, reported...)

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
        self.source.currentIndexChanged.connect(self._source_changed)
        self._cache = None

    # --------------------------------------------------------------------------- queries
    def attach(self, cache, home=None) -> None:
        self._cache = cache
        self._home = home
        self.reload_nodes()
        self.refresh_requested()

    def reload_nodes(self) -> None:
        current = self.source.currentData()
        self.source.blockSignals(True)
        while self.source.count() > 1:
            self.source.removeItem(1)
        for node in NetworkConfig.load(self._home).nodes:
            self.source.addItem(f"{self.tr('Archive')}: {node.name}", node.name)
        index = self.source.findData(current)
        self.source.setCurrentIndex(max(0, index))
        self.source.blockSignals(False)

    def remote_source(self) -> str | None:
        return self.source.currentData()

    def _source_changed(self, *_args) -> None:
        remote = self.remote_source() is not None
        self.table.setColumnHidden(AVAILABILITY_COLUMN, not remote)
        self.retrieve_button.setEnabled(remote)
        self.table.clear()
        self.series.clear()
        if not remote:
            self.refresh_requested()
        else:
            self.count_label.setText(self.tr("Search the archive with the fields above."))

    def _dates(self):
        if not self.use_dates.isChecked():
            return None, None
        return self.date_from.date().toString("yyyyMMdd"), self.date_to.date().toString("yyyyMMdd")

    def query(self) -> StudyQuery:
        text = self.search.text().strip() or None
        date_from, date_to = self._dates()
        field = self.field.currentData()
        by_field = {field: text} if text and field != "all" else {}
        return StudyQuery(text=text if field == "all" else None, modality=self.modality.currentData() or None,
                          date_from=date_from, date_to=date_to, limit=self.LIMIT, **by_field)

    def remote_query(self):
        text = self.search.text().strip() or None
        field = self.field.currentData()
        date_from, date_to = self._dates()
        # An archive cannot search "any field": a name unless the text looks like an identifier.
        if field == "all" and text:
            field = "patient_id" if any(c.isdigit() for c in text) and " " not in text else "name"
        by_field = {field: text} if text else {}
        return RemoteQuery(modality=self.modality.currentData() or None, date_from=date_from, date_to=date_to,
                           limit=500, **by_field)

    def refresh_requested(self, *_args) -> None:
        if self._cache is None:
            return
        if self.remote_source() is not None:
            self._search_remote()
            return
        keep = self.shown_uid or self.selected_study_uid()
        self._studies = self._cache.find_studies(self.query())
        flags = StudyFlags(self._cache.root).all()
        states = self.study_states([st.study_uid for st in self._studies]) if self.study_states else {}
        # Rows are refilled under a blocked selection: a refresh must never open a study, nor leave the
        # highlight on a row index that now holds another patient.
        with QSignalBlocker(self.table), QSignalBlocker(self.table.selectionModel()):
            self.table.clearSelection()
            # A second opinion came back: its study says so before its description.
            notes = {uid: self.tr("External opinion") for uid, f in flags.items() if EXTERNAL_OPINION in f}
            for uid, f in flags.items():
                if PINNED in f:
                    notes[uid] = f"{self.tr('Pinned')} · {notes[uid]}" if uid in notes else self.tr("Pinned")
            self.table.fill_local(self._studies, states, self.language, notes)
        self.count_label.setText(self.tr("%n study(ies)", "", len(self._studies)))
        if keep:
            self.select_study(keep, notify=False)

    # --------------------------------------------------------------------------- the study on screen
    def reveal_study(self, study_uid: str) -> list[str]:
        """Select and scroll to ``study_uid`` in the local list, clearing the filters that hide it.

        Returns the names of the filters cleared (in the reader's language), empty when none had to go.
        """
        self.shown_uid = study_uid
        if self._cache is None:
            return []
        cleared: list[str] = []
        if self.remote_source() is not None:
            # Retrieved from the archive list: its row stays there (now "Local"); select it.
            if self._select_remote(study_uid):
                return []
            with QSignalBlocker(self.source):
                self.source.setCurrentIndex(0)
            self.table.setColumnHidden(AVAILABILITY_COLUMN, True)
            self.retrieve_button.setEnabled(False)
            cleared.append(self.tr("archive search"))
        cleared += self._clear_filters_hiding(study_uid)
        if cleared or self._row_of(study_uid) is None:
            self.refresh_requested()  # not on a plain click in the list: its rows stay as they are
        else:
            self.select_study(study_uid, notify=False)
        if self._row_of(study_uid) is None and len(self._studies) >= self.LIMIT:
            # Even unfiltered the list stops at LIMIT newest studies: list this patient's studies.
            study = self._cache.study(study_uid)
            if study is not None and study.patient_id:
                with QSignalBlocker(self.field), QSignalBlocker(self.search):
                    self.field.setCurrentIndex(max(0, self.field.findData("patient_id")))
                    self.search.setText(study.patient_id)
                cleared.append(self.tr("too many studies: the patient's studies are listed"))
                self.refresh_requested()
        return cleared

    def _clear_filters_hiding(self, study_uid: str) -> list[str]:
        """Each filter is tried alone against the study: only those it fails are cleared."""
        q = self.query()
        find = self._cache.find_studies
        if find(replace(q, study_uid=study_uid, limit=1)):
            return []
        cleared = []
        text_q = {k: getattr(q, k) for k in ("text", "name", "patient_id", "accession")}
        if any(text_q.values()) and not find(StudyQuery(study_uid=study_uid, limit=1, **text_q)):
            with QSignalBlocker(self.search):
                self.search.clear()
            cleared.append(self.tr("search text"))
        if q.modality and not find(StudyQuery(study_uid=study_uid, modality=q.modality, limit=1)):
            with QSignalBlocker(self.modality):
                self.modality.setCurrentIndex(0)
            cleared.append(self.tr("modality"))
        if (q.date_from or q.date_to) and not find(StudyQuery(study_uid=study_uid, date_from=q.date_from,
                                                              date_to=q.date_to, limit=1)):
            self.use_dates.setChecked(False)
            cleared.append(self.tr("dates"))
        return cleared

    def _select_remote(self, study_uid: str) -> bool:
        for row, r in enumerate(self._remote_rows):
            if r.get("study_uid") == study_uid:
                with QSignalBlocker(self.table), QSignalBlocker(self.table.selectionModel()):
                    self.table.select_row(row)
                self._scroll_to(row)
                return True
        return False

    def _row_of(self, study_uid: str) -> int | None:
        for row, st in enumerate(self._studies):
            if st.study_uid == study_uid:
                return row
        return None

    def _local_uid_of_row(self, row: int) -> str | None:
        if self.remote_source() is None and 0 <= row < len(self._studies):
            return self._studies[row].study_uid
        return None

    def _search_remote(self) -> None:
        if self._search_job is not None and self._search_job.isRunning():
            return
        self.count_label.setText(self.tr("Searching the archive…"))
        job = RemoteSearchJob(self._home, self.remote_source(), self.remote_query(), self)
        job.finished_with.connect(self._show_remote)
        self._search_job = job
        job.start()

    def _show_remote(self, rows: list, error: str) -> None:
        self._search_job = None
        if error:
            self.count_label.setText(self.tr("Archive search failed: ") + error)
            return
        mark_availability(self._cache, rows, "STUDY")
        self._remote_rows = rows
        words = {"local": self.tr("Local"), "partial": self.tr("Partial"), "remote": self.tr("Remote")}
        with QSignalBlocker(self.table), QSignalBlocker(self.table.selectionModel()):
            self.table.clearSelection()
            self.table.fill_remote(rows, self.language, words)
        self.count_label.setText(self.tr("%n study(ies)", "", len(rows)))
        if self.shown_uid:
            self._select_remote(self.shown_uid)

    def _study_menu(self, pos) -> None:
        from PySide6.QtWidgets import QMenu


        uid = self.selected_study_uid()
        if not uid or self.remote_source() is not None:
            return
        menu = QMenu(self)
        send = menu.addMenu(self.tr("Send to"))
        nodes = NetworkConfig.load(self._home).nodes
        for node in nodes:
            act = send.addAction(node.name)
            act.triggered.connect(lambda _=False, n=node.name: self.send_requested.emit(uid, n))
        send.setEnabled(bool(nodes))
        ask = menu.addAction(self.tr("Ask for a second opinion…"))
        ask.triggered.connect(lambda _=False: self.second_opinion_requested.emit(uid))
        menu.addAction(self.tr("Burn / Export…"), lambda: self.export_requested.emit(uid))
        menu.addSeparator()
        pinned = PINNED in StudyFlags(self._cache.root).of(uid)
        pin = menu.addAction(self.tr("Unpin") if pinned else self.tr("Pin (keep on this computer)"))
        pin.triggered.connect(lambda _=False: self.pin_requested.emit(uid, not pinned))
        evict = menu.addAction(self.tr("Free the space (keep on the archive)…"))
        evict.setEnabled(uid not in self._cache.archived([uid]))
        evict.triggered.connect(lambda _=False: self.evict_requested.emit(uid))
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def _retrieve_selected(self) -> None:
        node = self.remote_source()
        uid = self.selected_study_uid()
        if node is not None and uid:
            self.retrieve_requested.emit(uid, node)

    def selected_study_uid(self) -> str | None:
        i = self.table.selected_row()
        if i is None:
            return None
        if self.remote_source() is not None:
            return self._remote_rows[i].get("study_uid") if i < len(self._remote_rows) else None
        return self._studies[i].study_uid if i < len(self._studies) else None

    def select_study(self, study_uid: str, notify: bool = True) -> bool:
        """Highlight a study's row and scroll to it; ``notify=False`` when the study is already being opened."""
        row = self._row_of(study_uid)
        if row is None:
            return False
        blockers = [QSignalBlocker(self.table), QSignalBlocker(self.table.selectionModel())] if not notify else []
        self.table.select_row(row)
        del blockers
        self._scroll_to(row)
        return True

    # --------------------------------------------------------------------------- reading from the keyboard
    def step_study(self, step: int = 1, unread_only: bool = False) -> str | None:
        """Open the next (``step`` 1) or previous (-1) study of the list as sorted, or the next unread one
        (after the current, then from the top); its uid, None at the end of the list."""
        if self.remote_source() is not None or not self._studies:
            return None
        order = [self._studies[r].study_uid for r in self.table.display_order()]
        current = self.selected_study_uid() or self.shown_uid
        wanted = None
        if unread_only:
            states = self.study_states(order) if self.study_states else {}
            wanted = lambda uid: states.get(uid, NEW) == NEW  # noqa: E731
        uid = next_study(order, current, step, wanted)
        if uid is None and unread_only:
            uid = next_study(order, None, 1, wanted)
        if uid is not None:
            self.select_study(uid)  # selecting opens it, as a click does
        return uid

    def show_state(self, study_uid: str) -> None:
        """The study's state changed (opened, retrieved, reported): its row says so."""
        row = self._row_of(study_uid)
        if row is not None and self.study_states and self.remote_source() is None:
            self.table.set_state(row, self.study_states([study_uid]).get(study_uid, NEW), self.language)

    def show_states(self, study_uids) -> None:
        """Several studies' states changed (evicted to the archive): their rows say so, in place; the list is
        not read again (2000 rows take seconds to fill on the project's machines)."""
        if not self.study_states or self.remote_source() is not None:
            return
        wanted = set(study_uids)
        rows = {st.study_uid: row for row, st in enumerate(self._studies) if st.study_uid in wanted}
        if not rows:
            return
        states = self.study_states(list(rows))
        self.table.set_states({row: states.get(uid, NEW) for uid, row in rows.items()}, self.language)

    def _scroll_to(self, row: int) -> None:
        # Rows just refilled: lay them out now, or the scroll bar still has the old list's range.
        self.table.doItemsLayout()
        self.table.scrollToItem(self.table.row_item(row), QAbstractItemView.ScrollHint.EnsureVisible)
        self.table.viewport().update()

    def _on_selection(self) -> None:
        uid = self.selected_study_uid()
        if uid and self.remote_source() is None:
            self.study_selected.emit(uid)
        elif uid and self._cache is not None and self._cache.study(uid):
            self.study_selected.emit(uid)  # already (partly) here: show what we have

    # --------------------------------------------------------------------------- series thumbnails
    def show_display_sets(self, display_sets: list[DisplaySet]) -> None:
        self.series.clear()
        self.series.study_uid = display_sets[0].study_uid if display_sets else None
        placeholder = QPixmap(THUMB, THUMB)
        placeholder.fill(Qt.GlobalColor.black)
        for ds in display_sets:
            # A split stack's description names it ("écho 2", "orientation 2 (sagittal)"): said in the reader's language.
            description = in_language(ds.description, self.language)
            number = str(ds.number) if ds.number is not None else ""
            caption = " ".join(x for x in (ds.modality, number, description) if x)
            count = getattr(ds, "frame_count", 0)
            icon = QIcon(placeholder)
            if ds.kind == "findings":
                # What the object is, in the reader's words, not the description its writer put in it.
                caption = " ".join(x for x in (ds.modality, number) if x) + "\n" + in_language(ds.label, self.language)
                icon = findings_icon(ds.content, THUMB)
            elif ds.kind == "segmentation":  # drawn over its images (ui.segments_panel)
                caption += "\n" + self.tr("%n segment(s)", "", len(ds.segments))
                icon = segmentation_icon([s.color for s in ds.segments], THUMB)
            elif ds.kind == "unsupported":
                caption += "\n" + self.tr("not displayable")
            elif ds.kind != "stack" and getattr(ds, "extra", {}).get("caption"):
                caption += "\n" + in_language(ds.extra["caption"], self.language)  # its plugin's words: an ECG, a slide
            else:
                caption += "\n" + self.tr("%n image(s)", "", count)
            item = QListWidgetItem(icon, caption)
            item.setData(Qt.ItemDataRole.UserRole, ds.uid)
            if ds.kind == "findings":
                item.setToolTip(f"{caption}\n{description}\n" + self.tr("%n object(s)", "", ds.objects))
            else:
                item.setToolTip(caption if ds.kind != "unsupported" else f"{caption}\n{in_language(ds.reason, self.language)}")
            self.series.addItem(item)
            if ds.uid in self._thumbs:
                self._set_thumbnail(ds.uid, self._thumbs[ds.uid])
        # Previews wait until the viewports show their images (at most THUMBS_WAIT_MS): on two cores a preview
        # read beside the first image slows it down (a mammogram's four views: 0.3 s later).
        todo = [ds for ds in display_sets if (getattr(ds, "frames", ()) or ds.kind in self.pictures)
                and ds.uid not in self._thumbs]
        if todo:
            self._thumbs_scheduled = True
            self._thumbs_since = time.monotonic()
            QTimer.singleShot(THUMBS_POLL_MS, self, lambda: self._start_thumbnails(todo))

    def forget_thumbnails(self) -> None:
        """Drop the previews made (the benchmark opens a study as if for the first time)."""
        for uid in list(self._thumbs):
            if self.memory is not None:
                self.memory.release(("thumbnail", id(self), uid))
        self._thumbs.clear()

    def _start_thumbnails(self, display_sets) -> None:
        if self._closed:
            self._thumbs_scheduled = False
            return
        waited = (time.monotonic() - self._thumbs_since) * 1000
        if not self.images_shown() and waited < THUMBS_WAIT_MS:
            QTimer.singleShot(THUMBS_POLL_MS, self, lambda: self._start_thumbnails(display_sets))
            return
        self._thumbs_scheduled = False
        for ds in display_sets:
            self._pending_thumbs.add(ds.uid)
            self._pool.submit(self._make_thumb, ds)

    def thumbnails_pending(self) -> bool:
        return bool(self._pending_thumbs) or self._thumbs_scheduled

    def _make_thumb(self, ds) -> None:
        try:
            img = self._plugin_thumb(ds) if ds.kind in self.pictures else thumbnail_image(ds, THUMB, loader=self.loader)
        except Exception:  # a thumbnail is a convenience: never let it take the browser down
            img = None
        self._thumb_ready.emit(ds.uid, img)  # None too: the preview is settled either way

    def _plugin_thumb(self, ds) -> np.ndarray:
        """The plugin's picture (drawn on a QImage: safe off the GUI thread) at four times the tile, shrunk:
        an ECG's traces stay visible."""
        picture = self.pictures[ds.kind](ds, (4 * THUMB, 3 * THUMB), self.language)
        small = picture.scaled(THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                               Qt.TransformationMode.SmoothTransformation).convertToFormat(QImage.Format.Format_RGB888)
        w, h = small.width(), small.height()
        rows = np.frombuffer(small.constBits(), np.uint8, small.bytesPerLine() * h).reshape(h, small.bytesPerLine())
        return np.ascontiguousarray(rows[:, :3 * w].reshape(h, w, 3))

    def _set_thumbnail(self, uid: str, img) -> None:
        self._pending_thumbs.discard(uid)
        if img is None:
            return
        if uid not in self._thumbs and self.memory is not None:  # dropped first when room is short: made again
            self.memory.admit(("thumbnail", id(self), uid), img.nbytes, "thumbnail", lambda: self._thumbs.pop(uid, None))
        self._thumbs[uid] = img
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
        self._closed = True
        # Waits for the preview being made (one image, well under a second): a thread still drawing with Qt
        # while the application is torn down aborts the process at exit.
        self._pool.shutdown(wait=True, cancel_futures=True)
