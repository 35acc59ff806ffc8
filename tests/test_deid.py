"""De-identification (PS3.15 Annex E): the sentinel proof, the options, UID and date consistency, the
pseudonym map, burned-in text. Expected values come from the standard's table (as data), hand computation of
dates, and DCMTK's dcmdump reading the written files."""

from __future__ import annotations

import io
import os
import shutil
import stat
import subprocess
from datetime import date, timedelta

import numpy as np
import pydicom
import pytest
from deid_sentinel import MARKER, MARKER_DATE, MARKER_UID, NUMBER, sentinel_dataset
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, RLELossless, generate_uid

from viewer.core.paths import resolve_paths
from viewer.distribute.deid import Deidentifier, DeidOptions, PseudonymMap, load_profile
from viewer.distribute.deid.burned import Rect, black_out, needs_review
from viewer.distribute.deid.table import load_table

MARKERS = (MARKER, MARKER_DATE, MARKER_UID)


def _written(ds: Dataset, path) -> bytes:
    ds.save_as(path, enforce_file_format=True)
    return path.read_bytes()


def _dcmdump(path) -> str:
    if shutil.which("dcmdump") is None:
        pytest.skip("DCMTK's dcmdump is not installed")
    out = subprocess.run(["dcmdump", "+L", "+U8", "-q", str(path)], check=False, capture_output=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.decode("utf-8", "replace")


def _leaks(ds: Dataset) -> list[str]:
    """Elements still holding a marker (text, bytes, UID prefix) or the sentinel's number, with their path."""
    found = []

    def walk(d, where):
        for e in d:
            if e.VR == "SQ":
                for item in e.value:
                    walk(item, f"{where}{e.keyword or e.tag}>")
                continue
            v = e.value
            text = v.decode("latin-1") if isinstance(v, (bytes, bytearray)) else str(v)
            if any(m in text for m in MARKERS) or (e.VR in ("DS", "IS", "US", "UL", "SS", "SL", "FL", "FD")
                                                    and str(NUMBER) in text):
                found.append(f"{where}{e.keyword or e.tag}")
    walk(ds, "")
    return found


def test_table_is_the_standards_and_complete():
    table = load_table()
    assert len(table) >= 600  # PS3.15 2026c lists some 650 attributes
    known = {  # PS3.15 Table E.1-1, read by hand
        0x00100010: "Z", 0x00080018: "U", 0x0020000D: "U", 0x00080020: "Z", 0x00101010: "X",
        0x00080080: "X/Z/D", 0x00080090: "Z", 0x00081030: "X", 0x00081155: "U", 0x00100030: "Z",
    }
    for tag, action in known.items():
        assert table.rule(tag).action == action, hex(tag)
    assert table.rule(0x60023000).action == "X"  # overlays in any of the repeating groups
    assert {r.action for r in table.rules()} <= {"X", "Z", "D", "U", "K", "C", "X/Z", "X/D", "Z/D", "X/Z/D", "X/Z/U*"}


def test_sentinel_leaks_nothing_under_the_basic_profile(tmp_path):
    ds, filled = sentinel_dataset()
    assert len(filled) > 550
    raw = _written(ds, tmp_path / "in.dcm")
    assert all(m.encode() in raw for m in MARKERS)  # the proof can fail: the markers are there before
    out = Deidentifier(load_profile("basic")).apply(ds)
    data = _written(out, tmp_path / "out.dcm")
    assert [m for m in MARKERS if m.encode() in data] == []
    dump = _dcmdump(tmp_path / "out.dcm")
    assert [m for m in MARKERS if m in dump] == []
    assert _leaks(pydicom.dcmread(tmp_path / "out.dcm")) == []
    assert MARKER in _dcmdump(tmp_path / "in.dcm")  # dcmdump does show markers when they are there


def test_cleaning_options_scrub_the_patients_identifiers_from_kept_text(tmp_path):
    ds, _ = sentinel_dataset()  # the marker is also the patient's name: cleaning must remove it from kept text
    opts = DeidOptions(clean_descriptors=True, clean_structured_content=True, clean_graphics=True, retain_dates=True)
    out = Deidentifier(opts).apply(ds)
    assert str(out.StudyDescription) == "***"  # kept (Clean Descriptors), scrubbed
    data = _written(out, tmp_path / "out.dcm")
    assert [m for m in (MARKER, MARKER_UID) if m.encode() in data] == []
    assert MARKER_DATE.encode() not in data  # dates are shifted, not kept


def test_retained_attributes_are_only_those_the_options_name(tmp_path):
    ds, _ = sentinel_dataset()
    table = load_table()
    for profile, column in (("second-opinion", "patient"), ("research", None)):
        out = Deidentifier(load_profile(profile)).apply(ds)
        for path in _leaks(out):
            keyword = path.rsplit(">", 1)[-1]
            tag = pydicom.datadict.tag_for_keyword(keyword)
            rule = table.rule(tag)
            assert rule is not None and "K" in rule.options.values(), (profile, path)
            if column:
                assert rule.options.get(column) == "K", path


def test_marks_and_method_codes():
    ds, _ = sentinel_dataset()
    out = Deidentifier(load_profile("second-opinion")).apply(ds)
    assert out.PatientIdentityRemoved == "YES"
    assert out.LongitudinalTemporalInformationModified == "MODIFIED"
    codes = {i.CodeValue for i in out.DeidentificationMethodCodeSequence}
    # CID 7050: basic profile, modified dates, patient characteristics, descriptors, structured content,
    # graphics, safe private
    assert codes == {"113100", "113107", "113108", "113105", "113104", "113103", "113111"}
    assert all(i.CodingSchemeDesignator == "DCM" for i in out.DeidentificationMethodCodeSequence)
    basic = Deidentifier(load_profile("basic")).apply(ds)
    assert {i.CodeValue for i in basic.DeidentificationMethodCodeSequence} == {"113100"}
    assert basic.LongitudinalTemporalInformationModified == "REMOVED"


def _image(patient="PAT-1", study=None, series=None, sop=None, when="20240115", ref=None) -> Dataset:
    ds = Dataset()
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
    ds.SOPInstanceUID = sop or generate_uid()
    ds.StudyInstanceUID = study or generate_uid()
    ds.SeriesInstanceUID = series or generate_uid()
    ds.FrameOfReferenceUID = "1.2.3.4"
    ds.PatientID, ds.PatientName, ds.PatientBirthDate = patient, "KOFFI^Ama", "19750102"
    ds.StudyDate, ds.AcquisitionDate, ds.Modality = when, when, "CT"
    ds.StudyDescription = "Scanner KOFFI thorax"
    if ref:
        item = Dataset()
        item.ReferencedSOPClassUID, item.ReferencedSOPInstanceUID = ds.SOPClassUID, ref
        ds.ReferencedImageSequence = Sequence([item])
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    return ds


def test_uids_consistent_within_an_export_and_across_when_asked():
    study, series, sop_a = generate_uid(), generate_uid(), generate_uid()
    a = _image(study=study, series=series, sop=sop_a)
    b = _image(study=study, series=series, ref=sop_a)
    deid = Deidentifier(load_profile("second-opinion"))
    da, db = deid.apply(a), deid.apply(b)
    assert da.StudyInstanceUID == db.StudyInstanceUID != study
    assert da.SeriesInstanceUID == db.SeriesInstanceUID != series
    assert db.ReferencedImageSequence[0].ReferencedSOPInstanceUID == da.SOPInstanceUID != sop_a
    assert db.ReferencedImageSequence[0].ReferencedSOPClassUID == a.SOPClassUID  # a class is not an identity
    assert str(da.SOPInstanceUID).startswith("2.25.") and len(str(da.SOPInstanceUID)) <= 64
    pmap = PseudonymMap.in_memory()
    one = Deidentifier(load_profile("second-opinion"), pmap).apply(a)
    two = Deidentifier(load_profile("second-opinion"), pmap).apply(a)
    assert one.StudyInstanceUID != two.StudyInstanceUID  # two exports, two sets of pseudonyms
    assert one.PatientID == two.PatientID  # one patient, one pseudonym
    r1 = Deidentifier(load_profile("research"), pmap).apply(a)
    r2 = Deidentifier(load_profile("research"), pmap).apply(a)
    assert r1.StudyInstanceUID == r2.StudyInstanceUID  # same_uids_across_exports
    kept = Deidentifier(DeidOptions(retain_uids=True)).apply(a)
    assert kept.StudyInstanceUID == study


def test_dates_shift_by_one_number_of_days_per_patient():
    pmap = PseudonymMap.in_memory()
    first = Deidentifier(load_profile("second-opinion"), pmap).apply(_image(when="20240115"))
    later = Deidentifier(load_profile("second-opinion"), pmap).apply(_image(when="20240301"))
    other = Deidentifier(load_profile("second-opinion"), pmap).apply(_image(patient="PAT-2", when="20240115"))
    d1 = date(int(first.StudyDate[:4]), int(first.StudyDate[4:6]), int(first.StudyDate[6:]))
    d2 = date(int(later.StudyDate[:4]), int(later.StudyDate[4:6]), int(later.StudyDate[6:]))
    assert d2 - d1 == date(2024, 3, 1) - date(2024, 1, 15)  # 46 days apart, as the real studies
    assert d1 != date(2024, 1, 15) and d1 < date(2024, 1, 15)
    shift = pmap.patient("PAT-1", "KOFFI^Ama", "19750102").record["shift_days"]
    assert d1 == date(2024, 1, 15) + timedelta(days=shift)
    assert "PatientBirthDate" not in first or not first.PatientBirthDate  # Z: emptied, not shifted
    assert other.PatientID != first.PatientID
    assert first.StudyDescription == "Scanner *** thorax"  # the patient's name scrubbed from a kept description
    basic = Deidentifier(load_profile("basic")).apply(_image())
    assert not basic.get("StudyDate") and "StudyDescription" not in basic


def test_pseudonym_map_is_owner_only_in_the_home_and_never_in_the_output(tmp_path):
    paths = resolve_paths(tmp_path / "home").ensure()
    pmap = PseudonymMap.open(paths)
    deid = Deidentifier(load_profile("second-opinion"), pmap)
    out = deid.apply(_image(patient="PID-SECRET"))
    pmap.save()
    path = paths.data / "private" / "pseudonyms.json"
    assert path.exists() and b"PID-SECRET" in path.read_bytes()
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    buf = io.BytesIO()
    out.save_as(buf, enforce_file_format=True)
    assert b"PID-SECRET" not in buf.getvalue() and b"KOFFI" not in buf.getvalue()
    again = PseudonymMap.open(paths)
    export = again.export(deid.export_id)
    assert export.record["uids"][str(out.StudyInstanceUID)]  # the link back survives a restart


def test_private_elements_go_except_the_safe_list():
    ds, _ = sentinel_dataset()
    kept = Deidentifier(load_profile("second-opinion")).apply(ds)
    assert kept[0x0019100C].value == "1000"  # a b-value under SIEMENS MR HEADER: on the safe list
    assert 0x00191010 not in kept and 0x00091001 not in kept and 0x00090010 not in kept
    gone = Deidentifier(load_profile("basic")).apply(ds)
    assert not any(e.tag.is_private for e in gone)


def _us(rgb: bool = False, burned: str | None = None) -> Dataset:
    ds = Dataset()
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.6.1"
    ds.SOPInstanceUID = generate_uid()
    ds.Modality = "US"
    ds.Rows, ds.Columns = 32, 48
    if rgb:
        ds.SamplesPerPixel, ds.PhotometricInterpretation, ds.PlanarConfiguration = 3, "RGB", 0
        ds.BitsAllocated = ds.BitsStored = 8
        ds.HighBit = 7
        arr = (np.arange(32 * 48 * 3) % 200 + 20).astype(np.uint8).reshape(32, 48, 3)
    else:
        ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
        ds.BitsAllocated, ds.BitsStored, ds.HighBit = 16, 12, 11
        arr = (np.arange(32 * 48) % 3000 + 100).astype(np.uint16).reshape(32, 48)
    ds.PixelRepresentation = 0
    if burned:
        ds.BurnedInAnnotation = burned
    ds.PixelData = arr.tobytes()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    return ds


def test_burned_in_flags():
    assert needs_review(_us()) is not None
    ct = _image()
    ct.PixelData = b"\0\0"
    assert needs_review(ct) is None
    ct.BurnedInAnnotation = "YES"
    assert needs_review(ct) is not None
    assert needs_review(_us(burned="NO")) is None  # the header says the pixels are clean
    sc = _image()
    sc.SOPClassUID, sc.Modality, sc.PixelData = "1.2.840.10008.5.1.4.1.1.7", "OT", b"\0\0"
    assert needs_review(sc) is not None


@pytest.mark.parametrize("rgb", [False, True])
def test_black_out_decodes_compressed_pixels_and_stores_them_uncompressed(tmp_path, rgb):
    ds = _us(rgb=rgb, burned="YES")
    original = ds.pixel_array.copy()
    ds.compress(RLELossless)
    ds.save_as(tmp_path / "rle.dcm", enforce_file_format=True)
    ds = pydicom.dcmread(tmp_path / "rle.dcm")
    assert ds.file_meta.TransferSyntaxUID == RLELossless
    out = black_out(ds, [Rect(4, 2, 10, 5)])
    out.save_as(tmp_path / "clean.dcm", enforce_file_format=True)
    back = pydicom.dcmread(tmp_path / "clean.dcm")
    assert back.file_meta.TransferSyntaxUID == ExplicitVRLittleEndian
    assert back.BurnedInAnnotation == "NO"
    pix = back.pixel_array
    black = 0 if rgb else original.min()
    assert (pix[2:7, 4:14] == black).all()
    expected = original.copy()
    expected[2:7, 4:14] = black
    assert (pix == expected).all()  # nothing else changed
    assert black_out(pydicom.dcmread(tmp_path / "rle.dcm"), []).BurnedInAnnotation == "YES"  # not cleaned: not NO


def test_peer_dicognito_on_the_same_sentinel(tmp_path):
    """dicognito as a peer: what it leaves of the sentinel, beside our zero (printed for the report)."""
    dicognito = pytest.importorskip("dicognito.anonymizer")
    ds, _ = sentinel_dataset()
    peer = dicognito.Anonymizer()
    theirs = ds.copy()
    peer.anonymize(theirs)
    ours = Deidentifier(load_profile("basic")).apply(ds)
    their_leaks, our_leaks = _leaks(theirs), _leaks(ours)
    print(f"\nsentinel leaks: Cauri {len(our_leaks)}, dicognito {len(their_leaks)}: {their_leaks[:12]}")
    assert our_leaks == []


# The option columns of Table E.1-1 as innolitics/dicom-standard extracted them from the standard's Part 15
# (standard/confidentiality_profile_attributes.json): an independent reading of the columns our table derives
# by rule (tools/gen_deid_table.py). Columns: dates = Retain Longitudinal Modified Dates, patient = Retain Patient
# Characteristics, device = Retain Device Identity, uids = Retain UIDs, descriptors/structured/graphics = Clean.
STANDARD_OPTIONS = {
    0x00184000: {"descriptors": "C"}, 0x00400555: {"structured": "C"}, 0x00080022: {"dates": "C"},
    0x0008002A: {"dates": "C"}, 0x00181400: {"descriptors": "C"}, 0x00189424: {"descriptors": "C"},
    0x001021B0: {"descriptors": "C"}, 0x00081084: {"descriptors": "C"}, 0x00081080: {"descriptors": "C"},
    0x00102110: {"patient": "C", "descriptors": "C"}, 0x300A00C3: {"descriptors": "C"}, 0x00181007: {"device": "K"},
    0x00120072: {"descriptors": "C"}, 0x00120051: {"descriptors": "C"}, 0x00400280: {"descriptors": "C"},
    0x00209161: {"uids": "K"}, 0x0040A730: {"structured": "C"}, 0x00080023: {"dates": "C"},
    0x00180010: {"descriptors": "C"}, 0x0018700A: {"device": "K"}, 0x3010002D: {"device": "K"},
    0x00181000: {"device": "K"}, 0x00181002: {"uids": "K", "device": "K"}, 0x300A0013: {"uids": "K"},
    0x001021D0: {"dates": "C"}, 0x0016004F: {"device": "K"}, 0x00500021: {"descriptors": "C"},
    0x0018100B: {"uids": "K", "device": "K"}, 0x30100043: {"device": "K"}, 0x00102000: {"descriptors": "C"},
    0x00203401: {}, 0x0018937B: {"descriptors": "C"}, 0x0040A171: {"uids": "K"}, 0x00102180: {"descriptors": "C"},
    0x00080024: {"dates": "C"}, 0x00101010: {"patient": "K"}, 0x00100040: {"patient": "K"},
    0x00102203: {"patient": "K"}, 0x00101020: {"patient": "K"}, 0x00101030: {"patient": "K"}, 0x00100030: {},
    0x00100010: {}, 0x00100020: {}, 0x00104000: {"descriptors": "C"}, 0x00380500: {"patient": "C", "descriptors": "C"},
    0x00400254: {"descriptors": "C"}, 0x00400253: {}, 0x00400250: {"dates": "C"}, 0x00400241: {"device": "K"},
    0x00400242: {"device": "K"}, 0x00404028: {"device": "K"}, 0x00081050: {}, 0x00081060: {}, 0x00081070: {},
    0x60003000: {"graphics": "C"}, 0x60004000: {"graphics": "C"}, 0x00500020: {"device": "K"},
}


# Retain Institution Identity: dcm4che's DeIdentifier (X_INSTITUTION, removed unless the option is set) names
# these three among the X actions; Institution Name and Institution Code Sequence are its X/Z/D ones.
STANDARD_OPTIONS.update({0x00080081: {"institution": "K"}, 0x00081040: {"institution": "K"},
                         0x00081041: {"institution": "K"}})


def test_retain_institution_identity_keeps_the_hospital_and_nothing_else():
    ds, _ = sentinel_dataset()
    ds.InstitutionName, ds.InstitutionAddress, ds.InstitutionalDepartmentName = "CNHU-HKM", "Cotonou", "Imagerie"
    basic = Deidentifier(load_profile("basic")).apply(ds)
    assert "InstitutionAddress" not in basic and "InstitutionalDepartmentName" not in basic
    assert str(basic.get("InstitutionName", "") or "") in ("", "ANONYMIZED")  # D: a dummy value
    kept = Deidentifier(load_profile("basic", retain_institution_identity=True)).apply(ds)
    assert (kept.InstitutionName, kept.InstitutionAddress, kept.InstitutionalDepartmentName) == \
        ("CNHU-HKM", "Cotonou", "Imagerie")
    assert {i.CodeValue for i in kept.DeidentificationMethodCodeSequence} == {"113100", "113112"}
    assert kept.PatientIdentityRemoved == "YES" and kept.PatientName != ds.PatientName
    assert _leaks(kept) == _leaks(basic) == []  # no other identifying element comes back with the option


def test_option_columns_agree_with_the_standards_extraction():
    table = load_table()
    wrong = {hex(tag): (table.rule(tag).options, want) for tag, want in STANDARD_OPTIONS.items()
             if table.rule(tag).options != want}
    assert wrong == {}


REAL_FILES = [("pypi-pydicom-3.0.2", "test_files", "CT_small.dcm"), ("pypi-pydicom-3.0.2", "test_files", "MR_small.dcm"),
              ("pypi-pydicom-3.0.2", "test_files", "ExplVR_BigEnd.dcm"), ("pypi-pydicom-3.0.2", "test_files", "693_J2KI.dcm")]


def _dciodvfy_errors(path) -> set[str]:
    if shutil.which("dciodvfy") is None:
        pytest.skip("dicom3tools' dciodvfy is not installed")
    out = subprocess.run(["dciodvfy", str(path)], check=False, capture_output=True, timeout=60)
    text = (out.stdout + out.stderr).decode("latin-1")
    # Only the kind of error and the attribute: values (UIDs, names) differ after de-identification by design.
    return {line.split(" Value=")[0] for line in text.splitlines() if line.startswith("Error")}


@pytest.mark.parametrize("parts", REAL_FILES, ids=[p[-1] for p in REAL_FILES])
def test_real_files_stay_valid_and_lose_their_identity(tmp_path, parts):
    from store_fixtures import corpus

    source = corpus(*parts)
    ds = pydicom.dcmread(source)
    identity = [str(v) for v in (ds.get("PatientName"), ds.get("PatientID"), ds.get("StudyInstanceUID"))
                if v and len(str(v)) >= 3]
    assert identity
    for profile in ("basic", "second-opinion"):
        out = Deidentifier(load_profile(profile)).apply(ds)
        path = tmp_path / f"{profile}.dcm"
        data = _written(out, path)
        assert [i for i in identity if i.encode() in data] == []
        assert str(out.get("InstitutionName", "") or "") in ("", "ANONYMIZED")  # the name may be a vendor's too
        assert _dciodvfy_errors(path) <= _dciodvfy_errors(source), profile  # de-identification breaks nothing
        assert pydicom.dcmread(path).pixel_array.shape == ds.pixel_array.shape


def test_black_out_on_a_real_jpeg2000_ct(tmp_path):
    from store_fixtures import corpus

    source = corpus("pypi-pydicom-3.0.2", "test_files", "693_J2KI.dcm")
    original = pydicom.dcmread(source).pixel_array.copy()
    out = black_out(pydicom.dcmread(source), [Rect(0, 0, 120, 30)])
    out.save_as(tmp_path / "clean.dcm", enforce_file_format=True)
    back = pydicom.dcmread(tmp_path / "clean.dcm")
    assert back.file_meta.TransferSyntaxUID == ExplicitVRLittleEndian and back.BurnedInAnnotation == "NO"
    expected = original.copy()
    expected[0:30, 0:120] = original.min()
    assert (back.pixel_array == expected).all()


def _us_with_regions(regions) -> Dataset:
    """A 60 x 80 ultrasound image: 'text' (4095) in the top band and the right margin, the scan inside."""
    from pydicom.dataset import FileMetaDataset as Meta

    ds, _ = sentinel_dataset()
    pixels = (300 + np.arange(60 * 80) % 97).astype(np.uint16).reshape(60, 80)  # the scan: varied grey
    pixels[:10, :] = 4095  # the name and date the scanner writes above the image
    pixels[:, 74:] = 4095  # and the scale on the right
    ds.Modality, ds.SOPClassUID = "US", "1.2.840.10008.5.1.4.1.1.6.1"
    ds.Rows, ds.Columns, ds.BitsAllocated, ds.BitsStored, ds.HighBit = 60, 80, 16, 12, 11
    ds.SamplesPerPixel, ds.PhotometricInterpretation, ds.PixelRepresentation = 1, "MONOCHROME2", 0
    ds.PixelData = pixels.tobytes()
    for keyword in ("BurnedInAnnotation", "NumberOfFrames", "PlanarConfiguration"):
        if keyword in ds:
            delattr(ds, keyword)
    items = []
    for x0, y0, x1, y1 in regions:
        item = Dataset()
        item.RegionLocationMinX0, item.RegionLocationMinY0, item.RegionLocationMaxX1, item.RegionLocationMaxY1 = x0, y0, x1, y1
        items.append(item)
    if items:
        ds.SequenceOfUltrasoundRegions = Sequence(items)
    ds.file_meta = Meta()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    return ds


def test_clean_pixel_data_blacks_out_all_around_the_declared_ultrasound_regions():
    from viewer.distribute.deid.burned import outside_regions

    # Two regions side by side below the text band (a B-mode image and its Doppler strip), by hand:
    # kept = columns 5..39 and 42..71 of rows 12..57 (the Max bounds are inclusive, PS3.3 C.8.5.5.1.1).
    ds = _us_with_regions([(5, 12, 39, 57), (42, 12, 71, 57)])
    out = Deidentifier(load_profile("basic", clean_pixel_data=True)).apply(ds)
    pix = out.pixel_array
    inside = np.zeros((60, 80), bool)
    inside[12:58, 5:40] = True
    inside[12:58, 42:72] = True
    assert (pix[inside] == ds.pixel_array[inside]).all()  # the scan untouched
    # all around it black (black_out's black: the lowest value present), the text band, the scale, the gaps
    assert (pix[~inside] == 300).all() and not (pix == 4095).any()
    assert out.BurnedInAnnotation == "NO"
    assert "113101" in {c.CodeValue for c in out.DeidentificationMethodCodeSequence}
    # Without the option, or without regions (the layout not known), the pixels stay as they are.
    assert (Deidentifier(load_profile("basic")).apply(ds).pixel_array == ds.pixel_array).all()
    bare = _us_with_regions([])
    assert outside_regions(bare) is None
    assert (Deidentifier(load_profile("basic", clean_pixel_data=True)).apply(bare).pixel_array == bare.pixel_array).all()
