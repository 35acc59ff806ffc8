"""A sentinel dataset for the de-identification proof: every attribute of PS3.15 Table E.1-1 (but the command
elements of group 0000, which no file holds), filled with a marker, inside nested sequences too, with private
elements holding it; those newer than pydicom's data dictionary as unparsed (UN) values.
After de-identification the written file must not contain the marker anywhere (its bytes, dcmdump's text)."""

from __future__ import annotations

import numpy as np
from pydicom.datadict import dictionary_VR, keyword_for_tag
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

from viewer.distribute.deid.table import load_table

MARKER = "QXSENTINELQX"  # fits SH (16), upper case for CS and AE
MARKER_DATE = "18770412"  # no real study has this date
MARKER_UID = "1.2.826.0.1.3680043.10.5.777"  # prefix of every UID the sentinel holds
NUMBER = 7777


def value_for(vr: str, i: int):
    if vr in ("LO", "LT", "SH", "ST", "UC", "UT", "CS", "AE"):
        return MARKER
    if vr == "UR":
        return f"http://{MARKER}.example/"
    if vr == "PN":
        return f"{MARKER}^{MARKER}"
    if vr == "DA":
        return MARKER_DATE
    if vr == "DT":
        return MARKER_DATE + "101010"
    if vr == "TM":
        return "101010"
    if vr == "UI":
        return f"{MARKER_UID}.{i}"
    if vr == "AS":
        return "077Y"
    if vr in ("DS", "IS"):
        return str(NUMBER)
    if vr in ("US", "UL", "SS", "SL", "FL", "FD", "UV", "SV"):
        return NUMBER
    if vr in ("OB", "OW", "UN", "OD", "OF", "OL", "OV"):
        return MARKER.encode() * 2
    return None


def nested_item(depth: int = 0) -> Dataset:
    item = Dataset()
    item.PatientName = f"{MARKER}^NESTED"
    item.ReferencedSOPInstanceUID = f"{MARKER_UID}.9{depth}"
    item.ReferencedSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
    item.PersonName = MARKER
    item.add_new(0x00290010, "LO", "ACME PRIVATE")
    item.add_new(0x00291001, "LO", MARKER)
    if depth < 2:
        item.ReferencedImageSequence = Sequence([nested_item(depth + 1)])
    return item


def sentinel_dataset(rows: int = 8, cols: int = 8) -> tuple[Dataset, list[int]]:
    """The dataset and the tags filled from the table."""
    ds = Dataset()
    filled = []
    for i, rule in enumerate(load_table().rules()):
        if "x" in rule.tag:
            continue
        tag = int(rule.tag, 16)
        if tag >> 16 in (0x0000, 0x0002):  # command elements (never in a file), file meta (set below)
            continue
        try:
            vr = dictionary_VR(tag)
        except KeyError:  # newer than pydicom's dictionary: such a file reaches us with the value unparsed (UN)
            ds.add_new(tag, "UN", MARKER.encode() * 2)
            filled.append(tag)
            continue
        if not keyword_for_tag(tag) and vr not in ("SQ",):
            continue
        if vr == "SQ":
            ds.add_new(tag, vr, Sequence([nested_item()]))
        else:
            vr = vr.split(" or ")[0]
            value = value_for(vr, i)
            if value is None:
                continue
            ds.add_new(tag, vr, value)
        filled.append(tag)
    # The attributes an image needs to be one (some above are replaced by these valid values).
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.Modality = "OT"
    ds.Rows, ds.Columns = rows, cols
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.PixelData = np.arange(rows * cols, dtype=np.uint16).tobytes()
    # A sequence the table does not name: what it holds is still de-identified, item by item.
    ds.AnatomicRegionSequence = Sequence([nested_item()])
    # Overlays and curves (repeating groups of the table), private blocks at the top level.
    ds.add_new(0x60003000, "OW", MARKER.encode() * 2)
    ds.add_new(0x60004000, "LT", MARKER)
    ds.add_new(0x50003000, "OW", MARKER.encode() * 2)
    ds.add_new(0x00090010, "LO", "SOME VENDOR")
    ds.add_new(0x00091001, "LO", MARKER)
    ds.add_new(0x00091002, "UN", MARKER.encode())
    ds.add_new(0x00190010, "LO", "SIEMENS MR HEADER")
    ds.add_new(0x0019100C, "IS", "1000")  # safe: a b-value
    ds.add_new(0x00191010, "LO", MARKER)  # same creator, not on the safe list
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = ds.SOPClassUID
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.SourceApplicationEntityTitle = MARKER
    ds.file_meta = meta
    return ds, filled


def markers_in(data: bytes | str) -> list[str]:
    text = data.decode("latin-1") if isinstance(data, bytes) else data
    found = []
    for m in (MARKER, MARKER_DATE, MARKER_UID, str(NUMBER)):
        if m in text:
            found.append(m)
    return found


__all__ = ["MARKER", "generate_uid", "markers_in", "sentinel_dataset"]
