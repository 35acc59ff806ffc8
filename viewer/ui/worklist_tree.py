"""The worklist's widget: patients with their studies under them, sortable columns that fit their content, the
state of each study (unread in bold). An archive's answers are listed flat (one row per study).

"Row" here is a study's index in the list the browser gave (``fill_local``/``fill_remote``), whatever the
sort order or the grouping shows: the browser keeps its studies by that index.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QDrag, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem

from viewer.core.messages import in_language
from viewer.presentation.corners import format_date, format_name
from viewer.store import worklist
from viewer.store.worklist import COLUMNS, LABELS, NEW, age_years, sort_key
from viewer.ui.viewport_widget import STUDY_MIME

ROW = Qt.ItemDataRole.UserRole  # a study item's row; None on a patient's
AVAILABILITY = len(COLUMNS)  # the archive list's extra column
VISUAL_ORDER = ("name", "status", "date", "modality", "description", "patient_id", "birth_date", "sex", "age",
                "accession", "images")
PATIENT_COLUMNS = ("name", "patient_id", "birth_date", "sex")  # said once, on the patient's row


class WorkItem(QTreeWidgetItem):
    """An item sorted by its column's key (dates as dates, counts as numbers), not by the text shown."""

    def __init__(self, texts: list[str], keys: dict) -> None:
        super().__init__(texts)
        self.keys = keys

    def __lt__(self, other) -> bool:
        tree = self.treeWidget()
        column = tree.sortColumn() if tree is not None else 0
        name = COLUMNS[column] if column < len(COLUMNS) else None
        mine, theirs = self.keys.get(name), getattr(other, "keys", {}).get(name)
        if mine is None or theirs is None or type(mine) is not type(theirs):
            return self.text(column) < other.text(column)
        return mine < theirs


class StudyTree(QTreeWidget):
    """The study list; a study dragged onto a viewport shows that study there beside the open one."""

    def __init__(self, headers: list[str], parent=None) -> None:
        super().__init__(parent)
        self.setColumnCount(len(headers))
        self.setHeaderLabels(headers)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setUniformRowHeights(True)
        self.setRootIsDecorated(True)
        self.setAllColumnsShowFocus(True)
        header = self.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setSortIndicatorShown(True)
        self.setSortingEnabled(True)
        self.sortByColumn(COLUMNS.index("date"), Qt.SortOrder.DescendingOrder)
        # What a reader scans first stays in sight in a narrow dock: who, the state, when, what; the rest
        # after (columns can be dragged elsewhere).
        header.setSectionsMovable(True)
        for visual, name in enumerate(VISUAL_ORDER):
            header.moveSection(header.visualIndex(COLUMNS.index(name)), visual)
        self._items: list[QTreeWidgetItem] = []
        self.study_of_row = lambda row: None  # set by the browser: the study uid of a row

    # ------------------------------------------------------------------ filling
    def fill_local(self, studies, states: dict[str, str], language: str, notes: dict[str, str] | None = None) -> None:
        """Studies grouped by patient (ID and issuer; by name when the ID is empty); ``notes`` (study UID ->
        a word such as "Avis externe") go before a study's description."""
        self.setSortingEnabled(False)
        self.clear()
        patients: dict[tuple, WorkItem] = {}
        members: dict[tuple, list] = {}
        for row, st in enumerate(studies):
            state = states.get(st.study_uid, NEW)
            texts = self._study_texts(st, state, language)
            note = (notes or {}).get(st.study_uid)
            if note:
                at = COLUMNS.index("description")
                texts[at] = f"{note} · {texts[at]}" if texts[at] else note
            item = WorkItem(texts, {c: sort_key(st, c, state) for c in COLUMNS})
            item.setData(0, ROW, row)
            self._decorate(item, state, st.series_count)
            key = (st.patient_id, st.issuer) if st.patient_id else ("", st.patient_name)
            parent = patients.get(key)
            if parent is None:
                parent = patients[key] = WorkItem([], {})
                parent.setFlags(parent.flags() & ~Qt.ItemFlag.ItemIsDragEnabled)
                self.addTopLevelItem(parent)
            parent.addChild(item)
            members.setdefault(key, []).append((st, state))
            self._items.append(item)
        for key, parent in patients.items():
            self._patient(parent, members[key], language)
        self.expandAll()
        self.setSortingEnabled(True)

    def fill_remote(self, rows: list[dict], language: str, words: dict[str, str]) -> None:
        self.setSortingEnabled(False)
        self.clear()
        for row, r in enumerate(rows):
            mods = r.get("modalities") or ""
            mods = " ".join(mods) if isinstance(mods, (list, tuple)) else str(mods).replace("\\", " ")
            texts = [format_name(r.get("patient_name") or ""), r.get("patient_id") or "",
                     format_date(r.get("birth_date") or "", language), r.get("sex") or "", "",
                     format_date(r.get("study_date") or "", language), mods, r.get("description") or "",
                     r.get("accession") or "", str(r.get("instance_count") or "?"), "",
                     words.get(r.get("local"), "")]
            item = WorkItem([str(t) for t in texts], {"date": (r.get("study_date") or "") + (r.get("study_time") or "")})
            item.setData(0, ROW, row)
            for col, text in enumerate(texts):
                item.setToolTip(col, str(text))
            self.addTopLevelItem(item)
            self._items.append(item)
        self.setSortingEnabled(True)

    def _study_texts(self, st, state: str, language: str) -> list[str]:
        """A study's row under its patient's: the patient's columns are on the patient's row."""
        age = age_years(st.birth_date, st.study_date)
        return ["", "", "", "", age_text(age, language), format_date(st.study_date, language), " ".join(st.modalities),
                st.description, st.accession, str(st.instance_count), in_language(LABELS[state], language), ""]

    @staticmethod
    def _decorate(item: QTreeWidgetItem, state: str, series: int) -> None:
        """Unread in bold, as in a mailbox; every cell's full text in its tooltip (long descriptions)."""
        font = QFont(item.font(0))
        font.setBold(state == NEW)
        for col in range(item.columnCount()):
            item.setFont(col, font)
            item.setToolTip(col, item.text(col))
        item.setToolTip(COLUMNS.index("images"), f"{series} / {item.text(COLUMNS.index('images'))}")

    def _patient(self, parent: WorkItem, studies: list, language: str) -> None:
        """A patient's row: who, and the sort keys of its studies (newest date, most urgent state...)."""
        st = studies[0][0]
        states = [state for _s, state in studies]
        keys = {c: sort_key(st, c) for c in ("name", "patient_id", "birth_date", "sex", "age")}
        for c in ("date", "modality", "description", "accession"):
            keys[c] = max(sort_key(s, c) for s, _state in studies)
        keys["images"] = sum(s.instance_count for s, _state in studies)
        keys["status"] = min(worklist.STATES.index(x) for x in states)
        parent.keys = keys
        texts = [format_name(st.patient_name), st.patient_id, format_date(st.birth_date, language), st.sex, "",
                 "", "", "", "", str(keys["images"]), in_language(LABELS[worklist.STATES[keys["status"]]], language)]
        for col, text in enumerate(texts):
            parent.setText(col, text)
            parent.setToolTip(col, text)
        font = QFont(parent.font(0))
        font.setBold(NEW in states)
        for col in range(parent.columnCount()):
            parent.setFont(col, font)

    def set_state(self, row: int, state: str, language: str) -> None:
        item = self.row_item(row)
        if item is None:
            return
        col = COLUMNS.index("status")
        item.setText(col, in_language(LABELS[state], language))
        item.keys["status"] = worklist.STATES.index(state)
        font = QFont(item.font(0))
        font.setBold(state == NEW)
        for c in range(item.columnCount()):
            item.setFont(c, font)
        parent = item.parent()
        if parent is not None:
            kids = [parent.child(i) for i in range(parent.childCount())]
            parent.keys["status"] = min(k.keys["status"] for k in kids)
            parent.setText(col, in_language(LABELS[worklist.STATES[parent.keys["status"]]], language))
            bold = any(k.font(0).bold() for k in kids)
            pfont = QFont(parent.font(0))
            pfont.setBold(bold)
            for c in range(parent.columnCount()):
                parent.setFont(c, pfont)

    def set_states(self, states: dict[int, str], language: str) -> None:
        """Many rows' states at once, laid out and sorted once at the end: the view otherwise measures every
        row again at each change of a text or font (26 ms a change with 2000 rows here: a thousand evicted
        studies froze the window for two minutes)."""
        sorting = self.isSortingEnabled()
        self.setSortingEnabled(False)
        model = self.model()
        model.blockSignals(True)
        try:
            for row, state in states.items():
                self.set_state(row, state, language)
        finally:
            model.blockSignals(False)
            model.layoutChanged.emit()
            self.setSortingEnabled(sorting)

    def clear(self) -> None:
        super().clear()
        self._items = []

    # ------------------------------------------------------------------ rows
    def rowCount(self) -> int:  # noqa: N802 (the table's name, which the browser and its tests speak)
        return len(self._items)

    def row_item(self, row: int) -> QTreeWidgetItem | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def row_rect(self, row: int):
        """Where the study's first cell is in the viewport (where a click on its row lands)."""
        return self.visualRect(self.indexFromItem(self._items[row], 0))

    def row_of_item(self, item) -> int | None:
        return item.data(0, ROW) if item is not None else None

    def selected_row(self) -> int | None:
        items = self.selectedItems()
        return self.row_of_item(items[0]) if items else None

    def select_row(self, row: int) -> None:
        item = self.row_item(row)
        if item is not None:
            self.setCurrentItem(item)
            item.setSelected(True)

    def display_order(self) -> list[int]:
        """Study rows as the reader sees them, top to bottom (sorted, grouped)."""
        order = []
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            if top.data(0, ROW) is not None:
                order.append(top.data(0, ROW))
            order += [top.child(j).data(0, ROW) for j in range(top.childCount())]
        return order

    def sort_by(self, column: str, ascending: bool = True) -> None:
        self.sortByColumn(COLUMNS.index(column), Qt.SortOrder.AscendingOrder if ascending else Qt.SortOrder.DescendingOrder)

    def mime_of(self, row: int) -> QMimeData | None:
        uid = self.study_of_row(row)
        if not uid:
            return None
        mime = QMimeData()
        mime.setData(STUDY_MIME, uid.encode("utf-8"))
        return mime

    def startDrag(self, actions) -> None:  # noqa: N802
        row = self.selected_row()
        mime = self.mime_of(row) if row is not None else None
        if mime is None:
            return
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.exec(Qt.DropAction.CopyAction)


def age_text(age: int | None, language: str) -> str:
    if age is None:
        return ""
    return f"{age} ans" if language == "fr" else f"{age} y"
