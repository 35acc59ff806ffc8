"""Waveform objects (12-lead and general ECG, hemodynamic, respiratory...) read into calibrated channels, without Qt.

A channel's stored integers become physical values as PS3.3 C.10.9.1.4 says: sample × Channel Sensitivity ×
Channel Sensitivity Correction Factor + Channel Baseline, in the units of Channel Sensitivity Units. ECG leads
are brought to millivolts whatever unit they were stored in (µV, mV, V), because the paper's gain is in mm/mV.
The stored annotations (Waveform Annotation Sequence: measurements such as QT, axes, texts) are read with them.
Anything malformed becomes ``WaveformError`` with a reader's message, never a parser's traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pydicom
from pydicom.waveforms.numpy_handler import multiplex_array

from viewer.plugin_api import msg

WAVEFORM_CLASSES = {
    "1.2.840.10008.5.1.4.1.1.9.1.1": "12-lead ECG",
    "1.2.840.10008.5.1.4.1.1.9.1.2": "General ECG",
    "1.2.840.10008.5.1.4.1.1.9.1.3": "Ambulatory ECG",
    "1.2.840.10008.5.1.4.1.1.9.2.1": "Hemodynamic",
    "1.2.840.10008.5.1.4.1.1.9.3.1": "Basic Cardiac Electrophysiology",
    "1.2.840.10008.5.1.4.1.1.9.4.1": "Basic Voice Audio",
    "1.2.840.10008.5.1.4.1.1.9.5.1": "Arterial Pulse",
    "1.2.840.10008.5.1.4.1.1.9.6.1": "Respiratory",
    "1.2.840.10008.5.1.4.1.1.9.6.2": "Multi-channel Respiratory",
    "1.2.840.10008.5.1.4.1.1.9.7.1": "Routine Scalp EEG",
    "1.2.840.10008.5.1.4.1.1.9.8.1": "Electromyogram",
    "1.2.840.10008.5.1.4.1.1.9.9.1": "Electrooculogram",
    "1.2.840.10008.5.1.4.1.1.9.1.4": "12-lead ECG",  # General 32-bit ECG
    "1.2.840.10008.5.1.4.1.1.9.100.1": "Waveform",
}
_TO_MILLIVOLT = {"uV": 1e-3, "mV": 1.0, "V": 1e3, "nV": 1e-6}
# SCP-ECG lead codes (CID 3001) -> the lead's name on the paper.
_SCPECG_LEADS = {
    "5.6.3-9-1": "I", "5.6.3-9-2": "II", "5.6.3-9-61": "III", "5.6.3-9-62": "aVR", "5.6.3-9-63": "aVL",
    "5.6.3-9-64": "aVF", "5.6.3-9-3": "V1", "5.6.3-9-4": "V2", "5.6.3-9-5": "V3", "5.6.3-9-6": "V4",
    "5.6.3-9-7": "V5", "5.6.3-9-8": "V6",
}
_NAMES = {n.lower(): n for n in _SCPECG_LEADS.values()}
_MAX_SAMPLES = 50_000_000  # a group larger than this is refused rather than read into memory


class WaveformError(ValueError):
    """Why a waveform cannot be shown, as a reader's message (``msg``)."""


@dataclass(frozen=True)
class Channel:
    label: str  # "II", "V5", "Aortic pressure"...
    units: str  # "mV" for ECG leads, else the stored unit ("mmHg", "l/min"...)
    values: np.ndarray = field(repr=False)  # physical values, one per sample


@dataclass(frozen=True)
class Group:
    """One multiplex group: channels sampled together."""

    label: str
    frequency: float  # samples per second
    channels: tuple[Channel, ...]
    originality: str = ""

    @property
    def samples(self) -> int:
        return len(self.channels[0].values) if self.channels else 0

    @property
    def duration(self) -> float:
        return self.samples / self.frequency if self.frequency else 0.0

    def lead(self, name: str) -> Channel | None:
        return next((c for c in self.channels if c.label == name), None)


@dataclass(frozen=True)
class Annotation:
    text: str  # free text, or "RR Interval"
    value: float | None = None
    units: str = ""
    group: int | None = None  # Annotation Group Number
    times: tuple[float, ...] = ()  # seconds from the start, where the annotation points at samples or times
    multiplex: int | None = None  # the group (0-based) whose samples ``times`` point at


@dataclass(frozen=True)
class Waveform:
    kind: str  # "12-lead ECG", "Hemodynamic"...
    groups: tuple[Group, ...]
    annotations: tuple[Annotation, ...] = ()

    @property
    def main(self) -> Group:
        """The group read on the paper: the original rhythm record, else the longest."""
        originals = [g for g in self.groups if g.originality == "ORIGINAL"] or list(self.groups)
        return max(originals, key=lambda g: g.duration)


def lead_name(item) -> str:
    """The lead's name from its Channel Source code, else from its label or code meaning."""
    source = item.get("ChannelSourceSequence")
    code = source[0] if source else None
    if code is not None and str(code.get("CodeValue", "")) in _SCPECG_LEADS:
        return _SCPECG_LEADS[str(code.CodeValue)]
    text = str(item.get("ChannelLabel", "") or (code.get("CodeMeaning", "") if code is not None else "")).strip()
    word = text.removeprefix("Lead ").split(" ")[0] if text else ""
    return _NAMES.get(word.lower(), text or "?")


def _units(item) -> str:
    units = item.get("ChannelSensitivityUnitsSequence")
    return str(units[0].get("CodeValue", "")) if units else ""


def _number(value, default: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return number if np.isfinite(number) else default


def _group(ds, index: int, item, ecg: bool) -> Group:
    frequency = _number(item.get("SamplingFrequency"), 0.0)
    n_samples = int(item.get("NumberOfWaveformSamples") or 0)
    n_channels = int(item.get("NumberOfWaveformChannels") or 0)
    if frequency <= 0 or n_samples <= 0 or n_channels <= 0 or n_samples * n_channels > _MAX_SAMPLES:
        raise WaveformError(msg("waveform group {n} has no usable sampling ({what})", n=index + 1,
                                what=f"{frequency:g} Hz, {n_samples} x {n_channels}"))
    definitions = item.get("ChannelDefinitionSequence") or []
    if len(definitions) != n_channels:
        raise WaveformError(msg("waveform group {n} defines {defined} channels for {stored}", n=index + 1,
                                defined=len(definitions), stored=n_channels))
    data = item.get("WaveformData")
    bytes_per = int(item.get("WaveformBitsAllocated") or 0) // 8
    if data is None or bytes_per <= 0 or len(data) < n_samples * n_channels * bytes_per:
        raise WaveformError(msg("waveform group {n} holds fewer samples than it declares", n=index + 1))
    try:
        raw = multiplex_array(ds, index, as_raw=True)
    except Exception as exc:  # an unknown sample interpretation, a missing attribute
        raise WaveformError(msg("waveform group {n} cannot be read ({why})", n=index + 1,
                                why=type(exc).__name__)) from None
    channels = []
    for k, definition in enumerate(definitions):
        units = _units(definition)
        scale = _number(definition.get("ChannelSensitivity"), 1.0) * _number(
            definition.get("ChannelSensitivityCorrectionFactor"), 1.0)
        values = raw[:, k].astype(np.float64) * scale + _number(definition.get("ChannelBaseline"), 0.0)
        if ecg and units in _TO_MILLIVOLT:
            values, units = values * _TO_MILLIVOLT[units], "mV"
        channels.append(Channel(lead_name(definition), units, values))
    return Group(str(item.get("MultiplexGroupLabel", "") or ""), frequency, tuple(channels),
                 str(item.get("WaveformOriginality", "") or ""))


def _annotations(ds, groups: tuple[Group, ...]) -> tuple[Annotation, ...]:
    found = []
    for item in ds.get("WaveformAnnotationSequence") or []:
        concept = item.get("ConceptNameCodeSequence")
        text = str(item.get("UnformattedTextValue", "") or (concept[0].get("CodeMeaning", "") if concept else ""))
        units = item.get("MeasurementUnitsCodeSequence")
        value = _number(item.get("NumericValue"), float("nan")) if "NumericValue" in item else None
        times: tuple[float, ...] = ()
        refs = item.get("ReferencedWaveformChannels")
        multiplex = int(refs[0]) - 1 if refs and 0 < int(refs[0]) <= len(groups) else None
        group = groups[multiplex] if multiplex is not None else None
        if item.get("ReferencedSamplePositions") is not None and group is not None:
            positions = item.ReferencedSamplePositions
            positions = positions if isinstance(positions, (list, tuple, pydicom.multival.MultiValue)) else [positions]
            times = tuple((int(p) - 1) / group.frequency for p in positions)
        elif item.get("ReferencedTimeOffsets") is not None:
            offsets = item.ReferencedTimeOffsets
            offsets = offsets if isinstance(offsets, (list, tuple, pydicom.multival.MultiValue)) else [offsets]
            times = tuple(float(t) for t in offsets)
        if text or value is not None:
            found.append(Annotation(text.strip(), value, str(units[0].get("CodeValue", "")) if units else "",
                                    item.get("AnnotationGroupNumber"), times, multiplex))
    return tuple(found)


def read_waveform(source) -> Waveform:
    """The waveform of ``source`` (a path or a dataset), calibrated; ``WaveformError`` says why it cannot be."""
    try:
        ds = source if isinstance(source, pydicom.Dataset) else pydicom.dcmread(source)
    except Exception as exc:
        raise WaveformError(msg("the waveform file cannot be read ({why})", why=type(exc).__name__)) from None
    kind = WAVEFORM_CLASSES.get(str(ds.get("SOPClassUID", "")), "Waveform")
    items = ds.get("WaveformSequence") or []
    if not items:
        raise WaveformError(msg("the file holds no waveform"))
    ecg = "ECG" in kind or str(ds.get("Modality", "")) == "ECG"
    try:
        groups = tuple(_group(ds, k, item, ecg) for k, item in enumerate(items))
    except WaveformError:
        raise
    except Exception as exc:  # a value of the wrong type deep in a channel definition
        raise WaveformError(msg("the waveform cannot be read ({why})", why=type(exc).__name__)) from None
    try:
        annotations = _annotations(ds, groups)
    except Exception:  # broken annotations never hide the traces
        annotations = ()
    return Waveform(kind, groups, annotations)


def waveform_facts(path) -> dict:
    """What ``cauri info`` says of a waveform object: its kind, channels, sampling rate and duration."""
    wave = read_waveform(path)
    main = wave.main
    return {
        "waveform": wave.kind,
        "channels": [c.label for c in main.channels],
        "units": sorted({c.units for c in main.channels}),
        "sampling_rate_hz": main.frequency,
        "duration_s": round(main.duration, 3),
        "groups": [{"label": g.label, "channels": len(g.channels), "sampling_rate_hz": g.frequency,
                    "duration_s": round(g.duration, 3)} for g in wave.groups],
        "annotations": len(wave.annotations),
    }
