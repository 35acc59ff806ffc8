"""The study index: identity rules (SOP UID, patient ID + issuer), character sets, searches."""

from __future__ import annotations

import shutil
import sqlite3

import pydicom
import pytest
from pydicom.uid import generate_uid

from store_fixtures import corpus, write_instance, write_series
from viewer.store.cache import STUDY_CONFLICT, StudyCache
from viewer.store.importer import import_paths
from viewer.store.records import StudyQuery
from viewer.store.schema import IndexUnusable


@pytest.fixture
def cache(tmp_path):
    with StudyCache(tmp_path / "store") as c:
        yield c


def test_reimport_stores_each_instance_once(cache, tmp_path):
    src = tmp_path / "src"
    uids = write_series(src, 5)
    shutil.copy(src / "IM00000.dcm", src / "copy-of-first.dcm")  # same instance twice in one import

    first = import_paths(cache, [src])
    assert (first.imported, first.already_present, first.rejected) == (5, 1, [])
    second = import_paths(cache, [src])
    assert (second.imported, second.already_present) == (0, 6)
    assert second.study_uids == first.study_uids

    assert cache.counts()["instance"] == 5
    files = list((cache.root / "files").rglob("*.dcm"))
    assert len(files) == 5
    assert all(cache.has_instance(u) for u in uids)
    (study,) = cache.find_studies()
    assert (study.series_count, study.instance_count) == (1, 5)


@pytest.mark.filterwarnings("ignore:Invalid value for VR UI")
def test_stored_file_names_never_come_from_headers(cache, tmp_path):
    hostile = "1.2.3/../../evil"  # not a valid UID, but a file may say anything
    write_instance(tmp_path / "src" / "a.dcm", study_uid=generate_uid(), series_uid=generate_uid(), sop_uid=hostile)
    assert import_paths(cache, [tmp_path / "src"]).imported == 1
    # An invalid UID never reaches the index (test_derived_uids): the instance is filed under one Cauri derives.
    assert cache.instance_path(hostile) is None
    (study,) = cache.find_studies()
    (series,) = cache.series_of(study.study_uid)
    (inst,) = cache.instances_of(series.series_uid)
    path = inst.path
    assert path.parent.parent.parent == cache.root / "files"
    assert len(path.stem) == 40 and hostile not in str(path)
    assert pydicom.dcmread(path).SOPInstanceUID == hostile  # the stored file is the file as given


def test_patients_keyed_by_id_and_issuer_never_by_name(cache, tmp_path):
    src = tmp_path / "src"
    write_instance(src / "a.dcm", study_uid=generate_uid(), series_uid=generate_uid(),
                   patient_id="123", issuer="HOSP-A", name="Dupont^Marie")
    write_instance(src / "b.dcm", study_uid=generate_uid(), series_uid=generate_uid(),
                   patient_id="123", issuer="HOSP-B", name="Dupont^Marie")
    # Same ID and issuer, name corrected later: still one patient, each study shows its own header.
    write_instance(src / "c.dcm", study_uid=generate_uid(), series_uid=generate_uid(),
                   patient_id="123", issuer="HOSP-A", name="Dupont-Martin^Marie", study_date="20240301")
    # Same name, other ID: another patient.
    write_instance(src / "d.dcm", study_uid=generate_uid(), series_uid=generate_uid(),
                   patient_id="999", issuer="HOSP-A", name="Dupont^Marie")
    assert import_paths(cache, [src]).imported == 4

    assert cache.counts()["patient"] == 3
    hosp_a = cache.find_studies(StudyQuery(patient_id="123"))
    assert sorted((s.issuer, s.patient_name) for s in hosp_a) == [
        ("HOSP-A", "Dupont-Martin^Marie"), ("HOSP-A", "Dupont^Marie"), ("HOSP-B", "Dupont^Marie")]


def test_study_arriving_under_another_patient_is_refused_not_merged(cache, tmp_path):
    study, series = generate_uid(), generate_uid()
    write_instance(tmp_path / "a" / "1.dcm", study_uid=study, series_uid=series, patient_id="P1", name="First^One")
    write_instance(tmp_path / "b" / "2.dcm", study_uid=study, series_uid=series, patient_id="P2", name="Second^Two")
    write_instance(tmp_path / "c" / "3.dcm", study_uid=study, series_uid=generate_uid(), patient_id="P2")
    assert import_paths(cache, [tmp_path / "a"]).imported == 1

    report = import_paths(cache, [tmp_path / "b", tmp_path / "c"])
    assert report.imported == 0
    assert {r.reason for r in report.rejected} == {STUDY_CONFLICT}
    (kept,) = cache.find_studies()
    assert (kept.patient_id, kept.patient_name, kept.instance_count) == ("P1", "First^One", 1)
    assert cache.counts()["patient"] == 1


CHARSET_NAMES = {
    "chrFren.dcm": "Buc^Jérôme",
    "chrFrenMulti.dcm": "Buc^Jérôme",
    "chrGerm.dcm": "Äneas^Rüdiger",
    "chrArab.dcm": "قباني^لنزار",
    "chrGreek.dcm": "Διονυσιος",
    "chrRuss.dcm": "Люкceмбypг",
    "chrX1.dcm": "Wang^XiaoDong=王^小東",
    "chrX2.dcm": "Wang^XiaoDong=王^小东",
    "chrH31.dcm": "Yamada^Tarou=山田^太郎=やまだ^たろう",
    "chrH32.dcm": "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう",
    "chrI2.dcm": "Hong^Gildong=洪^吉洞=홍^길동",
    "chrJapMulti.dcm": "やまだ^たろう",
    "chrKoreanMulti.dcm": "김희중",
}


@pytest.mark.parametrize("filename", sorted(CHARSET_NAMES))
def test_names_decoded_with_their_character_set(tmp_path, filename):
    path = corpus("pypi-pydicom-3.0.2", "charset_files", filename)
    with StudyCache(tmp_path / "store") as cache:
        report = import_paths(cache, [path])
        assert report.imported == 1, report.rejected
        (study,) = cache.find_studies()
    assert study.patient_name == CHARSET_NAMES[filename]
    assert study.patient_name == str(pydicom.dcmread(path).PatientName)  # pydicom's full decode agrees


@pytest.mark.parametrize("charset", ["ISO_IR 100", "ISO_IR 192", ["ISO 2022 IR 6", "ISO 2022 IR 100"]])
def test_accented_names_stay_accented(cache, tmp_path, charset):
    write_instance(tmp_path / "a.dcm", study_uid=generate_uid(), series_uid=generate_uid(),
                   name="Hôpital^Béninois", charset=charset, description="Écho cardiaque")
    assert import_paths(cache, [tmp_path / "a.dcm"]).imported == 1
    (study,) = cache.find_studies()
    assert (study.patient_name, study.description) == ("Hôpital^Béninois", "Écho cardiaque")
    assert cache.find_studies(StudyQuery(name="HÔPITAL")) == [study]
    assert cache.find_studies(StudyQuery(name="hopital")) == []  # accents are significant


@pytest.fixture
def searchable(cache, tmp_path):
    src = tmp_path / "src"
    rows = [
        ("PAT-1", "Buc^Jérôme", "20230105", "CT", "A100", "Thorax"),
        ("PAT-2", "Élodie^Martin", "20230610", "MR", "A200", "Genou droit"),
        ("pat-3", "Dupont^Jean", "20240220", "CT", "B300", "Abdomen"),
        ("X-4", "Dupond^Jeanne", "", "US", "B301", "Écho"),
    ]
    uids = {}
    for pid, name, date, modality, acc, desc in rows:
        study = generate_uid()
        write_instance(src / f"{pid}.dcm", study_uid=study, series_uid=generate_uid(), patient_id=pid, name=name,
                       study_date=date, modality=modality, accession=acc, description=desc)
        uids[pid] = study
    # A second, SR series in PAT-1's study: the study then holds two modalities.
    write_instance(src / "sr.dcm", study_uid=uids["PAT-1"], series_uid=generate_uid(), patient_id="PAT-1",
                   name="Buc^Jérôme", study_date="20230105", modality="SR", series_number=2, position=None)
    assert import_paths(cache, [src]).imported == 5
    return cache, uids


def _pids(studies):
    return [s.patient_id for s in studies]


def test_find_studies_newest_first_with_counts(searchable):
    cache, uids = searchable
    studies = cache.find_studies()
    assert _pids(studies) == ["pat-3", "PAT-2", "PAT-1", "X-4"]  # undated last
    first = cache.study(uids["PAT-1"])
    assert first.modalities == ("CT", "SR") and (first.series_count, first.instance_count) == (2, 2)
    assert [s.modality for s in cache.series_of(uids["PAT-1"])] == ["CT", "SR"]
    assert cache.study("1.2.3.4") is None
    assert _pids(cache.find_studies(StudyQuery(limit=2))) == ["pat-3", "PAT-2"]


@pytest.mark.parametrize(
    "query, expected",
    [
        (StudyQuery(patient_id="pat-1"), ["PAT-1"]),
        (StudyQuery(patient_id="PAT"), []),  # no wildcard: exact
        (StudyQuery(patient_id="pat-?"), ["pat-3", "PAT-2", "PAT-1"]),
        (StudyQuery(name="dupon"), ["pat-3", "X-4"]),  # no wildcard: starts with
        (StudyQuery(name="Dupon?^Jean"), ["pat-3"]),  # wildcards: the whole name
        (StudyQuery(name="Dupon?^Jean*"), ["pat-3", "X-4"]),
        (StudyQuery(name="dupont^jean"), ["pat-3"]),
        (StudyQuery(name="*jérôme"), ["PAT-1"]),
        (StudyQuery(name="ÉLODIE*"), ["PAT-2"]),
        (StudyQuery(name="élodie martin"), ["PAT-2"]),  # space and ^ are the same
        (StudyQuery(name="[x]*"), []),  # no character classes: brackets are literal
        (StudyQuery(modality="ct"), ["pat-3", "PAT-1"]),
        (StudyQuery(modality="SR"), ["PAT-1"]),
        (StudyQuery(modality="MR,US"), ["PAT-2", "X-4"]),
        (StudyQuery(date_from="20230610"), ["pat-3", "PAT-2"]),
        (StudyQuery(date_to="20230610"), ["PAT-2", "PAT-1"]),
        (StudyQuery(date_from="2023-01-01", date_to="2023-12-31"), ["PAT-2", "PAT-1"]),
        (StudyQuery(date_from="2023", date_to="2023"), ["PAT-2", "PAT-1"]),  # a year alone
        (StudyQuery(date_to="202301"), ["PAT-1"]),  # up to the end of that month
        (StudyQuery(accession="b30*"), ["pat-3", "X-4"]),
        (StudyQuery(accession="A100"), ["PAT-1"]),
        (StudyQuery(text="genou"), ["PAT-2"]),
        (StudyQuery(text="ÉCHO dupond"), ["X-4"]),
        (StudyQuery(text="b300"), ["pat-3"]),
        (StudyQuery(modality="CT", date_from="20240101", name="dup*"), ["pat-3"]),
    ],
)
def test_study_filters(searchable, query, expected):
    cache, _ = searchable
    assert _pids(cache.find_studies(query)) == expected


def test_series_and_instances_in_order_with_geometry(cache, tmp_path):
    study = generate_uid()
    series_a, series_b = generate_uid(), generate_uid()
    src = tmp_path / "src"
    for n in (3, 1, 2):  # written out of order
        write_instance(src / f"b{n}.dcm", study_uid=study, series_uid=series_b, series_number=10,
                       instance_number=n, position=(1.5, -2.0, 10.0 * n))
    write_instance(src / "a.dcm", study_uid=study, series_uid=series_a, series_number=2)
    import_paths(cache, [src])

    assert [s.number for s in cache.series_of(study)] == [2, 10]
    instances = cache.instances_of(series_b)
    assert [i.instance_number for i in instances] == [1, 2, 3]
    assert all(i.path.is_absolute() and i.path.is_file() for i in instances)
    assert (instances[0].rows, instances[0].columns, instances[0].frames) == (64, 64, 1)
    assert instances[0].transfer_syntax == "1.2.840.10008.1.2.1"
    geometry = cache.instance_geometry(series_b)
    assert [g.sop_uid for g in geometry] == [i.sop_uid for i in instances]
    assert geometry[2].position == (1.5, -2.0, 30.0)
    assert geometry[2].orientation == (1.0, 0.0, 0.0, 0.0, 1.0, 0.0)
    sop, path, number, frames, position, orientation = geometry[0]
    assert (path, number, frames) == (instances[0].path, 1, 1)


def test_enhanced_multiframe_orientation_from_shared_groups(cache):
    path = corpus("gh-neurolabusc-dcm_qa_enh")
    files = sorted(p for p in path.rglob("*.dcm"))[:1] or pytest.skip(f"no enhanced file found under {path}")
    assert import_paths(cache, files).imported == 1
    (study,) = cache.find_studies()
    (series,) = cache.series_of(study.study_uid)
    (g,) = cache.instance_geometry(series.series_uid)
    assert g.frames > 1 and g.orientation is not None and len(g.orientation) == 6


def test_searches_use_the_indices(cache):
    db = cache._db
    plans = {
        "name": "SELECT id FROM study s WHERE s.name_key GLOB 'dup*'",
        "pid": "SELECT id FROM study s WHERE s.pid_key = 'x'",
        "date": "SELECT id FROM study s WHERE s.study_date >= '2020' ORDER BY s.study_date DESC, s.study_time DESC",
        "modality": "SELECT study FROM series WHERE modality IN ('CT')",
        "instances": "SELECT sop_uid FROM instance WHERE series = 1 ORDER BY instance_number",
    }
    for what, sql in plans.items():
        plan = " ".join(row[-1] for row in db.execute("EXPLAIN QUERY PLAN " + sql))
        assert "USING" in plan and "INDEX" in plan, (what, plan)


def test_reopens_and_refuses_an_index_from_a_newer_version(tmp_path):
    root = tmp_path / "store"
    write_series(tmp_path / "src", 2)
    with StudyCache(root) as cache:
        import_paths(cache, [tmp_path / "src"])
    with StudyCache(root) as cache:
        assert cache.counts()["instance"] == 2
    db = sqlite3.connect(root / "index.sqlite")
    db.execute("PRAGMA user_version=99")
    db.commit()
    db.close()
    with pytest.raises(IndexUnusable):
        StudyCache(root)
    assert not any((root / "tmp").iterdir())  # a refused open leaves nothing behind


def test_pragmas_are_crash_safe(cache):
    db = cache._db
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_the_store_needs_neither_qt_nor_vtk():
    import subprocess
    import sys

    code = (
        "import sys, viewer.store.cache, viewer.store.importer, viewer.commands.import_cmd, "
        "viewer.commands.studies_cmd; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'vtk', 'vtkmodules')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == "[]", out.stderr


def test_a_temp_folder_being_made_is_never_swept_by_a_cache_opening_beside_it(tmp_path):
    """Between a FileStore's mkdir of its temp folder and its lock, another one opening (a second cache in the
    process: the report's storing beside the window's) took the unlocked folder for a dead process's, locked
    and removed it: "could not lock the import temp folder" (seen once in the report GUI test). The folder of
    a live process stays, locked or not; a dead process's still goes (test_full_disk)."""
    import os

    from viewer.store.filestore import FileStore

    first = FileStore(tmp_path / "store")
    being_made = tmp_path / "store" / "tmp" / f"{os.getpid()}-0badc0de"
    being_made.mkdir()  # its owner has not locked it yet
    second = FileStore(tmp_path / "store")
    try:
        assert being_made.is_dir() and first.tmp.is_dir()
    finally:
        second.close()
        first.close()
