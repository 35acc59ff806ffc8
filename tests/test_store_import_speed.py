"""The importer's tag scanner gives the same InstanceHeader (and the same refusals) as the pydicom path."""

from __future__ import annotations

import io
import os

import pytest

from conftest import shared_data
from viewer.dicom import tagscan
from viewer.dicom.header import NotImportable, read_header, read_index_header, sniff

_SAMPLE = 400


def _sample_files() -> list[str]:
    root = shared_data()
    files = []
    for dirpath, dirnames, names in os.walk(root):
        dirnames.sort()
        step = max(1, len(names) // 20)  # a few files of every folder, not 384 slices of one series
        for name in sorted(names)[::step]:
            files.append(os.path.join(dirpath, name))
            if len(files) >= _SAMPLE:
                return files
    return files


def _outcome(reader, data: bytes):
    try:
        return reader(io.BytesIO(data), len(data))
    except NotImportable as exc:
        return ("refused", str(exc))


def _pydicom_path(fh, size):
    return read_header(fh, size)[1]


def test_scanner_matches_pydicom_on_real_files():
    scanned = compared = 0
    for path in _sample_files():
        with open(path, "rb") as fh:
            data = fh.read()
        if sniff(data[:132]) != "part10":
            continue
        compared += 1
        if tagscan.scan(data[:65536]) is not None:
            scanned += 1
        assert _outcome(read_index_header, data) == _outcome(_pydicom_path, data), path
    assert compared > 20
    assert scanned > compared // 4  # the fast path is actually taken on real data


@pytest.mark.parametrize("cut", [0.3, 0.9, 0.999])
def test_scanner_matches_pydicom_on_truncated_files(cut):
    checked = 0
    for path in _sample_files()[::10]:
        with open(path, "rb") as fh:
            data = fh.read()
        if sniff(data[:132]) != "part10":
            continue
        short = data[: max(132, int(len(data) * cut))]
        assert _outcome(read_index_header, short) == _outcome(_pydicom_path, short), path
        checked += 1
    assert checked > 5


@pytest.mark.parametrize("charset", [None, b"ISO_IR 100", b"ISO_IR 192", b"\\ISO 2022 IR 87"])
def test_plain_ascii_shortcut_gives_pydicoms_text(charset):
    """Names and texts that skip pydicom's converters come out exactly as those converters make them."""
    import warnings

    from pydicom import charset as pydicom_charset
    from pydicom import values
    from pydicom.dataelem import RawDataElement
    from pydicom.tag import BaseTag

    from viewer.dicom.fields import HeaderValues, _as_text

    encodings = pydicom_charset.convert_encodings(charset.decode().split("\\") if charset else None)
    samples = [b"Doe^John", b"Doe^John ", b"Doe^John\x00", b"Doe^John=Ya^Ma", b"Doe^John==", b"A\\B", b"A \\B ",
               b"=^", b"", b" ", b"^^^^", b"\x1b$B", "Jérôme".encode("latin-1"), "Jérôme".encode("utf-8")]
    for raw in samples:
        elems = {tag: RawDataElement(BaseTag(tag), vr, len(raw), raw, 0, False, True)
                 for tag, vr in ((0x00100010, "PN"), (0x00081030, "LO"))}
        if charset:
            elems[0x00080005] = RawDataElement(BaseTag(0x00080005), "CS", len(charset), charset, 0, False, True)
        got = HeaderValues(tagscan.Scanned(elems, None, False))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert got.name(0x00100010) == _as_text(values.convert_PN(raw, encodings)), raw
            assert got.text(0x00081030) == _as_text(values.convert_text(raw, encodings)), raw
