"""Single header values read straight from the raw bytes that pydicom leaves unconverted.

Going through ``Dataset.get`` costs ~40 µs per element (hooks, VR lookup, value objects), more than
parsing the whole header; the indexed fields are simple enough to decode directly. Text VRs still go
through pydicom's converters so that the Specific Character Set (ISO 2022 escapes included) is
honoured. Anything unexpected falls back to pydicom's own conversion, then to "absent".
"""

from __future__ import annotations

import struct

from pydicom import charset
from pydicom import values as dv
from pydicom.dataelem import RawDataElement
from pydicom.dataset import Dataset
from pydicom.multival import MultiValue

_US = {True: struct.Struct("<H"), False: struct.Struct(">H")}
_ASCII_SUPERSETS = frozenset({"iso8859", "latin_1", "UTF8"})


class HeaderValues:
    def __init__(self, ds: Dataset):
        self._ds = ds
        self._encodings: list[str] | None = None
        self._ascii_as_is: bool | None = None

    def plain(self, tag: int) -> str:
        """ASCII VRs (UI, CS, DA, TM, IS, DS, AS); several values stay backslash-separated."""
        raw = self._raw(tag)
        if raw is not None:
            return raw.decode("latin-1").replace("\x00", "").strip()
        return self._converted(tag)

    def text(self, tag: int) -> str:
        """Character-set VRs (SH, LO)."""
        raw = self._raw(tag)
        if raw is not None:
            if self._plain_ascii(raw):
                return raw.decode("ascii").replace("\x00", "").strip()
            try:
                return _as_text(dv.convert_text(raw, self._charsets()))
            except Exception:
                pass
        return self._converted(tag)

    def name(self, tag: int) -> str:
        """Person names, all component groups, decoded as displayed ("Buc^Jérôme")."""
        raw = self._raw(tag)
        if raw is not None:
            if self._plain_ascii(raw) and b"=" not in raw:  # "=": component groups, which pydicom trims
                return raw.decode("ascii").replace("\x00", "").strip()
            try:
                return _as_text(dv.convert_PN(raw, self._charsets()))
            except Exception:
                pass
        return self._converted(tag)

    def integer(self, tag: int) -> int | None:
        """IS: the first value, tolerating "1.0" and padding."""
        text = self.plain(tag).split("\\", 1)[0]
        if not text:
            return None
        try:
            return int(float(text))
        except (ValueError, OverflowError):
            return None

    def ushort(self, tag: int) -> int | None:
        elem = self._elem(tag)
        if isinstance(elem, RawDataElement) and isinstance(elem.value, bytes):
            if len(elem.value) >= 2:
                return _US[elem.is_little_endian].unpack_from(elem.value)[0]
            return None
        value = self._value(tag)
        if isinstance(value, (MultiValue, list, tuple)):
            value = value[0] if value else None
        return value if isinstance(value, int) else None

    def numbers(self, tag: int, count: int) -> str:
        """``count`` decimal values normalised to ``repr(float)`` text, or "" when not exactly that."""
        return numbers_text(self.plain(tag).split("\\"), count)

    # -- internals --------------------------------------------------------------------------------

    def _elem(self, tag: int):
        try:
            return self._ds.get_item(tag)
        except Exception:
            return None

    def _raw(self, tag: int) -> bytes | None:
        """The undecoded value, b"" when empty, None when absent or already converted."""
        elem = self._elem(tag)
        if isinstance(elem, RawDataElement):
            return elem.value or b""
        return None

    def _value(self, tag: int):
        try:
            elem = self._ds.get(tag)
            return None if elem is None else elem.value
        except Exception:  # a value pydicom cannot convert counts as absent
            return None

    def _converted(self, tag: int) -> str:
        value = self._value(tag)
        if value is None:
            return ""
        try:
            return _as_text(value)
        except Exception:
            return ""

    def _plain_ascii(self, raw: bytes) -> bool:
        """True when pydicom's converters would hand ``raw`` back as its ASCII text (one value, no
        escape sequence, a character set that keeps ASCII as is): ~20 µs a value saved."""
        if self._ascii_as_is is None:
            self._ascii_as_is = all(e in _ASCII_SUPERSETS for e in self._charsets())
        return self._ascii_as_is and raw.isascii() and b"\x1b" not in raw and b"\\" not in raw

    def _charsets(self) -> list[str]:
        if self._encodings is None:
            try:
                elem = self._ds.get(0x00080005)
                self._encodings = charset.convert_encodings(elem.value if elem is not None else None)
            except Exception:
                self._encodings = charset.convert_encodings(None)
        return self._encodings


def _as_text(value) -> str:
    if isinstance(value, (MultiValue, list, tuple)):
        text = "\\".join(str(v) for v in value)
    else:
        text = str(value)
    return text.replace("\x00", "").strip()


def numbers_text(values, count: int) -> str:
    if values is None or len(values) != count:
        return ""
    try:
        return "\\".join(repr(float(v)) for v in values)
    except (TypeError, ValueError):
        return ""
