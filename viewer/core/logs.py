"""Logging that never carries patient identity.

Cauri's own code logs UIDs at most. Third-party loggers that print query identifiers or dataset
contents (pynetdicom dumps C-FIND identifiers at INFO/DEBUG) are capped at WARNING.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from viewer.core.private import private_dir, private_file

_CHATTY = ("pynetdicom", "pydicom")


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Every log file it opens (the first, and each one after a rotation) is owner-only."""

    def _open(self):
        stream = super()._open()
        private_file(self.baseFilename)
        return stream


def setup_logging(log_dir: Path, level: int = logging.INFO) -> None:
    """Log to ``log_dir/cauri.log`` (rotating, owner-only); raises ``OSError`` when it cannot be written."""

    root = logging.getLogger()
    if any(getattr(h, "_cauri", False) for h in root.handlers):
        return
    logging.raiseExceptions = False  # a full disk must not print "--- Logging error ---" tracebacks
    private_dir(log_dir)
    handler = _PrivateRotatingFileHandler(log_dir / "cauri.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    handler._cauri = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    for name in _CHATTY:
        logging.getLogger(name).setLevel(logging.WARNING)
