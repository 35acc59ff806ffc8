"""The audit trail: who did what to which study, kept so that tampering shows (IHE ATNA style).

Every study opened, imported, received, retrieved, sent, exported, reported or deleted is one record:
time (UTC), operating-system user, workstation host and AE title, action, Study Instance UID, accession
number, instance count, the peer (AE title or node name) and the outcome. Never a patient's name or ID.

Records are JSON lines appended to ``<data>/audit/audit.jsonl`` (owner-only, fsynced), each holding the
SHA-256 of the one before it and its own: changing, removing or reordering a record breaks the chain from
there on, which ``cauri audit verify`` reports with the line. Writers in several processes (the window,
``cauri listen``, a script) take an exclusive lock on the file for the read-last-hash-and-append. The chain
shows tampering by anyone who does not rewrite every later record; the copy sent to the hospital's
collector (RFC 5424 syslog over UDP or TCP, setting ``audit_syslog``) is the record kept out of reach.

An audit write that fails (a full or read-only disk) is logged and never stops the reader's work.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import socket
import threading
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

from viewer.core.paths import resolve_paths
from viewer.core.private import private_dir

log = logging.getLogger(__name__)

ACTIONS = ("open", "import", "receive", "retrieve", "send", "export", "report", "delete")
FILE = "audit.jsonl"
GENESIS = "0" * 64
_lock = threading.Lock()
_SYSLOG_PEN = 32473  # the private enterprise number RFC 5612 reserves for examples and documentation


@dataclass
class Record:
    seq: int
    time: str
    user: str
    host: str
    ae: str
    action: str
    study_uid: str
    accession: str = ""
    count: int = 0
    peer: str = ""
    outcome: str = "success"
    prev: str = GENESIS
    hash: str = ""


_configured: dict = {}


def configure(home=None) -> None:
    """Turn the trail on for this process, for the home ``home`` (``--home``; None: CAURI_HOME or the
    profile). The command line and the window do it at start; a program that uses Cauri's modules as a
    library (tests, benches) records nothing unless it does the same."""
    _configured["home"] = home


def enabled() -> bool:
    return "home" in _configured


def audit_path(home=None) -> Path:
    return resolve_paths(home).data / "audit" / FILE


def record(action: str, study_uid: str, *, home=None, accession: str = "", count: int = 0, peer: str = "",
           outcome: str = "success", ae_title: str | None = None, store=None) -> Record | None:
    """Append one record (and send it to the syslog collector when one is set); None when the trail is off
    for this process or the record could not be written (logged: the audit never stops the work).

    ``store``: the study cache the action was on; only the home's own cache is audited (a benchmark's
    scratch cache holds no patient's study)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if home is None:
        if not enabled():
            return None
        home = _configured["home"]
    if store is not None and not _same_path(store, _store_of(home)):
        return None
    settings = _workstation(home)
    ae = ae_title if ae_title is not None else str(settings.get("ae_title") or "CAURI")
    try:
        rec = _append(audit_path(home), action, study_uid, accession, count, peer, outcome, ae)
    except OSError as exc:
        log.error("audit: a %s record could not be written (%s)", action, type(exc).__name__)
        return None
    target = str(settings.get("audit_syslog") or "")
    if target:
        send_syslog(rec, target)
    return rec


def record_many(action: str, studies: dict[str, tuple[str, int]], **kw) -> None:
    """One record per study: ``studies`` maps Study Instance UID -> (accession, instance count)."""
    for study_uid, (accession, count) in studies.items():
        record(action, study_uid, accession=accession, count=count, **kw)


def _append(path: Path, action, study_uid, accession, count, peer, outcome, ae) -> Record:
    private_dir(path.parent)
    with _lock:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0), 0o600)
        try:
            _lock_file(fd)
            last = _last_line(fd)
            prev = json.loads(last) if last else None
            rec = Record(seq=(prev["seq"] + 1) if prev else 1, time=_now(), user=_user(), host=socket.gethostname(),
                         ae=ae, action=action, study_uid=study_uid, accession=accession, count=int(count),
                         peer=peer, outcome=outcome, prev=prev["hash"] if prev else GENESIS)
            rec.hash = digest(rec)
            os.write(fd, (json.dumps(asdict(rec), ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)  # releases the lock
    return rec


def digest(rec: Record | dict) -> str:
    """SHA-256 of the record's fields but its own hash, in a fixed order (the previous hash included)."""
    fields = asdict(rec) if isinstance(rec, Record) else dict(rec)
    fields.pop("hash", None)
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


@dataclass
class Verdict:
    ok: bool
    records: int
    line: int = 0  # the first line that breaks the chain (1-based), 0 when intact
    problem: str = ""


def verify(path: Path) -> Verdict:
    """Check every record's hash and its link to the one before."""
    prev, n = GENESIS, 0
    try:
        lines = Path(path).read_bytes().splitlines()
    except FileNotFoundError:
        return Verdict(True, 0)
    for number, raw in enumerate(lines, 1):
        try:
            fields = json.loads(raw)
            expected_seq = n + 1
            if fields.get("prev") != prev:
                return Verdict(False, n, number, "does not follow the record before it (removed, inserted or reordered)")
            if fields.get("seq") != expected_seq:
                return Verdict(False, n, number, "sequence number out of order")
            if digest(fields) != fields.get("hash"):
                return Verdict(False, n, number, "content changed after it was written")
        except (ValueError, TypeError, AttributeError):
            return Verdict(False, n, number, "not a record (damaged line)")
        prev, n = fields["hash"], n + 1
    return Verdict(True, n)


def records(path: Path) -> Iterator[dict]:
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                try:
                    yield json.loads(line)
                except ValueError:
                    continue
    except FileNotFoundError:
        return


# -- RFC 5424 syslog ----------------------------------------------------------------------------------

def check_syslog_target(value: str) -> str:
    """"" or udp://host:port or tcp://host:port; raises ValueError otherwise."""
    value = (value or "").strip()
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("udp", "tcp") or not parts.hostname or not parts.port:
        raise ValueError("the syslog collector is udp://HOST:PORT or tcp://HOST:PORT (empty: none)")
    return value


def syslog_message(rec: Record) -> bytes:
    """The record as an RFC 5424 message: facility authpriv (10), severity notice (5), structured data."""
    def sd(value) -> str:
        return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("]", "\\]")

    params = " ".join(f'{k}="{sd(getattr(rec, k))}"' for k in
                      ("seq", "user", "ae", "action", "study_uid", "accession", "count", "peer", "outcome", "hash"))
    header = f"<{10 * 8 + 5}>1 {rec.time} {rec.host or '-'} cauri {os.getpid()} {rec.action}"
    return f"{header} [cauri@{_SYSLOG_PEN} {params}] study {rec.action}".encode("utf-8")


def send_syslog(rec: Record, target: str, timeout: float = 2.0) -> bool:
    parts = urlsplit(target)
    message = syslog_message(rec)
    try:
        if parts.scheme == "udp":
            with socket.socket(socket.AF_INET6 if ":" in (parts.hostname or "") else socket.AF_INET,
                               socket.SOCK_DGRAM) as s:
                s.sendto(message, (parts.hostname, parts.port))
        else:  # RFC 6587 octet counting
            with socket.create_connection((parts.hostname, parts.port), timeout=timeout) as s:
                s.sendall(f"{len(message)} ".encode("ascii") + message)
        return True
    except OSError as exc:
        log.warning("audit: the syslog collector did not take a record (%s); it stays in the local log",
                    type(exc).__name__)
        return False


# -- helpers --------------------------------------------------------------------------------------------

def _store_of(home) -> Path:
    return resolve_paths(home).store


def _same_path(a, b) -> bool:
    try:
        return os.path.realpath(a) == os.path.realpath(b)
    except OSError:
        return False


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (a service account without one): the numeric id
        return str(os.getuid()) if hasattr(os, "getuid") else "unknown"


def _workstation(home) -> dict:
    """The workstation's AE title and syslog target from the network settings (read here: core cannot
    import the network layer)."""

    try:
        raw = json.loads((resolve_paths(home).config / "network.json").read_text(encoding="utf-8"))
        return raw.get("workstation") or {}
    except (OSError, ValueError, AttributeError):
        return {}


def _last_line(fd: int) -> bytes:
    size = os.lseek(fd, 0, os.SEEK_END)
    if size == 0:
        return b""
    block = 4096
    at = size
    tail = b""
    while at > 0:
        step = min(block, at)
        at -= step
        os.lseek(fd, at, os.SEEK_SET)
        tail = os.read(fd, step) + tail
        lines = tail.rstrip(b"\n").rsplit(b"\n", 1)
        if len(lines) == 2 or at == 0:
            return lines[-1]
    return b""


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock_file(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        for _ in range(300):
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                return
            except OSError:
                time.sleep(0.01)
        raise OSError("audit log locked by another process")
else:
    import fcntl

    def _lock_file(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)
