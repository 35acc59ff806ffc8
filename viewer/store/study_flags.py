"""Small per-study marks kept beside the cache, such as "Avis externe" (a second opinion came back).

One JSON file in the cache root (``study_flags.json``: study UID -> {flag: details}), written atomically;
the study list reads it to mark its rows. Kept out of the SQLite index: a flag is the reader's information
about a study, not a property of its instances, and must survive a rebuild of the index.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from viewer.core.atomic import atomic_write_bytes

EXTERNAL_OPINION = "external_opinion"
SENT = "sent"  # the last complete send of the study (or of one series: "whole" false) to an archive
FILE_NAME = "study_flags.json"


class StudyFlags:
    def __init__(self, cache_root: Path | str) -> None:
        self.path = Path(cache_root) / FILE_NAME
        self._lock = threading.Lock()

    def all(self) -> dict[str, dict]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # none yet, or damaged: no flag is shown rather than none of the studies
        return data if isinstance(data, dict) else {}

    def of(self, study_uid: str) -> dict:
        return self.all().get(study_uid, {})

    def has(self, study_uid: str, flag: str) -> bool:
        return flag in self.of(study_uid)

    def set(self, study_uid: str, flag: str, details: dict | None = None) -> None:
        with self._lock:
            data = self.all()
            data.setdefault(study_uid, {})[flag] = details or {}
            atomic_write_bytes(self.path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))

    def clear(self, study_uid: str, flag: str) -> None:
        with self._lock:
            data = self.all()
            if flag not in data.get(study_uid, {}):
                return
            del data[study_uid][flag]
            if not data[study_uid]:
                del data[study_uid]
            atomic_write_bytes(self.path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
