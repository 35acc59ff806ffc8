"""Locating files of the top-level ``resources/`` folder (translations, presets, icons)."""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def resources_dir() -> Path:
    # Cached: resolve() walks every parent with lstat, and the report panel asks for ~60 paths on each study
    # opened, on the window's thread before the first image (45-60 ms).
    # A frozen build (PyInstaller) unpacks resources beside the executable's bundle root.
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
