"""Findings in and out of the study cache as DICOM objects.

``save_findings`` writes a TID 1500 SR (measurements), GSPS (every drawing + window/level) and a KO
(key images) for one study, then imports them into the cache like any received instance (written in
the cache's own temp folder, then ``import_paths(move=True)``), so the network module can send them
and a fresh cache that imports them gets the same findings back. Each save is a new instance in a
"Cauri ..." series of the study (reused from one save to the next).

``read_findings`` gathers what the cache holds for a study: measurements from every SR and GSPS,
presentation states, key-image selections, and the SR/PDF documents for a document view. Of the
objects Cauri wrote, only those of the latest save count (they share one content date/time): every
save is a complete snapshot, so older ones would duplicate measurements or bring back deleted ones.
Deleting everything and saving writes nothing (there is no image left to reference), so the
previous save then stays current.
"""

from __future__ import annotations

import logging
import shutil
import uuid
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Mapping

import pydicom
from pydicom.uid import generate_uid

from viewer.core.messages import msg
from viewer.dicom.findings import common
from viewer.dicom.findings.common import evidence_header
from viewer.dicom.findings.document import read_sr_document
from viewer.dicom.findings.gsps_read import read_presentation_state
from viewer.dicom.findings.gsps_write import (
    build_presentation_state,
    plan_presentation_states,
)
from viewer.dicom.findings.ko_read import read_key_objects
from viewer.dicom.findings.ko_write import build_key_object_selection
from viewer.dicom.findings.records import (
    DocumentRef,
    ImageRef,
    KeyImageSelection,
    Measurement,
    MeasurementResult,
    PresentationState,
)
from viewer.dicom.findings.sr_read import read_sr_measurements
from viewer.dicom.findings.sr_write import SR_KINDS, build_measurement_report, has_value
from viewer.dicom.pixels import Window
from viewer.model.displaysets import FrameRef
from viewer.model.frames import load_frame
from viewer.model.measure.calibration import read_header
from viewer.model.measure.compute import compute
from viewer.model.measure.plane import compute_plane
from viewer.model.measure.text import describe
from viewer.model.registry import load_plugins
from viewer.model.studies import study_display_sets
from viewer.model.volume import Volume
from viewer.store.cache import StudyCache
from viewer.store.importer import import_paths

log = logging.getLogger(__name__)

SR_SERIES = ("SR", "Cauri measurements", 9001)
PR_SERIES = ("PR", "Cauri presentation states", 9002)
KO_SERIES = ("KO", "Cauri key images", 9003)


class FindingsError(RuntimeError):
    pass


@dataclass
class Findings:
    measurements: list[Measurement] = field(default_factory=list)  # from SR and GSPS, SR first
    presentation_states: list[PresentationState] = field(default_factory=list)
    key_images: list[KeyImageSelection] = field(default_factory=list)
    documents: list[DocumentRef] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # plain language, no patient data
    sources: dict[str, list[str]] = field(default_factory=dict)  # measurement id -> ["SR", "GSPS"] it was found in

    def on_image(self, ref: ImageRef) -> list[Measurement]:
        return [m for m in self.measurements if m.image.sop_uid == ref.sop_uid and m.image.frame_index == ref.frame_index
                and m.plane is None]


# -- writing ------------------------------------------------------------------------------------------


def compute_on_cache(cache: StudyCache, m: Measurement, volumes: dict | None = None) -> MeasurementResult | None:
    """Values of ``m`` from its image in the cache; None when the image is not there. A plane measurement
    needs its series' volume: ``volumes`` (by the SOP Instance UID its measurements name) holds those
    already loaded, and gets the ones loaded here for the next measurements."""
    path = cache.instance_path(m.image.sop_uid) if m.image.sop_uid else None
    if path is None:
        return None
    header = read_header(path)
    if m.plane is not None:
        volumes = {} if volumes is None else volumes
        if m.image.sop_uid not in volumes:
            volumes[m.image.sop_uid] = _volume_of(cache, m.image)
        return compute_plane(m, volumes[m.image.sop_uid], header)
    frame = load_frame(FrameRef(path, m.image.frame_index, m.image.sop_uid, None))
    return compute(m, frame, header)


def _volume_of(cache: StudyCache, ref: ImageRef):
    """The loaded volume of the stack holding ``ref``'s instance, or None (not a volume, unreadable)."""

    for ds in study_display_sets(cache, ref.study_uid, load_plugins().display_set_handlers()):
        if getattr(ds, "kind", "") == "stack" and any(f.sop_uid == ref.sop_uid for f in ds.frames):
            try:
                volume = Volume(ds).load()
            except ValueError as exc:
                log.warning("no volume for a plane measurement: %s", exc)
                return None
            return volume
    return None


def resolve_planes(cache: StudyCache, study_uid: str, measurements: list[Measurement]) -> list[Measurement]:
    """Plane measurements read from an SR name a Frame of Reference, not an image: tie each to the
    study's image series in that Frame of Reference (the one with most instances), at the grid of its
    pixels. Those with no such series in the cache stay unresolved (listed, not drawn)."""
    if not any(m.plane is not None and not m.image.sop_uid for m in measurements):
        return measurements
    by_frame: dict[str, tuple[int, str, str, float]] = {}
    for series in cache.series_of(study_uid):
        instances = cache.instances_of(series.series_uid)
        ds = read_header(instances[0].path) if instances else None
        uid = str(ds.get("FrameOfReferenceUID", "")) if ds is not None else ""
        if not uid or not ds.get("ImagePositionPatient"):
            continue
        spacing = [float(v) for v in ds.get("PixelSpacing") or (1.0, 1.0)]
        best = by_frame.get(uid)
        if best is None or len(instances) > best[0]:
            by_frame[uid] = (len(instances), series.series_uid, instances[0].sop_uid, min(spacing))
    out = []
    for m in measurements:
        found = by_frame.get(m.plane.frame_of_reference) if m.plane is not None and not m.image.sop_uid else None
        if found is not None:
            _, series_uid, sop, pixel_mm = found
            m = replace(m, image=ImageRef(study_uid, series_uid, sop, 0), plane=replace(m.plane, pixel_mm=pixel_mm),
                        points=tuple((x * m.plane.pixel_mm / pixel_mm, y * m.plane.pixel_mm / pixel_mm) for x, y in m.points))
        out.append(m)
    return out


def _series(cache: StudyCache, study_uid: str, spec: tuple[str, str, int]) -> tuple[str, int, int]:
    """(series UID, series number, next instance number): Cauri's series of that kind, else a new one."""
    modality, description, number = spec
    for s in cache.series_of(study_uid):
        if s.modality == modality and s.description == description:
            return s.series_uid, s.number or number, s.instance_count + 1
    return generate_uid(), number, 1


def save_findings(
    cache: StudyCache,
    study_uid: str,
    measurements: Iterable[Measurement],
    key_images: Iterable[ImageRef] = (),
    window_by_image: Mapping[ImageRef, Window] | None = None,
    observer_name: str | None = None,
    notes: list[str] | None = None,
    volumes: dict | None = None,
) -> list[str]:
    """Write and import the study's SR, GSPS and KO; returns the SOP Instance UIDs written (SR first).
    ``volumes``: volumes already loaded for plane measurements (see ``compute_on_cache``).

    ``measurements`` and ``key_images`` on other studies are ignored; images missing from the cache are
    left out with a note appended to ``notes``. Raises ``FindingsError`` when the cache refuses them.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # highdicom/pydicom warnings quote header values (patient names)
        return _save_findings(cache, study_uid, measurements, key_images, window_by_image, observer_name, notes,
                              dict(volumes or {}))


class EvidenceHeaders:
    """The evidence header (patient, study, series, instance) of each image a document refers to, read once
    from the cache; None for an image no longer there. Findings saves and reports both cite images so."""

    def __init__(self, cache) -> None:
        self.cache = cache
        self.read: dict = {}

    def __call__(self, sop: str):
        if sop not in self.read:
            path = self.cache.instance_path(sop)
            ds = read_header(path) if path is not None else None
            self.read[sop] = evidence_header(ds) if ds is not None else None
        return self.read[sop]

    def present(self) -> dict:
        return {k: v for k, v in self.read.items() if v is not None}


def _save_findings(cache, study_uid, measurements, key_images, window_by_image, observer_name, notes, volumes) -> list[str]:
    notes = notes if notes is not None else []
    measurements = [m for m in measurements if m.image.study_uid == study_uid]
    key_images = [k for k in key_images if k.study_uid == study_uid]
    windows = {r: w for r, w in (window_by_image or {}).items() if r.study_uid == study_uid}
    header = EvidenceHeaders(cache)

    kept = [m for m in measurements if header(m.image.sop_uid) is not None]
    if len(kept) < len(measurements):
        notes.append(f"{len(measurements) - len(kept)} measurement(s) on images no longer in the cache were not saved")
    key_images = [k for k in key_images if header(k.sop_uid) is not None]
    windows = {r: w for r, w in windows.items() if header(r.sop_uid) is not None}
    results = {m.id: compute_on_cache(cache, m, volumes) or MeasurementResult() for m in kept}
    present = header.present()

    datasets = []
    sr_items = [(m, results[m.id]) for m in kept if m.kind in SR_KINDS and has_value(results[m.id])]
    empty = sum(1 for m in kept if m.kind in SR_KINDS and not has_value(results[m.id]))
    if empty:
        notes.append(msg("{n} {n:measurement has|measurements have} no value and {n:is|are} not in the SR", n=empty))
    if sr_items:
        series_uid, number, instance = _series(cache, study_uid, SR_SERIES)
        datasets.append(build_measurement_report(sr_items, present, series_uid, number, generate_uid(), instance, observer_name))
    flat = [m for m in kept if m.plane is None]  # a presentation state draws on images, not in 3-D
    if any(m.plane is not None and m.kind not in SR_KINDS for m in kept):
        notes.append(msg("annotations on MPR planes (arrows, text) have no DICOM form and were not saved"))
    plans, skipped = plan_presentation_states(flat, windows, present)
    if skipped:
        notes.append(msg("{n} colour {n:image has|images have} no grayscale presentation state; their annotations are in the SR only",
                         n=len(skipped)))
    if plans:
        series_uid, number, instance = _series(cache, study_uid, PR_SERIES)
        for i, plan in enumerate(plans):
            datasets.append(
                build_presentation_state(
                    plan, series_uid, number, generate_uid(), instance + i,
                    describe=lambda m: describe(m, results.get(m.id)),
                )
            )
    if key_images:
        series_uid, number, instance = _series(cache, study_uid, KO_SERIES)
        datasets.append(build_key_object_selection(key_images, present, series_uid, number, generate_uid(), instance))
    if not datasets:
        notes.append(msg("nothing to save"))
        return []
    _stamp(datasets)
    return import_datasets(cache, datasets)


def import_datasets(cache: StudyCache, datasets) -> list[str]:
    """Write ``datasets`` into the cache's temp folder and import them like received instances (the
    report's SR and PDF come in the same way); returns their SOP Instance UIDs."""
    folder = Path(cache.files.tmp) / f"findings-{uuid.uuid4().hex[:12]}"
    folder.mkdir(parents=True)
    try:
        for i, ds in enumerate(datasets):
            # highdicom copies the character set of the first referenced image, which may be absent
            # (ASCII) while names and labels are not: UTF-8 can hold every value, whatever its source.
            ds.SpecificCharacterSet = "ISO_IR 192"
            ds.save_as(folder / f"{i:03d}.dcm", enforce_file_format=True)
        report = import_paths(cache, [folder], move=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if report.rejected:
        raise FindingsError("; ".join(r.reason for r in report.rejected))
    return [str(ds.SOPInstanceUID) for ds in datasets]


# -- reading ------------------------------------------------------------------------------------------


def save_stamp(ds) -> str:
    """The save an object of Cauri's belongs to: all objects of one save share it (see ``_stamp``)."""
    gsps = str(ds.get("SOPClassUID", "")) == common.GSPS_CLASS
    date = ds.get("PresentationCreationDate" if gsps else "ContentDate", "") or ""
    time = str(ds.get("PresentationCreationTime" if gsps else "ContentTime", "") or "")
    main, _, frac = time.partition(".")
    return f"{date}{main.ljust(6, '0')}.{frac.ljust(6, '0')}"


def _stamp(datasets) -> None:
    from datetime import datetime

    now = datetime.now()
    date, time = now.strftime("%Y%m%d"), now.strftime("%H%M%S.%f")
    for ds in datasets:
        if str(ds.SOPClassUID) == common.GSPS_CLASS:
            ds.PresentationCreationDate, ds.PresentationCreationTime = date, time
        else:
            ds.ContentDate, ds.ContentTime = date, time


MEASUREMENT_REPORT = "126000"  # DCM "Imaging Measurement Report": the title of a TID 1500 document


def _is_our_snapshot(ds) -> bool:
    """An object of one of Cauri's findings saves: its GSPS, its KO, its TID 1500 SR. Other documents Cauri
    writes (a second opinion's answer, a report) are not snapshots of the measurements and never hide one."""
    if str(ds.get("Manufacturer", "")) != common.MANUFACTURER:
        return False
    cls = str(ds.get("SOPClassUID", ""))
    if cls in (common.GSPS_CLASS, common.KO_CLASS):
        return True
    title = ds.get("ConceptNameCodeSequence") or [None]
    return title[0] is not None and str(title[0].get("CodeValue", "")) == MEASUREMENT_REPORT


def _latest_save_only(objects: list[tuple[str, object]]) -> list[tuple[str, object]]:
    """Foreign objects all count; of Cauri's saves, only those of the latest (each save is a complete
    snapshot: older ones would bring back measurements deleted since)."""
    ours = [ds for _, ds in objects if _is_our_snapshot(ds)]
    if not ours:
        return objects
    latest = max(save_stamp(ds) for ds in ours)
    return [(k, ds) for k, ds in objects if not _is_our_snapshot(ds) or save_stamp(ds) == latest]


def _kind(cls: str) -> str:
    return ("KO" if cls == common.KO_CLASS
            else "SR" if cls.startswith(common.SR_CLASS_PREFIX)
            else "GSPS" if cls == common.GSPS_CLASS
            else "PDF" if cls == common.PDF_CLASS
            else "")


def read_findings(cache: StudyCache, study_uid: str) -> Findings:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydicom warnings may quote header values
        return _read_findings(cache, study_uid)


def _read_findings(cache: StudyCache, study_uid: str) -> Findings:
    out = Findings()
    objects: list[tuple[str, object]] = []
    # Which series hold findings objects, from the index's classes alone: the image series' records (thousands
    # of slices) are never built for this.
    classes = cache.instance_classes(study_uid)
    series_by_sop = {sop: series for sop, series, _cls in classes}
    holding = {series for _sop, series, cls in classes if _kind(cls)}
    for series in cache.series_of(study_uid):
        if series.series_uid not in holding:
            continue
        for inst in cache.instances_of(series.series_uid):
            kind = _kind(inst.sop_class)
            if not kind:
                continue
            if kind == "PDF":
                out.documents.append(DocumentRef(inst.sop_uid, series.series_uid, "PDF", series.description or "PDF document", str(inst.path)))
                continue
            try:
                ds = pydicom.dcmread(inst.path)
            except Exception as exc:
                out.problems.append(msg("an object of series {number} cannot be read ({error})", number=series.number,
                                        error=type(exc).__name__))
                continue
            objects.append((kind, ds))
    lookup = series_by_sop.get
    objects = _latest_save_only(objects)
    seen: set[str] = set()
    from_gsps: list[Measurement] = []
    for kind, ds in objects:
        try:
            if kind == "SR":
                doc = read_sr_document(ds)
                out.documents.append(DocumentRef(str(ds.SOPInstanceUID), str(ds.SeriesInstanceUID), "SR", doc.title or "Structured report", "", doc.content_datetime))
                found, problems = read_sr_measurements(ds, lookup)
                out.problems += problems
                for m in found:
                    if "SR" not in out.sources.setdefault(m.id, []):
                        out.sources[m.id].append("SR")
                    if m.id not in seen:
                        seen.add(m.id)
                        out.measurements.append(m)
            elif kind == "KO":
                out.key_images.append(read_key_objects(ds, lookup))
            elif kind == "GSPS":
                ps, problems = read_presentation_state(ds, lookup)
                out.presentation_states.append(ps)
                out.problems += problems
                from_gsps += ps.annotations
        except Exception as exc:  # one malformed object never hides the others
            log.warning("cannot read a %s object: %s", kind, type(exc).__name__)
            out.problems.append(msg("a {kind} object could not be read ({error})", kind=kind, error=type(exc).__name__))
    for m in from_gsps:  # drawings of measurements already read from an SR are the same measurement
        if "GSPS" not in out.sources.setdefault(m.id, []):
            out.sources[m.id].append("GSPS")
        if m.id not in seen:
            seen.add(m.id)
            out.measurements.append(m)
    out.measurements = resolve_planes(cache, study_uid, out.measurements)
    paths = {str(ds.SOPInstanceUID): cache.instance_path(str(ds.SOPInstanceUID)) for _, ds in objects}
    out.documents = [d if d.path else DocumentRef(d.sop_uid, d.series_uid, d.kind, d.title, str(paths.get(d.sop_uid) or ""), d.created) for d in out.documents]
    return out
