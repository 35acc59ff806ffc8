"""Measurements -> a Comprehensive 3D SR following TID 1500 (Measurement Report), built with highdicom.

Regions (ellipse, rectangle, polygon, freehand ROIs) become TID 1410 Planar ROI groups: one Image
Region SCOORD (ELLIPSE, or a closed POLYLINE) selected from the source image, with area and statistics.
Lines, angles and probes become TID 1501 groups whose each numeric value is INFERRED FROM its SCOORD
(POLYLINE or POINT), as OHIF/dcmjs write them. Each group carries the measurement's label as Tracking
Identifier, its UUID as Tracking UID (2.25 form) and the tool as Measurement Method.
Measurements made on MPR planes reference no single image: their outlines and lines are SCOORD3D in
patient coordinates with the Frame of Reference UID (an Image Region 3D POLYGON/ELLIPSE, or POLYLINE/POINT
3-D coordinates); the evidence names one slice of their series.
"""

from __future__ import annotations

import math
from typing import Mapping, Sequence

import numpy as np
from highdicom.coding_schemes import CodingSchemeIdentificationItem
from highdicom.sr import (
    Comprehensive3DSR,
    CoordinatesForMeasurement,
    CoordinatesForMeasurement3D,
    DeviceObserverIdentifyingAttributes,
    ImageRegion,
    ImageRegion3D,
    MeasurementReport,
    MeasurementsAndQualitativeEvaluations,
    ObservationContext,
    ObserverContext,
    PersonObserverIdentifyingAttributes,
    PlanarROIMeasurementsAndQualitativeEvaluations,
    SourceImageForRegion,
    TrackingIdentifier,
)
from highdicom.sr import (
    Measurement as SRMeasurement,
)
from pydicom.dataset import Dataset
from pydicom.sr.codedict import codes

from viewer.dicom.findings import codes as cc
from viewer.dicom.findings.common import (
    DEVICE_UID,
    MANUFACTURER,
    MODEL_NAME,
    SOFTWARE_VERSION,
    frame_numbers,
    uid_for_id,
)
from viewer.dicom.findings.plane3d import patient_points
from viewer.dicom.findings.records import Measurement, MeasurementResult
from viewer.dicom.findings.records import MeasurementKind as K

SR_KINDS = frozenset({K.LENGTH, K.ANGLE, K.COBB, K.BIDIRECTIONAL, K.ELLIPSE, K.RECTANGLE, K.POLYGON, K.FREEHAND, K.PROBE})


def tracking_text(m: Measurement) -> str:
    return (m.label.strip() or m.kind.title)[:64]


def has_value(result: MeasurementResult) -> bool:
    """Whether the result has a number to write (a finite one)."""
    return any(math.isfinite(v.value) for v in result.values)


def _source(m: Measurement, headers: Mapping[str, Dataset]) -> SourceImageForRegion:
    ds = headers[m.image.sop_uid]
    return SourceImageForRegion(
        referenced_sop_class_uid=ds.SOPClassUID,
        referenced_sop_instance_uid=ds.SOPInstanceUID,
        referenced_frame_numbers=frame_numbers(ds, m.image.frame_index),
    )


def _region3d(m: Measurement) -> ImageRegion3D:
    p = np.asarray(patient_points(m), dtype=np.float64)
    if m.kind is K.ELLIPSE:
        return ImageRegion3D("ELLIPSE", p, m.plane.frame_of_reference)
    return ImageRegion3D("POLYGON", np.vstack([p, p[:1]]), m.plane.frame_of_reference)  # closed: first = last


def _region(m: Measurement, headers) -> ImageRegion | ImageRegion3D:
    if m.plane is not None:
        return _region3d(m)
    p = np.asarray(m.points, dtype=np.float64)
    if m.kind is K.ELLIPSE:
        return ImageRegion("ELLIPSE", p, _source(m, headers))
    if m.kind is K.RECTANGLE:
        (x0, y0), (x1, y1) = m.points
        p = np.array([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], dtype=np.float64)
    closed = np.vstack([p, p[:1]])  # a region outline is a closed polyline (first = last point)
    return ImageRegion("POLYLINE", closed, _source(m, headers))


def _numbers(m: Measurement, result: MeasurementResult, names: Sequence[str] | None = None, coords=None) -> list[SRMeasurement]:
    out = []
    for v in result.values:
        if names is not None and v.name not in names:
            continue
        if not math.isfinite(v.value):
            continue
        out.append(
            SRMeasurement(
                name=cc.concept_for(v.name, m.kind, v.unit),
                value=float(v.value),
                unit=cc.unit_concept(v.unit),
                referenced_coordinates=coords(v.name) if coords else None,
            )
        )
    return out


def _group(m: Measurement, result: MeasurementResult, headers):
    tracking = TrackingIdentifier(uid=uid_for_id(m.id), identifier=tracking_text(m))
    method = cc.method_code(m.kind)
    if m.kind.is_roi:
        return PlanarROIMeasurementsAndQualitativeEvaluations(
            tracking_identifier=tracking,
            referenced_region=_region(m, headers),
            method=method,
            measurements=_numbers(m, result) or None,
        )
    if m.plane is not None:  # MPR plane: 3-D coordinates in the Frame of Reference, no single image
        pts = np.asarray(patient_points(m), dtype=np.float64)
        scoord = lambda kind, a: CoordinatesForMeasurement3D(kind, a, m.plane.frame_of_reference)  # noqa: E731
    else:
        pts = np.asarray(m.points, dtype=np.float64)
        scoord = lambda kind, a: CoordinatesForMeasurement(kind, a, _source(m, headers))  # noqa: E731

    def line(a: np.ndarray) -> list:
        return [scoord("POLYLINE", a)]

    if m.kind is K.PROBE:
        coords = lambda _n: [scoord("POINT", pts[:1])]  # noqa: E731
    elif m.kind is K.COBB:
        coords = lambda _n: line(pts[:2]) + line(pts[2:])  # noqa: E731
    elif m.kind is K.BIDIRECTIONAL:
        # compute() lists the two axis values in stroke order: the first value belongs to points 0-1.
        axes = [v.name for v in result.values if v.name in ("long_axis", "short_axis")]
        first = axes[0] if axes else "long_axis"
        coords = lambda n: line(pts[:2]) if n == first else line(pts[2:])  # noqa: E731
    else:
        coords = lambda _n: line(pts)  # noqa: E731
    return MeasurementsAndQualitativeEvaluations(
        tracking_identifier=tracking,
        method=method,
        measurements=_numbers(m, result, coords=coords) or None,
    )


def build_measurement_report(
    items: Sequence[tuple[Measurement, MeasurementResult]],
    headers: Mapping[str, Dataset],
    series_uid: str,
    series_number: int,
    sop_uid: str,
    instance_number: int,
    observer_name: str | None = None,
    series_description: str = "Cauri measurements",
) -> Comprehensive3DSR:
    """``headers``: referenced images' headers by SOP Instance UID (``common.evidence_header``). A
    measurement without a value (a Cobb angle whose second line is a click) is not written: an SR
    measurement group states numbers, and NaN is not one (``has_value``)."""
    items = [(m, r) for m, r in items if m.kind in SR_KINDS and has_value(r)]
    groups = [_group(m, r, headers) for m, r in items]
    device = ObserverContext(
        observer_type=codes.DCM.Device,
        observer_identifying_attributes=DeviceObserverIdentifyingAttributes(
            uid=DEVICE_UID, name=MANUFACTURER, manufacturer_name=MANUFACTURER, model_name=MODEL_NAME
        ),
    )
    person = None
    if observer_name:
        person = ObserverContext(
            observer_type=codes.DCM.Person,
            observer_identifying_attributes=PersonObserverIdentifyingAttributes(name=observer_name),
        )
    report = MeasurementReport(
        observation_context=ObservationContext(observer_person_context=person, observer_device_context=device),
        procedure_reported=cc.IMAGING_PROCEDURE,
        imaging_measurements=groups or None,
    )
    referenced = {m.image.sop_uid for m, _ in items}
    evidence = [headers[uid] for uid in sorted(referenced)]
    return Comprehensive3DSR(
        evidence=evidence,
        content=report[0],
        series_instance_uid=series_uid,
        series_number=series_number,
        sop_instance_uid=sop_uid,
        instance_number=instance_number,
        manufacturer=MANUFACTURER,
        is_complete=True,
        is_final=False,
        is_verified=False,
        series_description=series_description,
        manufacturer_model_name=MODEL_NAME,
        software_versions=SOFTWARE_VERSION,
        coding_schemes=[
            CodingSchemeIdentificationItem(
                designator=cc.SCHEME, name=cc.SCHEME_NAME, responsible_organization=MANUFACTURER
            )
        ],
    )


__all__ = ["build_measurement_report", "has_value", "SR_KINDS", "tracking_text"]
