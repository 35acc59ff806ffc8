"""Talking to archives and modalities: DIMSE (C-ECHO/FIND/GET/MOVE/STORE) and DICOMweb.

No Qt or VTK here: the GUI and the CLI drive these modules the same way. Nothing in this package
logs patient identity; pynetdicom (which dumps identifiers at INFO/DEBUG) is capped at WARNING by
``quiet_pynetdicom`` before any association is made.
"""

from __future__ import annotations

import logging


def quiet_pynetdicom() -> None:
    """Cap pynetdicom/pydicom at WARNING even when Cauri's logging was never set up (CLI, tests)."""
    for name in ("pynetdicom", "pydicom"):
        logger = logging.getLogger(name)
        if logger.getEffectiveLevel() < logging.WARNING or logger.level < logging.WARNING:
            logger.setLevel(logging.WARNING)
