"""The report without a window: MRRT templates (Cauri's and a RadReport-style file), states, the crash-safe
draft, the TID 2000 SR and the Encapsulated PDF (dciodvfy-clean), reading them back, the study's status,
other systems' SRs, and the French word list."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pydicom
import pytest

from report_helpers import READER, cached_study, dciodvfy_errors

DATA = Path(__file__).parent / "data" / "report_templates"


def test_builtin_templates_are_french_mrrt_with_coded_headings():
    from viewer.report.templates import BUILTIN_IDS, find_template, title_in

    assert BUILTIN_IDS == ("ct-thorax", "ct-abdomen", "ct-head", "mr-brain", "cr-chest", "us-abdomen", "mammo")
    titles = {}
    for key in BUILTIN_IDS:
        _, t = find_template(key)
        assert t.language == "fr"
        assert [s.name for s in t.sections] == ["Clinical information", "Technique", "Comparison", "Findings", "Impression"]
        assert [s.title for s in t.sections][:4] == ["Indication", "Technique", "Comparaison", "Résultats"]
        # CID 7001 headings bound through the template's coded_content
        assert [s.code.value for s in t.sections] == ["121109", "121064", "121066", "121070", "121076"]
        titles[key] = (t.title, title_in(t, "en"))
    assert titles["ct-head"] == ("Scanner cérébral", "CT Head")
    assert titles["mammo"] == ("Mammographie", "Mammography")
    # Findings by organ: one labelled field per organ
    _, thorax = find_template("ct-thorax")
    assert [f.label for f in thorax.section("Findings").fields][:3] == ["Poumons", "Plèvre", "Médiastin"]


def test_mammography_conclusion_offers_the_bi_rads_categories_with_radlex_codes():
    from viewer.report.templates import find_template

    _, t = find_template("mammo")
    birads = t.section("Impression").fields[0]
    assert birads.kind == "selection"
    assert [o.value for o in birads.options] == ["0", "1", "2", "3", "4", "5", "6"]
    assert birads.options[4].code.value == "RID36032" and birads.options[4].code.scheme == "RADLEX"
    assert birads.default == "1"  # the selected option
    assert "ACR 1" in t.section("Impression").default_text()
    density = t.section("Findings").fields[0]
    assert [o.value for o in density.options] == ["a", "b", "c", "d"]


def test_a_radreport_style_mrrt_file_loads_with_its_fields_and_codes():
    from viewer.report.mrrt import load_template

    t = load_template(DATA / "radreport_style_ct_chest.html")
    assert t.title == "CT Chest with contrast" and t.language == "en"
    assert t.identifier.endswith("0000999")
    assert t.schemes["LOINC"] == "2.16.840.1.113883.6.1"
    assert ("RID10321", "RadLex") in [(c.value, c.scheme) for c in t.codes]
    assert [s.name for s in t.sections] == ["Clinical information", "Procedure", "Findings", "Impression"]
    assert t.section("Clinical information").code.value == "55752-0"  # bound to its textarea
    findings = t.section("Findings")
    lungs, size, effusion = findings.fields
    assert (lungs.kind, lungs.label, [o.value for o in lungs.options]) == ("selection", "Lungs:", ["Clear", "Nodule"])
    assert lungs.options[1].code.value == "RID50149"
    assert (size.kind, size.unit, size.label) == ("number", "mm", "Nodule size")
    assert effusion.kind == "checkbox"
    assert t.section("Impression").default_text() == "No acute cardiopulmonary abnormality."


def test_a_page_without_sections_is_refused_with_a_reason(tmp_path):
    from viewer.report.mrrt import TemplateError, load_template

    bad = tmp_path / "x.html"
    bad.write_text("<html><body><p>hello</p></body></html>")
    with pytest.raises(TemplateError, match="no <section>"):
        load_template(bad)


def test_states_draft_preliminary_final_amended():
    from viewer.report.document import ReportError, new_report
    from viewer.report.templates import find_template

    _, t = find_template("ct-head")
    r = new_report("1.2.3", t, "ct-head")
    assert r.state == "draft" and r.editable and r.next_state(sign=False) == "preliminary"
    r.mark_stored("preliminary", r.reader, "1.1", "1.2", "9", "C1", "t")
    assert r.editable and r.next_state(sign=True) == "final"
    r.mark_stored("final", r.reader, "2.1", "2.2", "9", "C2", "t")
    with pytest.raises(ReportError):
        r.set_text("Findings", "changed after signing")
    r.amend()
    assert r.amending and r.version == 2 and r.predecessor_uids() == ["2.1"]
    with pytest.raises(ReportError):
        r.next_state(sign=False)  # an amendment is signed
    assert r.next_state(sign=True) == "amended"


def test_the_draft_survives_a_kill_during_autosaves(tmp_path):
    """A process saving drafts in a loop is killed (SIGKILL); the file is a whole draft, old or new."""
    from viewer.report.document import ReportStore

    root = tmp_path / "store"
    script = (
        "import sys; sys.path[:0] = sys.argv[2:]\n"
        "from viewer.report.document import ReportStore, new_report\n"
        "from viewer.report.templates import find_template\n"
        "_, t = find_template('ct-thorax'); r = new_report('1.2.3', t, 'ct-thorax'); s = ReportStore(sys.argv[1])\n"
        "i = 0\n"
        "while True:\n"
        "    i += 1; r.set_text('Findings', 'nodule ' * (i % 500)); s.save(r)\n"
        "    if i == 20: print('saving', flush=True)\n"
    )
    root_dir = Path(__file__).resolve().parents[1]
    proc = subprocess.Popen([sys.executable, "-c", script, str(root), str(root_dir), str(root_dir / "plugins")],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "saving"
    proc.kill()
    proc.wait()
    r = ReportStore(root).load("1.2.3")
    assert r is not None and r.template_id == "ct-thorax"
    assert set(r.section("Findings").text.split()) <= {"nodule"}
    assert not list((root / "reports").glob("*.bad"))


def test_signed_report_is_a_tid2000_enhanced_sr_and_a_pdf_both_dciodvfy_clean(tmp_path):
    if shutil.which("dciodvfy") is None:
        pytest.skip("dciodvfy (dicom3tools) is not installed")
    from viewer.report.document import Reader, ReportStore, new_report
    from viewer.report.reader import read_report
    from viewer.report.storing import store_report
    from viewer.report.templates import find_template
    from viewer.store.cache import StudyCache
    from viewer.ui.report_pdf import pdf_bytes

    paths, info, m, ref = cached_study(tmp_path)
    with StudyCache(paths.store) as cache:
        _, t = find_template("ct-thorax")
        r = new_report(info["study_uid"], t, "ct-thorax")
        r.set_text("Clinical information", "Toux chronique, fièvre.")
        r.measurement_ids, r.key_images = [m.id], [(ref.study_uid, ref.series_uid, ref.sop_uid, 0)]
        store = ReportStore(cache.root)
        stored = store_report(cache, store, r, True, Reader(*READER), pdf_bytes, when=datetime(2026, 12, 7, 9, 30))
        sr_path, pdf_path = cache.instance_path(stored.sr_uid), cache.instance_path(stored.pdf_uid)
        assert sr_path is not None and pdf_path is not None  # imported into the cache
        assert dciodvfy_errors(sr_path) == []
        assert dciodvfy_errors(pdf_path) == []
        sr = pydicom.dcmread(sr_path)
        assert sr.SOPClassUID == "1.2.840.10008.5.1.4.1.1.88.22"
        assert sr.ContentTemplateSequence[0].TemplateIdentifier == "2000"
        assert (sr.ConceptNameCodeSequence[0].CodeValue, sr.ConceptNameCodeSequence[0].CodingSchemeDesignator) == ("18748-4", "LN")
        assert (sr.VerificationFlag, sr.PreliminaryFlag, sr.CompletionFlag) == ("VERIFIED", "FINAL", "COMPLETE")
        assert sr.VerifyingObserverSequence[0].VerifyingObserverName == "KOUASSI^Awa"
        assert sr.PatientID == "SYN-001" and sr.AccessionNumber == "ACC-SYN-1"
        sections = {c.ConceptNameCodeSequence[0].CodeValue: c for c in sr.ContentSequence if c.ValueType == "CONTAINER"}
        findings = sections["121070"]
        nums = [c for c in findings.ContentSequence if c.ValueType == "NUM"]
        assert len(nums) == 1 and float(nums[0].MeasuredValueSequence[0].NumericValue) == pytest.approx(40.0, abs=0.01)
        scoord = nums[0].ContentSequence[0]
        assert scoord.ValueType == "SCOORD" and scoord.ContentSequence[0].ReferencedSOPSequence[0].ReferencedSOPInstanceUID == ref.sop_uid
        images = [c for c in findings.ContentSequence if c.ValueType == "IMAGE"]
        assert [i.ReferencedSOPSequence[0].ReferencedSOPInstanceUID for i in images] == [ref.sop_uid]
        assert images[0].ConceptNameCodeSequence[0].CodeValue == "121080"
        pdf = pydicom.dcmread(pdf_path)
        assert pdf.MIMETypeOfEncapsulatedDocument == "application/pdf" and bytes(pdf.EncapsulatedDocument).startswith(b"%PDF")
        assert pdf.SourceInstanceSequence[0].ReferencedSOPInstanceUID == stored.sr_uid
        back = read_report(sr)
        assert back.status == "final" and "Toux chronique, fièvre." in back.text
        assert dict(back.sections)["Indication"] == "Toux chronique, fièvre."


def test_status_follows_draft_preliminary_final_amended_and_the_amendment_links_its_predecessor(tmp_path):
    from viewer.report.document import Reader, ReportStore, new_report
    from viewer.report.status import report_status
    from viewer.report.storing import store_report
    from viewer.report.templates import find_template
    from viewer.store.cache import StudyCache

    fake_pdf = lambda _p: b"%PDF-1.4\n%test\n"  # noqa: E731  (the PDF's layout is tested with Qt elsewhere)
    paths, info, _m, _ref = cached_study(tmp_path)
    uid = info["study_uid"]
    with StudyCache(paths.store) as cache:
        store = ReportStore(cache.root)
        assert report_status(cache, uid) is None
        _, t = find_template("ct-thorax")
        r = new_report(uid, t, "ct-thorax")
        store.save(r)
        assert report_status(cache, uid) == "draft"
        p = store_report(cache, store, r, False, Reader(), fake_pdf)
        assert report_status(cache, uid) == "preliminary"
        f = store_report(cache, store, r, True, Reader(*READER), fake_pdf)
        assert report_status(cache, uid) == "final"
        r.amend()
        r.set_text("Impression", "Conclusion corrigée.")
        store.save(r)
        assert report_status(cache, uid) == "final"  # the amendment is a draft until signed
        a = store_report(cache, store, r, True, Reader(*READER), fake_pdf)
        assert report_status(cache, uid) == "amended"
        sr = pydicom.dcmread(cache.instance_path(a.sr_uid))
        pred = sr.PredecessorDocumentsSequence[0].ReferencedSeriesSequence[0].ReferencedSOPSequence[0]
        assert pred.ReferencedSOPInstanceUID == f.sr_uid
        final_sr = pydicom.dcmread(cache.instance_path(f.sr_uid))
        assert final_sr.PredecessorDocumentsSequence[0].ReferencedSeriesSequence[0].ReferencedSOPSequence[0].ReferencedSOPInstanceUID == p.sr_uid
        for uid_ in (p.sr_uid, f.sr_uid, a.sr_uid):  # every version is kept
            assert cache.instance_path(uid_) is not None


def test_another_systems_basic_text_sr_is_read_as_a_report(tmp_path):
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.sequence import Sequence
    from pydicom.uid import ExplicitVRLittleEndian, generate_uid

    from viewer.report.reader import read_report

    def code(v, s, m):
        c = Dataset()
        c.CodeValue, c.CodingSchemeDesignator, c.CodeMeaning = v, s, m
        return c

    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.SOPClassUID, ds.SOPInstanceUID = "1.2.840.10008.5.1.4.1.1.88.11", generate_uid()
    ds.Manufacturer = "OtherRIS"
    ds.ValueType, ds.ContinuityOfContent = "CONTAINER", "SEPARATE"
    ds.ConceptNameCodeSequence = Sequence([code("18748-4", "LN", "Diagnostic imaging report")])
    ds.VerificationFlag, ds.CompletionFlag = "UNVERIFIED", "COMPLETE"
    ds.ContentDate, ds.ContentTime = "20250101", "080000"
    sec = Dataset()
    sec.RelationshipType, sec.ValueType, sec.ContinuityOfContent = "CONTAINS", "CONTAINER", "SEPARATE"
    sec.ConceptNameCodeSequence = Sequence([code("121076", "DCM", "Conclusions")])
    txt = Dataset()
    txt.RelationshipType, txt.ValueType, txt.TextValue = "CONTAINS", "TEXT", "Fracture du radius distal."
    txt.ConceptNameCodeSequence = Sequence([code("121077", "DCM", "Conclusion")])
    sec.ContentSequence = Sequence([txt])
    ds.ContentSequence = Sequence([sec])
    rt = read_report(ds)
    assert rt.kind == "SR" and rt.status == "unverified" and rt.manufacturer == "OtherRIS"
    assert rt.sections == (("Conclusions", "Fracture du radius distal."),)


def test_spell_checker_flags_unknown_words_and_learns_the_readers(tmp_path):
    from viewer.report.spell import SpellChecker

    text = "L'examen montre une lésoin hypodense de 12 mm, UH élevées, sous-durale."
    checker = SpellChecker(tmp_path)
    assert [text[a:a + n] for a, n in checker.unknown_spans(text)] == ["lésoin"]
    checker.add("Pneumatocèle")
    again = SpellChecker(tmp_path)  # a restart: the reader's word is kept
    assert again.unknown_spans("pneumatocèle") == []
    assert (tmp_path / "spell_fr_user.txt").read_text(encoding="utf-8").splitlines()[-1] == "pneumatocèle"


def test_storing_again_after_a_cut_between_the_sr_and_the_record_gives_one_version(tmp_path):
    """A power cut after the SR is in the cache but before the PDF and the record (the kill drill found it:
    the next attempt wrote a second SR, two "final" versions of one report). Storing the same content again
    takes the UIDs recorded before anything was written: one SR, one PDF, the record names them."""
    from viewer.report import storing
    from viewer.report.document import Reader, ReportStore, new_report
    from viewer.report.status import report_status
    from viewer.report.templates import find_template
    from viewer.store.cache import StudyCache
    from viewer.ui.report_pdf import pdf_bytes

    paths, info, _m, _ref = cached_study(tmp_path)
    real_import = storing.import_datasets
    with StudyCache(paths.store) as cache:
        _, t = find_template("ct-head")
        r = new_report(info["study_uid"], t, "ct-head")
        r.set_text(r.sections[-1].key, "Pas d'anomalie.")
        store = ReportStore(cache.root)

        def cut_after_the_sr(cache_, datasets):
            real_import(cache_, datasets[:1])
            raise OSError("power cut")

        storing.import_datasets = cut_after_the_sr
        try:
            with pytest.raises(OSError):
                storing.store_report(cache, store, r, True, Reader(*READER), pdf_bytes)
        finally:
            storing.import_datasets = real_import
        again = store.load(info["study_uid"])  # what the next start finds on disk
        stored = storing.store_report(cache, store, again, True, Reader(*READER), pdf_bytes)
        srs = [i for s in cache.series_of(info["study_uid"]) if s.modality == "SR" for i in cache.instances_of(s.series_uid)]
        pdfs = [i for s in cache.series_of(info["study_uid"]) if s.modality == "DOC" for i in cache.instances_of(s.series_uid)]
        assert [i.sop_uid for i in srs] == [stored.sr_uid] and [i.sop_uid for i in pdfs] == [stored.pdf_uid]
        assert report_status(cache, info["study_uid"]) == "final" and store.load(info["study_uid"]).pending == {}
