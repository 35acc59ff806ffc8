"""The values a picture and the measurement panel write beside a measurement, computed once per
measurement, image and volume state (both ask for the same), and the value of a drawing in progress."""

from __future__ import annotations

import logging
from dataclasses import replace

from viewer.core.messages import in_language, msg
from viewer.model import measurements as M
from viewer.model.measure.calibration import read_header
from viewer.model.measure.plane import compute_plane
from viewer.model.measurements import MeasurementKind as K

log = logging.getLogger(__name__)


def first_header(volume):
    return read_header(volume.stack.frames[0].path)


def plane_result(m: M.Measurement, session) -> M.MeasurementResult:
    """Values of a plane measurement, with the MPR volume's pixels when it is of that series."""
    volume = session.volume if session is not None and session.volume.stack.series_uid == m.image.series_uid else None
    complete = volume is not None and volume.complete
    result = compute_plane(m, volume if complete else None, first_header(volume) if complete else None)
    if complete and session.slab_mm > 0 and (m.kind.is_roi or m.kind is M.MeasurementKind.PROBE):
        note = msg("values of the plane itself (1 voxel thick), not of the slab shown")
        result = replace(result, messages=result.messages + (note,))
    return result


class MeasurementValues:
    """Measurement values kept per (measurement, its points, the image or the volume's state)."""

    def __init__(self) -> None:
        self._results: dict = {}

    def clear(self) -> None:
        self._results.clear()

    def result(self, m: M.Measurement, frame, session=None) -> M.MeasurementResult | None:
        """``m``'s values on ``frame`` (2-D), or in ``session``'s volume (a plane measurement); None when they
        cannot be computed."""
        key = (m.id, m.points, m.plane,
               frame.ref if m.plane is None else session is not None and (session.volume.complete, session.slab_mm))
        if key not in self._results:
            try:
                self._results[key] = M.compute(m, frame) if m.plane is None else plane_result(m, session)
            except Exception as exc:  # a value that cannot be computed is shown as such
                log.warning("measurement not computable: %s", type(exc).__name__)
                self._results[key] = None
        return self._results[key]

    def label_text(self, m: M.Measurement, frame, session, language: str, stacked: bool = False) -> str:
        """What the image (``stacked``: one value per line, a region's values in one line ran off the
        viewport) or the panel says of ``m``: the same values either way, those that are saved."""
        if m.source != M.Source.CAURI and m.reported:
            return M.join_values((M.format_value(v, language) for v in m.reported), language, stacked)
        if m.kind in (K.ARROW, K.POLYLINE, K.POINT):
            return m.label
        if frame is None and m.plane is None:
            return m.label
        result = self.result(m, frame, session)
        if result is None:
            return m.label
        return M.describe(m, result, language, stacked)  # "label: values" already


def draft_text(kind, points, plane, stroke_open: bool, frame, language: str) -> str:
    """An angle's or a Cobb angle's value as it is drawn, or why it has none yet ("angle de Cobb : tracez
    la seconde ligne"); "" for the other tools."""
    pts = list(points)
    if kind is K.COBB and len(pts) < 4:
        first = pts[0] != pts[1] and not stroke_open
        return in_language(msg("Cobb angle: draw the second line"), language) if first else ""
    if kind not in (K.COBB, K.ANGLE) or len(pts) != M.POINT_COUNTS[kind]:
        return ""
    ref = M.ImageRef("", "", "")
    try:
        if plane is not None:
            result = plane_result(M.Measurement(kind, tuple(pts), ref, plane=plane), None)
        elif frame is not None:
            result = M.compute(M.Measurement(kind, tuple(pts), ref), frame)
        else:
            return ""
    except Exception:  # a draft's value is a help while drawing: never let it stop the drawing
        return ""
    return M.describe(M.Measurement(kind, tuple(pts), ref), result, language)
