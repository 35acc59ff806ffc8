"""Where a waveform goes on the paper, in millimetres, and what the calipers measure: no Qt, so that the viewport
and ``cauri render`` draw the same sheet.

The paper is the ECG's: a 1 mm minor and 5 mm major grid, time along x at the speed (mm/s), voltage along y at the
gain (mm/mV), a 1 mV calibration pulse at the start of each row. The standard sheet is 3 rows of 4 columns (I aVR
V1 V4 / II aVL V2 V5 / III aVF V3 V6, each column a quarter of the record, 2.5 s of a 10 s ECG) over a rhythm
strip of lead II for the whole record; the per-lead sheet is one lead for the whole record; a record that is not a
12-lead ECG (hemodynamic pressures, respiration) has one row per channel, a channel not in mV scaled to its row.
Only the drawing turns millimetres into pixels (``px_per_mm``), which is what keeps the scale true.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from viewer.plugin_api import msg

SPEEDS = (12.5, 25.0, 50.0)  # mm/s
GAINS = (5.0, 10.0, 20.0)  # mm/mV
STANDARD_ROWS = (("I", "aVR", "V1", "V4"), ("II", "aVL", "V2", "V5"), ("III", "aVF", "V3", "V6"))
RHYTHM_LEAD = "II"
MINOR, MAJOR = 1.0, 5.0  # mm between grid lines
MARGIN = 5.0  # mm of paper around the traces
CALIBRATION = 10.0  # mm before each row's trace for the 1 mV pulse
HEADER = 20.0  # mm above the rows for the scale, the stored measurements and texts
NOMINAL_DPI = 96.0  # what a screen that does not tell its size is taken to have (the scale is then nominal)


@dataclass(frozen=True)
class Trace:
    label: str
    channel: int  # index in the group
    x: float  # mm: where t0 is drawn
    baseline: float  # mm: where ``offset`` is drawn
    t0: float  # s
    t1: float  # s
    mm_per_unit: float  # the gain for mV, a fitted scale for other units
    units: str = "mV"
    offset: float = 0.0  # the value drawn on the baseline (0 mV; the middle of a pressure's range)
    calibration: bool = True  # a 1 mV pulse before the trace


@dataclass(frozen=True)
class Sheet:
    width: float  # mm
    height: float  # mm
    speed: float
    gain: float
    traces: tuple[Trace, ...]
    view: str  # "standard", "channels", or a lead's label


def row_pitch(gain: float) -> float:
    """mm between two rows' baselines: room for ±1.5 mV at the gain, never less than 15 mm."""
    return max(3.0 * gain, 15.0)


def standard_sheet(group, speed: float, gain: float) -> Sheet | None:
    """3 x 4 + rhythm strip, or None when the group lacks one of the twelve leads."""
    index = {c.label: k for k, c in enumerate(group.channels)}
    if any(lead not in index for row in STANDARD_ROWS for lead in row):
        return None
    duration = group.duration
    column = duration / 4
    pitch = row_pitch(gain)
    left = MARGIN + CALIBRATION
    traces = []
    for r, row in enumerate((*STANDARD_ROWS, (RHYTHM_LEAD,))):
        baseline = HEADER + pitch * (r + 0.5)
        if len(row) == 1:
            traces.append(Trace(row[0], index[row[0]], left, baseline, 0.0, duration, gain))
            continue
        for c, lead in enumerate(row):
            traces.append(Trace(lead, index[lead], left + c * column * speed, baseline, c * column, (c + 1) * column,
                                gain, calibration=c == 0))
    width = left + duration * speed + MARGIN
    return Sheet(_whole(width), _whole(HEADER + pitch * 4 + MARGIN), speed, gain, tuple(traces), "standard")


def lead_sheet(group, lead: str, speed: float, gain: float) -> Sheet:
    """One lead over the whole record, on two rows' height: what the reader looks at closely."""
    k = next(i for i, c in enumerate(group.channels) if c.label == lead)
    pitch = row_pitch(gain) * 2
    trace = Trace(lead, k, MARGIN + CALIBRATION, HEADER + pitch / 2, 0.0, group.duration, gain,
                  group.channels[k].units)
    trace = _fitted(trace, group.channels[k].values, pitch) if trace.units != "mV" else trace
    width = MARGIN + CALIBRATION + group.duration * speed + MARGIN
    return Sheet(_whole(width), _whole(HEADER + pitch + MARGIN), speed, gain, (trace,), lead)


def channel_sheet(group, speed: float, gain: float) -> Sheet:
    """One row per channel over the whole record (general ECG, hemodynamic, respiratory)."""
    pitch = row_pitch(gain)
    traces = []
    for k, channel in enumerate(group.channels):
        trace = Trace(channel.label, k, MARGIN + CALIBRATION, HEADER + pitch * (k + 0.5), 0.0, group.duration,
                      gain, channel.units)
        traces.append(_fitted(trace, channel.values, pitch) if channel.units != "mV" else trace)
    width = MARGIN + CALIBRATION + group.duration * speed + MARGIN
    return Sheet(_whole(width), _whole(HEADER + pitch * len(traces) + MARGIN), speed, gain, tuple(traces), "channels")


def sheet_for(group, view: str, speed: float, gain: float) -> Sheet:
    """The sheet of ``view``: "standard" (the channels' sheet where the record is not a 12-lead one), "channels",
    or a lead's label."""
    if view == "standard":
        return standard_sheet(group, speed, gain) or channel_sheet(group, speed, gain)
    if view == "channels" or all(c.label != view for c in group.channels):
        return channel_sheet(group, speed, gain)
    return lead_sheet(group, view, speed, gain)


def _fitted(trace: Trace, values: np.ndarray, pitch: float) -> Trace:
    """A channel that is not in mV (a pressure) filling 80 % of its row: it has no paper gain."""
    finite = values[np.isfinite(values)]
    low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    span = high - low if high > low else 1.0
    return Trace(trace.label, trace.channel, trace.x, trace.baseline, trace.t0, trace.t1, 0.8 * pitch / span,
                 trace.units, (low + high) / 2, calibration=False)


def _whole(mm: float) -> float:
    """Sheets are a whole number of major squares, so the grid closes on a major line."""
    return math.ceil(mm / MAJOR) * MAJOR


def grid_lines(length: float, step: float) -> np.ndarray:
    """mm positions of the lines ``step`` apart from 0 to ``length``."""
    return np.arange(0.0, length + 1e-9, step)


def trace_points(sheet: Sheet, trace: Trace, values: np.ndarray, frequency: float,
                 px_per_mm: float) -> tuple[np.ndarray, np.ndarray]:
    """Pixel x and y of the samples of ``trace`` (values in the channel's units)."""
    first = int(math.floor(trace.t0 * frequency))
    last = min(len(values), int(math.ceil(trace.t1 * frequency)) + 1)
    k = np.arange(first, last)
    x = trace.x + (k / frequency - trace.t0) * sheet.speed
    y = value_y(trace, values[first:last])
    return x * px_per_mm, y * px_per_mm


def value_y(trace: Trace, value):
    """mm from the top of the sheet where ``value`` (the channel's units) is drawn: up is positive."""
    return trace.baseline - (value - trace.offset) * trace.mm_per_unit


# ------------------------------------------------------------------------------------------------- calipers

CALIPERS = ("RR", "PR", "QRS", "QT")


def interval_ms(x0_mm: float, x1_mm: float, speed: float) -> float:
    """The time between two points of the paper, in ms."""
    return abs(x1_mm - x0_mm) / speed * 1000.0


def heart_rate(rr_ms: float) -> float | None:
    """Beats per minute from one RR interval."""
    return 60000.0 / rr_ms if rr_ms > 0 else None


def qtc_bazett(qt_ms: float, rr_ms: float) -> float | None:
    """QT corrected by Bazett's formula: QT / sqrt(RR in s), in ms."""
    return qt_ms / math.sqrt(rr_ms / 1000.0) if rr_ms > 0 else None


def px_per_mm(physical_dpi: float | None) -> tuple[float, bool]:
    """Pixels per mm on a screen of ``physical_dpi`` and whether that is the screen's true size (a screen that
    reports no size, or an absurd one, is drawn at the nominal 96 dpi and the scale says so)."""
    if physical_dpi is None or not math.isfinite(physical_dpi) or not 40.0 <= physical_dpi <= 1000.0:
        return NOMINAL_DPI / 25.4, False
    return physical_dpi / 25.4, True


@dataclass(frozen=True)
class Caliper:
    kind: str  # one of CALIPERS
    x0: float  # mm on the sheet
    x1: float
    y: float  # mm: the height of its bar


def caliper_results(calipers, speed: float) -> list:
    """What the calipers measure, as messages: each interval in ms, the heart rate from the last RR, and QTc
    (Bazett) once both a QT and an RR are measured."""
    last: dict[str, float] = {}
    for c in calipers:
        last[c.kind] = interval_ms(c.x0, c.x1, speed)
    lines = [msg("{kind} {ms:.0f} ms", kind=kind, ms=last[kind]) for kind in CALIPERS if kind in last]
    if "RR" in last and heart_rate(last["RR"]) is not None:
        lines.append(msg("heart rate {bpm:.0f} bpm", bpm=heart_rate(last["RR"])))
    if "RR" in last and "QT" in last and qtc_bazett(last["QT"], last["RR"]) is not None:
        lines.append(msg("QTc (Bazett) {ms:.0f} ms", ms=qtc_bazett(last["QT"], last["RR"])))
    return lines
