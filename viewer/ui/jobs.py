"""Background jobs with progress and cancel, bridged to the UI thread through Qt signals."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QThread, Signal


class ImportJob(QThread):
    """Imports files in a worker thread with its own cache connection (SQLite connections are per thread)."""

    progress = Signal(int, int)  # done, total (-1 while counting)
    finished_with = Signal(object)  # ImportReport

    def __init__(self, store_root: Path, paths: list[str], parent=None, move: bool = False) -> None:
        super().__init__(parent)
        self.store_root = Path(store_root)
        self.paths = [str(p) for p in paths]
        self.move = move
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        from viewer.model.integrity import pixels_decode
        from viewer.store.cache import StudyCache
        from viewer.store.importer import import_paths
        from viewer.store.records import ImportReport, Rejection

        try:
            with StudyCache(self.store_root) as cache:
                report = import_paths(
                    cache,
                    self.paths,
                    progress=lambda done, total: self.progress.emit(int(done), -1 if total is None else int(total)),
                    cancel=self._cancel.is_set,
                    move=self.move,
                    judge=pixels_decode,
                )
        except Exception as exc:  # the report carries the reason; the UI must survive
            report = ImportReport(rejected=[Rejection(", ".join(self.paths), f"{type(exc).__name__}: {exc}")])
        self.finished_with.emit(report)


class DemoJob(QThread):
    """First use of ``--demo``: generate the demo study (no download) and move it into the cache."""

    progress = Signal(int, int)
    finished_with = Signal(object)  # ImportReport

    def __init__(self, store_root: Path, scratch: Path, parent=None) -> None:
        super().__init__(parent)
        self.store_root = Path(store_root)
        self.scratch = Path(scratch)

    def run(self) -> None:
        import shutil

        from viewer.dicom.demo import generate_demo
        from viewer.store.cache import StudyCache
        from viewer.store.importer import import_paths
        from viewer.store.records import ImportReport, Rejection

        try:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch.mkdir(parents=True, exist_ok=True)
            info = generate_demo(self.scratch)
            with StudyCache(self.store_root) as cache:
                report = import_paths(
                    cache, [str(self.scratch)], progress=lambda d, t: self.progress.emit(int(d), -1 if t is None else int(t)), move=True
                )
            if info.study_uid not in report.study_uids:
                report.study_uids.insert(0, info.study_uid)
        except Exception as exc:
            report = ImportReport(rejected=[Rejection("demo", f"{type(exc).__name__}: {exc}")])
        finally:
            shutil.rmtree(self.scratch, ignore_errors=True)
        self.finished_with.emit(report)
