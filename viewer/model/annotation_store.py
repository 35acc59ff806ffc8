"""``AnnotationStore``: a study's measurements and key images kept across restarts and power cuts.

One JSON document per study in ``<cache root>/annotations/``, named by a SHA-256 of the Study
Instance UID (UIDs never become path components), written with ``atomic_write_bytes`` (temp file,
fsync, rename, directory fsync): after a crash the document is the previous version or the new one,
never a mix. ``open_set`` returns a ``MeasurementSet`` that autosaves after every finished change.
A document that cannot be parsed (edited by hand, disk error) is moved aside as ``.bad`` and the study
starts empty rather than refusing to open.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from pathlib import Path
from typing import Iterable

from viewer.core.atomic import atomic_write_bytes
from viewer.dicom.findings.records import (
    ImageRef,
    Measurement,
    MeasurementKind,
    PatientPlane,
    Source,
    Value,
)
from viewer.model.measure.editing import Change, MeasurementSet

log = logging.getLogger(__name__)

FORMAT = "cauri-annotations"
VERSION = 2  # 2: measurements on MPR planes ("plane"); a version-1 reader would drop the plane and misplace them


def _ref_json(r: ImageRef) -> dict:
    return {"study": r.study_uid, "series": r.series_uid, "sop": r.sop_uid, "frame": r.frame_index}


def _ref(d: dict) -> ImageRef:
    return ImageRef(str(d["study"]), str(d.get("series", "")), str(d["sop"]), int(d.get("frame", 0)))


def measurement_to_json(m: Measurement) -> dict:
    return {
        "id": m.id,
        "kind": m.kind.value,
        "points": [[x, y] for x, y in m.points],
        "image": _ref_json(m.image),
        "label": m.label,
        "created": m.created,
        "source": m.source.value,
        "source_uid": m.source_uid,
        "reported": [{"name": v.name, "value": v.value, "unit": v.unit, "label": v.label} for v in m.reported],
        **({"plane": _plane_json(m.plane)} if m.plane is not None else {}),
    }


def _plane_json(p: PatientPlane) -> dict:
    return {"frame_of_reference": p.frame_of_reference, "origin": list(p.origin), "right": list(p.right),
            "down": list(p.down), "pixel_mm": p.pixel_mm}


def _plane(d: dict | None) -> PatientPlane | None:
    if d is None:
        return None
    return PatientPlane(str(d["frame_of_reference"]), tuple(d["origin"]), tuple(d["right"]), tuple(d["down"]), float(d["pixel_mm"]))


def measurement_from_json(d: dict) -> Measurement:
    return Measurement(
        kind=MeasurementKind(d["kind"]),
        points=tuple((float(x), float(y)) for x, y in d["points"]),
        image=_ref(d["image"]),
        label=str(d.get("label", "")),
        id=str(d["id"]),
        created=str(d.get("created", "")),
        source=Source(d.get("source", "cauri")),
        source_uid=str(d.get("source_uid", "")),
        reported=tuple(Value(str(v["name"]), float(v["value"]), str(v["unit"]), str(v.get("label", ""))) for v in d.get("reported", [])),
        plane=_plane(d.get("plane")),
    )


class AnnotationStoreError(RuntimeError):
    pass


class AnnotationStore:
    def __init__(self, cache_root: Path | str) -> None:
        self.folder = Path(cache_root) / "annotations"
        self._lock = threading.Lock()

    def path_for(self, study_uid: str) -> Path:
        digest = hashlib.sha256(study_uid.encode("utf-8")).hexdigest()
        return self.folder / f"{digest[:40]}.json"

    # -- the API ---------------------------------------------------------------------------------

    def load(self, study_uid: str) -> list[Measurement]:
        return self._read(study_uid)[0]

    def load_key_images(self, study_uid: str) -> list[ImageRef]:
        return self._read(study_uid)[1]

    def save(self, study_uid: str, measurements: Iterable[Measurement], key_images: Iterable[ImageRef] | None = None) -> None:
        """Replace the study's document. ``key_images=None`` keeps the stored ones."""
        measurements = list(measurements)
        with self._lock:
            keys = list(key_images) if key_images is not None else self._read(study_uid)[1]
            doc = {
                "format": FORMAT,
                "version": VERSION,
                "study_uid": study_uid,
                "measurements": [measurement_to_json(m) for m in measurements],
                "key_images": [_ref_json(r) for r in sorted(keys, key=lambda r: (r.series_uid, r.sop_uid, r.frame_index))],
            }
            data = json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
            atomic_write_bytes(self.path_for(study_uid), data)

    def delete(self, study_uid: str) -> None:
        try:
            os.unlink(self.path_for(study_uid))
        except FileNotFoundError:
            pass

    def open_set(self, study_uid: str) -> MeasurementSet:
        """The study's editable set, autosaved here after every finished change (not mid-drag)."""
        measurements, keys = self._read(study_uid)
        mset = MeasurementSet(study_uid, measurements, keys)

        def autosave(s: MeasurementSet, change: Change) -> None:
            if change.final:
                self.save(s.study_uid, s.measurements, s.key_images)

        mset.subscribe(autosave)
        return mset

    # -- internals -------------------------------------------------------------------------------

    def _read(self, study_uid: str) -> tuple[list[Measurement], list[ImageRef]]:
        path = self.path_for(study_uid)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return [], []
        try:
            doc = json.loads(raw.decode("utf-8"))
        except ValueError:
            doc = None
        if isinstance(doc, dict) and int(doc.get("version", 0) or 0) > VERSION:
            # Never overwrite what a newer Cauri wrote: autosave would lose its data.
            raise AnnotationStoreError("this study's annotations were saved by a newer Cauri")
        try:
            if not isinstance(doc, dict):
                raise ValueError("not JSON")
            if doc.get("format") != FORMAT or doc.get("study_uid") != study_uid:
                raise ValueError("not this study's annotation document")
            measurements = [measurement_from_json(d) for d in doc.get("measurements", [])]
            keys = [_ref(d) for d in doc.get("key_images", [])]
            return measurements, keys
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("annotation document unreadable (%s); moved aside", type(exc).__name__)
            try:
                os.replace(path, path.with_suffix(".bad"))
            except OSError:
                pass
            return [], []
