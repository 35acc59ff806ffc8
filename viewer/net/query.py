"""What a remote search asks for and what it gives back, whichever protocol carries it (C-FIND or QIDO-RS).

Answers are plain dicts keyed by the names of ``STUDY_KEYS``/``SERIES_KEYS``/``IMAGE_KEYS``, so that the
study browser, ``cauri find``, the RIS launch and the prefetch rules read one shape from either archive.
"""

from __future__ import annotations

from dataclasses import dataclass

LEVELS = ("STUDY", "SERIES", "IMAGE")


@dataclass(frozen=True)
class RemoteQuery:
    """Filters of a remote search. Names take DICOM wildcards; without one, "starts with" is meant.

    Dates are YYYYMMDD, inclusive. At SERIES and IMAGE level the study (and series) UIDs narrow
    the search; without them the study-level filters choose the studies first.
    """

    level: str = "STUDY"
    patient_id: str | None = None
    name: str | None = None
    birth_date: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    modality: str | None = None
    accession: str | None = None
    description: str | None = None
    study_uid: str | None = None
    series_uid: str | None = None
    limit: int | None = None
    issuer: str | None = None  # STUDY level: "" asks for the Issuer of Patient ID back (key "issuer")


STUDY_KEYS = {
    "PatientName": "patient_name",
    "PatientID": "patient_id",
    "PatientBirthDate": "birth_date",
    "PatientSex": "sex",
    "StudyInstanceUID": "study_uid",
    "StudyDate": "study_date",
    "StudyTime": "study_time",
    "AccessionNumber": "accession",
    "StudyDescription": "description",
    "ModalitiesInStudy": "modalities",
    "NumberOfStudyRelatedSeries": "series_count",
    "NumberOfStudyRelatedInstances": "instance_count",
}
SERIES_KEYS = {
    "StudyInstanceUID": "study_uid",
    "SeriesInstanceUID": "series_uid",
    "Modality": "modality",
    "SeriesNumber": "number",
    "SeriesDescription": "description",
    "BodyPartExamined": "body_part",
    "NumberOfSeriesRelatedInstances": "instance_count",
}
IMAGE_KEYS = {
    "StudyInstanceUID": "study_uid",
    "SeriesInstanceUID": "series_uid",
    "SOPInstanceUID": "sop_uid",
    "SOPClassUID": "sop_class",
    "InstanceNumber": "instance_number",
}
KEYS = {"STUDY": STUDY_KEYS, "SERIES": SERIES_KEYS, "IMAGE": IMAGE_KEYS}


def name_pattern(name: str) -> str:
    """The PN matching value. Components are separated by ``^`` only (PS3.5 6.2): a space inside one stays
    ("KOFFI^Aïcha Élodie": given name "Aïcha Élodie"), only the ends of each are trimmed. No wildcard means
    "starts with"."""
    text = "^".join(part.strip() for part in name.strip().split("^"))
    return text if ("*" in text or "?" in text) else text + "*"


def date_range(date_from: str | None, date_to: str | None) -> str:
    if date_from and date_to and date_from == date_to:
        return date_from
    return f"{date_from or ''}-{date_to or ''}" if (date_from or date_to) else ""
