"""Scratch folders under Cauri's home, never in the system temp folder, and never left behind for long.

A headless command that must unpack something (a zip member, a dataset without file header) writes it to
``<home cache>/scratch/<pid>-<random>/``: inside the home the user chose (the same disk quota, the same
owner-only permissions), removed when the command ends, when it is stopped by SIGTERM, SIGHUP or Ctrl-C,
and, after a kill -9 or a power cut, by the next Cauri that sweeps the folder (``sweep``). A folder is
known to be in use by the lock its process holds on a file inside it, so a second Cauri never removes
what a running one is still writing.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import threading
import uuid
from pathlib import Path

from viewer.core.private import private_dir

_LOCK = ".lock"
_live: set["Scratch"] = set()
_live_lock = threading.Lock()


class Scratch:
    """One process's scratch folder; ``close()`` (or the end of the process) removes it."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        private_dir(self.root)
        sweep(self.root)
        self.path = self.root / f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        private_dir(self.path)
        self._lock_fh = open(self.path / _LOCK, "a+b")
        _lock(self._lock_fh)
        with _live_lock:
            _live.add(self)
        _install_cleanup()

    def close(self) -> None:
        with _live_lock:
            _live.discard(self)
        if self._lock_fh is not None:
            try:
                unlock(self._lock_fh)
            finally:
                self._lock_fh.close()
                self._lock_fh = None
        shutil.rmtree(self.path, ignore_errors=True)

    def __enter__(self) -> "Scratch":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def sweep(root: str | os.PathLike) -> int:
    """Remove the scratch folders of processes that are gone; returns how many."""
    removed = 0
    try:
        entries = list(os.scandir(root))
    except OSError:
        return 0
    for entry in entries:
        if not entry.is_dir(follow_symlinks=False):
            continue
        try:
            fh = open(os.path.join(entry.path, _LOCK), "a+b")
        except OSError:
            continue
        try:
            if not try_lock(fh):
                continue  # a live Cauri is using it
            unlock(fh)
        finally:
            fh.close()
        shutil.rmtree(entry.path, ignore_errors=True)
        removed += 1
    return removed


_installed = False


def _install_cleanup() -> None:
    """Remove the live scratch folders at exit, and make SIGTERM/SIGHUP an exit (so cleanup runs)."""
    global _installed
    if _installed:
        return
    _installed = True
    atexit.register(_close_all)
    if threading.current_thread() is not threading.main_thread():
        return
    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is not None and signal.getsignal(sig) in (signal.SIG_DFL, None):
            signal.signal(sig, _exit_on_signal)


def _exit_on_signal(signum, _frame) -> None:
    raise SystemExit(128 + signum)


def _close_all() -> None:
    with _live_lock:
        live = list(_live)
    for scratch in live:
        scratch.close()


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def try_lock(fh) -> bool:
        try:
            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def unlock(fh) -> None:
        try:
            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        except OSError:
            pass

else:
    import fcntl

    def try_lock(fh) -> bool:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def unlock(fh) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _lock(fh) -> None:
    if not try_lock(fh):  # a fresh name: nobody else can hold it
        raise RuntimeError("could not lock a new scratch folder")
