"""Priors registered onto the current study: run in the background, proposed to the reader, kept.

A linked pair of views of two frames of reference (``ViewLinks.unplaced``) starts a rigid registration on a
worker thread (``model.registration``: seconds on two cores; the window never waits); its result is
*proposed* (``proposed`` event) and links nothing until the reader accepts it (or nudges it, or refuses it
and syncs by hand). What the reader decided is kept per study pair in ``registrations.json`` beside the
settings, so reopening the pair links it at once, after a restart too.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from viewer.core.atomic import atomic_write_bytes
from viewer.core.messages import msg, message_of
try:
    from viewer.model import registration
except ImportError:  # SimpleITK left out (the portable build, installers/portable_manifest.py): by hand only
    registration = None
from viewer.model.volume import Volume
from viewer.tools.sync import nudged
from viewer.workstation.events import Event

log = logging.getLogger(__name__)
FILE = "registrations.json"


@dataclass(frozen=True)
class Proposal:
    """A registration of ``moving`` (the prior's stack) onto ``fixed`` (the current one), for the reader."""

    fixed_study: str
    moving_study: str
    fixed_for: str
    moving_for: str
    result: registration.RigidResult
    offset_mm: float  # how far the prior's centre moves
    rotation_deg: float


class RegistrationStore:
    """Per study pair ("fixed|moving"): the frames of reference, the 4x4 map moving -> fixed, the decision."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / FILE
        try:
            self.entries = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.entries = {}

    @staticmethod
    def key(fixed_study: str, moving_study: str) -> str:
        return f"{fixed_study}|{moving_study}"

    def get(self, fixed_study: str, moving_study: str) -> dict | None:
        return self.entries.get(self.key(fixed_study, moving_study))

    def put(self, fixed_study: str, moving_study: str, fixed_for: str, moving_for: str, matrix, status: str) -> None:
        self.entries[self.key(fixed_study, moving_study)] = {
            "fixed_for": fixed_for, "moving_for": moving_for, "status": status,
            "matrix": [float(v) for v in np.asarray(matrix, float).ravel()] if matrix is not None else None,
        }
        try:
            atomic_write_bytes(self.path, json.dumps(self.entries, indent=1).encode("utf-8"))
        except OSError as exc:  # a read-only home keeps the decision for this session only
            log.warning("cannot keep the registration: %s", type(exc).__name__)


class Registrations:
    """Starts, proposes and applies registrations for ``links`` (a ``ViewLinks``)."""

    def __init__(self, links, folder: Path, post, budget=None) -> None:
        self.links = links
        self.store = RegistrationStore(folder)
        self.post = post
        self.budget = budget  # core.memory: the volumes registered are held in it, or refused (sync by hand)
        self.running: dict[str, threading.Thread] = {}
        self.pending: Proposal | None = None
        self.last = None  # (Proposal, matrix) of the link the reader accepted last: what a nudge moves
        self.proposed = Event("proposed")  # (Proposal)
        self.failed = Event("failed")  # (reason text)
        self.applied = Event("applied")  # (fixed study, moving study, status)
        links.unplaced.connect(self._unplaced)

    def _unplaced(self, a, b) -> None:
        """Two linked views of different frames of reference: the kept decision, else a registration."""
        fixed, moving = self._order(a, b)
        if registration is None:
            self.failed.emit(msg("automatic registration is not part of this build: align the two views and use "
                                 "\"Sync here\""))
            return
        if fixed.state.display_set.modality != moving.state.display_set.modality:
            return  # a rigid registration of a CT onto an MR of another body part proposes nonsense: by hand only
        fs, ms = fixed.state.display_set.study_uid, moving.state.display_set.study_uid
        ff, mf = self.links.frame_of_reference(fixed), self.links.frame_of_reference(moving)
        kept = self.store.get(fs, ms)
        if kept is not None and kept.get("fixed_for") == ff and kept.get("moving_for") == mf:
            if kept.get("status") in ("accepted", "sync") and kept.get("matrix"):
                self.links.set_placement(mf, ff, kept["matrix"])
                self.links.carry(fixed, "scroll")
            return  # refused: the reader syncs by hand
        key = RegistrationStore.key(fs, ms)
        if key in self.running or (self.pending is not None and RegistrationStore.key(
                self.pending.fixed_study, self.pending.moving_study) == key):
            return
        self.start(fixed.state.display_set, moving.state.display_set, ff, mf)

    def _order(self, a, b):
        """The current study is the fixed one: the active view's, else the first view's."""
        active = self.links.views.active
        return (b, a) if active is b else (a, b)

    def start(self, fixed_stack, moving_stack, fixed_for: str, moving_for: str) -> threading.Thread:
        key = RegistrationStore.key(fixed_stack.study_uid, moving_stack.study_uid)

        def work() -> None:
            try:
                images = []
                for stack in (fixed_stack, moving_stack):
                    volume = Volume(stack, self.budget).load()
                    values = volume.array.astype(np.float32) * float(volume.slopes[0]) + float(volume.intercepts[0])
                    images.append(registration.sitk_image(values, volume.geometry))
                result = registration.register_rigid(*images)
                centre = np.asarray(images[1].TransformContinuousIndexToPhysicalPoint(
                    [(n - 1) / 2.0 for n in images[1].GetSize()]), float)
                proposal = Proposal(fixed_stack.study_uid, moving_stack.study_uid, fixed_for, moving_for, result,
                                    result.offset_mm(centre), result.rotation_deg)
                self.post(lambda: self._done(key, proposal))
            except Exception as exc:  # the reader can still sync by hand
                log.warning("registration failed: %s", type(exc).__name__)
                reason = message_of(exc)
                self.post(lambda: self._failed(key, reason))

        thread = threading.Thread(target=work, name="cauri-registration", daemon=True)
        self.running[key] = thread
        thread.start()
        return thread

    def _done(self, key: str, proposal: Proposal) -> None:
        self.running.pop(key, None)
        if self._slot_of(proposal.fixed_study) is None or self._slot_of(proposal.moving_study) is None:
            return  # the reader moved on (another study, another layout): nothing to propose
        self.pending = proposal
        self.proposed.emit(proposal)

    def _failed(self, key: str, reason: str) -> None:
        self.running.pop(key, None)
        self.failed.emit(reason)

    def busy(self) -> bool:
        return bool(self.running)

    def close(self, timeout: float = 10.0) -> None:
        """Let a registration still running finish before the cache closes under it (a SimpleITK thread cut
        at the interpreter's exit aborts the process); what it finds is not proposed to anyone."""
        deadline = time.monotonic() + timeout
        for thread in list(self.running.values()):
            thread.join(max(0.0, deadline - time.monotonic()))
        self.running.clear()

    # ------------------------------------------------------------------ the reader's answer
    def accept(self) -> None:
        """Link with the proposal."""
        p = self.pending
        if p is not None:
            self._keep(p, p.result.m, "accepted")

    def nudge(self, mm: float) -> None:
        """Move the last accepted link ``mm`` along the current view's normal; the prior follows."""
        if self.last is None:
            return
        p, m = self.last
        fixed = self._slot_of(p.fixed_study)
        if fixed is None:
            return
        self._keep(p, nudged(m, fixed.state.display_set, mm), "accepted")

    def _slot_of(self, study_uid: str):
        return next((s for s in self.links.views.visible() if s.state.display_set is not None
                     and s.state.display_set.study_uid == study_uid), None)

    def refuse(self) -> None:
        p = self.pending
        if p is None:
            return
        self.pending = None
        self.store.put(p.fixed_study, p.moving_study, p.fixed_for, p.moving_for, None, "refused")
        self.applied.emit(p.fixed_study, p.moving_study, "refused")

    def keep_sync_here(self, fixed_slot, moving_slot) -> bool:
        """"Sync here": the two slices shown are the same level; kept like an accepted registration."""
        if not self.links.sync_here(moving_slot, fixed_slot):
            return False
        ff, mf = self.links.frame_of_reference(fixed_slot), self.links.frame_of_reference(moving_slot)
        m = self.links.placement(mf, ff)
        fs, ms = fixed_slot.state.display_set.study_uid, moving_slot.state.display_set.study_uid
        self.store.put(fs, ms, ff, mf, m, "sync")
        self.pending = None
        self.applied.emit(fs, ms, "sync")
        return True

    def _keep(self, p: Proposal, m, status: str) -> None:
        self.pending = None
        self.last = (p, m)
        self.links.set_placement(p.moving_for, p.fixed_for, m)
        self.store.put(p.fixed_study, p.moving_study, p.fixed_for, p.moving_for, m, status)
        fixed = self._slot_of(p.fixed_study)
        if fixed is not None:
            self.links.carry(fixed, "scroll")
        self.applied.emit(p.fixed_study, p.moving_study, status)
