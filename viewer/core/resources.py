"""Locating files of the top-level ``resources/`` folder (translations, presets, icons)."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    # A frozen build (PyInstaller) unpacks resources beside the executable's bundle root.
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
