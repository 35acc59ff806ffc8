"""Retrieve a study (or series) into the cache, resumably, in an order that makes stacks browsable early.

Before fetching, an image-level C-FIND (or QIDO-RS) lists every instance the archive holds for the
study; only those the cache lacks are requested. The retrieve is "complete" only when every listed
instance is in the cache afterwards, so an interrupted run (dropped association, killed app, power
cut) simply runs again and fetches the rest.

Order: ``first_series`` (the one on screen) comes first; within a series the missing instances are
asked for by UID list (C-GET, C-MOVE) in ``browse_order``: the middle (where a viewport opens a stack,
``ViewportState.with_display_set``, and stays while the rest arrives), first, last, then the middles of
the gaps, so the whole stack can be scrolled through coarsely from the first seconds and fills in.
WADO-RS has no UID lists: a series missing entirely comes in one request, in the archive's order;
a partial one instance by instance, in browse order. When nobody is waiting to look (``cauri retrieve``,
no ``first_series``), a C-GET or C-MOVE of a series missing entirely is one series-level request too:
order is then worth nothing, and the archive no longer looks up a UID list (Orthanc spent ~0.3 ms of
CPU per image on it, a fifth of what it spends sending the image). Work is split over several associations (HTTP
requests) in parallel, each taking every k-th instance of the browse order.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Callable, Sequence, TypeVar

from viewer.core import audit
from viewer.net import NetError, dicomweb, retrieve_scu
from viewer.net.ingest import CacheWriter
from viewer.net.nodes import NetworkConfig, Node
from viewer.net.query import RemoteQuery
from viewer.net.storage_scp import StorageSCP, TLSSetupError
from viewer.store.cache import StudyCache

log = logging.getLogger(__name__)

DEFAULT_PARALLEL = 2  # the lean C-GET fills the disk with one association; a second hides archive latency
_FIRST_REQUEST = 3  # middle (the image on screen), first and last image of the series on screen
_MIN_CHUNK = 8  # below this, splitting a series over associations costs more than it saves
# SOP Instance UIDs per request. A C-GET association is cheap to open (~10 ms), so requests stay short
# and an association soon turns to the series the user looks at; each C-MOVE is a job the archive
# starts (~0.1 s with Orthanc), so those are larger.
_MAX_UIDS = {"get": 100, "move": 500, "wado": 100}

T = TypeVar("T")


@dataclass
class RetrieveReport:
    study_uid: str
    method: str
    expected: int = 0  # instances the archive lists
    present_before: int = 0
    requested: int = 0
    received: int = 0
    imported: int = 0
    rejected: int = 0
    missing: int = 0
    complete: bool = False
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


def browse_order(items: Sequence[T]) -> list[T]:
    """``items`` (a stack in slice order) as middle, first, last, then the middles of each gap, breadth first.

    The middle is ``n // 2``, the image a viewport opens a stack on (``ViewportState.with_display_set``):
    the first image to arrive is the one the reader sees, and the viewport keeps showing it as the stack
    fills in. After k items the stack is sampled at an even spacing of about n/k, so a stack is browsable
    from the first few images and only gets finer.
    """
    n = len(items)
    if n <= 2:
        return list(items)
    middle = n // 2
    order = [middle, 0, n - 1]
    gaps = [(0, middle), (middle, n - 1)]
    while gaps:
        wider = []
        for lo, hi in gaps:
            if hi - lo < 2:
                continue
            mid = (lo + hi) // 2
            order.append(mid)
            wider += [(lo, mid), (mid, hi)]
        gaps = wider
    return [items[i] for i in order]


def inventory(ws, node: Node, study_uid: str, series_uid: str | None, method: str) -> dict[str, list[str]]:
    """series UID -> SOP Instance UIDs (instance-number order) the archive holds.

    Asked by C-FIND whenever the node has a DICOM address, even for a WADO-RS retrieve: the lean
    C-FIND answers in a third of the time of Orthanc's QIDO-RS. QIDO-RS otherwise, or if C-FIND fails.
    """
    rows = None
    if node.has_dimse:
        try:
            rows = retrieve_scu.image_inventory(ws, node, study_uid, series_uid)
        except NetError:
            if method != "wado" or not node.has_dicomweb:
                raise
    if rows is None:
        rows = dicomweb.Client(node).search(RemoteQuery(level="IMAGE", study_uid=study_uid, series_uid=series_uid))
    rows.sort(key=lambda r: (r["series_uid"], r.get("instance_number") is None, r.get("instance_number") or 0))
    out: dict[str, list[str]] = {}
    for r in rows:
        if r.get("sop_uid"):
            out.setdefault(r["series_uid"], []).append(r["sop_uid"])
    return out


def missing_of(cache: StudyCache, listed: dict[str, list[str]]) -> dict[str, list[str]]:
    return {se: [u for u in sops if not cache.has_instance(u)] for se, sops in listed.items()}


def plan_jobs(listed: dict[str, list[str]], missing: dict[str, list[str]], parallel: int, method: str = "get",
              first_series: str | None = None, in_order: bool = True) -> list[tuple[str, list[str] | None]]:
    """(series UID, SOP UIDs in request order, or None for "the whole series") per request.

    Jobs run in list order on ``parallel`` workers: the first series' parts start together.
    ``in_order`` False: nobody is looking, so a series missing entirely is asked for whole.
    """
    series = sorted(missing, key=lambda se: se != first_series)  # stable: inventory order otherwise
    jobs: list[tuple[str, list[str] | None]] = []
    for se in series:
        lacking = missing[se]
        if not lacking:
            continue
        if (method == "wado" or not in_order) and len(lacking) == len(listed[se]):
            jobs.append((se, None))
            continue
        ordered = browse_order(lacking)
        if method == "get" and se == series[0] and len(ordered) > 2 * _FIRST_REQUEST:
            # The archive looks up every UID of a request before it sends the first image (~70 ms for
            # 150 with Orthanc): the very first request is kept short so the first images come at once.
            jobs.append((se, ordered[:_FIRST_REQUEST]))
            ordered = ordered[_FIRST_REQUEST:]
        ways = max(1, min(parallel, len(ordered) // _MIN_CHUNK))
        for k in range(ways):
            part = ordered[k::ways]
            size = _MAX_UIDS.get(method, 100)
            jobs += [(se, part[i:i + size]) for i in range(0, len(part), size)]
    return jobs


def retrieve_study(
    cache: StudyCache,
    config: NetworkConfig,
    node: Node,
    study_uid: str,
    series_uid: str | None = None,
    method: str | None = None,
    parallel: int = DEFAULT_PARALLEL,
    scp=None,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    first_series: str | Callable[[], str | None] | None = None,
) -> RetrieveReport:
    """Fetch what the cache lacks of a study (or one series) from ``node``; see the module doc.

    ``progress(done, total)`` counts instances present in the cache (indexed, so visible), from the
    thread that filed them; ``cancel()`` returning True stops the transfer (what arrived is kept).
    ``first_series``: the series to fetch first, or a function naming it, asked again each time an
    association is free, so the series the user turns to comes next without restarting anything.
    Without it nobody is taken to be looking: whole series come in the archive's order (module doc).
    """
    favour = first_series if callable(first_series) else (lambda: first_series)
    in_order = first_series is not None  # a viewer waits for this study (even if no series is chosen yet)
    method = method or node.retrieve_method
    if method not in ("get", "move", "wado"):
        raise NetError("method is get, move or wado")
    if method == "wado" and not node.has_dicomweb:
        raise NetError(f"node {node.name!r} has no DICOMweb URL for WADO-RS")
    if method in ("get", "move") and not node.has_dimse:
        raise NetError(f"node {node.name!r} has no DICOM address for C-{method.upper()}")
    ws = config.workstation
    report = RetrieveReport(study_uid=study_uid, method=method)
    start = time.perf_counter()
    early = _EarlySession(ws, node) if method == "get" else None
    try:
        result = _retrieve(cache, config, node, study_uid, series_uid, method, parallel, scp, progress, cancel,
                           favour, report, start, early, in_order)
        _audit_retrieve(cache, node, result)
        if result.expected > result.missing:  # some of it is here: where to fetch it again once evicted
            cache.note_source(study_uid, node.name)
        return result
    finally:
        if early is not None:
            early.close()


class _EarlySession:
    """The first C-GET association, negotiated while the inventory C-FIND runs (~40 ms off the first image)."""

    def __init__(self, ws, node: Node):
        self.session = retrieve_scu.GetSession(ws, node)
        self._opener = threading.Thread(target=self.session.open_quietly, name="cauri-retrieve-open", daemon=True)
        self._opener.start()

    def take(self) -> "retrieve_scu.GetSession":
        self._opener.join()
        session, self.session = self.session, None
        return session

    def close(self) -> None:
        self._opener.join()
        if self.session is not None:
            self.session.close()


def _retrieve(cache, config, node, study_uid, series_uid, method, parallel, scp, progress, cancel, favour, report,
              start, early, in_order) -> RetrieveReport:
    ws = config.workstation
    if method == "get" and not in_order and early is not None and not cache.holds_any_of(study_uid):
        return _retrieve_whole(cache, ws, node, study_uid, series_uid, parallel, progress, cancel, favour, report,
                               start, early)
    listed = inventory(ws, node, study_uid, series_uid, method)
    report.expected = sum(len(v) for v in listed.values())
    if not report.expected:
        report.errors.append("the archive lists no instance for this study")
        report.seconds = time.perf_counter() - start
        return report
    missing = missing_of(cache, listed)
    lacking = sum(len(v) for v in missing.values())
    report.present_before = report.expected - lacking
    jobs = plan_jobs(listed, missing, max(1, parallel), method, favour(), in_order=in_order)
    report.requested = lacking
    done = [report.present_before]
    lock = threading.Lock()
    # Someone waits to look: the other associations start once the first image is in (or the first request
    # ended), so on a slow link that image has the whole bandwidth (2 Mbit/s: ~0.8 s instead of ~1.6 s).
    first_in = threading.Event() if in_order else None

    def tick(_header=None) -> None:
        if first_in is not None:
            first_in.set()
        with lock:
            done[0] += 1
            n = done[0]
        if progress is not None:
            progress(min(n, report.expected), report.expected)

    own_scp = None
    if jobs:
        if method == "move" and scp is None:

            # Only the node we move from may push to this temporary receiver.
            peers = NetworkConfig(workstation=ws, nodes=[node])
            try:
                own_scp = scp = StorageSCP(cache, peers, on_instance=lambda _uid: tick()).start()
            except TLSSetupError as exc:
                raise NetError(f"cannot start the storage port for C-MOVE: {exc}") from None
            except OSError as exc:
                raise NetError(
                    f"cannot listen on storage port {ws.storage_port} for C-MOVE ({type(exc).__name__}); "
                    "is Cauri already running? Use --method get, or retrieve from the application"
                ) from None
        writer = scp.writer if method == "move" else CacheWriter(cache, ws.min_free_mb << 20, on_stored=tick)
        imported_before = writer.counts.imported
        rejected_before = writer.counts.rejected
        received_before = writer.counts.received
        try:
            _run_jobs(jobs, method, ws, node, study_uid, writer, parallel, cancel, report, favour, early, first_in)
            writer.flush()
            report.received = writer.counts.received - received_before
            report.imported = writer.counts.imported - imported_before
            report.rejected = writer.counts.rejected - rejected_before
        finally:
            if own_scp is not None:
                own_scp.stop()
            elif method != "move":
                writer.close()
    left = missing_of(cache, listed)
    report.missing = sum(len(v) for v in left.values())
    report.complete = report.missing == 0
    report.seconds = time.perf_counter() - start
    log.info("retrieve %s: %d/%d instances, %d missing, %.1f s", method, report.expected - report.missing,
             report.expected, report.missing, report.seconds)
    return report


def _retrieve_whole(cache, ws, node, study_uid, series_uid, parallel, progress, cancel, favour, report, start,
                    early) -> RetrieveReport:
    """Nothing of the study here and nobody looking (``cauri retrieve``; the viewer and its prefetch name a
    ``first_series``): the whole study (or series) asked in one C-GET at once, as getscu does, while the
    inventory C-FIND runs beside it on its own association; what the inventory lists and the cache still lacks
    after is asked again by UID, as in the planned path. The inventory no longer delays the transfer (~35 ms on loopback, a round trip or more
    between sites)."""
    done = [0]
    lock = threading.Lock()

    def tick(_header=None) -> None:
        with lock:
            done[0] += 1
            n = done[0]
        if progress is not None and report.expected:
            progress(min(n, report.expected), report.expected)

    writer = CacheWriter(cache, ws.min_free_mb << 20, on_stored=tick)
    outcome: list = []

    def whole() -> None:
        session = early.take()
        try:
            out = session.get(writer, study_uid, series_uid, None, cancel=cancel)
            outcome.append(out.error or _suboperation_error(out))
        except NetError as exc:
            outcome.append(str(exc))
        except OSError as exc:
            outcome.append(f"connection failed ({type(exc).__name__})")
        finally:
            session.close()

    getter = threading.Thread(target=whole, name="cauri-retrieve-whole", daemon=True)
    getter.start()
    try:
        listed = inventory(ws, node, study_uid, series_uid, "get")
    except NetError as exc:
        listed, failure = None, exc
    else:
        failure = None
    try:
        getter.join()
        writer.flush()
        if listed is not None:
            report.expected = sum(len(v) for v in listed.values())
            if progress is not None and report.expected:
                progress(min(done[0], report.expected), report.expected)
            missing = missing_of(cache, listed)
            lacking = sum(len(v) for v in missing.values())
            report.requested = report.expected
            if lacking and not (cancel is not None and cancel()):
                # What the whole-study answer left out, asked by UID (the planned path's requests).
                jobs = plan_jobs(listed, missing, max(1, parallel), "get", favour(), in_order=True)
                _run_jobs(jobs, "get", ws, node, study_uid, writer, parallel, cancel, report, favour)
                writer.flush()
            elif outcome and outcome[0] and lacking:
                report.errors.append(outcome[0])
            if not report.expected:
                report.errors.append("the archive lists no instance for this study")
        report.received = writer.counts.received
        report.imported = writer.counts.imported
        report.rejected = writer.counts.rejected
    finally:
        writer.close()
    if failure is not None:  # as in the planned path: what arrived is kept, the caller hears why it stopped
        raise failure
    if listed is not None:
        left = missing_of(cache, listed)
        report.missing = sum(len(v) for v in left.values())
        report.complete = report.missing == 0 and report.expected > 0
    report.seconds = time.perf_counter() - start
    log.info("retrieve get (whole): %d/%d instances, %d missing, %.1f s", report.expected - report.missing,
             report.expected, report.missing, report.seconds)
    return report


def _run_jobs(jobs, method, ws, node, study_uid, writer, parallel, cancel, report, favour, early=None,
              first_in: threading.Event | None = None) -> None:
    client = dicomweb.Client(node) if method == "wado" else None
    waiting = list(jobs)
    lock = threading.Lock()

    def take():
        # The favoured series' next request goes first: it may have changed since the plan was made.
        with lock:
            if not waiting:
                return None
            series = favour()
            for k, (se, _sops) in enumerate(waiting):
                if se == series:
                    return waiting.pop(k)
            return waiting.pop(0)

    def one(job, session) -> str:
        series, sops = job
        if cancel is not None and cancel():
            return "cancelled"
        try:
            if method == "get":
                out = session.get(writer, study_uid, series, sops, cancel=cancel)
                return out.error or _suboperation_error(out)
            if method == "move":
                out = retrieve_scu.c_move(ws, node, study_uid, series, sops, cancel=cancel)
                return out.error or _suboperation_error(out)
            if sops is None:
                client.retrieve(writer, study_uid, series, cancel=cancel)
            else:
                for sop in sops:  # WADO-RS has no UID lists: one request per missing instance
                    if cancel is not None and cancel():
                        return "cancelled"
                    client.retrieve(writer, study_uid, series, sop, cancel=cancel)
            return ""
        except NetError as exc:
            return str(exc)
        except OSError as exc:
            return f"connection failed ({type(exc).__name__})"

    def worker(k) -> list[str]:
        try:
            return work(k)
        finally:
            if k == 0 and first_in is not None:
                first_in.set()  # worker 0 is done, whatever happened: nobody waits on its first request

    def work(k) -> list[str]:
        errors = []
        # Each worker's C-GETs share one association (opened again if one is lost).
        session = None
        if method == "get":
            session = early.take() if k == 0 and early is not None else retrieve_scu.GetSession(ws, node)
        if k and first_in is not None:
            first_in.wait()  # its association is made after: an archive may drop one idle that long
        try:
            while (job := take()) is not None:
                error = one(job, session)
                if k == 0 and first_in is not None:
                    first_in.set()  # the first request ended, image or not
                if error:
                    errors.append(error)
        finally:
            if session is not None:
                session.close()
        return errors

    workers = min(parallel, len(jobs)) or 1
    with ThreadPoolExecutor(workers, thread_name_prefix="cauri-retrieve") as pool:
        for errors in pool.map(worker, range(workers)):
            for error in errors:
                if error not in report.errors:
                    report.errors.append(error)


def _suboperation_error(out: retrieve_scu.RetrieveOutcome) -> str:
    if out.failed:
        return f"the archive reported {out.failed} failed sub-operation(s)"
    return ""


def _audit_retrieve(cache: StudyCache, node: Node, report: RetrieveReport) -> None:
    study = cache.study(report.study_uid)
    audit.record("retrieve", report.study_uid, accession=study.accession if study else "", count=report.imported,
                 peer=node.name, outcome="success" if report.complete else "incomplete", store=cache.root)
