"""Crash-safe file writes: write to a temporary name in the same folder, fsync, rename.

A power cut leaves either the old file or the new one, never a half-written one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def fsync_dir(path: Path) -> None:
    # Directory fsync makes the rename itself durable; Windows has no such call and does not need it.
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)  # 0600: owner-only from the start
    except OSError as exc:  # name the file the caller meant to write, not our temporary name
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    fsync_dir(path.parent)


def unwritable_reason(path: str | os.PathLike) -> str | None:
    """Why ``path`` cannot be written as a new or replaced file, checked before any work is done; None when
    it can. Nothing is created here: a missing folder is a mistake to report, not one to make up for
    (a typo would otherwise leave folders behind). ``os.access`` sees read-only mounts even for root."""
    path = Path(path)
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        return f"{path} is a folder, not a file name"
    if not parent.is_dir():
        return f"cannot write {path}: the folder {parent} does not exist"
    if not os.access(parent, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return f"cannot write {path}: the folder {parent} is not writable (read-only, or no permission)"
    return None
