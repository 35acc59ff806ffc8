"""The open study's findings: the reader's own measurements and key images (autosaved per study), and
what the study's SRs, presentation states and key object selections in the cache say."""

from __future__ import annotations

import logging

from viewer.model import measurements as M

log = logging.getLogger(__name__)


class StudyFindings:
    def __init__(self, store_root, cache) -> None:
        self.store_root = store_root
        self.cache = cache
        self.mset: M.MeasurementSet | None = None  # the reader's, editable
        self.foreign: list[M.Measurement] = []  # read from SRs/GSPS of the study: shown, not editable
        self.presentation_states: list = []
        self.foreign_keys: set = set()  # (SOP UID, frame) flagged by key object selections in the cache
        self.problems: list[str] = []  # what the study's SR/GSPS/KO reading could not use (messages)

    def open(self, study_uid: str) -> None:
        try:
            self.mset = M.AnnotationStore(self.store_root).open_set(study_uid)
        except M.AnnotationStoreError as exc:
            log.warning("annotations unavailable: %s", exc)
            self.mset = M.MeasurementSet(study_uid)
        try:
            own = {m.id for m in self.mset}  # Cauri's own saved SR reads back with the same ids
            findings = M.read_findings(self.cache, study_uid)
            self.foreign = [m for m in findings.measurements if m.source != M.Source.CAURI and m.id not in own]
            self.presentation_states = list(findings.presentation_states)
            self.foreign_keys = {(i.sop_uid, i.frame_index) for ko in findings.key_images for i in ko.images}
            self.problems = list(findings.problems)
        except Exception as exc:  # a broken SR in the cache must not stop the study from opening
            log.warning("findings unreadable: %s", type(exc).__name__)
            self.problems, self.foreign, self.presentation_states, self.foreign_keys = [], [], [], set()

    def all_measurements(self) -> list[M.Measurement]:
        return (list(self.mset) if self.mset else []) + self.foreign

    def is_key_image(self, ref) -> bool:
        if ref is None:
            return False
        own = self.mset is not None and any(k.sop_uid == ref.sop_uid and k.frame_index == ref.frame_index
                                            for k in self.mset.key_images)
        return own or (ref.sop_uid, ref.frame_index) in self.foreign_keys
