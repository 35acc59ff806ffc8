"""A Key Object Selection document from any source -> ``KeyImageSelection`` (title, note, images)."""

from __future__ import annotations

from pydicom.dataset import Dataset

from viewer.dicom.findings.common import code_of, content_datetime, first_int
from viewer.dicom.findings.records import ImageRef, KeyImageSelection
from viewer.dicom.findings.sr_read import SeriesLookup, evidence_series

KEY_OBJECT_DESCRIPTION = ("DCM", "113012")


def read_key_objects(ds: Dataset, series_of: SeriesLookup | None = None) -> KeyImageSelection:
    known = evidence_series(ds)
    study = str(ds.get("StudyInstanceUID", ""))
    images: list[ImageRef] = []
    notes: list[str] = []
    for item in ds.get("ContentSequence") or []:
        vt = item.get("ValueType")
        if vt == "TEXT" and code_of(item.get("ConceptNameCodeSequence"))[:2] == KEY_OBJECT_DESCRIPTION:
            notes.append(str(item.get("TextValue", "")))
        elif vt == "IMAGE":
            for ref in item.get("ReferencedSOPSequence") or []:
                sop = str(ref.ReferencedSOPInstanceUID)
                series = known.get(sop) or (series_of(sop) if series_of else None) or ""
                frames = ref.get("ReferencedFrameNumber")
                numbers = [] if frames in (None, "") else [frames] if isinstance(frames, (int, str)) else list(frames)
                for n in numbers or [1]:
                    images.append(ImageRef(study, series, sop, max(0, (first_int(n) or 1) - 1)))
    _, _, title = code_of(ds.get("ConceptNameCodeSequence"))
    return KeyImageSelection(
        sop_uid=str(ds.get("SOPInstanceUID", "")),
        title=title,
        description="\n".join(n for n in notes if n),
        images=tuple(images),
        created=content_datetime(ds),
    )
