"""Shared by the SR/GSPS/KO writers and readers: identity, UIDs, referenced-image headers."""

from __future__ import annotations

import copy
import uuid

from pydicom.dataset import Dataset

from viewer import __version__

MANUFACTURER = "Cauri"
MODEL_NAME = "Cauri workstation"
SOFTWARE_VERSION = __version__
# Device Observer UID of the software (TID 1004): one fixed UID per program, derived from its name.
DEVICE_UID = "2.25." + str(uuid.uuid5(uuid.NAMESPACE_URL, "https://cauri.invalid/device").int)
KIND_PREFIX = "cauri:"  # GSPS graphic group descriptions: "cauri:<kind>:<measurement id>"

SR_CLASS_PREFIX = "1.2.840.10008.5.1.4.1.1.88."
KO_CLASS = "1.2.840.10008.5.1.4.1.1.88.59"
GSPS_CLASS = "1.2.840.10008.5.1.4.1.1.11.1"
PDF_CLASS = "1.2.840.10008.5.1.4.1.1.104.1"


def uid_for_id(measurement_id: str) -> str:
    """Tracking UID of a measurement: the 2.25 form of its UUID, so the UUID comes back on reading."""
    try:
        return "2.25." + str(uuid.UUID(measurement_id).int)
    except ValueError:
        return "2.25." + str(uuid.uuid5(uuid.NAMESPACE_OID, measurement_id).int)


def id_for_uid(uid: str, salt: str = "") -> str:
    """Inverse of ``uid_for_id`` for 2.25 UIDs; a stable UUID derived from any other UID."""
    uid = str(uid or "").strip()
    if uid.startswith("2.25.") and not salt:
        try:
            return str(uuid.UUID(int=int(uid[5:])))
        except ValueError:
            pass
    return str(uuid.uuid5(uuid.NAMESPACE_OID, uid + salt))


# Type 2 attributes highdicom copies from the first referenced image; many real images lack some.
_TYPE2_DEFAULTS = {
    "PatientName": "",
    "PatientID": "",
    "PatientBirthDate": "",
    "PatientSex": "",
    "StudyID": "",
    "StudyDate": "",
    "StudyTime": "",
    "AccessionNumber": "",
    "ReferringPhysicianName": "",
}


def evidence_header(ds: Dataset) -> Dataset:
    """A copy of a referenced image's header, without pixel data, with absent Type 2 patient/study
    attributes present and empty (what the IODs require and highdicom reads)."""
    out = copy.deepcopy(ds)
    for keyword in ("PixelData", "FloatPixelData", "DoubleFloatPixelData"):
        if keyword in out:
            del out[keyword]
    for keyword, default in _TYPE2_DEFAULTS.items():
        if keyword not in out:
            setattr(out, keyword, default)
    return out


def is_multiframe(ds: Dataset) -> bool:
    try:
        return int(ds.get("NumberOfFrames") or 1) > 1
    except (TypeError, ValueError):
        return False


def frame_numbers(ds: Dataset, frame_index: int) -> list[int] | None:
    """Referenced Frame Number for a multi-frame image; None for single-frame ones (where it must be absent)."""
    return [frame_index + 1] if is_multiframe(ds) else None


def code_of(item) -> tuple[str, str, str]:
    """(scheme, value, meaning) of the first item of a code sequence, or empty strings."""
    if not item:
        return ("", "", "")
    c = item[0]
    value = c.get("CodeValue") or c.get("LongCodeValue") or c.get("URNCodeValue") or ""
    return (str(c.get("CodingSchemeDesignator", "")), str(value), str(c.get("CodeMeaning", "")))


def content_datetime(ds: Dataset) -> str:
    return f"{ds.get('ContentDate', '') or ''}{ds.get('ContentTime', '') or ''}".split(".")[0]


def first_int(value) -> int | None:
    """The first number of a possibly multi-valued IS/US element (Referenced Frame Number...)."""
    if value is None or value == "":
        return None
    if not isinstance(value, (int, float, str)):
        try:
            value = value[0] if len(value) else None
        except TypeError:
            pass
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None
