"""Texts for measurement values: the label next to a drawing, a row of the measurement panel, the text
object written into a GSPS. The label on the image shows every value that is saved (a region: area, mean,
SD, min, max, and SUV when there is one), in the reader's language; a measurement without a value says why.
"""

from __future__ import annotations

from viewer.core.messages import in_language
from viewer.core.numbers import NBSP, measured
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
    "suv_std": "SUVbw SD",
    "suv_min": "SUVbw min",
    "suv_max": "SUVbw max",
}
# The same words as French-speaking radiologists write them (UH: unités Hounsfield).
_NAMES_FR = {**_NAMES, "area": "Surface", "mean": "Moy.", "std": "ÉT", "suv_mean": "SUVbw moy.", "suv_std": "SUVbw ÉT"}
_UNITS_FR = {"HU": "UH"}
CM2_FROM_MM2 = 100.0  # an area of 1 cm² and more reads in cm², a smaller one in mm²


def format_number(v: float, language: str = "en") -> str:
    """A measured number: whole from 1000, one decimal from 10, else two; "–" for what is not a number."""
    return measured(v, language)


def format_value(v: Value, language: str = "en") -> str:
    """"Moy. 40,1 UH", "Surface 2,35 cm²", "12,5°", "SUVbw max 3,20"."""
    value, unit = v.value, v.unit
    if unit == "mm²" and abs(value) >= CM2_FROM_MM2:
        value, unit = value / CM2_FROM_MM2, "cm²"
    unit = _UNITS_FR.get(unit, unit) if language == "fr" else unit
    number = format_number(value, language)
    if unit == "°":
        body = f"{number}°"
    elif unit in ("", "SUVbw") and _NAMES.get(v.name, "").startswith("SUV"):
        body = number
    else:
        body = f"{number} {unit}".strip()
    names = _NAMES_FR if language == "fr" else _NAMES
    name = names.get(v.name, v.label or v.name)
    return f"{name} {body}".strip()


def join_values(texts, language: str = "en", stacked: bool = False) -> str:
    """Values one after the other ("a ; b" in French, "a, b" in English), or one per line on the image."""
    return ("\n" if stacked else NBSP + "; " if language == "fr" else ", ").join(t for t in texts if t)


def describe(m: Measurement, result: MeasurementResult | None, language: str = "en", stacked: bool = False) -> str:
    """The text of ``m``: its user label, then every value (a TEXT annotation is its text). Without a
    value, why there is none ("angle de Cobb : tracez la seconde ligne") instead of a number."""
    if m.kind is K.TEXT:
        return m.label
    values = result.values if result is not None else m.reported
    text = join_values((format_value(v, language) for v in values), language, stacked)
    if not text and result is not None and result.messages:
        text = in_language(result.messages[0], language)
    if m.label and text:
        return f"{m.label}{NBSP if language == 'fr' else ''}: {text}"
    return m.label or text
