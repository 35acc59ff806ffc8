"""Owner-only permissions for everything Cauri keeps: patient images, the index and its WAL, logs, settings.

On POSIX a folder is 0700 and a file 0600 (a workstation shared by several accounts must not let one read
another's studies). One mechanism covers every place a file is made, SQLite's own files included: the
process's umask is 077 from the moment Cauri starts (``owner_only``: the command line, and any use of the
study cache). Folders made by older versions are tightened where Cauri opens them (``private_dir``), which
is enough to shut others out of what lies inside. On Windows the home lies in the user's own
profile (``platformdirs``' per-user folders), whose access list already excludes other users; there is
nothing to change there.
"""

from __future__ import annotations

import os
from pathlib import Path

POSIX = os.name == "posix"
DIR_MODE = 0o700
FILE_MODE = 0o600


def owner_only() -> None:
    """Make everything this process creates from now on owner-only (umask 077)."""
    if POSIX:
        os.umask(0o077)


def private_dir(path: str | os.PathLike) -> Path:
    """Make ``path`` (and missing parents) and leave it owner-only; an existing folder is tightened."""
    path = Path(path)
    if not path.is_dir():
        path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    tighten(path, DIR_MODE)
    return path


def private_file(path: str | os.PathLike) -> None:
    """Leave an existing file owner-only."""
    tighten(path, FILE_MODE)


def tighten(path: str | os.PathLike, mode: int) -> None:
    if not POSIX:
        return
    try:
        if os.stat(path).st_mode & 0o777 != mode:
            os.chmod(path, mode)
    except OSError:
        pass  # a read-only home or a foreign owner: reading still works, and nothing is written there


def create_private(path: str | os.PathLike, flags: int = os.O_WRONLY | os.O_CREAT | os.O_TRUNC) -> int:
    """``os.open`` a file created owner-only (the mode is given at creation, not fixed afterwards)."""
    return os.open(path, flags | getattr(os, "O_BINARY", 0), FILE_MODE)
