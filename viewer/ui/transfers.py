"""The retrieve queue in the window: one row per retrieve, with its progress, cancel and retry.

The queue is the workstation's (``workstation.transfers``), whose changes come to the window on the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class TransferPanel(QWidget):
    """One row per retrieve: study, archive, state, progress bar, cancel."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.queue = None
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Study"), self.tr("Archive"), self.tr("State"), self.tr("Progress")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.cancel_button = QPushButton(self.tr("Cancel transfer"))
        self.cancel_button.clicked.connect(self._cancel_selected)
        self.retry_button = QPushButton(self.tr("Retry"))
        self.retry_button.clicked.connect(self._retry_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.retry_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.states = {"queued": self.tr("waiting"), "running": self.tr("receiving"), "done": self.tr("complete"),
                       "failed": self.tr("failed"), "cancelled": self.tr("cancelled")}

    def refresh(self) -> None:
        items = self.queue.items() if self.queue is not None else []
        self.table.setRowCount(len(items))
        for row, item in enumerate(items):
            label = item.study_uid[-24:] if len(item.study_uid) > 24 else item.study_uid
            cell = QTableWidgetItem(label)
            cell.setData(Qt.ItemDataRole.UserRole, (item.study_uid, item.series_uid))
            cell.setToolTip(item.study_uid)
            self.table.setItem(row, 0, cell)
            self.table.setItem(row, 1, QTableWidgetItem(item.node))
            state = QTableWidgetItem(self.states.get(item.state, item.state))
            if item.error:
                state.setToolTip(item.error)
            self.table.setItem(row, 2, state)
            bar = QProgressBar()
            bar.setRange(0, max(1, item.total))
            bar.setValue(min(item.done, max(1, item.total)))
            bar.setFormat(f"{item.done}/{item.total or '?'}")
            self.table.setCellWidget(row, 3, bar)

    def _selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole) if rows else None

    def _cancel_selected(self) -> None:
        key = self._selected()
        if key and self.queue is not None:
            self.queue.cancel(*key)

    def _retry_selected(self) -> None:
        key = self._selected()
        if key and self.queue is not None:
            self.queue.retry(*key)
