"""The workstation without its window: the cache, the plugins, the frame loader, the background jobs, the
archive side, the open study and the view states of its viewports. The GUI, the CLI and tests drive it; the
window binds its actions to it and shows what its events say.

Rules kept here, whatever drives it:
- ``open_study`` is the one door every way of opening a study goes through (a click in the list, an import,
  a dropped folder, a retrieve, a RIS launch); it first resets the previous study's view (MPR and 3-D off,
  slab, 3-D views, measuring tool), and never leaves another patient's images beside the study opened;
- the study the viewports show is the study the list shows (``study_shown`` after every change of it);
- a study or series dropped beside the open one never becomes the study of the list or of the findings.

Everything here runs on the thread that owns the workstation; work done elsewhere comes back through
``post`` (the GUI's event loop, or the inbox that ``pump`` runs).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace

from viewer.core import audit
from viewer.core.paths import resolve_paths
from viewer.core.settings import Settings
from viewer.dicom import decoding
from viewer.dicom.geometry import sort_stack
from viewer.model.frames import frame_loader
from viewer.model.registry import load_plugins
from viewer.model.studies import patient_context, study_display_sets
from viewer.net.launch import find_local, pick_node
from viewer.net.queue import ACTIVE, NOW
from viewer.store.cache import StudyCache
from viewer.store.worklist import FILE_NAME as WORKLIST_FILE
from viewer.report.document import ReportStore
from viewer.report.status import report_status
from viewer.store.worklist import ReadMarks, reported_studies, study_state
from viewer.tools.keymap import Keymap
from viewer.tools.measuring import MeasureGestures
from viewer.workstation import jobs
from viewer.workstation.cache_keeper import CacheKeeper
from viewer.workstation.events import Event, Inbox
from viewer.dicom.frame_header import frame_of_reference_of
from viewer.workstation.findings import StudyFindings
from viewer.workstation.fusion import Fusions
from viewer.workstation.links import ViewLinks
from viewer.workstation.patients import PatientCheck
from viewer.workstation.theatre import Theatre
from viewer.workstation.reading import Reading
from viewer.workstation.registrations import Registrations
from viewer.workstation.segments import SegmentOverlays
from viewer.workstation.transfers import Transfers
from viewer.workstation.views import ViewLayout, ViewSlot
from viewer.workstation.volumes import VolumeViews

log = logging.getLogger(__name__)
REFRESH_S = 1.0  # while a study arrives, the views take in new images at most this often
FIRST_IMAGES_S = 1.0  # background reading waits at most this long for a study's first images to be drawn


@dataclass(frozen=True)
class RetrieveFailed:
    """A retrieve that could not start: the RIS request (None: the list's Retrieve), where it was looked for
    ("" : no archive is configured) and what the archives said."""

    request: object = None
    places: str = ""
    errors: str = ""


class Workstation:
    """The workstation without its window: what the GUI, the command line and the tests drive. A facade of
    about forty-five short methods, on purpose: each opens, lays out or hands over to the room that decides
    (``views``, ``volumes``, ``links``, ``registrations``, ``reading``, ``theatre``, ``transfers``, ``findings``);
    a decision that grows here moves to its room."""

    def __init__(self, paths, settings, cache, plugins, loader, language: str, home=None, post=None) -> None:
        self.paths, self.settings, self.cache = paths, settings, cache
        self.read_marks = ReadMarks(paths.data / WORKLIST_FILE)  # the worklist's "read": studies this reader opened
        self.plugins, self.loader = plugins, loader
        self.language = language
        self.home = home  # --home / CAURI_HOME as given, for configuration files resolved elsewhere
        self.inbox = Inbox() if post is None else None
        self.post = post or self.inbox.post
        self.keymap, self.keymap_problems = Keymap.load(paths.config)
        self.views = ViewLayout()
        # One memory budget (core.memory) for the frames, the volumes and the thumbnails of every study shown.
        self.memory = loader.budget
        self.volumes = VolumeViews(self.views, self.post, self.memory)
        self.fusion = Fusions(self.views, self.post, self.memory)  # PET or dose over the anatomy (workstation.fusion)
        # Linked views (issue 14): a stack's frame of reference read from its first file's header.
        self.links = ViewLinks(self.views, lambda ds: frame_of_reference_of(ds.frames[0].path) if ds.frames else "")
        self.registrations = Registrations(self.links, paths.config, self.post, self.memory)
        self.findings = StudyFindings(paths.store, cache)
        self.segments = SegmentOverlays(self)  # SEG / RT structures over their images
        self.patients = PatientCheck(cache)
        self.measuring = MeasureGestures()  # the measuring tool chosen and its draft
        self.transfers = Transfers(home, paths.store, self.post)
        # The cache under its size limit (issue 20): evicted in the background after imports and retrieves.
        self.keeper = CacheKeeper(paths.store, lambda: self.settings.cache_limit_gb, self.post)
        self.studies_archived = Event("studies_archived")  # (study uids): evicted; their rows change in place
        self.keeper.trimmed.connect(lambda result: self.studies_archived.emit(result.removed.study_uids))
        self.study = None  # the open study's record
        self.display_sets: dict[str, object] = {}
        self.job: jobs.Job | None = None
        self._next_jobs: list = []  # started one after the other (the command line's paths after the demo)
        self.retrieving: str | None = None  # the study a retrieve is bringing for the reader
        self.disc = None  # model.media.MediaRead: the disc shown in place (``cache`` is then its index)
        self._find = None
        self._last_refresh = 0.0
        self._prefetched: set[str] = set()
        # Events, on the owner's thread.
        self.study_opening = Event("study_opening")  # (study uid): findings read, viewports not yet filled
        self.study_opened = Event("study_opened")  # (study record, display sets)
        self.study_refreshed = Event("study_refreshed")  # (display sets): the open study grew
        self.study_shown = Event("study_shown")  # the list must show the open study
        self.study_reset = Event("study_reset")  # the previous study's view state went
        self.tool_changed = Event("tool_changed")  # (tool kind or None, the view whose draft went or None)
        self.job_started = Event("job_started")  # (kind)
        self.job_progress = Event("job_progress")  # (done, total; -1: not known yet)
        self.job_finished = Event("job_finished")  # (kind, result), before the study it brought opens
        self.job_ended = Event("job_ended")  # (kind, result, whether a study was opened), after it opened
        self.retrieve_started = Event("retrieve_started")  # (searching: bool)
        self.retrieve_progress = Event("retrieve_progress")  # (QueueItem)
        self.retrieve_ended = Event("retrieve_ended")  # (QueueItem, or RetrieveFailed)
        self.list_stale = Event("list_stale")  # studies arrived or changed: the study list must be read again
        self.theatre = Theatre(self)  # theatre mode: read-only, touch, content first (workstation.theatre)
        self.transfers.queue_changed.connect(self._queue_changed)
        self.views.slot_added.connect(lambda slot: slot.changed.connect(self._slot_changed))
        for slot in self.views.slots:
            slot.changed.connect(self._slot_changed)
        self.views.set_layout(settings.grid_rows, settings.grid_cols)
        self.transfers.ensure_queue()
        self.reading = Reading(self)  # hanging protocols and priors (after the queue: it searches the archive)
        self.reading.stage_applied.connect(self._protocol_applied)

    @classmethod
    def open(cls, home=None, language: str = "en", post=None) -> "Workstation":
        """A workstation on ``home`` (the user's folders when None), without any window."""
        paths = resolve_paths(home).ensure()
        settings = Settings.load(paths.settings_file)
        return cls(paths, settings, StudyCache(paths.store), load_plugins(), frame_loader(settings.memory_budget_mb),
                   language, home, post)

    def warm_up(self) -> None:
        """Pay one-time costs while the reader still looks at the study list, not when the first study opens:
        numpy's median machinery and the geometry code on a tiny stack, and one decode worker (~0.6 s to start)
        so that the first compressed image does not wait for it."""
        sort_stack([(0.0, 0.0, float(z)) for z in range(3)], [(1.0, 0.0, 0.0, 0.0, 1.0, 0.0)] * 3)
        decoding.default_service().warm(1)

    # ------------------------------------------------------------------ the owner's thread
    def pump(self, timeout: float = 0.0) -> int:
        """Run what background work posted (headless use; the GUI's event loop does it there)."""
        return self.inbox.pump(timeout) if self.inbox is not None else 0

    def busy(self) -> bool:
        """A job, a retrieve for the reader, a search or a volume fill is still running."""
        fills = [f for f in (self.volumes.fill, self.volumes.vr_fill) if f is not None and f.running()]
        return self.job_running() or bool(self._next_jobs) or self.retrieving is not None or \
            self._find is not None or bool(fills) or self.reading.searching() or self.registrations.busy() \
            or self.segments.loading() or self.keeper.running()

    def wait_idle(self, timeout: float = 60.0) -> bool:
        """Pump until nothing runs (headless use); False on timeout."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.pump(0.05)
            if not self.busy():
                self.pump()
                return True
        return False

    # ------------------------------------------------------------------ the open study
    def open_study(self, study_uid: str, fill_viewports: bool = True) -> bool:
        study = self.cache.study(study_uid)
        if study is None:
            return False
        if study.on_archive:  # evicted: fetched again (it opens as its first images arrive)
            self.retrieve(study_uid=study_uid, node_name=self._source_of(study))
            return False
        self.hold_background()
        self.study = study
        self.read_marks.mark_read(study_uid)
        self.cache.mark_opened(study_uid)
        audit.record("open", study_uid, accession=study.accession, count=study.instance_count, store=self.cache.root)
        sets = study_display_sets(self.cache, study_uid, self.plugins.display_set_handlers())
        self.display_sets = {ds.uid: ds for ds in sets}
        self.reset_study_view()
        self.findings.open(study_uid)  # before filling viewports: presentation states shape them
        self.study_opening.emit(study_uid)
        self.study_shown.emit()
        self.patients.forget()
        if fill_viewports:
            if not self.reading.study_opened(study):
                self.fill_reader_layout()
        else:
            self.reading.study_opened(study, lay_out=False)
        self.study_opened.emit(study, sets)
        self._prefetch_priors(study)
        return True

    def hold_background(self) -> None:
        """Prefetch and fusion wait while the study's first images are drawn (the window says when, with
        ``release_background``; FIRST_IMAGES_S at most): the first image is what the reader waits for."""
        self.loader.hold_prefetch(FIRST_IMAGES_S)
        self.fusion.hold(FIRST_IMAGES_S)

    def release_background(self) -> None:
        self.loader.release_prefetch()
        self.fusion.release()

    def background_held(self) -> bool:
        return self.loader.prefetch_held()

    def close_study(self) -> None:
        """No study open any more (its images are leaving the cache): the viewports emptied."""
        self.reset_study_view()
        for slot in self.views.slots:
            self.clear_slot(slot)
        self.study, self.display_sets = None, {}

    def fill_reader_layout(self) -> None:
        """The reader's grid, each viewport the open study's next image series (no protocol, or the fallback's)."""
        stacks = self.shown_first()
        visible = self.views.visible()
        for slot, ds in zip(visible, stacks):
            self.show(slot, ds)
        # Never leave another patient's images beside the study just opened.
        for slot in self.views.slots[len(stacks):]:
            if slot.state.display_set is not None and slot.state.display_set.study_uid != self.study.study_uid:
                self.clear_slot(slot)
        self.views.set_active(visible[0])

    def clear_slot(self, slot: ViewSlot) -> None:
        slot.show(None, patient_context(None, None))

    def warnings(self) -> list[str]:
        """What the reader is told of the open study: its display sets' warnings, then what its findings
        could not use (messages, each once)."""
        found = [w for ds in self.display_sets.values() for w in ds.warnings] + list(self.findings.problems)
        return list(dict.fromkeys(found))

    def reset_study_view(self) -> None:
        """The previous study's view state goes (the reader's lasting choices stay: layout, overlays, cine
        speed, language)."""
        self.volumes.reset()
        self.segments.reset()
        self.set_tool(None)
        self.study_reset.emit()

    def show(self, slot: ViewSlot, ds) -> None:
        """Show a stack in a viewport, from its default view (its presentation state places it)."""
        if self.volumes.mpr_active:
            self.volumes.stop_mpr()
        queue = self.transfers.queue
        if queue is not None and self.retrieving == ds.study_uid:
            queue.prioritize(ds.study_uid, ds.series_uid)  # the series on screen arrives first
        study = self.study if self.study is not None and self.study.study_uid == ds.study_uid else self.cache.study(ds.study_uid)
        slot.show(ds, patient_context(study, ds))
        if slot.state.overlays != self.settings.overlays_visible:
            slot.apply(replace(slot.state, overlays=self.settings.overlays_visible))

    def shown_first(self) -> list:
        """The open study's display sets a viewport can show, image stacks before the other kinds (a waveform, a
        video): a study of only an ECG opens on its ECG, a CT with an ECG on the CT."""
        sets = [ds for ds in self.display_sets.values() if self.viewable(ds)]
        return [ds for ds in sets if ds.kind == "stack"] + [ds for ds in sets if ds.kind != "stack"]

    def viewable(self, ds) -> bool:
        """Shown in a viewport: an image stack, or a kind a plugin gave a viewport of its own (a video...)."""
        return ds.kind == "stack" or ds.kind in self.plugins.viewports()

    def show_beside(self, slot: ViewSlot, uid: str, study_uid: str = "") -> None:
        """A series (or a whole study: its first image series) dropped on a viewport; from another study it
        is shown beside the open one, which stays the study of the list and the findings."""
        if not study_uid or (self.study is not None and study_uid == self.study.study_uid):
            sets = list(self.display_sets.values())
        else:
            sets = study_display_sets(self.cache, study_uid, self.plugins.display_set_handlers())
        stacks = [ds for ds in sets if ds.kind == "stack"]
        shown = [ds for ds in sets if self.viewable(ds)]  # a dropped video or waveform goes in the viewport too
        ds = next((d for d in shown if d.uid == uid), None) if uid else (stacks[0] if stacks else None)
        if ds is not None:
            self.show(slot, ds)
        elif uid and uid in self.display_sets and self.display_sets[uid].kind == "segmentation":
            self.segments.open(slot, self.display_sets[uid])  # over its images

    def refresh_study(self, uid: str) -> None:
        """Re-read the open study's display sets; viewports keep their series and position."""
        if self.study is None or self.study.study_uid != uid:
            self.open_study(uid)
            self.list_stale.emit()
            return
        sets = study_display_sets(self.cache, uid, self.plugins.display_set_handlers())
        self.display_sets = {ds.uid: ds for ds in sets}
        self.study = self.cache.study(uid)
        self._follow_growth(sets)
        self.study_refreshed.emit(sets)

    def refresh_beside(self, uid: str) -> None:
        """A study shown beside the open one (a prior still arriving): its viewports take in what came."""
        self._follow_growth(study_display_sets(self.cache, uid, self.plugins.display_set_handlers()))

    def _follow_growth(self, sets) -> None:
        """Viewports showing a series of ``sets``' study keep their series and position as it grows."""
        study_uid = sets[0].study_uid if sets else None
        for slot in self.views.visible():
            current = slot.state.display_set
            if current is None or slot.mpr is not None or slot.vr is not None or current.study_uid != study_uid:
                continue
            fresh = self.display_sets.get(current.uid)
            if fresh is None:
                # A series seen half-arrived can be split differently once complete (uid "S#0" -> "S"):
                # follow it by its series UID, to the largest stack of that series.
                same = [d for d in sets if d.kind == "stack" and d.series_uid == current.series_uid]
                fresh = max(same, key=lambda d: d.frame_count) if same else None
            if fresh is not None and (fresh.uid != current.uid or fresh.frame_count != current.frame_count):
                ref = current.frames[slot.state.index] if current.frames else None
                index = fresh.frames.index(ref) if ref in fresh.frames else fresh.frame_count // 2
                slot.apply(replace(slot.state, display_set=fresh).at(index))

    def poll_arrivals(self) -> bool:
        """Images pushed to the listener since the last call: the open study takes them in if it grew, and
        the list (``arrivals``, ``study_shown``) follows. Whether any arrived."""
        if not self.transfers.new_arrivals():
            return False
        if self.study is not None:
            fresh = self.cache.study(self.study.study_uid)
            if fresh is not None and fresh.instance_count != self.study.instance_count:
                self.refresh_study(self.study.study_uid)
        self.patients.forget()
        self.list_stale.emit()
        self.study_shown.emit()
        return True

    def study_states(self, study_uids: list[str]) -> dict[str, str]:
        """Each study's worklist state for this reader: new, read, reported or being retrieved."""
        reported = self.reported_studies(self.cache, study_uids)
        retrieving = self.retrieving_studies()
        documents = ReportStore(self.cache.root)
        # Cauri's own report says more (draft, preliminary, final, amended); asked only where there is one.
        report = {uid: report_status(self.cache, uid) for uid in study_uids if uid in reported or documents.has(uid)}
        archived = self.cache.archived(study_uids)
        return {uid: study_state(uid, self.read_marks, reported, retrieving, report.get(uid), archived)
                for uid in study_uids}

    reported_studies = staticmethod(reported_studies)  # the report module may give its own test

    def _source_of(self, study) -> str | None:
        """The archive an evicted study came from, while it is configured; else the default archive."""
        queue = self.transfers.ensure_queue()
        names = {n.name for n in queue.current_config().nodes} if queue is not None else set()
        return study.source_node if study.source_node in names else None

    def keep_cache(self) -> bool:
        """Evict in the background what the size limit asks (never the open study nor those arriving)."""
        return self.keeper.check({self.study.study_uid} if self.study else set(), self.retrieving_studies())

    def retrieving_studies(self) -> set[str]:
        """Studies the retrieve queue is bringing in (queued or running)."""
        queue = self.transfers.queue
        return {i.study_uid for i in queue.items() if i.state in ACTIVE} if queue is not None else set()

    # ------------------------------------------------------------------ layout and tools
    def choose_layout(self, rows: int, cols: int, screen: int = 0) -> None:
        """The reader's layout on ``screen`` (0: the main window's; kept in the settings, per screen); new
        empty viewports get the open study's next series."""
        self.views.set_screen_layout(screen, rows, cols)
        if screen == 0:
            self.settings.grid_rows, self.settings.grid_cols = self.views.rows, self.views.cols
        else:
            saved = [list(x) for x in self.settings.screen_layouts]
            saved += [[1, 1]] * (screen - len(saved))
            saved[screen - 1:screen] = [list(self.views.screen_layout(screen))]
            self.settings.screen_layouts = saved
        self.fill_empty()

    def use_screens(self, count: int) -> None:
        """The monitors the window was given: each screen after the first gets its remembered layout."""
        self.views.set_screen_count(count)
        for screen in range(1, count):
            saved = self.settings.screen_layouts[screen - 1] if screen - 1 < len(self.settings.screen_layouts) else (1, 1)
            try:
                rows, cols = int(saved[0]), int(saved[1])
            except (TypeError, ValueError, IndexError):  # a hand-edited settings file
                rows, cols = 1, 1
            self.views.set_screen_layout(screen, rows, cols)
        self.fill_empty()

    def fill_empty(self) -> None:
        shown = {s.state.display_set.uid for s in self.views.visible() if s.state.display_set}
        spare = [ds for ds in self.shown_first() if ds.uid not in shown]
        for slot in self.views.visible():
            if slot.state.display_set is None and spare:
                self.show(slot, spare.pop(0))

    @property
    def tool(self):
        return self.measuring.kind

    def set_tool(self, kind) -> None:
        """The measuring tool (None: navigation); a measurement half drawn goes. In theatre mode nothing is
        drawn: the tool stays navigation."""
        if kind is not None and self.theatre.active:
            kind = None
        view = self.measuring.cancel()
        self.measuring.kind = kind
        self.tool_changed.emit(kind, view)

    def set_overlays(self, on: bool) -> None:
        self.settings.overlays_visible = on
        for slot in self.views.slots:
            slot.apply(replace(slot.state, overlays=on))

    def _slot_changed(self, slot: ViewSlot, what: str, previous) -> None:
        if what == "state" and slot.mpr is not None:
            self.views.with_window(slot)

    def view_states(self) -> list[dict]:
        """What each visible viewport shows (plain values, no patient data)."""
        return [slot.describe() for slot in self.views.visible()]

    # ------------------------------------------------------------------ jobs
    def job_running(self) -> bool:
        """A job started and not yet ended (its end handled here, the study it brought opened)."""
        return self.job is not None

    def start_import(self, paths: list[str], open_after: bool = True, after_current: bool = False) -> bool:
        """Import files or folders and open the first study they hold; False when another job runs (with
        ``after_current``: it starts when that one ends)."""
        work = jobs.importing(self.paths.store, paths)
        return self._start_job("import", work, open_after, after_current)

    def start_demo(self) -> bool:
        return self._start_job("demo", jobs.making_demo(self.paths.store, self.paths.cache / "demo-generation"), True)

    def start_disc(self, root) -> bool:
        """Read a disc in place (``model.media``) into this workstation's cache, which is then the disc's own
        index; its first study opens. Nothing is imported."""
        from viewer.model.media import reading

        return self._start_job("disc", reading(self.cache.root, root), True)

    def import_disc(self) -> bool:
        """The disc shown in place, imported into the user's study cache (the list keeps showing the disc)."""
        return self.disc is not None and self.start_import([self.disc.root], open_after=False)

    def send_study(self, study_uid: str, node_name: str) -> bool:
        return self._start_job("send", jobs.sending(self.home, self.paths.store, node_name, study_uid), False)

    def cancel_job(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _start_job(self, kind: str, work, open_after: bool, after_current: bool = False) -> bool:
        if self.job_running():
            if after_current:
                self._next_jobs.append((kind, work, open_after))
                return True
            return False
        self.job = jobs.Job(kind, work, self.post, self.job_progress.emit,
                            lambda job: self._job_done(job, open_after)).start()
        self.job_started.emit(kind)
        return True

    def _job_done(self, job, open_after: bool) -> None:
        self.job_finished.emit(job.kind, job.result)
        uids = getattr(job.result, "study_uids", None)
        opened = False
        if job.kind == "disc":
            self.disc = job.result
        if job.kind in ("import", "demo", "disc"):
            self.list_stale.emit()
            self.patients.forget()
            if open_after and uids:
                opened = self.open_study(uids[0])
        self.job = None
        self.job_ended.emit(job.kind, job.result, opened)
        if job.kind in ("import", "demo"):
            self.keep_cache()
        if self._next_jobs and not self.job_running():
            kind, work, open_after = self._next_jobs.pop(0)
            self._start_job(kind, work, open_after)

    # ------------------------------------------------------------------ archives
    def open_request(self, request) -> None:
        """Open what a RIS/HIS asked for: from the cache, else find it on the archives and retrieve it."""
        uid = find_local(self.cache, request)
        if uid:
            self.open_study(uid)
            return
        self.retrieve(request=request, node_name=request.node)

    def retrieve(self, request=None, study_uid: str | None = None, node_name: str | None = None) -> None:
        queue = self.transfers.ensure_queue()
        config = queue.current_config() if queue is not None else None
        node = pick_node(config, node_name) if config is not None else None
        if node is None:
            self.retrieve_ended.emit(RetrieveFailed(request))
            return
        if study_uid:
            if self.reading.is_prior(study_uid):
                # A prior of the open study joins it when it arrives; it never replaces it.
                self.reading.fetch(study_uid, node.name)
                return
            self._enqueue_now(node.name, study_uid)
            return
        # A request without a node is asked of every configured archive, in turn.
        places = ", ".join([node_name] if node_name else [n.name for n in config.nodes])

        def found(job) -> None:
            self._find = None
            uid, where, errors = job.result
            if uid:
                self._enqueue_now(where, uid)
            else:
                self.retrieve_ended.emit(RetrieveFailed(request, places, errors))

        self._find = jobs.Job("find", jobs.finding(self.home, node_name, request), self.post, lambda *_: None, found).start()
        self.retrieve_started.emit(True)

    def _enqueue_now(self, node_name: str, study_uid: str) -> None:
        self.retrieving = study_uid
        self._last_refresh = 0.0
        self.retrieve_started.emit(False)
        self.transfers.queue.enqueue(node_name, study_uid, priority=NOW)

    def _queue_changed(self, item) -> None:
        if item.state == "done":
            self.keep_cache()
        if self.reading.retrieved(item):
            if item.state == "done":
                self.list_stale.emit()
            return
        if item.study_uid != self.retrieving:
            if item.state == "done":
                self.list_stale.emit()  # a prior arrived in the background
            return
        if item.state in ("queued", "running"):
            self.retrieve_progress.emit(item)
            # Show the study as soon as its first images are here, then take in more as they arrive (at most
            # once a second, so reading is not disturbed).
            if item.done and time.monotonic() - self._last_refresh > REFRESH_S and self.cache.study(item.study_uid):
                self._last_refresh = time.monotonic()
                self.refresh_study(item.study_uid)
            return
        self.retrieving = None
        if self.cache.study(item.study_uid):
            self.refresh_study(item.study_uid)
        self.list_stale.emit()
        self.retrieve_ended.emit(item)
        self.study_shown.emit()

    def _prefetch_priors(self, study) -> None:
        queue = self.transfers.queue
        if queue is None or study is None or study.study_uid in self._prefetched:
            return
        node = pick_node(queue.current_config(), None)
        if node is not None and study.patient_id:
            self._prefetched.add(study.study_uid)
            self.transfers.prefetch_priors(node.name, study)

    def start_listener(self):
        return self.transfers.start_listener()

    # ------------------------------------------------------------------ theatre mode
    def enter_theatre(self, drag: str | None = None) -> None:
        """Theatre mode (``cauri --theatre``, the toolbar switch, a hanging protocol's ``"theatre": true``):
        read-only findings, no measuring tool; the window shows its theatre view on ``theatre.changed``."""
        self.theatre.enter(drag)

    def leave_theatre(self) -> None:
        self.theatre.leave()

    # ------------------------------------------------------------------ the end
    def _protocol_applied(self, applied) -> None:
        """A protocol's stage is laid out: its viewports join the synchronisation groups it names (a group of
        the protocol's own, apart from the toolbar's), and its first stage may ask for theatre mode."""
        if applied is None:
            return
        specs = self.reading.placed  # slot -> its LinkSpec, on every screen the stage laid out
        for slot in self.views.visible():
            spec = specs.get(slot)
            for kind in ("scroll", "zoom", "window"):
                group = getattr(spec, kind, None) if spec is not None else None
                if group:
                    self.links.join(kind, f"protocol:{group}", slot)
                else:
                    self.links.leave(kind, slot)
        if applied.index == 0 and applied.protocol.theatre:
            self.theatre.apply_protocol(applied.protocol.theatre)

    def stop_background(self) -> None:
        """Cancel the job, stop the retrieve queue (what it had not finished resumes at the next start), save
        the settings. The workstation can still be read."""
        self._next_jobs.clear()
        if self.job is not None and self.job.running():
            self.job.cancel()
            self.job.wait(10000)
        self.volumes.close()
        self.keeper.stop()
        self.transfers.stop()
        try:
            self.settings.save(self.paths.settings_file)
        except OSError:
            log.warning("settings could not be saved")

    def close(self) -> None:
        self.stop_background()
        self.transfers.stop_listener()
        self.registrations.close()
        self.fusion.close()
        self.loader.shutdown()
        self.cache.close()
        if self.disc is not None:
            self.disc.close()
