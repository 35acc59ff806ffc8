"""``cauri protocols`` through the command line: which protocol and stage a cached study gets and what each
viewport shows, with its cached prior and never another patient's study. Expected values are those the
studies were built with (tests/hanging_studies.py), written out by hand."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from hanging_studies import import_into, thorax_with_prior, write_study

ROOT = Path(__file__).resolve().parents[1]


def cauri(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "plugins")])}
    return subprocess.run([sys.executable, "-m", "viewer", "--home", str(home), *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=120)


def test_ct_chest_with_its_prior_as_json(tmp_path):
    home = tmp_path / "home"
    current, prior, stranger = thorax_with_prior(tmp_path, home)
    done = cauri(home, "protocols", "--study-uid", current.study_uid, "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert (out["protocol"], out["source"]) == ("ct-thorax", "builtin")
    # CT 10 + body part CHEST 6 + "TDM THORACIQUE" 5 + a prior the protocol asks for 2.
    assert out["score"] == 23 and out["matched_on"] == ["modality", "body_part", "study_description", "priors"]
    assert [(p["study_uid"], p["study_date"]) for p in out["priors"]] == [(prior.study_uid, "20250301")]
    first = out["stages"][0]
    assert (first["stage"], first["stages"], first["stage_name"], first["rows"], first["cols"]) == (
        1, 3, "Mediastinum + lung", 2, 2)
    got = [(v["role"], v["study_uid"], v["series_uid"], v["preset"], v["link"]) for v in first["viewports"]]
    assert got == [
        ("current", current.study_uid, current.series["MEDIASTIN 3mm"], "ct.mediastinum", {"scroll": "thorax", "zoom": "thorax"}),
        ("current", current.study_uid, current.series["POUMON 1mm"], "ct.lung", {"scroll": "thorax", "zoom": "thorax"}),
        ("prior", prior.study_uid, prior.series["Médiastin"], "ct.mediastinum", {"scroll": "thorax-prior", "zoom": "thorax-prior"}),
        ("prior", prior.study_uid, prior.series["Parenchyme pulmonaire"], "ct.lung",
         {"scroll": "thorax-prior", "zoom": "thorax-prior"}),
    ]
    assert stranger.study_uid not in done.stdout  # same Patient ID, other issuer and name: not a prior
    mpr = out["stages"][1]["viewports"][0]
    assert (mpr["view"], mpr["series_uid"], mpr["frames"]) == ("mpr", current.series["MEDIASTIN 3mm"], 6)


def test_text_output_in_french_and_two_screens(tmp_path):
    home = tmp_path / "home"
    current, prior, _ = thorax_with_prior(tmp_path, home)
    done = cauri(home, "protocols", "--study-uid", current.study_uid, "--lang", "fr", "--screens", "2")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Protocol: ct-thorax (TDM thorax, builtin), score 23 (modality, body_part, study_description, priors)"
    assert lines[2] == "  prior 1: 2025-03-01 CT Scanner thorax"
    assert lines[3] == "Stage 1/3: Médiastin + poumon (1 x 2)"  # two screens: the first holds monitor 0 only
    assert lines[4].startswith('  viewport 1: current 2026-03-01 series 1 "MEDIASTIN 3mm" (6 images) preset ct.mediastinum')


def test_mammography_and_unknown_study(tmp_path):
    home = tmp_path / "home"
    mammo = write_study(tmp_path / "mg", [("L MLO", 1, 500), ("R CC", 1, 501), ("R MLO", 1, 502), ("L CC", 1, 503)],
                        modality="MG", description="MAMMOGRAPHIE BILATERALE")
    import_into(home, tmp_path / "mg")
    out = json.loads(cauri(home, "protocols", "--study-uid", mammo.study_uid, "--json").stdout)
    assert out["protocol"] == "mammography"
    assert [(v["series_description"], v["flip_h"]) for v in out["stages"][0]["viewports"]] == [
        ("R CC", True), ("L CC", False), ("R MLO", True), ("L MLO", False)]
    missing = cauri(home, "protocols", "--study-uid", "1.2.3.4")
    assert missing.returncode == 1 and missing.stderr.strip() == "cauri protocols: no study 1.2.3.4 in the cache"
