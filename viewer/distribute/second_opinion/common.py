"""What both sides share: DICOM bytes in and out, and importing checked files into the cache."""

from __future__ import annotations

import io
import shutil
import uuid
import warnings
from pathlib import Path

import pydicom
from pydicom.dataset import Dataset

from viewer.core.messages import msg
from viewer.dicom.header import NotImportable, read_header
from viewer.distribute.second_opinion.package import PackageError
from viewer.store.importer import import_paths


def to_bytes(ds: Dataset) -> bytes:
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydicom warnings may quote header values
        ds.save_as(buf, enforce_file_format=True)
    return buf.getvalue()


def parse_all(files: dict[str, bytes]) -> list[Dataset]:
    """Every DICOM file of a package read before anything is imported: one that does not parse stops all."""
    out = []
    for name in sorted(files):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ds = pydicom.dcmread(io.BytesIO(files[name]))
            ds.SOPInstanceUID  # noqa: B018 - an instance without its UID cannot be filed
        except Exception as exc:
            raise PackageError(msg("the package is damaged: a DICOM file cannot be read ({error})",
                                   error=type(exc).__name__)) from None
        out.append(ds)
    return out


def import_datasets(cache, datasets: list[Dataset]):
    """Import checked datasets into the cache (written to the cache's own temporary folder, then moved in).
    Every file is first read as the importer reads it and screened against the index (a study already filed
    under another patient): one refusal refuses them all, before any is filed."""
    blobs = [to_bytes(ds) for ds in datasets]
    headers = []
    for blob in blobs:
        try:
            headers.append(read_header(io.BytesIO(blob), len(blob))[1])
        except NotImportable as exc:
            raise PackageError(msg("a file of the package cannot be filed ({reason}): nothing was imported",
                                   reason=exc.reason)) from None
    conflicts = [c for c in cache.screen(headers)[1] if c]
    if conflicts:
        raise PackageError(msg("{n} {n:file conflicts|files conflict} with the cache ({reason}): nothing was imported",
                               n=len(conflicts), reason=conflicts[0]))
    folder = Path(cache.files.tmp) / f"second-opinion-{uuid.uuid4().hex[:12]}"
    folder.mkdir(parents=True)
    try:
        for i, blob in enumerate(blobs):
            (folder / f"{i:05d}.dcm").write_bytes(blob)
        report = import_paths(cache, [folder], move=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if report.rejected:
        raise PackageError(msg("{n} {n:file was|files were} refused by the cache: {reason}", n=len(report.rejected),
                               reason=report.rejected[0].reason))
    return report
