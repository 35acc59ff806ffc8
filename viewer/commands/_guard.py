"""What every headless command shares around its own work: the home's log, and a clear message (never a
traceback) when the home cannot be written.

``cauri config``, ``node``, ``echo`` and ``measurements`` used to end in a traceback on a read-only home
(a locked-down profile, a full or read-only disk, a home on a CD): the log file could not be opened, or a
setting not saved. Now the log falls back to none, and an operating-system refusal to write under the home
is one line saying what could not be written and why, with exit status 1.
"""

from __future__ import annotations

import errno
import os
import sys

_WRITE_ERRORS = {errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def start_logging(args) -> None:
    """Headless commands log to the home's rotating log like the GUI (PHI-free, see ``core.logs``)."""
    from viewer.core.logs import setup_logging
    from viewer.core.paths import resolve_paths

    try:
        setup_logging(resolve_paths(getattr(args, "home", None)).logs)
    except OSError:
        pass  # a read-only home: the command still runs, without a log


def run(command: str, func, args) -> int:
    from viewer.core import audit

    start_logging(args)
    audit.configure(getattr(args, "home", None))  # what this command does to studies is recorded
    try:
        return int(func(args) or 0)
    except OSError as exc:
        if exc.errno not in _WRITE_ERRORS:
            raise
        where = exc.filename or "Cauri's home folder"
        why = (exc.strerror or type(exc).__name__).lower()
        print(f"cauri {command}: cannot write {os.fspath(where)} ({why}); nothing was changed there. "
              "Use a writable --home, or free some space.", file=sys.stderr)
        return 1
