"""Whether files' pixel data decodes, asked of the isolated decode workers (a damaged stream can crash a
codec: here it costs a worker, not the caller). The judge of ``viewer.store.duplicates``."""

from __future__ import annotations

from typing import Sequence

import pydicom

from viewer.dicom import decoding


def pixels_decode(paths: Sequence[str]) -> list[bool]:
    """Per path: its first and last frames decode (damage is at the end of a cut file, or everywhere)."""
    service = decoding.default_service()
    pending = []
    for path in paths:
        try:
            ds = pydicom.dcmread(path, stop_before_pixels=True, specific_tags=["NumberOfFrames"])
            count = max(int(ds.get("NumberOfFrames") or 1), 1)
        except Exception:
            pending.append(None)
            continue
        frames = sorted({0, count - 1})
        pending.append([service.submit(path, f, decoding.PRIORITY_BULK, pixels_only=True) for f in frames])
    return [futures is not None and all(_decoded(f) for f in futures) for futures in pending]


def _decoded(future) -> bool:
    try:
        return future.result() is not None
    except Exception:  # DecodeFailure, a missing file: not decodable either way
        return False


def judging_second_copies(cache):
    """``cache`` with its network receivers judging second copies of an instance by their pixel data
    (``StudyCache.second_copy_judge``): a damaged stored copy gives way to a received one that decodes."""
    cache.second_copy_judge = pixels_decode
    return cache
