"""Per-machine settings: the defaults a hospital's IT deploys for every user of a workstation.

One JSON file, read-only for Cauri, with a section per user file it gives defaults to::

    {"settings": {"language": "fr", "cache_dir": "D:/CauriCache", "cache_limit_gb": 200, "setup_done": true},
     "network": {"workstation": {"ae_title": "LECTURE1", "storage_port": 11112},
                 "nodes": [{"name": "PACS", "ae_title": "ORTHANC", "host": "10.0.0.5", "port": 4242}]}}

A user's own files (``settings.json``, ``network.json``) override it key by key (archives by name) and keep
only what differs from it, so a value IT changes later reaches every user who had not changed it. Where it
is looked for, first found wins: ``CAURI_MACHINE_SETTINGS`` (a path; tests point it away from the real
machine's), ``cauri-settings.json`` beside a frozen build's executable (a disc or USB key made by a
hospital), then the platform's machine-wide folder (``/etc/cauri/settings.json``,
``%ProgramData%\\Cauri\\settings.json``, ``/Library/Application Support/Cauri/settings.json``).
"""

from __future__ import annotations

import json
import logging
import os
import sys
from dataclasses import MISSING, fields
from pathlib import Path

log = logging.getLogger(__name__)

ENV = "CAURI_MACHINE_SETTINGS"
BESIDE_EXECUTABLE = "cauri-settings.json"


def machine_file() -> Path:
    """Where this machine's settings are (the file need not exist)."""
    given = os.environ.get(ENV)
    if given:
        return Path(given).expanduser()
    if getattr(sys, "frozen", False):
        beside = Path(sys.executable).resolve().parent / BESIDE_EXECUTABLE
        if beside.is_file():
            return beside
    if sys.platform == "win32":
        return Path(os.environ.get("ProgramData", r"C:\ProgramData")) / "Cauri" / "settings.json"
    if sys.platform == "darwin":
        return Path("/Library/Application Support/Cauri/settings.json")
    return Path("/etc/cauri/settings.json")


def section(name: str) -> dict:
    """One section of the machine file (``settings`` or ``network``); {} when there is none or it is damaged:
    a bad deployment must never keep a workstation from starting."""
    path = machine_file()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("machine settings %s unreadable (%s); ignored", path, type(exc).__name__)
        return {}
    part = raw.get(name) if isinstance(raw, dict) else None
    return part if isinstance(part, dict) else {}


def typed_values(cls, raw: dict, where: str) -> dict:
    """The entries of ``raw`` that are fields of the dataclass ``cls`` with a value of the field's type (an int
    where a float is expected is a float); others are left out with a warning naming the key, not the value."""
    kinds = {f.name: _kind(f) for f in fields(cls)}
    out = {}
    for key, value in raw.items():
        kind = kinds.get(key)
        if kind is None:
            continue
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if type(value) is not kind:
            log.warning("%s: %s ignored (expected %s)", where, key, kind.__name__)
            continue
        out[key] = value
    return out


_PLAIN = {"str": str, "int": int, "float": float, "bool": bool, "dict": dict, "list": list}


def _kind(f) -> type | None:
    if f.default is not MISSING:
        return type(f.default)
    if f.default_factory is not MISSING:
        return type(f.default_factory())
    return f.type if isinstance(f.type, type) else _PLAIN.get(str(f.type))  # a required field (a node's name)
