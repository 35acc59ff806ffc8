"""The open study's findings: the reader's own measurements and key images (autosaved per study), and
what the study's SRs, presentation states and key object selections in the cache say."""

from __future__ import annotations

import logging

from viewer.model import measurements as M
from viewer.presentation.findings import foreign_measurements, key_images_of

log = logging.getLogger(__name__)


class StudyFindings:
    def __init__(self, store_root, cache) -> None:
        self.store_root = store_root
        self.cache = cache
        self.mset: M.MeasurementSet | None = None  # the reader's, editable
        self.foreign: list[M.Measurement] = []  # read from SRs/GSPS of the study: shown, not editable
        self.presentation_states: list = []
        self.foreign_keys: frozenset = frozenset()  # (SOP UID, frame) flagged by key object selections in the cache
        self.problems: list[str] = []  # what the study's SR/GSPS/KO reading could not use (messages)

    def open(self, study_uid: str) -> None:
        try:
            self.mset = M.AnnotationStore(self.store_root).open_set(study_uid)
        except M.AnnotationStoreError as exc:
            log.warning("annotations unavailable: %s", exc)
            self.mset = M.MeasurementSet(study_uid)
        try:
            findings = M.read_findings(self.cache, study_uid)
            self.foreign = foreign_measurements(findings.measurements, self.mset)
            self.presentation_states = list(findings.presentation_states)
            self.foreign_keys = key_images_of(findings.key_images)
            self.problems = list(findings.problems)
        except Exception as exc:  # a broken SR in the cache must not stop the study from opening
            log.warning("findings unreadable: %s", type(exc).__name__)
            self.problems, self.foreign, self.presentation_states, self.foreign_keys = [], [], [], frozenset()

    def all_measurements(self) -> list[M.Measurement]:
        return (list(self.mset) if self.mset else []) + self.foreign
