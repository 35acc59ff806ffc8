"""One-line texts for measurement values: the label next to a drawing, a row of the measurement panel,
the text object written into a GSPS."""

from __future__ import annotations

from viewer.dicom.findings.records import Measurement, MeasurementResult, Value
from viewer.dicom.findings.records import MeasurementKind as K

_NAMES = {
    "length": "",
    "angle": "",
    "long_axis": "L",
    "short_axis": "S",
    "area": "Area",
    "mean": "Mean",
    "std": "SD",
    "min": "Min",
    "max": "Max",
    "value": "",
    "suv": "SUVbw",
    "suv_mean": "SUVbw mean",
    "suv_max": "SUVbw max",
}
# The same words as French-speaking radiologists write them (UH: unités Hounsfield).
_NAMES_FR = {**_NAMES, "area": "Surface", "mean": "Moy.", "std": "ÉT", "suv_mean": "SUVbw moy."}
_UNITS_FR = {"HU": "UH"}
# What a short label shows per tool (the panel shows everything).
_SHORT = {"suv_std", "suv_min", "std", "min", "max"}


def format_number(v: float) -> str:
    a = abs(v)
    if a >= 1000:
        return f"{v:.0f}"
    if a >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def format_value(v: Value, language: str = "en") -> str:
    unit = _UNITS_FR.get(v.unit, v.unit) if language == "fr" else v.unit
    number = format_number(v.value)
    if unit == "°":
        body = f"{number}°"
    elif unit in ("", "SUVbw") and _NAMES.get(v.name, "").startswith("SUV"):
        body = number
    else:
        body = f"{number} {unit}".strip()
    names = _NAMES_FR if language == "fr" else _NAMES
    name = names.get(v.name, v.label or v.name)
    if language == "fr":
        body = body.replace(".", ",")  # French decimal comma
    return f"{name} {body}".strip()


def describe(m: Measurement, result: MeasurementResult | None, short: bool = True, language: str = "en") -> str:
    """The label text of ``m``: its user label, then its values (a TEXT annotation is its text)."""
    if m.kind is K.TEXT:
        return m.label
    values = result.values if result is not None else m.reported
    shown = [v for v in values if not (short and v.name in _SHORT)]
    text = (" ; " if language == "fr" else ", ").join(format_value(v, language) for v in shown)
    if m.label and text:
        return f"{m.label}: {text}"
    return m.label or text
