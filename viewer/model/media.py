"""A patient's disc (CD, DVD, USB key with a DICOMDIR) read where it is, not imported.

The disc's files are read through ``model.loose_files`` (the importer's enumeration and header checks, the
DICOMDIR included) and indexed into a study cache of their own whose rows point at the files on the disc
(an absolute path is where ``StudyCache`` reads it): the study list, the viewports, MPR and the findings
work on it unchanged, nothing is copied, and nothing is written on the disc. The index lives in a
temporary folder of the user's cache and goes at exit; importing the disc into the real cache is a
separate, explicit action.

A frozen build started from the disc finds it by itself: a DICOMDIR beside the executable, or one or two
folders above it (the build in a folder of the disc's root).
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from viewer.core.messages import msg
from viewer.store.records import ImportReport, Rejection

log = logging.getLogger(__name__)

INDEX_FOLDER = "media"
STALE_S = 24 * 3600  # an index left by a session that did not end cleanly
_PLACES_ABOVE = 2


def dicomdir_in(folder: Path) -> Path | None:
    """The DICOMDIR of ``folder`` (any case: discs written on Windows often say "dicomdir"), or None."""
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.casefold() == "dicomdir" and entry.is_file():
                    return Path(entry.path)
    except OSError:
        return None
    return None


def beside_executable(executable: str | os.PathLike | None = None) -> Path | None:
    """The disc a frozen build runs from: the folder holding a DICOMDIR beside ``executable`` or up to two
    folders above it; None when there is none (or when this is not a frozen build and none is given)."""
    if executable is None:
        if not getattr(sys, "frozen", False):
            return None
        executable = sys.executable
    folder = Path(executable).resolve().parent
    for place in [folder, *folder.parents][: _PLACES_ABOVE + 1]:
        if dicomdir_in(place) is not None:
            return place
    return None


def program_folder() -> Path | None:
    """The frozen build's own folder (a disc's ``CAURI/``), None from a source tree."""
    return Path(sys.executable).resolve().parent if getattr(sys, "frozen", False) else None


def media_root(given: str | os.PathLike) -> Path:
    """The folder a ``--media`` argument means: a DICOMDIR's folder, or the folder itself."""
    path = Path(given).expanduser().absolute()
    return path.parent if path.is_file() and path.name.casefold() == "dicomdir" else path


@dataclass
class MediaRead(ImportReport):
    """What reading a disc found (an import report: the status bar and the study list read it as one),
    and the reading itself, kept open while the session shows its files."""

    root: str = ""
    loose: object = field(default=None, repr=False)

    def close(self) -> None:
        if self.loose is not None:
            self.loose.close()
            self.loose = None


def reading(index_root: str | os.PathLike, root: str | os.PathLike,
            skip: str | os.PathLike | None = None) -> Callable:
    """A job (``workstation.jobs.Job``): index the disc at ``root`` into the cache at ``index_root``.

    The disc's folders are walked in full (discs carry files their DICOMDIR forgets), except ``skip``, by
    default the viewer's own folder when it runs from the disc: its ~500 files would be read from a slow
    optical drive for nothing."""
    skip = program_folder() if skip is None else skip

    def work(progress, cancelled) -> MediaRead:
        from viewer.model.loose_files import open_paths
        from viewer.store.cache import IMPORTED, StudyCache

        report = MediaRead(root=str(root))
        try:
            where = Path(root)
            if not where.is_dir():
                report.rejected.append(Rejection(str(root), msg("not found")))
                return report
            loose = report.loose = open_paths([str(dicomdir_in(where) or where)], cancel=cancelled, skip=skip)
            report.rejected.extend(loose.problems)
            entries = []
            for inst in loose.instances.values():
                path = inst.path.absolute()
                entries.append((inst.header, str(path), path.stat().st_size))
            progress(0, len(entries))
            with StudyCache(Path(index_root)) as cache:
                outcomes = cache.add_instances(entries)
            for (header, path, _size), outcome in zip(entries, outcomes):
                if outcome == IMPORTED:
                    report.imported += 1
                    if header.study_uid not in report.study_uids:
                        report.study_uids.append(header.study_uid)
                else:
                    report.rejected.append(Rejection(loose.label(path), outcome))
            report.cancelled = bool(cancelled())
            progress(len(entries), len(entries))
            log.info("disc read in place: %d instances in %d studies, %d not shown", report.imported,
                     len(report.study_uids), len(report.rejected))
        except Exception as exc:  # the report says why; the window stays
            report.rejected.append(Rejection(str(root), f"{type(exc).__name__}: {exc}"))
        return report

    return work


def new_index(cache_folder: str | os.PathLike) -> Path:
    """A fresh folder for a disc's index under the user's cache (``<cache>/media/``), after removing what
    sessions that did not end cleanly left there."""
    base = Path(cache_folder) / INDEX_FOLDER
    base.mkdir(parents=True, exist_ok=True)
    for old in base.iterdir():
        try:
            if time.time() - old.stat().st_mtime > STALE_S:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            pass
    return Path(tempfile.mkdtemp(prefix="disc-", dir=base))
