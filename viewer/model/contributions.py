"""What plugins contribute besides display-set handlers and window presets: hanging protocols and report
templates (data files), exporters (code) and key maps (data), kept as given for the code that will use them.

Data files are JSON objects, read and checked when the plugin registers them, so that a damaged file names
itself and its plugin at start-up instead of failing later in front of a reader; what each kind of file
holds is decided by the code that reads it (the hanging-protocol engine, the report editor).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from os import PathLike, fspath
from pathlib import Path
from typing import Protocol

from viewer.model.displaysets import DisplaySet, FrameRef


@dataclass(frozen=True)
class DataFile:
    """One contributed data file: the plugin it came from, its name (the file name without ``.json``), where it
    was read and the JSON object it holds."""

    plugin: str
    name: str
    source: str
    data: dict = field(compare=False, hash=False)


def read_data_files(source, plugin: str) -> list[DataFile]:
    """The ``.json`` files of ``source``: a file, or a folder (not its sub-folders), given as a path or as an
    ``importlib.resources`` traversable (package data). Raises ``ValueError`` naming the file that is
    missing, unreadable or not a JSON object."""
    if isinstance(source, (str, PathLike)):
        source = Path(fspath(source))
    if source.is_dir():
        files = sorted((f for f in source.iterdir() if f.name.endswith(".json") and f.is_file()), key=lambda f: f.name)
    elif source.is_file():
        files = [source]
    else:
        raise ValueError(f"{source}: no such file or folder")
    out = []
    for file in files:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise ValueError(f"{file}: not readable JSON ({type(exc).__name__})") from None
        if not isinstance(data, dict):
            raise ValueError(f"{file}: holds a JSON {type(data).__name__}, not an object")
        out.append(DataFile(plugin, file.name[:-5] if file.name.endswith(".json") else file.name, str(file), data))
    return out


@dataclass(frozen=True)
class ExportJob:
    """What the reader asked to export: the display set's frames, in display order, into ``folder``."""

    display_set: DisplaySet
    frames: tuple[FrameRef, ...]
    folder: Path
    language: str = "fr"  # of any text the export writes (captions, a README on a CD)
    options: dict = field(default_factory=dict, compare=False, hash=False)  # the format's own, from its dialog


class Exporter(Protocol):
    """An export format. ``name`` is its stable identifier ("png", "mp4"), ``label`` what the export menu says
    (a ``plugin_api.msg``), ``suffix`` the ending of the files it writes (".png")."""

    name: str
    label: str
    suffix: str

    def export(self, job: ExportJob) -> list[Path]:
        """Write the job's files into ``job.folder``; the paths written. A failure raises with a reason."""


def check_exporter(exporter, taken) -> None:
    name = getattr(exporter, "name", None)
    if not isinstance(name, str) or not name:
        raise ValueError("an exporter needs a name")
    if name in taken:
        raise ValueError(f"exporter {name!r} is already registered")
    suffix = getattr(exporter, "suffix", None)
    if not isinstance(suffix, str) or not suffix.startswith("."):
        raise ValueError(f"exporter {name!r}: suffix must start with '.'")
    if not callable(getattr(exporter, "export", None)) or not getattr(exporter, "label", None):
        raise ValueError(f"exporter {name!r} needs a label and an export(job) method")


@dataclass(frozen=True)
class KeyMapContribution:
    """A named key and mouse map (a theatre mode, a touch mode): ``changes`` in the form of a reader's
    ``keymap.json`` (``{section: {action: [bindings]}}``, only what differs from the default map), which
    ``viewer.tools.keymap.Keymap.overridden`` applies and checks as it does a reader's file."""

    plugin: str
    name: str
    label: str
    changes: dict = field(compare=False, hash=False)


def check_key_map(name, changes) -> None:
    if not isinstance(name, str) or not name:
        raise ValueError("a key map needs a name")
    if not isinstance(changes, dict) or not all(
            isinstance(section, str) and isinstance(actions, dict) and all(
                isinstance(a, str) and (isinstance(b, str) or (isinstance(b, list) and all(isinstance(t, str) for t in b)))
                for a, b in actions.items())
            for section, actions in changes.items()):
        raise ValueError(f"key map {name!r}: changes are {{section: {{action: [bindings]}}}} of strings")
