"""Shared fixtures: an isolated Cauri home, the shared DICOM corpus, synthetic series."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data" / "dicom"

# Tests never touch the user's real profile.
os.environ.setdefault("CAURI_HOME", str(ROOT / ".pytest-home-unused"))
if sys.platform.startswith("linux") and not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def shared_data(*parts: str) -> Path:
    """A path inside the shared real-DICOM corpus, or a clear skip outside the Cauri workplace."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs the shared DICOM corpus at {SHARED_DATA} (absent outside the Cauri workplace)")
    return path


@pytest.fixture
def cauri_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("CAURI_HOME", str(home))
    return home
