"""Talking to archives and modalities: DIMSE (C-ECHO/FIND/GET/MOVE/STORE) and DICOMweb.

No Qt or VTK here: the GUI and the CLI drive these modules the same way. Nothing in this package
logs patient identity; pynetdicom (which dumps identifiers at INFO/DEBUG) is capped at WARNING by
``quiet_pynetdicom`` before any association is made.

DIMSE runs on two stacks, each in a room of its own (neither imports the other):
- pynetdicom (``dimse``): association set-up through its ``AE``, C-ECHO, C-FIND for searches, C-STORE
  for sending. Operations a reader starts one at a time, where pynetdicom's completeness matters more
  than its speed.
- the lean upper layer (``ul`` the PDUs on a blocking socket, ``ul_assoc`` their negotiation,
  ``ul_store`` a received C-STORE filed into the cache): the bulk paths that receive instances, where
  pynetdicom's reactor threads capped the rate (see ``ul``). ``retrieve_scu`` asks for them (the
  inventory C-FIND, C-GET, C-MOVE), ``storage_scp`` takes them in.
What both need (timeouts, statuses, the client TLS context) is in ``dimse_common``; the search
vocabulary DIMSE and DICOMweb share is ``query``; ``NetError`` is every failure a caller is told.
"""

from __future__ import annotations

import logging


def quiet_pynetdicom() -> None:
    """Cap pynetdicom/pydicom at WARNING even when Cauri's logging was never set up (CLI, tests)."""
    for name in ("pynetdicom", "pydicom"):
        logger = logging.getLogger(name)
        if logger.getEffectiveLevel() < logging.WARNING or logger.level < logging.WARNING:
            logger.setLevel(logging.WARNING)


class NetError(Exception):
    """A network operation failed; ``str(exc)`` is a plain message without patient data."""
