"""The link from pseudonyms back to patients: kept only on this workstation, owner-only, never exported.

``<data>/private/pseudonyms.json`` holds each patient de-identified here (their identifiers, the pseudonym
given, the number of days their dates are shifted by, the secret their UIDs are remapped with) and each
export (which patients, and every UID it renamed, pseudonym -> original), so that a reply from an expert
abroad lands on the original patient and study. Written atomically (a crash leaves the old or the new map).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from viewer.core.atomic import atomic_write_bytes
from viewer.core.messages import msg
from viewer.core.private import private_dir, private_file

FILE_NAME = "pseudonyms.json"


class PseudonymMapError(RuntimeError):
    pass


@dataclass
class PatientEntry:
    key: str
    record: dict  # patient_id, name, birth_date, issuer, pseudo_id, pseudo_name, shift_days, uid_secret


@dataclass
class Export:
    """One export: the UIDs it renamed (pseudonym -> original) and the original study headers."""

    export_id: str
    record: dict = field(default_factory=dict)


class PseudonymMap:
    def __init__(self, path: Path | None, data: dict | None = None):
        self.path = path
        self.data = data or {"version": 1, "patients": {}, "exports": {}}

    # -- persistence ----------------------------------------------------------------------------------
    @classmethod
    def open(cls, paths) -> PseudonymMap:
        """The map of the home ``paths`` (``core.paths.AppPaths``); empty when none was written yet."""
        folder = private_dir(Path(paths.data) / "private")
        path = folder / FILE_NAME
        if not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise PseudonymMapError(msg("the pseudonym map cannot be read ({error})", error=type(exc).__name__)) from None
        return cls(path, data)

    @classmethod
    def in_memory(cls) -> PseudonymMap:
        return cls(None)

    def save(self) -> None:
        if self.path is None:
            return
        atomic_write_bytes(self.path, json.dumps(self.data, ensure_ascii=False, indent=1).encode("utf-8"))
        private_file(self.path)

    # -- patients -------------------------------------------------------------------------------------
    def patient(self, patient_id: str, name: str, birth_date: str = "", issuer: str = "") -> PatientEntry:
        """The patient's entry, made on first use: a random pseudonym (nothing derived from the identity)."""
        key = hashlib.sha256(f"{issuer}\0{patient_id}\0{'' if patient_id else name}".encode()).hexdigest()[:24]
        rec = self.data["patients"].get(key)
        if rec is None:
            token = secrets.token_hex(4).upper()
            rec = {"patient_id": patient_id, "name": name, "birth_date": birth_date, "issuer": issuer,
                   "pseudo_id": f"CAURI-{token}", "pseudo_name": f"ANONYME^{token}",
                   "shift_days": -secrets.choice(range(30, 3650)), "uid_secret": secrets.token_hex(16)}
            self.data["patients"][key] = rec
        return PatientEntry(key, rec)

    def patient_by_pseudo_id(self, pseudo_id: str) -> PatientEntry | None:
        for key, rec in self.data["patients"].items():
            if rec.get("pseudo_id") == pseudo_id:
                return PatientEntry(key, rec)
        return None

    # -- exports --------------------------------------------------------------------------------------
    def new_export(self, purpose: str = "export") -> Export:
        export_id = uuid.uuid4().hex
        rec = {"created": datetime.now(UTC).isoformat(timespec="seconds"), "purpose": purpose,
               "uid_secret": secrets.token_hex(16), "patients": [], "uids": {}, "studies": {}}
        self.data["exports"][export_id] = rec
        return Export(export_id, rec)

    def export(self, export_id: str) -> Export | None:
        rec = self.data["exports"].get(export_id)
        return Export(export_id, rec) if rec is not None else None

    def export_of_uid(self, pseudo_uid: str) -> Export | None:
        for export_id, rec in self.data["exports"].items():
            if pseudo_uid in rec.get("uids", {}):
                return Export(export_id, rec)
        return None


def remap_uid(secret: str, uid: str) -> str:
    """A UID's pseudonym: 2.25 + 128 bits of HMAC-SHA256 (the same secret and UID, the same pseudonym)."""
    digest = hmac.new(bytes.fromhex(secret), uid.encode("ascii", "replace"), hashlib.sha256).digest()
    return "2.25." + str(int.from_bytes(digest[:16], "big"))
