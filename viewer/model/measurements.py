"""Measurements, annotations and findings: the stable API for the viewport tools (no Qt, no VTK).

Coordinates are image pixels (column, row) as floats, DICOM convention: (0, 0) is the top-left corner
of the top-left pixel, whose centre is (0.5, 0.5) -- what SR SCOORD and GSPS PIXEL units use.

Objects
    MeasurementKind     LENGTH, ANGLE, COBB, BIDIRECTIONAL, ELLIPSE, RECTANGLE, POLYGON, FREEHAND, PROBE,
                        ARROW, TEXT (+ POLYLINE, POINT, VALUE produced by readers of foreign objects).
                        Points per kind: see ``records.POINT_COUNTS`` and the enum's comments.
    ImageRef(study_uid, series_uid, sop_uid, frame_index)       frame_index 0-based (FrameRef.frame)
    Measurement(kind, points, image, label="")                   frozen; id (uuid4), created (UTC ISO),
                        source (cauri/SR/GSPS), source_uid, reported (values stated by an SR),
                        plane (PatientPlane: drawn on an MPR plane, points on that plane's grid);
                        .moved(dx, dy), .with_handle(i, point), .with_points(points)
    ellipse_from_box(p0, p1)                                     the 4 axis end points of a dragged ellipse
    Value(name, value, unit, label)  MeasurementResult(values, calibration, messages, pixel_count)
                        names: length, angle, long_axis, short_axis, area, mean, std, min, max, value,
                        suv, suv_mean, suv_std, suv_min, suv_max; units: mm, mm², px, px², °, HU, Bq/ml, SUVbw, ""
                        calibration: "PixelSpacing", "ImagerPixelSpacing (magnification-corrected)",
                        "ImagerPixelSpacing (at the detector, ...)", "uncalibrated px", ...

Values
    compute(measurement, frame: LoadedFrame, header=None) -> MeasurementResult
    roi_mask(measurement, (rows, cols)) -> bool array        pixels whose centre is inside
    describe(measurement, result, language="en", stacked=False) -> str
                        "Area 12.3 mm², Mean 40.1 HU, SD 5.20 HU, Min 12.0 HU, Max 80.0 HU"; without a
                        value, why ("Cobb angle: draw the second line")
    suv_bw_factor(dataset) -> SuvFactor(factor | None, message)

Editing (plain Python undo/redo)
    MeasurementSet(study_uid, measurements=(), key_images=())
        add, update, move_handle(id, i, point), move(id, dx, dy), relabel, delete,
        set_key_image/toggle_key_image(ref), undo(), redo(), can_undo/can_redo,
        begin_edit()/end_edit()/cancel_edit() around a drag (one undo step),
        subscribe(listener(set, Change)) -> unsubscribe; Change.final is False mid-drag
    AnnotationStore(cache_root): load(study_uid), save(study_uid, measurements, key_images=None),
        load_key_images(study_uid), open_set(study_uid) -> MeasurementSet autosaving every final change

Drawing
    outlines(m) -> [[(x, y), ...]]   scene_lines(m, (rows, cols), scene.spacing, color, rotation, flip_h, flip_v)
    label_anchor(m), nearest_handle(m, point, tol), hit(m, point, tol), to_display(point, shape, ...)

DICOM (in the cache)
    save_findings(cache, study_uid, measurements, key_images=(), window_by_image=None, observer_name=None,
                  notes=None) -> [SOP Instance UIDs]    TID 1500 SR + GSPS (+ W/L) + KO, imported into the cache
    read_findings(cache, study_uid) -> Findings(measurements, presentation_states, key_images, documents, problems)
    PresentationState: window_for(ref), annotations_for(ref), viewport_transform() -> (rotation, flip_h, flip_v),
                       shutter (Shutter record; overlays.shutter_mask takes the GSPS dataset too)
    read_sr_document(path|dataset) -> SRDocument; to_text(doc), to_html(doc) (escaped)
    read_encapsulated_pdf(path|dataset) -> bytes
"""

from __future__ import annotations

from viewer.dicom.findings.document import (
    SRDocument,
    read_encapsulated_pdf,
    read_sr_document,
    to_html,
    to_text,
)
from viewer.dicom.findings.records import (
    POINT_COUNTS,
    DocumentRef,
    ImageRef,
    KeyImageSelection,
    Measurement,
    MeasurementKind,
    MeasurementResult,
    PatientPlane,
    PresentationState,
    Shutter,
    Source,
    Value,
    ellipse_from_box,
    ellipse_from_circle,
)
from viewer.model.annotation_store import AnnotationStore, AnnotationStoreError
from viewer.model.measure.compute import compute, roi_mask
from viewer.model.measure.drawing import (
    from_display,
    hit,
    label_anchor,
    nearest_handle,
    outlines,
    scene_lines,
    to_display,
)
from viewer.model.measure.editing import Change, MeasurementSet
from viewer.model.measure.findings_io import (
    Findings,
    FindingsError,
    compute_on_cache,
    read_findings,
    save_findings,
)
from viewer.dicom.suv import SuvFactor, suv_bw_factor
from viewer.model.measure.text import describe, format_value, join_values

__all__ = [
    "AnnotationStore",
    "from_display",
    "AnnotationStoreError",
    "Change",
    "DocumentRef",
    "Findings",
    "FindingsError",
    "ImageRef",
    "KeyImageSelection",
    "Measurement",
    "MeasurementKind",
    "MeasurementResult",
    "MeasurementSet",
    "POINT_COUNTS",
    "PatientPlane",
    "PresentationState",
    "SRDocument",
    "Shutter",
    "Source",
    "SuvFactor",
    "Value",
    "compute",
    "compute_on_cache",
    "describe",
    "ellipse_from_box",
    "ellipse_from_circle",
    "format_value",
    "join_values",
    "hit",
    "label_anchor",
    "nearest_handle",
    "outlines",
    "read_encapsulated_pdf",
    "read_findings",
    "read_sr_document",
    "roi_mask",
    "save_findings",
    "scene_lines",
    "suv_bw_factor",
    "to_display",
    "to_html",
    "to_text",
]
