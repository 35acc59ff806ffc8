"""Background jobs of the workstation (import, demo, send, the archive search behind a RIS request), each on
a thread of its own with its own cache connection (SQLite connections are per thread). Their progress and
result come back to the owner's thread through ``post``."""

from __future__ import annotations

import logging
import shutil
import threading
from pathlib import Path
from typing import Callable

from viewer.dicom.demo import generate_demo
from viewer.dicom.integrity import pixels_decode
from viewer.net.launch import find_on_nodes
from viewer.net.nodes import NetworkConfig
from viewer.net.send import send_study
from viewer.store.cache import StudyCache
from viewer.store.importer import import_paths
from viewer.store.records import ImportReport, Rejection

log = logging.getLogger(__name__)


class Job:
    """``work(progress, cancelled) -> result``; ``on_progress(done, total)`` (total -1 while counting) and
    ``on_done(job)`` run on the owner's thread."""

    def __init__(self, kind: str, work: Callable, post: Callable, on_progress: Callable, on_done: Callable) -> None:
        self.kind = kind
        self.result = None
        self._cancel = threading.Event()
        self._post = post
        self._on_progress = on_progress
        self._thread = threading.Thread(target=self._run, args=(work, on_done), name=f"cauri-{kind}", daemon=True)

    def start(self) -> "Job":
        self._thread.start()
        return self

    def _progress(self, done, total) -> None:
        done, total = int(done), -1 if total is None else int(total)
        self._post(lambda: self._on_progress(done, total))

    def _run(self, work, on_done) -> None:
        self.result = work(self._progress, self._cancel.is_set)
        self._post(lambda: on_done(self))

    def cancel(self) -> None:
        self._cancel.set()

    def running(self) -> bool:
        return self._thread.is_alive()

    def wait(self, timeout_ms: int) -> bool:
        self._thread.join(timeout_ms / 1000.0)
        return not self._thread.is_alive()


def importing(store_root, paths: list[str], move: bool = False) -> Callable:
    paths = [str(p) for p in paths]

    def work(progress, cancelled) -> ImportReport:
        try:
            with StudyCache(store_root) as cache:
                return import_paths(cache, paths, progress=progress, cancel=cancelled, move=move, judge=pixels_decode)
        except Exception as exc:  # the report carries the reason; the workstation must survive
            return ImportReport(rejected=[Rejection(", ".join(paths), f"{type(exc).__name__}: {exc}")])

    return work


def making_demo(store_root, scratch: Path) -> Callable:
    """First use of ``--demo``: generate the demo study (no download) and move it into the cache."""

    def work(progress, cancelled) -> ImportReport:
        try:
            shutil.rmtree(scratch, ignore_errors=True)
            scratch.mkdir(parents=True, exist_ok=True)
            info = generate_demo(scratch)
            with StudyCache(store_root) as cache:
                report = import_paths(cache, [str(scratch)], progress=progress, move=True)
            if info.study_uid not in report.study_uids:
                report.study_uids.insert(0, info.study_uid)
            return report
        except Exception as exc:
            return ImportReport(rejected=[Rejection("demo", f"{type(exc).__name__}: {exc}")])
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    return work


def sending(home, store_root, node_name: str, study_uid: str) -> Callable:
    """To an archive node (C-STORE, or STOW-RS for DICOMweb-only nodes): a SendReport, or why not (str)."""

    def work(progress, cancelled):
        # Imported here: DICOMweb's client and pynetdicom cost about 0.2 s of start-up (measured with
        # -X importtime), paid only by a workstation that sends.

        try:
            config = NetworkConfig.load(home)
            node = config.node(node_name)
            with StudyCache(store_root) as cache:
                total = sum(s.instance_count for s in cache.series_of(study_uid))
                return send_study(cache, config, node, study_uid, progress=lambda done, *_: progress(done, total))
        except Exception as exc:
            return f"{type(exc).__name__}: {exc}"

    return work


def finding(home, node_name: str | None, request) -> Callable:
    """Which study a RIS/HIS request means, asked of the named archive or else of every configured one:
    (study uid or "", the node that has it, errors)."""

    def work(progress, cancelled) -> tuple[str, str, str]:
        try:
            uid, node, errors = find_on_nodes(NetworkConfig.load(home), request, node_name)
            return uid or "", node or "", "; ".join(errors)
        except Exception as exc:
            return "", "", f"{type(exc).__name__}: {exc}"

    return work
