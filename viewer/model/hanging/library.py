"""Where hanging protocols come from, and saving the reader's own.

Three sources, all the same JSON format: Cauri's (``resources/hanging_protocols``), plugins' (through
``plugin_api.add_hanging_protocols``, checked when the plugin registers) and the reader's (the
``hanging_protocols`` folder of the settings folder, written by "Enregistrer la disposition comme
protocole"). A reader's protocol with the id of a built-in one replaces it; a file that cannot be used is
left out and named in ``problems``, the others load.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from viewer.core.atomic import atomic_write_bytes
from viewer.core.messages import msg
from viewer.core.resources import resource
from viewer.model.hanging.matching import fold
from viewer.model.hanging.protocol import Protocol, ProtocolError

log = logging.getLogger(__name__)
USER_FOLDER = "hanging_protocols"


def builtin_folder() -> Path:
    return resource("hanging_protocols")


def user_folder(config_dir) -> Path:
    return Path(config_dir) / USER_FOLDER


def _read_folder(folder: Path, source: str, problems: list) -> list[Protocol]:
    out = []
    if not folder.is_dir():
        return out
    for file in sorted(folder.glob("*.json")):
        try:
            out.append(Protocol.from_json(json.loads(file.read_text(encoding="utf-8")), source, str(file)))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            log.warning("hanging protocol %s left out (%s)", file.name, type(exc).__name__)
            problems.append(msg("Hanging protocol {file} left out: {reason}", file=file.name, reason=str(exc)))
    return out


def from_data_files(files) -> list[Protocol]:
    """Plugins' protocols (``DataFile``s, already checked at registration)."""
    return [Protocol.from_json(f.data, f"plugin:{f.plugin}", f.source) for f in files]


@dataclass
class ProtocolLibrary:
    protocols: list[Protocol] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, config_dir=None, plugin_files=(), builtin: Path | None = None) -> "ProtocolLibrary":
        problems: list[str] = []
        by_id: dict[str, Protocol] = {}
        layers = [_read_folder(builtin or builtin_folder(), "builtin", problems)]
        try:
            layers.append(from_data_files(plugin_files))
        except ProtocolError as exc:  # checked at registration; a DataFile built by hand may still be wrong
            problems.append(msg("Hanging protocol {file} left out: {reason}", file="plugin", reason=str(exc)))
        if config_dir is not None:
            layers.append(_read_folder(user_folder(config_dir), "user", problems))
        for layer in layers:  # later layers replace earlier ones of the same id
            for p in layer:
                by_id[p.id] = p
        return cls(list(by_id.values()), problems)

    def get(self, protocol_id: str) -> Protocol | None:
        return next((p for p in self.protocols if p.id == protocol_id), None)


def slug(text: str) -> str:
    return re.sub(r"\s+", "-", fold(text)) or "protocol"


def save_user_protocol(config_dir, protocol: Protocol) -> Path:
    """Write the reader's protocol (atomically) as ``<id>.json`` in the user folder; its path."""
    folder = user_folder(config_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug(protocol.id)}.json"
    text = json.dumps(protocol.to_json(), ensure_ascii=False, indent=2) + "\n"
    atomic_write_bytes(path, text.encode("utf-8"))
    return path
