"""The HL7 outbox: report messages kept on disk until the RIS has acknowledged them.

Each message is a file in ``<folder>/pending`` (written with ``atomic_write_bytes``: a power cut leaves it
whole or absent), named so that the order of queueing is the order of sending: a preliminary report must
not overtake the final one. ``deliver`` sends the pending files in that order over MLLP and moves a file
to ``sent`` only after an ACK whose MSA-2 names that message's control ID; a link that fails, a timeout,
an ACK for another message or an AR (reject: "try again") leaves it, and the ones after it, pending for
the next attempt (``OutboxWorker`` retries every few seconds, and a restarted Cauri starts from the same
files). An AE (the RIS read it and refuses it) moves it to ``failed``: the same bytes would be refused
again, and the reader is told.

Semantics, honestly: delivery is at-least-once. If the RIS's ACK is lost (link cut after the RIS stored
the message, or Cauri killed between the ACK and the move to ``sent``), the message is sent again, with
the same MSH-10 control ID. No sender can do better over MLLP alone; the duplicate has no effect at a RIS
that keeps the control IDs it has accepted (HL7 original mode expects receivers to), which makes the
effect exactly-once. Queueing is idempotent: a message whose control ID is already pending or sent is not
queued twice, so repeating a "send" never makes a second message. One process delivers at a time (a lock
file): the window and ``cauri report`` may share a home.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from viewer.core.atomic import atomic_write_bytes, fsync_dir
from viewer.core.messages import msg
from viewer.report.hl7_oru import control_id_of, read_ack
from viewer.report.mllp import MllpError, exchange, parse_target

log = logging.getLogger(__name__)


@dataclass
class Delivery:
    sent: int = 0
    failed: int = 0  # refused by the RIS (AE): moved to failed/
    pending: int = 0  # still waiting
    errors: list[str] = field(default_factory=list)


def _key(control_id: str) -> str:
    return hashlib.sha256(control_id.encode("utf-8")).hexdigest()[:16]


class Outbox:
    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)
        self.pending_dir, self.sent_dir, self.failed_dir = (self.folder / n for n in ("pending", "sent", "failed"))
        self._lock = threading.Lock()

    def enqueue(self, message: str) -> str:
        """Queue ``message``; returns its control ID. Already queued or sent: nothing new is queued."""
        control_id = control_id_of(message)
        key = _key(control_id)
        with self._lock:
            for d in (self.pending_dir, self.sent_dir):
                if d.is_dir() and any(p.name.endswith(f"-{key}.hl7") for p in d.iterdir()):
                    return control_id
            name = f"{time.time_ns():020d}-{key}.hl7"
            atomic_write_bytes(self.pending_dir / name, message.encode("utf-8"))
        return control_id

    def pending(self) -> list[Path]:
        if not self.pending_dir.is_dir():
            return []
        return sorted(p for p in self.pending_dir.iterdir() if p.suffix == ".hl7")

    def sent(self) -> list[Path]:
        return sorted(self.sent_dir.glob("*.hl7")) if self.sent_dir.is_dir() else []

    def state_of(self, control_id: str) -> str | None:
        """"pending", "sent", "failed" or None."""
        key = _key(control_id)
        for state, d in (("sent", self.sent_dir), ("pending", self.pending_dir), ("failed", self.failed_dir)):
            if d.is_dir() and any(p.name.endswith(f"-{key}.hl7") for p in d.iterdir()):
                return state
        return None

    def deliver(self, target: str, timeout: float = 10.0) -> Delivery:
        out = Delivery()
        try:
            host, port = parse_target(target)
        except ValueError as exc:
            out.pending = len(self.pending())
            out.errors.append(str(exc))
            return out
        with _ProcessLock(self.folder / ".deliver.lock") as held:
            if not held:  # another Cauri process is sending these files now
                out.pending = len(self.pending())
                return out
            files = self.pending()
            for i, path in enumerate(files):
                try:
                    message = path.read_bytes().decode("utf-8")
                except OSError as exc:
                    out.errors.append(msg("an HL7 message file cannot be read ({error})", error=type(exc).__name__))
                    out.pending = len(files) - i
                    return out
                problem = self._send_one(host, port, path, message, timeout, out)
                if problem:
                    out.errors.append(problem)
                    out.pending = len(files) - i
                    return out
        return out

    def _send_one(self, host, port, path: Path, message: str, timeout: float, out: Delivery) -> str | None:
        control_id = control_id_of(message)
        try:
            reply = exchange(host, port, message, timeout)
            ack = read_ack(reply)
        except MllpError as exc:
            return str(exc)
        except Exception as exc:  # an answer python-hl7 cannot read: not an acknowledgement
            return msg("the HL7 receiver's answer is not an acknowledgement ({error})", error=type(exc).__name__)
        if ack.control_id != control_id:
            return msg("the HL7 receiver acknowledged another message")
        if ack.accepted:
            self._move(path, self.sent_dir)
            out.sent += 1
            return None
        if ack.rejected:
            self._move(path, self.failed_dir)
            out.failed += 1
            log.warning("HL7 message refused by the receiver (%s)", ack.code)
            return None
        return msg("the HL7 receiver asked to send again later ({code})", code=ack.code)

    @staticmethod
    def _move(path: Path, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        os.replace(path, folder / path.name)
        fsync_dir(folder)
        fsync_dir(path.parent)


class _ProcessLock:
    def __init__(self, path: Path) -> None:
        self.path, self.fh, self.held = path, None, False

    def __enter__(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fh = open(self.path, "a+b")
        try:
            if os.name == "posix":
                import fcntl

                fcntl.flock(self.fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            else:
                import msvcrt

                msvcrt.locking(self.fh.fileno(), msvcrt.LK_NBLCK, 1)
            self.held = True
        except OSError:
            self.held = False
        return self.held

    def __exit__(self, *exc) -> None:
        self.fh.close()  # closing releases the lock


class OutboxWorker:
    """Delivers in the background: now when told (``wake``), else every ``interval`` seconds while
    messages wait. ``target`` is read at each attempt (the reader may set it meanwhile)."""

    def __init__(self, outbox: Outbox, target, interval: float = 15.0, on_result=None) -> None:
        self.outbox, self.target, self.interval, self.on_result = outbox, target, interval, on_result
        self._wake, self._stop = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._run, name="cauri-hl7-outbox", daemon=True)
        self.last: Delivery | None = None

    def start(self) -> "OutboxWorker":
        self._thread.start()
        return self

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=15)

    def _run(self) -> None:
        while not self._stop.is_set():
            pending = bool(self.outbox.pending())
            target = (self.target() if callable(self.target) else self.target) if pending else ""
            if target:
                try:
                    self.last = self.outbox.deliver(target)
                except Exception as exc:  # never let the thread die: messages would wait forever
                    log.warning("HL7 outbox: %s", type(exc).__name__)
                    self.last = Delivery(errors=[str(exc)])
                if self.on_result is not None:
                    self.on_result(self.last)
            self._wake.wait(self.interval)
            self._wake.clear()
