"""A background queue of retrieves: priorities, per-study progress, cancel, and resume after a crash.

Each item is one ``retrieve_study`` (a study, or one series of it) from a named node. Lower priority
numbers run first (``NOW`` for what the user opened, ``NORMAL``, ``PRIOR`` for prefetched priors), in
arrival order among equals. An item that arrives with a more urgent priority than one running, when no
worker is free, interrupts it; the interrupted one goes back to the queue and later fetches only what
it still lacks (``retrieve_study`` always starts from an inventory). ``prioritize(study, series)``
makes a study urgent and its series the next one asked for (a running retrieve turns to it as soon as
one of its associations is free; nothing is restarted).

The unfinished items are kept in ``retrieve-queue.json`` under the cache, rewritten atomically (temp
file, fsync, rename) at every change of state, so a retrieve interrupted by a killed application or a
power cut is found there at the next ``start()`` and run again. Progress itself is not written: the
cache is the record of what arrived.

Plain threads and callbacks: ``on_change(item)`` (a copy) is called whenever an item changes state, and
for progress at most every ``PROGRESS_SECONDS``, always from the queue's one notifier thread: in the
order things happened, and never from inside the caller of ``enqueue``/``prioritize``/``cancel`` (a
GUI that forwards it to its own thread is not re-entered in the middle of its own handler).
Logs carry UIDs and counts, never patient identity.
"""

from __future__ import annotations

import itertools
import json
import logging
import threading
import time
from collections import deque
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Callable

from viewer.core.atomic import atomic_write_bytes
from viewer.net import NetError
from viewer.net.nodes import ConfigError, NetworkConfig
from viewer.net.retrieve import DEFAULT_PARALLEL, RetrieveReport, retrieve_study
from viewer.store.cache import StudyCache

log = logging.getLogger(__name__)

FILE_NAME = "retrieve-queue.json"
NOW, NORMAL, PRIOR = 0, 10, 20
QUEUED, RUNNING, DONE, FAILED, CANCELLED = "queued", "running", "done", "failed", "cancelled"
ACTIVE = (QUEUED, RUNNING)
MAX_ATTEMPTS = 3  # a retrieve that keeps failing is not retried at every start forever
NO_PROGRESS_RETRIES = 3  # a link that is down: tried again after 2, 4 and 8 s before the item fails
PROGRESS_SECONDS = 0.1
KEEP_FINISHED = 200  # finished items kept (in memory only) for the GUI to show
_VERSION = 1


@dataclass
class QueueItem:
    study_uid: str
    node: str  # node name in the network config
    series_uid: str | None = None  # None: the whole study
    method: str | None = None  # None: the node's preferred method
    priority: int = NORMAL
    first_series: str | None = None  # the series to fetch first (the one on screen)
    state: str = QUEUED
    done: int = 0  # instances present (progress)
    total: int = 0  # instances the archive lists (0 until known)
    attempts: int = 0
    resumed: int = 0  # attempts cut short by the link and started again by themselves
    stalled: int = 0  # attempts in a row that brought nothing (the link down): 3 and it fails
    error: str = ""
    seq: int = 0  # arrival order, for equal priorities
    report: RetrieveReport | None = field(default=None, compare=False)

    @property
    def key(self) -> tuple[str, str]:
        return self.study_uid, self.series_uid or ""

    def to_json(self) -> dict:
        d = asdict(self)
        d.pop("report")
        return d

    @classmethod
    def from_json(cls, raw: dict) -> "QueueItem":
        known = {f.name for f in fields(cls)} - {"report"}
        return cls(**{k: v for k, v in raw.items() if k in known})


class RetrieveQueue:
    """See the module doc. ``config`` is a ``NetworkConfig`` or a function returning the current one."""

    def __init__(self, cache: StudyCache, config: NetworkConfig | Callable[[], NetworkConfig], *,
                 path: Path | None = None, workers: int = 1, parallel: int = DEFAULT_PARALLEL, scp=None,
                 on_change: Callable[[QueueItem], None] | None = None, retrieve: Callable = retrieve_study):
        self.cache = cache
        self._config = config if callable(config) else (lambda: config)
        self.path = Path(path) if path is not None else Path(cache.root) / FILE_NAME
        self.parallel = parallel
        self.scp = scp  # the application's storage SCP, for C-MOVE while it runs
        self.on_change = on_change
        self._retrieve = retrieve
        self._workers_wanted = max(1, workers)
        self._lock = threading.RLock()
        self._wake = threading.Condition(self._lock)
        self._items: list[QueueItem] = []
        self._running: dict[tuple[str, str], threading.Event] = {}  # key -> its cancel event
        self._interrupted: set[tuple[str, str]] = set()  # running keys to put back in the queue
        self._seq = itertools.count(1)
        self._threads: list[threading.Thread] = []
        self._stopping = False
        self._outbox: deque[QueueItem] = deque()  # notifications not yet delivered
        self._outbox_changed = threading.Condition()
        self._notifier: threading.Thread | None = None
        self._notifier_stop = False

    # -- lifetime -------------------------------------------------------------------------------------

    def start(self) -> "RetrieveQueue":
        """Load what a previous run left unfinished, and start the workers."""
        with self._lock:
            for item in self._load():
                if item.state in ACTIVE or (item.state == FAILED and item.attempts < MAX_ATTEMPTS):
                    item.state, item.error = QUEUED, ""
                    item.seq = next(self._seq)
                    self._items.append(item)
            if self._items:
                log.info("retrieve queue: %d unfinished retrieve(s) resumed", len(self._items))
            self._save()
            self._stopping = False
            self._notifier_stop = False
            self._notifier = threading.Thread(target=self._deliver, name="cauri-queue-notify", daemon=True)
            self._notifier.start()
            for k in range(self._workers_wanted):
                thread = threading.Thread(target=self._work, name=f"cauri-queue-{k}", daemon=True)
                self._threads.append(thread)
                thread.start()
        return self

    def stop(self, timeout: float | None = 30) -> None:
        """Interrupt running retrieves and end the workers; unfinished items stay on file for next start."""
        with self._wake:
            self._stopping = True
            for key, event in self._running.items():
                self._interrupted.add(key)
                event.set()
            self._wake.notify_all()
        for thread in self._threads:
            thread.join(timeout)
        self._threads.clear()
        with self._outbox_changed:
            self._notifier_stop = True  # what is already in the outbox is still delivered
            self._outbox_changed.notify_all()
        if self._notifier is not None:
            self._notifier.join(timeout)
            self._notifier = None

    def __enter__(self) -> "RetrieveQueue":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- requests -------------------------------------------------------------------------------------

    def enqueue(self, node: str, study_uid: str, series_uid: str | None = None, priority: int = NORMAL,
                method: str | None = None) -> QueueItem:
        """Add a retrieve (or make an existing one for the same study/series as urgent as asked)."""
        with self._wake:
            item = self._find(study_uid, series_uid)
            if item is None or item.state not in ACTIVE:
                if item is not None:
                    self._items.remove(item)
                item = QueueItem(study_uid=study_uid, node=node, series_uid=series_uid, method=method,
                                 priority=priority, seq=next(self._seq))
                self._items.append(item)
            elif priority < item.priority:
                item.priority = priority
            self._save()
            self._preempt_for(item)
            self._wake.notify_all()
            snapshot = replace(item)
        self._notify(snapshot)
        return snapshot

    def prioritize(self, study_uid: str, series_uid: str | None = None) -> bool:
        """Make the study's retrieve run now, ``series_uid`` first. False when no such retrieve is queued."""
        with self._wake:
            item = self._find(study_uid, None) or self._find(study_uid, series_uid)
            if item is None or item.state not in ACTIVE:
                return False
            item.priority = NOW
            if series_uid is not None:
                item.first_series = series_uid  # a running retrieve turns to it at its next request
            self._save()
            self._preempt_for(item)
            self._wake.notify_all()
            snapshot = replace(item)
        self._notify(snapshot)
        return True

    def cancel(self, study_uid: str, series_uid: str | None = None) -> bool:
        """Drop a queued retrieve or stop a running one (what arrived stays in the cache)."""
        with self._wake:
            item = self._find(study_uid, series_uid)
            if item is None or item.state not in ACTIVE:
                return False
            if item.state == RUNNING and item.key in self._running:
                self._interrupted.discard(item.key)
                self._running[item.key].set()
            item.state = CANCELLED
            self._save()
            self._wake.notify_all()
            snapshot = replace(item)
        self._notify(snapshot)
        return True

    def retry(self, study_uid: str, series_uid: str | None = None) -> bool:
        """Queue a failed or cancelled retrieve again."""
        with self._wake:
            item = self._find(study_uid, series_uid)
            if item is None or item.state in ACTIVE:
                return False
            item.state, item.error, item.attempts, item.stalled, item.seq = QUEUED, "", 0, 0, next(self._seq)
            self._save()
            self._wake.notify_all()
            snapshot = replace(item)
        self._notify(snapshot)
        return True

    def current_config(self) -> NetworkConfig:
        return self._config()

    def items(self) -> list[QueueItem]:
        """Copies of every item, in the order they will run (running ones first)."""
        with self._lock:
            return [replace(i) for i in sorted(self._items, key=_run_order)]

    def item(self, study_uid: str, series_uid: str | None = None) -> QueueItem | None:
        with self._lock:
            found = self._find(study_uid, series_uid)
            return replace(found) if found else None

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until nothing is queued or running and every notification is delivered; False on timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout

        def left():
            return None if deadline is None else max(0.0, deadline - time.monotonic())

        with self._wake:
            if not self._wake.wait_for(lambda: not any(i.state in ACTIVE for i in self._items), left()):
                return False
        with self._outbox_changed:
            return self._outbox_changed.wait_for(lambda: not self._outbox or self._notifier is None, left())

    # -- workers --------------------------------------------------------------------------------------

    def _work(self) -> None:
        while True:
            with self._wake:
                item = None
                while not self._stopping:
                    item = self._next()
                    if item is not None:
                        break
                    self._wake.wait()
                if self._stopping:
                    return
                item.state = RUNNING
                item.attempts += 1
                item.error = ""
                event = threading.Event()
                self._running[item.key] = event
                self._save()
                snapshot = replace(item)
            self._notify(snapshot)
            self._run(item, event)

    def _next(self) -> QueueItem | None:
        waiting = [i for i in self._items if i.state == QUEUED]
        return min(waiting, key=_run_order) if waiting else None

    def _run(self, item: QueueItem, event: threading.Event) -> None:
        last = [0.0]

        def progress(done: int, total: int) -> None:
            item.done, item.total = done, total
            now = time.monotonic()
            if now - last[0] >= PROGRESS_SECONDS or done >= total:
                last[0] = now
                self._notify(replace(item))

        report, error = None, ""
        link_failed = False
        try:
            config = self._config()
            node = config.node(item.node)
            report = self._retrieve(self.cache, config, node, item.study_uid, item.series_uid, item.method,
                                    parallel=self.parallel, scp=self.scp, progress=progress, cancel=event.is_set,
                                    first_series=lambda: item.first_series)
        except (NetError, OSError) as exc:
            error = str(exc) or type(exc).__name__
            link_failed = True
        except ConfigError as exc:
            error = str(exc) or type(exc).__name__
        except Exception as exc:  # a bug in one retrieve must not kill the queue
            log.exception("retrieve queue: retrieve failed")
            error = f"unexpected {type(exc).__name__}"
        retry = self._retry_after(item, report, link_failed, event)
        with self._wake:
            self._running.pop(item.key, None)
            interrupted = item.key in self._interrupted
            self._interrupted.discard(item.key)
            item.report = report
            if report is not None:
                item.total = report.expected
                item.done = report.expected - report.missing
            if item.state == CANCELLED:
                pass
            elif interrupted:
                item.state = QUEUED  # resumes later (in its old place), fetching only what it lacks
                item.attempts -= 1
            elif report is not None and report.complete:
                item.state = DONE
            elif retry and not self._stopping:
                # A cut or reset link (a WAN that drops every few minutes): the next attempt asks only for
                # what is still missing, and costs no attempt of the three a failing retrieve gets.
                item.state = QUEUED
                item.attempts -= 1
                item.resumed += 1
            else:
                item.state = FAILED
                item.error = error or ("; ".join(report.errors[:2]) if report and report.errors else
                                       f"{report.missing if report else '?'} instance(s) still missing")
            log.info("retrieve queue: study %s %s (%d/%d)", item.study_uid, item.state, item.done, item.total)
            finished = [i for i in self._items if i.state in (DONE, CANCELLED)]
            for old in finished[:-KEEP_FINISHED] if len(finished) > KEEP_FINISHED else []:
                self._items.remove(old)  # a long session does not grow the list without end
            self._save()
            self._wake.notify_all()
            snapshot = replace(item)
        self._notify(snapshot)

    def _retry_after(self, item: QueueItem, report: RetrieveReport | None, link_failed: bool,
                     event: threading.Event) -> bool:
        """Whether an unfinished retrieve starts again by itself: at once when this attempt brought
        something; after 2, 4, 8 s when it did not (the link is down a moment), three times in a row."""
        if report is not None and report.complete:
            return False
        if report is not None and report.imported > 0:
            item.stalled = 0
            return True
        if not (link_failed or (report is not None and report.missing > 0)) or item.stalled >= NO_PROGRESS_RETRIES:
            return False
        item.stalled += 1
        event.wait(2.0 ** item.stalled)  # a cancel or an interruption ends the wait
        return not event.is_set()

    def _preempt_for(self, item: QueueItem) -> None:
        """With every worker busy, interrupt the least urgent running retrieve if ``item`` is more urgent."""
        if item.state != QUEUED or len(self._running) < self._workers_wanted:
            return
        running = [i for i in self._items if i.state == RUNNING and i.key in self._running]
        if not running:
            return
        worst = max(running, key=_run_order)
        if item.priority < worst.priority:
            self._interrupted.add(worst.key)
            self._running[worst.key].set()

    def _find(self, study_uid: str, series_uid: str | None) -> QueueItem | None:
        key = (study_uid, series_uid or "")
        for item in self._items:
            if item.key == key:
                return item
        return None

    def _notify(self, item: QueueItem) -> None:
        if self.on_change is None:
            return
        with self._outbox_changed:
            self._outbox.append(item)
            self._outbox_changed.notify_all()

    def _deliver(self) -> None:
        """The one thread that calls ``on_change``: in order, and never inside the caller of a request."""
        while True:
            with self._outbox_changed:
                while not self._outbox and not self._notifier_stop:
                    self._outbox_changed.wait()
                if not self._outbox:
                    return
                item = self._outbox[0]
            try:
                self.on_change(item)
            except Exception:
                log.exception("retrieve queue: on_change callback failed")
            with self._outbox_changed:
                self._outbox.popleft()  # only now: wait_idle() also waits for the delivery itself
                self._outbox_changed.notify_all()

    # -- persistence ----------------------------------------------------------------------------------

    def _load(self) -> list[QueueItem]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return [QueueItem.from_json(d) for d in raw.get("items", []) if isinstance(d, dict) and d.get("study_uid")]
        except FileNotFoundError:
            return []
        except (OSError, ValueError, TypeError) as exc:
            # A damaged file must not stop the workstation; the cache still holds what arrived.
            log.warning("retrieve queue: saved queue unreadable (%s); starting empty", type(exc).__name__)
            return []

    def _save(self) -> None:
        keep = [i.to_json() for i in self._items
                if i.state in ACTIVE or (i.state == FAILED and i.attempts < MAX_ATTEMPTS)]
        doc = {"version": _VERSION, "items": keep}
        try:
            atomic_write_bytes(self.path, json.dumps(doc, indent=1).encode("utf-8"))
        except OSError as exc:
            log.error("retrieve queue: could not save the queue (%s)", type(exc).__name__)


def _run_order(item: QueueItem) -> tuple:
    return (item.state != RUNNING, item.priority, item.seq)
