"""Numbers, counts and dates as the reader reads them: the one place that decides their form.

French: decimal comma, a no-break space before ":", ";", "!", "?" and "%" (U+00A0: the narrow U+202F is
missing from the fonts VTK draws the overlays with, where it shows as nothing), "0 examen" and "1 examen"
singular, dates dd/mm/yyyy. English: decimal point, "100%", "1 study" / "2 studies", dates yyyy-mm-dd (ISO
8601: a second opinion read in Europe or America cannot take 07/12 for July 12th or December 7th).

A value that is not a finite number (NaN, infinity) is never formatted as one: ``is_finite`` lets callers
say why there is no value instead, and the formatters here give "–" rather than "nan".
"""

from __future__ import annotations

import math
import numbers
import re

NBSP = "\u00a0"
NO_VALUE = "–"  # what a formatter gives for NaN or infinity (callers should say why instead)
# A space before ":", ";", "!", "?" or "%", but not before a Qt placeholder ("%1", "%n", "%L1").
_FRENCH_SPACE = re.compile(r"[ \u202f](?=[:;!?]|%(?![0-9nL]))")
# Qt date patterns (QDate.toString / QDateEdit.setDisplayFormat) for the same formats as format_date.
QT_DATE_FORMATS = {"fr": "dd/MM/yyyy", "en": "yyyy-MM-dd"}


def is_finite(value) -> bool:
    """True for a real number that is neither NaN nor infinite."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return False
    return math.isfinite(float(value))


def _localised(text: str, language: str) -> str:
    return text.replace(".", ",") if language == "fr" else text


def fixed(value: float, decimals: int, language: str) -> str:
    """``decimals`` decimals, never "-0,0" (a position 0.04 mm below the plane is 0.0)."""
    if not is_finite(value):
        return NO_VALUE
    text = f"{float(value):.{decimals}f}"
    if text.startswith("-") and float(text) == 0.0:
        text = text[1:]
    return _localised(text, language)


def trimmed(value: float, language: str, decimals: int = 2) -> str:
    """At most ``decimals`` decimals, trailing zeros dropped: 0.666667 -> "0,67", 2.50 -> "2,5", 3.0 -> "3"."""
    text = fixed(value, decimals, language)
    if NO_VALUE in text or decimals == 0:
        return text
    sep = "," if language == "fr" else "."
    return text.rstrip("0").rstrip(sep)


def measured(value: float, language: str) -> str:
    """A measured value with the precision a reader uses: whole numbers from 1000, one decimal from 10,
    else two ("1234", "45,3", "0,67")."""
    if not is_finite(value):
        return NO_VALUE
    size = abs(float(value))
    return fixed(value, 0 if size >= 1000 else 1 if size >= 10 else 2, language)


def window_value(value: float, language: str) -> str:
    """A window width or level: whole when it is (within 0.05), else one decimal ("40", "40,5")."""
    if not is_finite(value):
        return NO_VALUE
    return fixed(value, 0 if abs(value - round(value)) < 0.05 else 1, language)


def percent(value: float, language: str) -> str:
    """A percentage, whole: "156 %" (no-break space) in French, "156%" in English."""
    return fixed(value, 0, language) + (NBSP + "%" if language == "fr" else "%")


def colon(language: str) -> str:
    """What goes between a label and its value: " : " (no-break space first) in French, ": " in English."""
    return NBSP + ": " if language == "fr" else ": "


def punctuate(text: str, language: str) -> str:
    """French typography for a finished text: a space before ":", ";", "!", "?" or "%" becomes a no-break
    space (the line never breaks before them). Other languages unchanged."""
    if language != "fr" or not text:
        return text
    return _FRENCH_SPACE.sub(NBSP, text)


def is_plural(count: float, language: str) -> bool:
    """Whether ``count`` takes the plural: from 2 in French (0 and 1 are singular), all but 1 in English."""
    n = abs(float(count))
    return n >= 2 if language == "fr" else n != 1


def counted(count: int, one: str, many: str, language: str) -> str:
    """ "1 examen", "2 examens", "0 examen"; "1 study", "2 studies", "0 studies"."""
    return f"{count} {many if is_plural(count, language) else one}"


def format_date(value: str, language: str) -> str:
    """A DICOM date (YYYYMMDD) as the reader writes it; anything else as it is."""
    v = (value or "").strip()
    if len(v) != 8 or not v.isdigit():
        return v
    return f"{v[6:8]}/{v[4:6]}/{v[0:4]}" if language == "fr" else f"{v[0:4]}-{v[4:6]}-{v[6:8]}"
