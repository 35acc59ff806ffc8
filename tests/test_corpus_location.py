"""CAURI_TEST_DATA points the suite at a copy of the real-DICOM corpus; a missing corpus is a skip that
names the path looked at. Checked by running pytest itself on a test that needs one corpus file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import shared_data

ROOT = Path(__file__).resolve().parents[1]
NEEDS = ("pypi-pydicom-3.0.2", "test_files", "examples_overlay.dcm")  # what that test of test_scene_overlays reads


def _pytest(env_dir: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "CAURI_TEST_DATA": str(env_dir), "CAURI_HOME": str(tmp_path / "home")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "tests/test_scene_overlays.py::test_overlay_plane_is_drawn_and_follows_the_overlay_toggle"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )


def test_missing_corpus_skips_naming_the_path(tmp_path):
    nowhere = tmp_path / "no-corpus-here"
    run = _pytest(nowhere, tmp_path)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "skipped" in run.stdout and "passed" not in run.stdout
    assert str(nowhere.joinpath(*NEEDS)) in run.stdout  # the exact file it looked for
    assert "CAURI_TEST_DATA" in run.stdout


def test_corpus_found_where_cauri_test_data_says(tmp_path):
    copy = tmp_path / "my-corpus"
    (copy / NEEDS[0] / NEEDS[1]).mkdir(parents=True)
    shutil.copy(shared_data(*NEEDS), copy.joinpath(*NEEDS))
    run = _pytest(copy, tmp_path)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "passed" in run.stdout and "skipped" not in run.stdout
