"""User-facing messages of the domain layer: English as before, French from the catalogue, and no template
in ``viewer/`` without its French entry."""

from __future__ import annotations

import ast
import pickle
import string
from pathlib import Path

import pydicom
import pytest

from viewer.core.messages import CATALOGUES, Message, in_language, msg
from viewer.core.messages_fr import FRENCH, SAME_IN_FRENCH

VIEWER = Path(__file__).resolve().parents[1] / "viewer"


def _templates() -> dict[str, list[str]]:
    """Every ``msg(...)`` template written in viewer/, with where; a template that is not a literal fails
    (the catalogue could not be checked against it)."""
    found: dict[str, list[str]] = {}
    calls = 0
    for path in sorted(VIEWER.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if "msg(" not in source:
            continue
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name != "msg":
                continue
            calls += 1
            where = f"{path.relative_to(VIEWER.parent)}:{node.lineno}"
            assert node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str), (
                f"{where}: msg() needs a literal template"
            )
            found.setdefault(node.args[0].value, []).append(where)
    # The source does call msg(): a search that finds nothing must fail, not pass.
    assert calls > 50 and "SUV not available: {why}" in found
    return found


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_template_in_the_viewer_has_a_french_entry_with_the_same_parameters():
    templates = _templates()
    missing = {t: w for t, w in templates.items() if t not in FRENCH}
    assert not missing, f"messages without French (add them to viewer/core/messages_fr.py): {missing}"
    for template in templates:
        assert _fields(FRENCH[template]) == _fields(template), template
        assert (FRENCH[template] != template) or template in SAME_IN_FRENCH, f"not translated: {template}"
    assert all(FRENCH[t] == t for t in SAME_IN_FRENCH), "SAME_IN_FRENCH lists a template French words differently"
    stale = set(FRENCH) - set(templates)
    assert not stale, f"French entries no msg() uses any more: {stale}"


def test_a_message_is_its_english_text_and_keeps_what_it_was_made_of():
    m = msg("SUV not available: {why}", why=msg("Patient's Weight (0010,1030) is missing"))
    assert isinstance(m, str) and m == "SUV not available: Patient's Weight (0010,1030) is missing"
    assert str(m) == m and f"{m}" == m and {m: 1}["SUV not available: Patient's Weight (0010,1030) is missing"]
    assert in_language(m, "en") == m
    assert in_language(m, "fr") == "SUV non disponible\u00a0: poids du patient (0010,1030) absent"
    back = pickle.loads(pickle.dumps(m))  # crosses to and from worker processes
    assert isinstance(back, Message) and in_language(back, "fr") == in_language(m, "fr")


def test_french_numbers_take_the_decimal_comma_and_english_ones_keep_the_point():
    m = msg("resampled to {step:.2f} mm ({reasons})", step=1.25, reasons=[msg("irregular spacing")])
    assert m == "resampled to 1.25 mm (irregular spacing)"
    assert in_language(m, "fr") == "rééchantillonné à 1,25 mm (espacement irrégulier)"
    gap = msg("{start:trim}-{end:trim} mm", start=12.5, end=15.0)
    assert gap == "12.5-15 mm" and in_language(gap, "fr") == "12,5–15 mm"
    # Text parameters are not numbers: a DICOM code keeps its characters.
    assert in_language(msg("Decay Correction (0054,1102) is {decay}", decay="A.B"), "fr").endswith(" A.B")


def test_without_a_catalogue_entry_or_language_a_message_stays_english():
    unknown = Message("a message no catalogue knows ({n:.1f})", {"n": 2.5})
    assert in_language(unknown, "fr") == "a message no catalogue knows (2.5)"
    assert in_language(msg("not a DICOM file"), "de") == "not a DICOM file"
    assert in_language("plain text", "fr") == "plain text" and in_language(None, "fr") == ""
    assert set(CATALOGUES) == {"fr"}


def test_domain_texts_in_english_are_unchanged(tmp_path):
    """Logs, CLI JSON and other tests read the English: the same words as before messages existed."""
    from viewer.dicom.geometry import sort_stack
    from viewer.dicom.suv import suv_bw_factor
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    ds = pydicom.Dataset()
    ds.Modality, ds.Units = "PT", "BQML"
    assert suv_bw_factor(ds).message == "SUV not available: Patient's Weight (0010,1030) is missing"
    ds.Units = ""
    assert suv_bw_factor(ds).message == "SUV not available: pixel units (0054,1001) are not given, not BQML"
    geo = sort_stack([(0, 0, 0), (0, 0, 1), (0, 0, 2), (0, 0, 5), (0, 0, 6)], [1, 0, 0, 0, 1, 0])
    assert geo.warnings == (
        "2 slices appear to be missing (gaps of a multiple of the 1 mm spacing between 2-5 mm).",
    )
    junk = tmp_path / "notes.txt"
    junk.write_text("not an image")
    with StudyCache(tmp_path / "store") as cache:
        report = import_paths(cache, [str(junk), str(tmp_path / "gone.dcm")])
    reasons = sorted(r.reason for r in report.rejected)
    assert reasons == ["not a DICOM file", "not found"]
    assert sorted(r["reason"] for r in report.to_json()["rejected"]) == reasons
    assert [in_language(r, "fr") for r in reasons] == ["pas un fichier DICOM", "introuvable"]


@pytest.mark.parametrize(
    "missing, french",
    [
        ("PatientWeight", "SUV non disponible\u00a0: poids du patient (0010,1030) absent"),
        ("RadionuclideTotalDose", "SUV non disponible\u00a0: activité injectée (0018,1074) absente"),
    ],
)
def test_suv_reasons_in_french(missing, french):
    from viewer.dicom.suv import suv_bw_factor

    ds = pydicom.Dataset()
    ds.Modality, ds.Units, ds.DecayCorrection, ds.PatientWeight = "PT", "BQML", "START", 70
    item = pydicom.Dataset()
    item.RadionuclideTotalDose, item.RadionuclideHalfLife = 370e6, 6586.2
    ds.RadiopharmaceuticalInformationSequence = [item]
    delattr(item if missing.startswith("Radio") else ds, missing)
    assert in_language(suv_bw_factor(ds).message, "fr") == french
