"""Received instances into the local cache, through the store's receive fast path.

DIMSE receivers hand over encoded datasets, the WADO-RS reader whole Part-10 parts (in memory, or in a
temp file it streamed a large part into); ``viewer.store.receive.InstanceReceiver`` parses each header
once (from memory), writes the bytes unchanged (no decode, no re-encode), fsyncs and renames them to
their hashed names on writer threads and indexes them in batches. A received UID is therefore never a file name, a half-received
instance never reaches the cache, and the thread that talks to the archive never waits on the disk.
``CacheWriter`` keeps the interface the network code was written against.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Callable

from viewer.store.cache import StudyCache
from viewer.dicom.header import InstanceHeader, NotImportable  # noqa: F401  (re-exported for callers)
from viewer.store.receive import DiskFull, InstanceReceiver, ReceiveCounts

IngestCounts = ReceiveCounts  # the old name: received, imported, already_present, rejected, reasons

__all__ = ["CacheWriter", "DiskFull", "IngestCounts", "NotImportable"]


class CacheWriter:
    """Thread-safe sink for received instances; ``flush()`` waits until all are indexed.

    ``on_stored(header)`` runs once per instance when it is indexed (visible to the viewer).
    """

    def __init__(self, cache: StudyCache, min_free_bytes: int = 0,
                 on_stored: Callable[[InstanceHeader], None] | None = None):
        self.cache = cache
        self.min_free_bytes = min_free_bytes
        self.receiver = InstanceReceiver(cache, min_free_bytes=min_free_bytes, on_stored=on_stored)
        self._tmp = Path(cache.files.tmp)

    @property
    def counts(self) -> ReceiveCounts:
        return self.receiver.counts

    # -- producers (any thread) -------------------------------------------------------------------

    def has_room(self) -> bool:
        return self.receiver.has_room()

    def new_temp(self) -> Path:
        return self._tmp / f"net-{uuid.uuid4().hex}.part"

    def store(self, sop_class: str, sop_uid: str, transfer_syntax: str, dataset, source_aet: str = "") -> None:
        """One instance as received (``dataset`` bytes-like, in ``transfer_syntax``); see ``InstanceReceiver.accept``."""
        self.receiver.accept(sop_class, sop_uid, transfer_syntax, dataset, source_aet)

    def store_part10(self, data) -> None:
        """One complete Part-10 file held in memory; see ``InstanceReceiver.accept_part10``."""
        self.receiver.accept_part10(data)

    def write_dataset(self, file_meta, dataset_bytes) -> None:
        """Same as ``store`` with the UIDs taken from a pydicom file meta dataset."""
        self.store(str(file_meta.MediaStorageSOPClassUID), str(file_meta.MediaStorageSOPInstanceUID),
                   str(file_meta.TransferSyntaxUID), dataset_bytes)

    def submit(self, path: Path) -> None:
        """Hand over a complete Part-10 temp file (ours from now on); a refusal is counted, not raised."""
        self.receiver.accept_file(path)

    # -- completion -------------------------------------------------------------------------------

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every submitted instance is indexed (or refused); False on timeout."""
        return self.receiver.flush(timeout)

    def close(self) -> None:
        self.receiver.close()

    def __enter__(self) -> "CacheWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
