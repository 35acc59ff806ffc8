"""Reading a study the way its hanging protocol says, its priors beside it (issue 14).

``Reading`` is the workstation's part that, when a study opens, finds its priors in the cache, picks the
best hanging protocol (``model.hanging``), lays out its first stage and fills each viewport: the series,
the study (current or prior N), the window preset, the flip, MPR or 3-D. Page Down / Page Up move through
the stages. What it decided is ``applied`` (an ``AppliedStage``); the link groups a protocol gives each
viewport are ``links()`` (slot index -> ``LinkSpec``), for the synchronisation to join.

Rules kept here:
- the open study is never replaced by a prior: a prior is shown beside it (``Workstation.show``), and a
  prior fetched from the archive is put beside with its first images (the rest join as they come), never
  opened;
- a prior joins only if it is the same patient (``model.patients.same_patient``: ID, issuer, name, birth
  date); the archive's answers are held to the same rule as the cache's.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace

from viewer.core.messages import msg
from viewer.dicom.pixels import Window
from viewer.model.hanging.library import ProtocolLibrary
from viewer.model.hanging.protocol import LinkSpec, MatchRules, MonitorLayout, Protocol, SeriesRule, Stage, ViewportSpec
from viewer.model.hanging.matching import AppliedStage, StudyFacts, best_protocol, fold, pick_series, resolve_stage
from viewer.model.hanging.plan import Prior, local_priors, study_facts
from viewer.model.patients import PatientIdentity, same_patient
from viewer.net.launch import pick_node
from viewer.net.prefetch import ANY, PriorRule
from viewer.net.queue import NOW
from viewer.workstation import jobs
from viewer.workstation.events import Event

log = logging.getLogger(__name__)
LISTED = PriorRule(max_priors=20, max_age_years=30.0, modality=ANY)  # what the priors list shows
MPR_VIEWS = ("axial", "coronal", "sagittal")
ARRIVING_REFRESH_S = 1.0  # a prior arriving beside: its views take in new images at most this often
EMPTY = "(empty viewport)"  # a saved empty viewport: a series rule no description matches


class Reading:
    def __init__(self, ws) -> None:
        self.ws = ws
        self.placed: dict = {}  # slot -> the LinkSpec of the viewport the applied stage put there
        self.library = ProtocolLibrary.load(ws.paths.config, ws.plugins.hanging_protocols())
        self.applied: AppliedStage | None = None
        self.priors: list[Prior] = []  # newest first: the cache's, then the archive's not cached
        self.cine: list = []  # slots the stage asks to play (the window starts their cine)
        self._facts: dict[str, StudyFacts] = {}
        self._wanted: dict[str, object] = {}  # prior study uid -> slot it goes to once retrieved (None: beside)
        self._joined: dict[str, float] = {}  # priors shown while still arriving -> when their views last grew
        self._search = None
        self.priors_changed = Event("priors_changed")  # (priors)
        self.stage_applied = Event("stage_applied")  # (AppliedStage or None)
        self.refused = Event("prior_refused")  # (message): a prior that may not join

    @property
    def enabled(self) -> bool:
        return bool(self.ws.settings.extra.get("hanging_protocols", True))

    # ------------------------------------------------------------------ facts
    def facts(self, study_uid: str) -> StudyFacts | None:
        if study_uid in self._facts:
            return self._facts[study_uid]
        ws = self.ws
        own = list(ws.display_sets.values()) if ws.study is not None and study_uid == ws.study.study_uid else None
        facts = study_facts(ws.cache, ws.plugins.display_set_handlers(), study_uid, own)
        if facts is not None:
            self._facts[study_uid] = facts
        return facts

    # ------------------------------------------------------------------ a study opens
    def study_opened(self, study, lay_out: bool = True) -> bool:
        """List the study's priors and lay it out by its protocol (False: not laid out, protocols off or
        ``lay_out`` False; the caller fills as before)."""
        self._facts.clear()
        self._wanted.clear()
        self.priors = local_priors(self.ws.cache, study)
        self.priors_changed.emit(self.priors)
        self._search_archive(study)
        self.applied = None
        if not (self.enabled and lay_out):
            return False
        laid_out = self.apply(0)
        if laid_out:
            self._fetch_wanted_priors()
        return laid_out

    def reload(self) -> None:
        """Read the protocols again (the reader saved one)."""
        self.library = ProtocolLibrary.load(self.ws.paths.config, self.ws.plugins.hanging_protocols())

    def layout_as_protocol(self, protocol_id: str, name: dict) -> Protocol:
        """The grid on screen as a one-stage protocol matching studies like the open one: per viewport its
        series (by description and modality), study (current or prior N), window preset, flip, cine and the
        link groups the applied stage gave it."""
        ws = self.ws
        study = ws.study
        facts = self.facts(study.study_uid)
        prior_order = [p.study_uid for p in self.priors]
        links = self.links()
        specs = []
        if ws.volumes.mpr_active:
            stack = ws.volumes.session.volume.stack
            specs.append(ViewportSpec(SeriesRule((stack.modality.upper(),), (stack.description,) if stack.description else ()),
                                      view="mpr"))
            rows = cols = 1
        else:
            rows, cols = ws.views.rows, ws.views.cols
            for slot in ws.views.visible():
                ds = slot.state.display_set
                if ds is None:
                    specs.append(ViewportSpec(SeriesRule(required=True, description=(EMPTY,))))
                    continue
                study_n = 0 if ds.study_uid == study.study_uid else (
                    prior_order.index(ds.study_uid) + 1 if ds.study_uid in prior_order else 0)
                window = slot.state.window
                preset = next((p.key for p in ws.plugins.window_presets(ds.modality) if window is not None
                               and (p.center, p.width) == (window.center, window.width)), None)
                specs.append(ViewportSpec(SeriesRule((ds.modality.upper(),), (ds.description,) if ds.description else ()),
                                          study_n, preset, flip_h=slot.state.flip_h,
                                          link=links.get(slot.index, LinkSpec())))
        rules = MatchRules(facts.modalities, facts.body_parts, (fold(study.description),) if study.description else ())
        stage = Stage(dict(name), (MonitorLayout(0, rows, cols, tuple(specs)),))
        return Protocol(protocol_id, dict(name), rules, (stage,), "user")

    def searching(self) -> bool:
        return self._search is not None

    def is_prior(self, study_uid: str) -> bool:
        return any(p.study_uid == study_uid for p in self.priors)

    def fetch(self, study_uid: str, node_name: str, slot=None) -> str | None:
        """Retrieve a prior from ``node_name`` in the background; it goes beside the open study on arrival."""
        prior = next((p for p in self.priors if p.study_uid == study_uid), None)
        if prior is None:
            return msg("This study is not a prior of the open study")
        return self._fetch(replace(prior, where=node_name), slot)

    def match(self, screens: int = 1, stage: int = 0) -> AppliedStage | None:
        study = self.ws.study
        facts = self.facts(study.study_uid) if study is not None else None
        if facts is None:
            return None
        priors = [f for f in (self.facts(p.study_uid) for p in self.priors if p.where == "local") if f is not None]
        best = best_protocol(self.library.protocols, facts, len(priors))
        if best is None:
            return None
        return resolve_stage(best.protocol, stage, facts, priors, screens)

    def apply(self, stage: int, protocol=None) -> bool:
        """Lay out stage ``stage`` of the matched protocol (``protocol``: that one instead)."""
        ws = self.ws
        if ws.study is None:
            return False
        if protocol is None and self.applied is not None and stage != 0:
            protocol = self.applied.protocol
        if protocol is not None:
            facts = self.facts(ws.study.study_uid)
            priors = [f for f in (self.facts(p.study_uid) for p in self.priors if p.where == "local") if f is not None]
            applied = resolve_stage(protocol, stage, facts, priors, ws.views.screen_count)
        else:
            applied = self.match(screens=ws.views.screen_count, stage=stage)
        if applied is None:
            return False
        self.applied = applied
        self._lay_out(applied)
        self.stage_applied.emit(applied)
        return True

    def next_stage(self, step: int = 1) -> bool:
        if self.applied is None or self.ws.study is None:
            return False
        return self.apply((self.applied.index + step) % self.applied.stage_count, self.applied.protocol)

    def links(self) -> dict[int, object]:
        """Viewport index on the first screen -> the ``LinkSpec`` the applied stage gave it (from ``placed``)."""
        return {i: self.placed[s] for i, s in enumerate(self.ws.views.screen_visible(0)) if s in self.placed}

    def _lay_out(self, applied: AppliedStage) -> None:
        ws = self.ws
        volumes = ws.volumes
        for s in ws.views.slots:
            if s.vr is not None:
                s.bind_volume(None)
        if volumes.mpr_active:
            volumes.stop_mpr()
        self.cine = []
        self.placed = {}
        if applied.rows == 0:  # the reader's layout, one series per viewport
            ws.fill_reader_layout()
            return
        ws.views.set_layout(applied.rows, applied.cols)
        slots = ws.views.screen_visible(0)
        special = self._place_all(slots, applied.viewports)
        # The other screens: each takes the stage's monitor of its number; a screen the stage says nothing
        # about keeps the reader's layout for it, filled with the series not shown yet.
        for layout, cells in applied.monitors:
            if 0 < layout.monitor < ws.views.screen_count:
                ws.views.set_screen_layout(layout.monitor, layout.rows, layout.cols)
                grid: list = [None] * (layout.rows * layout.cols)
                for v in cells:
                    grid[v.row * layout.cols + v.col] = v
                special = self._place_all(ws.views.screen_visible(layout.monitor), grid) or special
        shown = set(ws.views.visible())
        for slot in ws.views.slots:
            if slot not in shown and slot.state.display_set is not None \
                    and slot.state.display_set.study_uid != ws.study.study_uid:
                ws.clear_slot(slot)
        ws.fill_empty()
        ws.views.set_active(slots[0])
        if special is not None:
            slot, spec = special
            ws.views.set_active(slot)
            if spec.view == "mpr":
                window = slot.state.window
                if volumes.start_mpr(slot) is None:
                    if spec.slab_mm > 0:  # a PET MIP: the planes as thick projections
                        volumes.set_slab(spec.slab_mm, spec.slab_mode)
                    planes = ws.views.visible()
                    for p in planes:
                        p.apply(p.state.windowed(window))
                    if spec.plane in MPR_VIEWS:
                        ws.views.set_active(planes[MPR_VIEWS.index(spec.plane)])
            elif spec.view == "3d":
                volumes.toggle_volume()

    def _place_all(self, slots, cells):
        """Each cell's series in its slot, with its preset, flip and cine; the first MPR/3-D cell, if any."""
        special = None
        for slot, vp in zip(slots, cells):
            if vp is None or vp.display_set is None:
                self.ws.clear_slot(slot)
                continue
            self.ws.show(slot, vp.display_set)
            self.placed[slot] = vp.spec.link
            state = slot.state
            preset = self._preset(vp.display_set.modality, vp.spec.preset)
            if preset is not None:
                state = state.windowed(Window(preset.center, preset.width, preset.key))
            if vp.spec.flip_h and not state.flip_h:
                state = state.flipped(True)  # the protocol places it, as the reader would: a GSPS does not undo it
            slot.apply(state)
            if vp.spec.fuse is not None:
                self._fuse(slot, vp.spec.fuse)
            if vp.spec.cine:
                self.cine.append(slot)
            if vp.spec.view != "2d" and special is None:
                special = (slot, vp.spec)
        return special

    def _fuse(self, slot, rule) -> None:
        """The viewport's fused layer (a fusion protocol's PET over CT), read in the background."""
        stacks = [ds for ds in self.ws.display_sets.values() if ds.kind == "stack" and ds is not slot.state.display_set]
        overlay = pick_series(rule, stacks, set())
        if overlay is not None:
            self.ws.fusion.fuse(slot, overlay)

    def _preset(self, modality: str, key: str | None):
        if not key:
            return None
        return next((p for p in self.ws.plugins.window_presets(modality) if p.key == key), None)

    # ------------------------------------------------------------------ priors beside the current study
    def may_join(self, study_uid: str) -> bool:
        """Whether a study may be shown beside the open one: the same patient (the open study's own: yes)."""
        current = self.ws.study
        other = self.ws.cache.study(study_uid)
        if current is None or other is None:
            return False
        return same_patient(PatientIdentity.of(current), PatientIdentity.of(other))

    def show_prior(self, study_uid: str, slot=None) -> str | None:
        """Put a prior beside the open study (``slot``: there; else where the protocol shows prior 1, else the
        last viewport of a grid that grows by one column). Fetched first when not cached. None, else why not."""
        ws = self.ws
        prior = next((p for p in self.priors if p.study_uid == study_uid), None)
        if ws.study is None or prior is None:
            return msg("This study is not a prior of the open study")
        held = ws.cache.study(study_uid)
        if prior.where != "local" and (held is None or held.on_archive):
            return self._fetch(prior, slot)
        if not self.may_join(study_uid):
            reason = msg("A study of another patient cannot be shown as a prior")
            self.refused.emit(reason)
            return reason
        # Newly cached priors become protocol material: the stage is laid out again with them (one arriving
        # is material from its first images on).
        if self.applied is not None and slot is None and self.applied.protocol.wants_priors():
            self.priors = [replace(p, where="local") if p.study_uid == study_uid else p for p in self.priors]
            index = [p.study_uid for p in self.priors].index(study_uid)
            self.priors.insert(0, self.priors.pop(index))  # the chosen prior is "prior 1"
            self._facts.pop(study_uid, None)
            self.apply(self.applied.index, self.applied.protocol)
            if any(v is not None and v.study_uid == study_uid for v in self.applied.viewports):
                return None
        if slot is None:
            slot = self._slot_beside()
        ws.show_beside(slot, "", study_uid)
        return None

    def _slot_beside(self):
        views = self.ws.views
        rows, cols = views.rows, views.cols
        if cols < 3 and self.ws.volumes.mpr_active is False:
            views.set_layout(rows, cols + 1)
        return views.visible()[-1] if rows == 1 else views.visible()[views.cols - 1]

    def _fetch(self, prior: Prior, slot) -> str | None:
        ws = self.ws
        queue = ws.transfers.ensure_queue()
        if queue is None:
            return msg("No archive is configured")
        config = queue.current_config()
        node = prior.where if prior.where in {n.name for n in config.nodes} else None
        node = node or getattr(pick_node(config, None), "name", None)  # an evicted prior's archive not known
        if node is None:
            return msg("No archive is configured")
        self._wanted[prior.study_uid] = slot
        queue.enqueue(node, prior.study_uid, priority=NOW)
        return None

    def _fetch_wanted_priors(self) -> None:
        """The priors the applied protocol asks for (prior 1..N, newest first) that were evicted: fetched back
        now; each is laid out as protocol material when its first images arrive (``show_prior``)."""
        applied = self.applied
        wanted = applied.protocol.wants_priors() if applied is not None else 0
        for prior in self.priors[:wanted]:
            held = self.ws.cache.study(prior.study_uid)
            if held is not None and held.on_archive and prior.study_uid not in self._wanted:
                self._fetch(prior, None)

    def retrieved(self, item) -> bool:
        """A retrieve moved on (the queue's item): a prior asked for goes beside with its first images, takes
        in the others as they come (at most once a second: reading is not disturbed), and stays where the
        reader scrolled it when the retrieve ends. Whether it was one of ours."""
        uid = item.study_uid
        if uid not in self._wanted:
            return False
        cached = self.ws.cache.study(uid) is not None
        if item.state in ("queued", "running"):
            if item.done and cached:
                self._arriving(uid)
            return True
        slot = self._wanted.pop(uid)
        joined = self._joined.pop(uid, None) is not None
        if item.state == "done" and cached:
            self.priors = [replace(p, where="local") if p.study_uid == uid else p for p in self.priors]
            self.priors_changed.emit(self.priors)
            if joined and any(s.study_uid() == uid for s in self.ws.views.visible()):
                self.ws.refresh_beside(uid)
            else:
                self.show_prior(uid, slot)
        return True

    def _arriving(self, uid: str) -> None:
        now = time.monotonic()
        if uid not in self._joined:
            self._joined[uid] = now
            self.show_prior(uid, self._wanted.get(uid))
        elif now - self._joined[uid] >= ARRIVING_REFRESH_S:
            self._joined[uid] = now
            self.ws.refresh_beside(uid)

    def _search_archive(self, study) -> None:
        """The archive's priors, asked in the background (C-FIND or QIDO, whichever the node speaks)."""
        ws = self.ws
        queue = ws.transfers.queue
        if study is None or not study.patient_id or queue is None:
            return
        node = pick_node(queue.current_config(), None)
        if node is None:
            return
        opened = study.study_uid

        def done(job) -> None:
            self._search = None
            rows = job.result if isinstance(job.result, list) else []
            if ws.study is None or ws.study.study_uid != opened:
                return
            me, known = PatientIdentity.of(study), {p.study_uid for p in self.priors}
            for row in rows:
                other = PatientIdentity(row.get("study_uid", ""), row.get("patient_id") or "", row.get("issuer") or "",
                                        row.get("patient_name") or "", row.get("birth_date") or "")
                if row.get("study_uid") in known or not same_patient(me, other):
                    continue
                self.priors.append(Prior(row["study_uid"], row.get("study_date") or "", row.get("study_time") or "",
                                         tuple(row.get("modalities") or ()), row.get("description") or "",
                                         node.name, int(row.get("instance_count") or 0)))
            self.priors.sort(key=lambda p: (p.study_date, p.study_time), reverse=True)
            self.priors_changed.emit(self.priors)

        self._search = jobs.Job("priors", jobs.searching_priors(ws.home, node.name, study, LISTED), ws.post,
                                lambda *_: None, done).start()
