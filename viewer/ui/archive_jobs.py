"""Archive work off the UI thread: remote searches and retrieves, with progress and cancel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThread, Signal


class RemoteSearchJob(QThread):
    finished_with = Signal(object, str)  # list[dict] of studies, error text ("" when fine)

    def __init__(self, home, node_name: str, query, parent=None) -> None:
        super().__init__(parent)
        self.home = home
        self.node_name = node_name
        self.query = query

    def run(self) -> None:
        from viewer.net import dicomweb, dimse
        from viewer.net.nodes import NetworkConfig

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


class FindStudyJob(QThread):
    """Which study a RIS/HIS request means, asked of the named archive or else of every configured one
    (the retrieve itself goes to the queue)."""

    finished_with = Signal(str, str, str)  # study uid ("" when none), the node that has it, errors ("" when none)

    def __init__(self, home, node_name: str | None, request, parent=None) -> None:
        super().__init__(parent)
        self.home = home
        self.node_name = node_name
        self.request = request

    def run(self) -> None:
        from viewer.net.launch import find_on_nodes
        from viewer.net.nodes import NetworkConfig

        try:
            uid, node, errors = find_on_nodes(NetworkConfig.load(self.home), self.request, self.node_name)
            self.finished_with.emit(uid or "", node or "", "; ".join(errors))
        except Exception as exc:
            self.finished_with.emit("", "", f"{type(exc).__name__}: {exc}")


class SendJob(QThread):
    """Send a cached study to an archive node (C-STORE, or STOW-RS for DICOMweb-only nodes)."""

    progress = Signal(int, int)
    finished_with = Signal(object)  # SendReport or an error string

    def __init__(self, home, store_root: Path, node_name: str, study_uid: str, parent=None) -> None:
        super().__init__(parent)
        self.home = home
        self.store_root = Path(store_root)
        self.node_name = node_name
        self.study_uid = study_uid

    def run(self) -> None:
        from viewer.net.nodes import NetworkConfig
        from viewer.net.send import send_study
        from viewer.store.cache import StudyCache

        try:
            config = NetworkConfig.load(self.home)
            node = config.node(self.node_name)
            with StudyCache(self.store_root) as cache:
                total = sum(s.instance_count for s in cache.series_of(self.study_uid))
                report = send_study(cache, config, node, self.study_uid,
                                    progress=lambda done, *_: self.progress.emit(int(done), total))
            self.finished_with.emit(report)
        except Exception as exc:
            self.finished_with.emit(f"{type(exc).__name__}: {exc}")
