"""Which patient a view shows, and when two views show different patients.

Two studies are taken for the same patient only when everything the headers say agrees: the same
Patient ID, issuers that do not contradict each other, the same name (case, accents as stored, "^" and
spaces alike), and birth dates that do not contradict each other. Anything less is a different patient.

Why so strict: a Patient ID alone is not an identity here. IDs are numbers each hospital and clinic hands
out on its own (a CD from a private clinic can carry an ID the hospital gave someone else), so an ID match
with another name is a collision, not a person. A name alone is not one either (namesakes). The two
mistakes do not weigh the same: warning about one person whose name was typed two ways costs the reader a
glance; taking two people for one puts one patient's images beside another's report. So the rule leans to
warning. Two views of one study are always the same patient, whatever its header holds.
"""

from __future__ import annotations

from dataclasses import dataclass

from viewer.store.matching import fold, fold_name


@dataclass(frozen=True)
class PatientIdentity:
    study_uid: str
    patient_id: str = ""
    issuer: str = ""
    name: str = ""  # DICOM PN as stored ("FAMILY^Given")
    birth_date: str = ""

    @classmethod
    def of(cls, study) -> "PatientIdentity":
        """From a cache ``StudyRecord`` (or anything with the same fields)."""
        return cls(
            study_uid=study.study_uid,
            patient_id=(study.patient_id or "").strip(),
            issuer=(getattr(study, "issuer", "") or "").strip(),
            name=study.patient_name or "",
            birth_date=(study.birth_date or "").strip(),
        )


def _agree(a: str, b: str) -> bool:
    """Optional facts contradict each other only when both are known."""
    return not a or not b or a == b


def same_patient(a: PatientIdentity, b: PatientIdentity) -> bool:
    if a.study_uid and a.study_uid == b.study_uid:
        return True
    if not a.patient_id or fold(a.patient_id) != fold(b.patient_id):
        return False
    if not _agree(fold(a.issuer), fold(b.issuer)) or not _agree(a.birth_date, b.birth_date):
        return False
    return fold_name(a.name) == fold_name(b.name)


def group_patients(identities: list[PatientIdentity | None]) -> list[int | None]:
    """A patient number per entry (0, 1, ... in order of first appearance; None for an empty view).

    Each entry is compared with the first member of each group: the rule is not transitive (one record
    without a birth date can agree with two that disagree), and a chain must never merge two patients.
    """
    firsts: list[PatientIdentity] = []
    out: list[int | None] = []
    for ident in identities:
        if ident is None:
            out.append(None)
            continue
        for n, first in enumerate(firsts):
            if same_patient(first, ident):
                out.append(n)
                break
        else:
            firsts.append(ident)
            out.append(len(firsts) - 1)
    return out
