"""The study list's archive search, off the UI thread (the workstation's own jobs: ``workstation.jobs``)."""

from __future__ import annotations

from PySide6.QtCore import QThread, Signal

from viewer.net import dicomweb, dimse
from viewer.net.nodes import NetworkConfig


class RemoteSearchJob(QThread):
    finished_with = Signal(object, str)  # list[dict] of studies, error text ("" when fine)

    def __init__(self, home, node_name: str, query, parent=None) -> None:
        super().__init__(parent)
        self.home = home
        self.node_name = node_name
        self.query = query

    def run(self) -> None:
        try:
            config = NetworkConfig.load(self.home)
            node = config.node(self.node_name)
            if node.has_dimse:
                rows = dimse.find(config.workstation, node, self.query)
            else:
                rows = dicomweb.Client(node).search(self.query)
            self.finished_with.emit(rows, "")
        except Exception as exc:  # shown to the user; the archive being down is an ordinary event
            self.finished_with.emit([], f"{type(exc).__name__}: {exc}")
