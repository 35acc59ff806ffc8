"""Shared fixtures: an isolated Cauri home, the shared DICOM corpus, synthetic series."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "dicom"
# The real-DICOM corpus (see README, "Test data"): CAURI_TEST_DATA=DIR points the tests at a copy elsewhere.
SHARED_DATA = Path(os.environ["CAURI_TEST_DATA"]).expanduser().absolute() if os.environ.get("CAURI_TEST_DATA") else DEFAULT_DATA

# Tests never touch the user's real profile.
os.environ.setdefault("CAURI_HOME", str(ROOT / ".pytest-home-unused"))
# Nor the machine's deployed defaults (/etc/cauri/settings.json): tests that need some write their own.
os.environ.setdefault("CAURI_MACHINE_SETTINGS", str(ROOT / ".pytest-machine-settings-unused.json"))
if sys.platform.startswith("linux") and not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def shared_data(*parts: str) -> Path:
    """A path inside the real-DICOM corpus, or a skip that names the path looked at."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(corpus_missing(path))
    return path


def corpus_missing(path: Path) -> str:
    """Why a test that needs the corpus does not run: the exact path, and how to point the tests elsewhere."""
    return f"needs the real DICOM corpus: {path} not found (set CAURI_TEST_DATA=DIR; default {DEFAULT_DATA})"


@pytest.fixture
def cauri_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("CAURI_HOME", str(home))
    return home
