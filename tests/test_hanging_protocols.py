"""Hanging protocols without a window: the JSON format, matching (requirements, patterns without case or
accents, French and English descriptions, the best score), series rules, stages, folding two monitors onto
one screen, and every default protocol on a study built for it (expected placements written by hand)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest

from viewer.model.hanging.library import ProtocolLibrary, save_user_protocol
from viewer.model.hanging.matching import StudyFacts, best_protocol, fold, matches, pick_series, resolve_stage
from viewer.model.hanging.protocol import Protocol, ProtocolError, SeriesRule


@dataclass(frozen=True)
class Stack:
    """The fields of an image-stack display set that matching reads."""

    uid: str
    description: str
    frames: int = 20
    modality: str = "CT"
    number: int | None = None
    study_uid: str = "S"
    series_uid: str = ""
    kind: str = "stack"
    multiframe: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def frame_count(self) -> int:
        return self.frames


def study(uid="S", date="20260301", modalities=("CT",), description="", body=(), stacks=()):
    return StudyFacts(uid, date, tuple(modalities), description, tuple(body),
                      tuple(Stack(s.uid, s.description, s.frames, s.modality, s.number, uid, s.uid) for s in stacks))


@pytest.fixture(scope="module")
def library():
    lib = ProtocolLibrary.load()
    assert lib.problems == []
    return lib


def best(library, facts, priors=0):
    return best_protocol(library.protocols, facts, priors).protocol.id


def test_patterns_ignore_case_accents_and_match_word_starts():
    assert fold("CRÂNE / Encéphale") == "crane encephale"
    assert matches(["crane"], "TDM CRÂNE SANS INJECTION")
    assert matches(["thorac"], "Scanner thoracique")
    assert not matches(["os"], "thoracique")  # not inside a word
    assert matches(["sag t2"], "SAG_T2_TSE")
    assert not matches(["sag t2"], "T2 SAG")


@pytest.mark.parametrize("description, body, modalities, frames, expected", [
    ("TDM THORACIQUE", (), ("CT",), 120, "ct-thorax"),
    ("CT CHEST W/O", (), ("CT",), 120, "ct-thorax"),
    ("", ("CHEST",), ("CT",), 120, "ct-thorax"),
    ("TDM ABDOMINO-PELVIENNE", (), ("CT",), 200, "ct-abdomen-pelvis"),
    ("Scanner cérébral", (), ("CT",), 30, "ct-head"),
    ("CT HEAD", (), ("CT",), 30, "ct-head"),
    ("IRM ENCÉPHALIQUE", (), ("MR",), 24, "mr-brain"),
    ("MRI BRAIN", (), ("MR",), 24, "mr-brain"),
    ("IRM RACHIS LOMBAIRE", (), ("MR",), 15, "spine"),
    ("", ("LSPINE",), ("MR",), 15, "spine"),
    ("RADIO THORAX FACE", (), ("CR",), 1, "cr-dx-chest"),
    ("CHEST PA", (), ("DX",), 1, "cr-dx-chest"),
    ("MAMMOGRAPHIE BILATÉRALE", (), ("MG",), 1, "mammography"),
    ("ÉCHOGRAPHIE ABDOMINALE", (), ("US",), 40, "us-cine"),
    ("IRM GENOU", (), ("MR",), 20, "fallback"),  # no knee protocol: the reader's layout
    ("TDM THORACIQUE", (), ("MR",), 20, "fallback"),  # a CT chest protocol never takes an MR
])
def test_each_study_gets_the_protocol_a_radiologist_expects(library, description, body, modalities, frames, expected):
    facts = study(modalities=modalities, description=description, body=body,
                  stacks=[Stack("a", "SERIE 1", frames, modalities[0])])
    assert best(library, facts) == expected


def test_a_one_image_ct_is_not_read_as_a_chest_ct(library):
    facts = study(description="TDM THORACIQUE", stacks=[Stack("a", "TOPOGRAMME", 1)])
    assert best(library, facts) == "fallback"  # min_frames 2: a scout alone is no volume


def test_series_rules_prefer_the_named_unused_series_with_most_images():
    stacks = [Stack("scout", "TOPOGRAMME", 1), Stack("med", "MEDIASTIN 3mm", 80), Stack("lung", "POUMON 1mm", 240),
              Stack("med2", "Médiastin 5 mm", 50)]
    rule = SeriesRule(description=("mediast",), exclude=("topo",), min_frames=2)
    assert pick_series(rule, stacks, set()).uid == "med"
    assert pick_series(rule, stacks, {"med"}).uid == "med2"
    assert pick_series(rule, stacks, {"med", "med2"}).uid == "med"  # all used: shown again (another window)
    assert pick_series(rule, stacks, {"med", "med2"}, reuse=False) is None  # no preset: no second copy
    assert pick_series(SeriesRule(description=("coronal",)), stacks, set()).uid == "lung"  # falls back: most images
    assert pick_series(SeriesRule(description=("coronal",), required=True), stacks, set()) is None


def test_ct_chest_stage_one_folds_the_prior_monitor_under_the_current_one(library):
    current = study(description="TDM THORACIQUE", stacks=[Stack("med", "MEDIASTIN", 80), Stack("lung", "POUMON", 80)])
    prior = study("P", "20250301", description="TDM THORAX", stacks=[Stack("pm", "Médiastin", 60), Stack("pl", "Poumon", 60)])
    protocol = library.get("ct-thorax")
    stage = resolve_stage(protocol, 0, current, [prior])
    # Monitor 0 (1x2) and monitor 1 (1x2) on one screen: 4 columns do not fit in 3, so rows add: 2x2.
    assert (stage.rows, stage.cols) == (2, 2)
    got = [(v.role, v.display_set.uid, v.spec.preset, v.spec.link.scroll) for v in stage.viewports]
    assert got == [("current", "med", "ct.mediastinum", "thorax"), ("current", "lung", "ct.lung", "thorax"),
                   ("prior", "pm", "ct.mediastinum", "thorax-prior"), ("prior", "pl", "ct.lung", "thorax-prior")]
    # On two screens the prior's monitor stays its own; the first screen's grid is monitor 0 alone.
    two = resolve_stage(protocol, 0, current, [prior], screens=2)
    assert (two.rows, two.cols) == (1, 2) and [m.monitor for m, _ in two.monitors] == [0, 1]
    # Without a prior the prior's monitor stays dark: no empty cells.
    alone = resolve_stage(protocol, 0, current, [])
    assert (alone.rows, alone.cols) == (1, 2)
    # Stage 2: MPR of the mediastinum series; stage index wraps around.
    mpr = resolve_stage(protocol, 4, current, [])
    assert mpr.index == 1 and mpr.viewports[0].spec.view == "mpr" and mpr.viewports[0].display_set.uid == "med"


def test_side_by_side_fold_when_columns_fit(library):
    protocol = library.get("cr-dx-chest")  # monitor 0: 1x1 current, monitor 1: 1x1 prior
    current = study(modalities=("CR",), description="THORAX", stacks=[Stack("f", "THORAX FACE", 1, "CR")])
    prior = study("P", "20240101", ("CR",), "THORAX", stacks=[Stack("pf", "PA", 1, "CR")])
    stage = resolve_stage(protocol, 0, current, [prior])
    assert (stage.rows, stage.cols) == (1, 2)
    assert [(v.role, v.display_set.uid) for v in stage.viewports] == [("current", "f"), ("prior", "pf")]


def test_one_mr_series_is_not_shown_four_times(library):
    facts = study(modalities=("MR",), description="BRAIN", stacks=[Stack("pd", "FSE PD AXIAL OBL", 20, "MR")])
    stage = resolve_stage(library.get("mr-brain"), 0, facts, [])
    assert [v.display_set.uid if v.display_set else v.missing for v in stage.viewports] == [
        "pd", "no series", "no series", "no series"]


def test_mammography_hangs_four_views_mirrored(library):
    stacks = [Stack("lmlo", "L MLO", 1, "MG"), Stack("rcc", "R CC", 1, "MG"), Stack("rmlo", "R MLO", 1, "MG"),
              Stack("lcc", "L CC", 1, "MG")]
    facts = study(modalities=("MG",), description="MAMMOGRAPHIE", stacks=stacks)
    stage = resolve_stage(library.get("mammography"), 0, facts, [])
    assert (stage.rows, stage.cols) == (2, 2)
    # Right breast on the left of the screen and flipped, so both chest walls meet in the middle.
    assert [(v.display_set.uid, v.spec.flip_h) for v in stage.viewports] == [
        ("rcc", True), ("lcc", False), ("rmlo", True), ("lmlo", False)]


def test_mr_brain_puts_t1_t2_flair_dwi_together(library):
    stacks = [Stack("dwi", "ep2d_diff_b1000 TRACEW", 25, "MR"), Stack("adc", "ep2d_diff ADC", 25, "MR"),
              Stack("flair", "t2_tirm_tra_dark-fluid FLAIR", 25, "MR"), Stack("t2", "t2_tse_tra", 25, "MR"),
              Stack("t1", "t1_mprage_sag", 176, "MR")]
    facts = study(modalities=("MR",), description="IRM CEREBRALE", stacks=stacks)
    stage = resolve_stage(library.get("mr-brain"), 0, facts, [])
    assert [v.display_set.uid for v in stage.viewports] == ["t1", "t2", "flair", "dwi"]


def test_bad_files_say_what_is_wrong(tmp_path):
    with pytest.raises(ProtocolError, match="stages"):
        Protocol.from_json({"id": "x", "stages": []})
    with pytest.raises(ProtocolError, match=r"viewports\[0\].study"):
        Protocol.from_json({"id": "x", "stages": [{"monitors": [{"viewports": [{"study": "yesterday"}]}]}]})
    with pytest.raises(ProtocolError, match="at most 3 x 3"):
        Protocol.from_json({"id": "x", "stages": [{"monitors": [{"rows": 4}]}]})
    user = tmp_path / "config" / "hanging_protocols"
    user.mkdir(parents=True)
    (user / "broken.json").write_text("{", encoding="utf-8")
    lib = ProtocolLibrary.load(tmp_path / "config")
    assert len(lib.problems) == 1 and "broken.json" in lib.problems[0]
    assert lib.get("ct-thorax") is not None  # the others load


def test_a_saved_protocol_reads_back_as_it_was_and_replaces_a_builtin_of_its_id(tmp_path, library):
    original = library.get("mammography")
    edited = Protocol.from_json({**original.to_json(), "name": {"fr": "Ma mammo"}}, "user")
    path = save_user_protocol(tmp_path, edited)
    assert path.name == "mammography.json"
    assert Protocol.from_json(json.loads(path.read_text(encoding="utf-8"))) == edited
    lib = ProtocolLibrary.load(tmp_path)
    assert lib.get("mammography").source == "user" and lib.get("mammography").label("fr") == "Ma mammo"
    assert len(lib.protocols) == len(library.protocols)


def test_page_down_and_up_are_the_stages_in_the_key_map_and_f1(tmp_path):
    from viewer.tools.help import help_text
    from viewer.tools.keymap import Keymap

    keymap = Keymap.default()
    assert keymap.keys("next_stage") == ["PgDown"] and keymap.keys("previous_stage") == ["PgUp"]
    assert keymap.key_action("stack", "PgDown", {"shift"}) == "forward_10"
    fr, en = help_text(keymap, "fr"), help_text(keymap, "en")
    assert "Page suiv.\u00a0: étape suivante du protocole d'affichage" in fr
    assert "Page Up: previous stage of the hanging protocol" in en
    # A reader's config/keymap.json can move them, as any window command.
    (tmp_path / "keymap.json").write_text(json.dumps({"window": {"next_stage": ["F8"]}}), encoding="utf-8")
    mine, problems = Keymap.load(tmp_path)
    assert problems == [] and mine.keys("next_stage") == ["F8"]
