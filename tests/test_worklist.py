"""The worklist without a window (``viewer.store.worklist``): read marks kept across restarts and crashes,
the state of a study (being retrieved > reported > read > new), the report test on real files in a real
cache, ages, the sort order of every column (expected orders written by hand), the next study."""

from __future__ import annotations

import json

import pydicom
import pytest
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

from synthetic import write_series
from viewer.store.cache import StudyCache
from viewer.store.importer import import_paths
from viewer.store.records import StudyRecord
from viewer.store.worklist import (
    NEW, READ, REPORTED, RETRIEVING, ReadMarks, age_years, next_study, reported_studies, sort_key, study_reported,
    study_state,
)

BASIC_SR = "1.2.840.10008.5.1.4.1.1.88.11"
COMPREHENSIVE_SR = "1.2.840.10008.5.1.4.1.1.88.33"
PDF = "1.2.840.10008.5.1.4.1.1.104.1"


def test_read_marks_survive_a_restart_and_a_damaged_file_starts_afresh(tmp_path):
    path = tmp_path / "data" / "worklist.json"
    marks = ReadMarks(path)
    assert not marks.is_read("1.2.3")
    marks.mark_read("1.2.3", when=1000.0)
    again = ReadMarks(path)  # a new process over the same home
    assert again.is_read("1.2.3") and not again.is_read("1.2.4")
    assert json.loads(path.read_text())["read"] == {"1.2.3": 1000.0}
    again.mark_unread("1.2.3")
    assert not ReadMarks(path).is_read("1.2.3")
    path.write_text("{ half written", encoding="utf-8")  # what no atomic write leaves, but a disk might
    assert not ReadMarks(path).is_read("1.2.3")


def test_a_study_state_is_the_first_that_applies(tmp_path):
    marks = ReadMarks(tmp_path / "w.json")
    marks.mark_read("a")
    marks.mark_read("b")
    marks.mark_read("c")
    assert study_state("a", marks, reported={"a"}, retrieving={"a"}) == RETRIEVING
    assert study_state("b", marks, reported={"b"}, retrieving=set()) == REPORTED
    assert study_state("c", marks, reported=set(), retrieving=set()) == READ
    assert study_state("d", marks, reported=set(), retrieving=set()) == NEW


@pytest.mark.parametrize("birth, on, age", [
    ("19780412", "20240315", 45),  # birthday not reached yet that year
    ("19780412", "20240412", 46),  # on the birthday
    ("20000229", "20230228", 22),  # born on 29 February
    ("", "20240315", None), ("1978", "20240315", None), ("20250101", "20240101", None),
])
def test_age_at_the_study_in_whole_years(birth, on, age):
    assert age_years(birth, on) == age


def _study(uid, name, pid, birth, sex, date, time, mods, desc, acc, images):
    return StudyRecord(uid, pid, "", name, birth, sex, date, time, desc, acc, tuple(mods), 1, images)


STUDIES = [
    _study("s1", "ZINSOU^Marc", "P-300", "19800101", "M", "20240310", "0900", ["CT"], "TDM thorax", "A9", 250),
    _study("s2", "adjovi^Rose", "P-100", "19501231", "F", "20240312", "1400", ["MR"], "IRM encéphale", "A10", 40),
    _study("s3", "Ahouansou^Éric", "P-200", "20100615", "M", "20231201", "0800", ["CR"], "Thorax face", "A1", 2),
]


@pytest.mark.parametrize("column, order", [
    ("name", ["s2", "s3", "s1"]),  # adjovi, Ahouansou, ZINSOU: case does not count
    ("patient_id", ["s2", "s3", "s1"]),
    ("birth_date", ["s2", "s1", "s3"]),
    ("sex", ["s2", "s1", "s3"]),  # F before M; equal keys keep the list's order
    ("age", ["s3", "s1", "s2"]),  # 13, 44, 73 at their studies
    ("date", ["s3", "s1", "s2"]),
    ("modality", ["s3", "s1", "s2"]),  # CR, CT, MR
    ("description", ["s2", "s1", "s3"]),  # IRM, TDM, Thorax
    ("accession", ["s3", "s2", "s1"]),  # a1, a10, a9 as text
    ("images", ["s3", "s2", "s1"]),  # 2, 40, 250 as numbers (as text 2 > 250)
])
def test_each_column_sorts_as_the_reader_expects(column, order):
    assert [s.study_uid for s in sorted(STUDIES, key=lambda s: sort_key(s, column))] == order


def test_the_status_column_puts_what_needs_the_reader_first():
    states = {"s1": REPORTED, "s2": NEW, "s3": RETRIEVING}
    ordered = sorted(STUDIES, key=lambda s: sort_key(s, "status", states[s.study_uid]))
    assert [s.study_uid for s in ordered] == ["s3", "s2", "s1"]


def test_next_and_previous_study_and_next_unread():
    order = ["a", "b", "c", "d"]
    assert next_study(order, "b") == "c"
    assert next_study(order, "b", -1) == "a"
    assert next_study(order, "d") is None and next_study(order, "a", -1) is None
    assert next_study(order, None) == "a" and next_study(order, None, -1) == "d"
    unread = {"a", "d"}
    assert next_study(order, "a", wanted=unread.__contains__) == "d"
    assert next_study(order, "d", wanted=unread.__contains__) is None


def _sr(folder, study_uid, sop_class, title, name):
    """A minimal SR (or encapsulated PDF) of the study, as another system would send it."""
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = sop_class
    ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.SOPClassUID, ds.SOPInstanceUID = sop_class, ds.file_meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID, ds.SeriesInstanceUID = study_uid, generate_uid()
    ds.PatientID, ds.PatientName, ds.StudyDate, ds.SeriesNumber, ds.InstanceNumber = "SYN-001", "SYN^A", "20240101", 90, 1
    if sop_class == PDF:
        ds.Modality = "DOC"
        ds.MIMETypeOfEncapsulatedDocument = "application/pdf"
        ds.EncapsulatedDocument = b"%PDF-1.4\n%%EOF\n"
    else:
        ds.Modality = "SR"
        ds.ValueType = "CONTAINER"
        code = Dataset()
        code.CodeValue, code.CodingSchemeDesignator, code.CodeMeaning = title
        ds.ConceptNameCodeSequence = [code]
    path = folder / f"{name}.dcm"
    pydicom.dcmwrite(path, ds, enforce_file_format=True)
    return path


def test_a_study_is_reported_when_the_cache_holds_a_report_document(tmp_path):
    images = tmp_path / "in"
    a, b, c = (write_series(images / n, slices=2, rows=16, cols=16)["study_uid"] for n in ("a", "b", "c"))
    docs = tmp_path / "docs"
    docs.mkdir()
    _sr(docs, a, BASIC_SR, ("18748-4", "LN", "Diagnostic imaging report"), "report")
    _sr(docs, b, COMPREHENSIVE_SR, ("126000", "DCM", "Imaging Measurement Report"), "measures")  # not a report
    _sr(docs, c, PDF, None, "pdf")
    with StudyCache(tmp_path / "store") as cache:
        report = import_paths(cache, [str(images), str(docs)])
        assert not report.rejected, report.rejected
        assert reported_studies(cache, [a, b, c]) == {a, c}
        assert study_reported(cache, a) and not study_reported(cache, b)
