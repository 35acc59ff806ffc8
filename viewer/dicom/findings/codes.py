"""Coded concepts and UCUM units for the values Cauri writes to, and recognises in, TID 1500 SR.

Statistics use the statistic itself as concept name (SCT Mean, Standard Deviation, Minimum, Maximum),
as dcmjs/OHIF write them, with the quantity in the unit (HU, Bq/ml, SUVbw). The tool that made a
measurement goes in the group's Measurement Method with a private coding scheme (99CAURI, declared
in the Coding Scheme Identification Sequence), which other readers may ignore; without it, readers
infer the tool from the concept and the graphic type.
"""

from __future__ import annotations

from highdicom.sr import CodedConcept

from viewer.dicom.findings.records import MeasurementKind

SCHEME = "99CAURI"
SCHEME_NAME = "Cauri measurement tools"


def _c(value: str, scheme: str, meaning: str) -> CodedConcept:
    return CodedConcept(value=value, scheme_designator=scheme, meaning=meaning)


LENGTH = _c("410668003", "SCT", "Length")
ANGLE = _c("1483009", "SCT", "Angle")
COBB = _c("285285000", "SCT", "Cobb angle")
LONG_AXIS = _c("103339001", "SCT", "Long axis")
SHORT_AXIS = _c("103340004", "SCT", "Short axis")
AREA = _c("42798000", "SCT", "Area")
MEAN = _c("373098007", "SCT", "Mean")
STD = _c("386136009", "SCT", "Standard Deviation")
MINIMUM = _c("255605001", "SCT", "Minimum")
MAXIMUM = _c("56851009", "SCT", "Maximum")
ATTENUATION = _c("112031", "DCM", "Attenuation Coefficient")
SUVBW = _c("126401", "DCM", "SUVbw")
PIXEL_VALUE = _c("PIXVAL", SCHEME, "Pixel value")
IMAGING_PROCEDURE = _c("363679005", "SCT", "Imaging procedure")

# value name -> concept (the angle depends on the tool: see concept_for)
CONCEPTS = {
    "length": LENGTH,
    "long_axis": LONG_AXIS,
    "short_axis": SHORT_AXIS,
    "area": AREA,
    "mean": MEAN,
    "std": STD,
    "min": MINIMUM,
    "max": MAXIMUM,
    "suv_mean": MEAN,
    "suv_std": STD,
    "suv_min": MINIMUM,
    "suv_max": MAXIMUM,
    "suv": SUVBW,
}


def concept_for(value_name: str, kind: MeasurementKind, unit: str) -> CodedConcept:
    if value_name == "angle":
        return COBB if kind is MeasurementKind.COBB else ANGLE
    if value_name == "value":
        return ATTENUATION if unit == "HU" else PIXEL_VALUE
    return CONCEPTS[value_name]


# display unit -> (UCUM code, meaning)
UNITS = {
    "mm": ("mm", "millimeter"),
    "mm²": ("mm2", "square millimeter"),
    "px": ("{pixels}", "pixels"),
    "px²": ("{square pixels}", "square pixels"),
    "°": ("deg", "degree"),
    "HU": ("[hnsf'U]", "Hounsfield unit"),
    "Bq/ml": ("Bq/mL", "becquerels per milliliter"),
    "SUVbw": ("g/ml{SUVbw}", "Standardized Uptake Value body weight"),
    "counts": ("{counts}", "counts"),
    "": ("1", "no units"),
}
_UCUM_TO_UNIT = {code.lower(): unit for unit, (code, _) in UNITS.items()}
_UCUM_TO_UNIT.update({"{pixel}": "px", "{px}": "px", "deg": "°", "bq/ml": "Bq/ml", "{suvbw}g/ml": "SUVbw", "cm2": "cm²"})


def unit_concept(unit: str) -> CodedConcept:
    code, meaning = UNITS.get(unit, ("1", "no units"))
    return _c(code, "UCUM", meaning)


def unit_from_code(code_value: str) -> str:
    """Display unit for a UCUM code; unknown codes are shown as written."""
    return _UCUM_TO_UNIT.get(str(code_value).lower(), str(code_value))


def method_code(kind: MeasurementKind) -> CodedConcept:
    return _c(kind.value.upper(), SCHEME, f"Cauri {kind.title}")


def kind_from_method(code_value: str, scheme: str) -> MeasurementKind | None:
    if scheme != SCHEME:
        return None
    try:
        return MeasurementKind(code_value.lower())
    except ValueError:
        return None


# (scheme, code value) -> value name, for reading any SR
_NAME_BY_CODE = {
    ("SCT", "410668003"): "length",
    ("SCT", "1483009"): "angle",
    ("DCM", "110859"): "angle",
    ("SCT", "285285000"): "angle",
    ("SCT", "103339001"): "long_axis",
    ("SCT", "103340004"): "short_axis",
    ("SCT", "42798000"): "area",
    ("SRT", "G-A166"): "area",
    ("SRT", "G-A16A"): "area",
    ("SCT", "373098007"): "mean",
    ("SRT", "R-00317"): "mean",
    ("SCT", "386136009"): "std",
    ("DCM", "113061"): "std",
    ("SRT", "R-10047"): "std",
    ("SCT", "255605001"): "min",
    ("SRT", "R-404FB"): "min",
    ("SCT", "56851009"): "max",
    ("SRT", "G-A437"): "max",
    ("DCM", "112031"): "value",
    ("99CAURI", "PIXVAL"): "value",
    ("DCM", "126401"): "suv",
    ("SCT", "81827009"): "diameter",
    ("SCT", "131191004"): "perimeter",
}
_STATS = {"mean", "std", "min", "max"}


def value_name(scheme: str, code_value: str, meaning: str, unit: str, derivation: str = "") -> str:
    """A stable value name for a numeric SR item; statistics of SUV get the ``suv_`` prefix. A
    derivation modifier (Mean, Maximum...) names the statistic when the concept names the quantity."""
    name = _NAME_BY_CODE.get((scheme, code_value))
    if derivation in _STATS and (name is None or name in ("value", "suv")):
        name = derivation
    if name is None:
        name = "_".join(meaning.lower().split()) or code_value
    if unit == "SUVbw" and name in _STATS:
        return "suv_" + name
    if unit == "SUVbw" and name == "value":
        return "suv"
    return name
