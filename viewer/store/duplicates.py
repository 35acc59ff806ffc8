"""Two copies of one instance (same SOP Instance UID): which one the cache keeps.

The first copy is kept, as before, unless its pixel data cannot be decoded while the other copy's can:
a copy cut short in transfer, or whose compressed data is garbage, must not hide a good copy that arrives
later, and a good stored copy is never replaced by a bad one. Whether pixel data decodes is the caller's
``judge`` (``viewer.dicom.integrity.pixels_decode``: the isolated decode workers, since a damaged stream can
crash a codec); without one, the first copy stays.

Only compressed data gives a decoder something to tell apart: uncompressed pixel data that is complete
(the importer refuses it otherwise) always "decodes", so two uncompressed copies are never judged. Two
copies with the same bytes are the same copy.
"""

from __future__ import annotations

import os
from typing import Callable, Sequence

from viewer.dicom.decode import is_native

Judge = Callable[[Sequence[str]], "list[bool]"]


def incoming_wins(stored: str, stored_syntax: str, incoming: str, incoming_syntax: str, judge: Judge | None) -> bool:
    """Whether the ``incoming`` copy should replace the ``stored`` one: only when the stored copy's pixel
    data does not decode and the incoming copy's does (the stored copy is judged first, alone: a re-import of
    good files costs one decode each, not two)."""
    if judge is None or (_native(stored_syntax) and _native(incoming_syntax)):
        return False
    if same_bytes(stored, incoming):
        return False
    if judge([stored])[0]:
        return False
    return bool(judge([incoming])[0])


def same_bytes(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    try:
        if os.path.getsize(a) != os.path.getsize(b):
            return False
        with open(a, "rb") as fa, open(b, "rb") as fb:
            while True:
                chunk = fa.read(1 << 20)
                if chunk != fb.read(1 << 20):
                    return False
                if not chunk:
                    return True
    except OSError:
        return False


def _native(syntax: str) -> bool:
    try:
        return is_native(syntax)
    except Exception:
        return False
