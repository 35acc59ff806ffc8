"""``cauri report`` through a subprocess: write a report from a text file (preliminary, final, amended) and
print its status and text, plainly and as JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pydicom

from report_helpers import cached_study

ROOT = Path(__file__).resolve().parents[1]


def test_write_preliminary_final_amend_and_print(tmp_path):
    _paths, info, _m, _ref = cached_study(tmp_path)
    home, uid = tmp_path / "home", info["study_uid"]
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'plugins'}", "QT_QPA_PLATFORM": "offscreen"}

    def cauri(*args):
        return subprocess.run([sys.executable, "-m", "viewer", "report", "--study-uid", uid, *args, "--home", str(home)],
                              capture_output=True, text=True, env=env, timeout=180)

    out = cauri("--json")
    assert out.returncode == 0 and json.loads(out.stdout)["status"] is None

    def worklist_state():
        """The worklist's status for the study, as the window's list shows it (the Qt-free workstation)."""
        from viewer.core.messages import in_language
        from viewer.store.worklist import LABELS
        from viewer.workstation.service import Workstation

        station = Workstation.open(home, language="fr")
        try:
            return in_language(LABELS[station.study_states([uid])[uid]], "fr")
        finally:
            station.close()

    assert worklist_state() == "Non lu"
    text = tmp_path / "r.txt"
    text.write_text("Indication\nTraumatisme crânien.\n\nRésultats\nHématome sous-dural droit de 8 mm.\n\n"
                    "Conclusion :\nHématome sous-dural aigu.\n", encoding="utf-8")
    out = cauri("--template", "ct-head", "--text-file", str(text), "--preliminary")
    assert out.returncode == 0, out.stderr
    assert json.loads(cauri("--json").stdout)["status"] == "preliminary"
    assert worklist_state() == "Compte rendu préliminaire"
    out = cauri("--text-file", str(text), "--final", "--reader", "KOUASSI^Awa", "--credentials", "Dr, radiologue")
    assert out.returncode == 0, out.stderr
    doc = json.loads(cauri("--json").stdout)
    assert doc["status"] == "final"
    assert worklist_state() == "Compte rendu"
    sections = {s["heading"]: s["text"] for s in doc["sections"]}
    assert sections["Indication"] == "Traumatisme crânien."
    assert sections["Résultats"] == "Hématome sous-dural droit de 8 mm."
    assert sections["Conclusion"] == "Hématome sous-dural aigu."
    assert "KOUASSI^Awa (verifying)" in doc["observers"]
    assert [o["kind"] for o in doc["objects"]].count("SR") == 2 and [o["kind"] for o in doc["objects"]].count("PDF") == 2
    # Writing again without --amend is refused: a signed report is not overwritten
    again = cauri("--text-file", str(text), "--final")
    assert again.returncode == 1 and "--amend" in again.stderr
    text.write_text("Conclusion\nHématome sous-dural aigu de 9 mm (mesure corrigée).\n", encoding="utf-8")
    out = cauri("--text-file", str(text), "--amend", "--reader", "KOUASSI^Awa")
    assert out.returncode == 0, out.stderr
    doc = json.loads(cauri("--json").stdout)
    assert doc["status"] == "amended"
    assert worklist_state() == "Compte rendu amendé"
    assert {s["heading"]: s["text"] for s in doc["sections"]}["Conclusion"].endswith("(mesure corrigée).")
    plain = cauri()
    assert plain.stdout.startswith("status: amended") and "Traumatisme crânien." in plain.stdout
    sr = pydicom.dcmread(next(p for p in (home / "data" / "store").rglob("*") if p.is_file() and _is_sr(p, doc["sop_instance_uid"])))
    assert sr.PredecessorDocumentsSequence


def _is_sr(path: Path, uid: str) -> bool:
    try:
        return pydicom.dcmread(path, stop_before_pixels=True).SOPInstanceUID == uid
    except Exception:
        return False


def test_unknown_study_and_template_are_plain_errors(tmp_path):
    _paths, info, _m, _ref = cached_study(tmp_path)
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'plugins'}"}
    base = [sys.executable, "-m", "viewer", "report", "--home", str(tmp_path / "home")]
    out = subprocess.run(base + ["--study-uid", "1.2.999"], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 1 and "no such study" in out.stderr
    f = tmp_path / "t.txt"
    f.write_text("x")
    out = subprocess.run(base + ["--study-uid", info["study_uid"], "--template", "ct-knee", "--text-file", str(f)],
                         capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 1 and "ct-head" in out.stderr and "Traceback" not in out.stderr
