"""Which patients the visible views show (``model.patients`` decides who is the same patient): the open
study's patient first, so it keeps the first colour wherever it is shown."""

from __future__ import annotations

from viewer.model.patients import PatientIdentity, group_patients
from viewer.workstation.events import Event


class PatientCheck:
    def __init__(self, cache) -> None:
        self.cache = cache
        self._records: dict[str, PatientIdentity | None] = {}
        self.forgotten = Event("patients_forgotten")  # the records were dropped: who is on screen may read otherwise

    def identity(self, study_uid: str | None) -> PatientIdentity | None:
        if not study_uid:
            return None
        if study_uid not in self._records:
            study = self.cache.study(study_uid)
            self._records[study_uid] = PatientIdentity.of(study) if study is not None else PatientIdentity(study_uid)
        return self._records[study_uid]

    def forget(self) -> None:
        """Study records may have changed (an import, a retrieve): read them again."""
        self._records.clear()
        self.forgotten.emit()

    def on_screen(self, open_uid: str | None, uids: list[str | None]) -> tuple[list[int | None], list[PatientIdentity]]:
        """(each view's patient group, None for an empty view; the patients on screen in group order)."""
        identities = [self.identity(open_uid)] + [self.identity(uid) for uid in uids]
        groups = group_patients(identities)[1:]
        firsts: dict[int, PatientIdentity] = {}
        for group, uid in zip(groups, uids):
            if group is not None and group not in firsts:
                firsts[group] = self.identity(uid)
        return groups, [firsts[g] for g in sorted(firsts)]

    def groups_of(self, uids: list[str | None]) -> list[int | None]:
        return group_patients([self.identity(uid) for uid in uids])
