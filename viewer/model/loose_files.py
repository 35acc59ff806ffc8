"""DICOM files given on a command line, turned into display sets without going through the study cache.

Headless tools (``cauri info``, ``cauri render PATH``) must not write the user's cache, yet must show exactly
what the workstation would. So enumeration is the importer's (``viewer.store.sources``: folders, DICOMDIR
media, zip archives, link rules), parsing and completeness checks are the importer's
(``viewer.dicom.header.read_header``), grouping mirrors the cache index (one ``SeriesInput`` per series UID,
instances ordered by instance number), and display sets come from the same plugin handlers as the GUI.

What cannot be read in place lands in a scratch folder inside Cauri's home (``viewer.core.scratch``: never
the system temp folder; removed by ``close()``, at exit, on SIGTERM/SIGHUP/Ctrl-C, and after a kill -9 by
the next Cauri): zip members (by their index in the archive, never by their name; streamed, never held in
memory whole; encrypted ones, oversized ones and zip bombs refused before a byte is unpacked) and datasets
without a Part-10 header (streamed behind a file meta header, because the frame loaders read Part-10 files).
"""

from __future__ import annotations

import os
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Iterable

from viewer.core.messages import msg
from viewer.core.paths import resolve_paths
from viewer.core.scratch import Scratch, sweep
from viewer.dicom.header import (
    InstanceHeader,
    NotImportable,
    parse_numbers,
    read_header,
    sniff,
)
from viewer.dicom.integrity import pixels_decode
from viewer.dicom.part10 import write_bare_dataset
from viewer.model.displaysets import (
    DisplaySet,
    InstanceInput,
    SeriesInput,
    build_display_sets,
)
from viewer.model.registry import load_plugins
from viewer.store import sources
from viewer.store.duplicates import incoming_wins
from viewer.store.records import Rejection

_NOT_DICOM = {
    "empty": msg("empty file"),
    "gzip": msg("gzip-compressed file; unpack it first"),
    "unknown": msg("not a DICOM file"),
}


@dataclass(frozen=True)
class LooseInstance:
    header: InstanceHeader
    path: Path  # where the frame loaders read it (the file itself, or its copy in the temporary folder)
    label: str  # what the user gave: a path, or "archive.zip!member"


class LooseFiles:
    """The DICOM instances found under some paths, grouped into series. Use as a context manager."""

    def __init__(self, scratch_root: str | os.PathLike | None = None) -> None:
        self._scratch_root = scratch_root
        self.instances: dict[str, LooseInstance] = {}  # by SOP Instance UID, first occurrence kept
        self.problems: list[Rejection] = []  # damaged DICOM, unreadable paths: errors
        self.skipped: list[Rejection] = []  # non-DICOM files met in a folder walk, repeated instances: not errors
        self.duplicates = 0  # the same SOP instance found again (a copy), shown once
        self._temp = None  # viewer.core.scratch.Scratch, made on first need
        self._temp_names = 0
        self._labels: dict[str, str] = {}

    # -------------------------------------------------------------- results
    @property
    def series(self) -> list[SeriesInput]:
        groups: dict[tuple[str, str], list[LooseInstance]] = {}
        for inst in self.instances.values():
            groups.setdefault((inst.header.study_uid, inst.header.series_uid), []).append(inst)
        out = []
        for (study_uid, series_uid), members in groups.items():
            members.sort(key=lambda m: (m.header.instance_number is None, m.header.instance_number or 0))
            first = members[0].header
            out.append(
                SeriesInput(
                    study_uid=study_uid,
                    series_uid=series_uid,
                    modality=first.modality,
                    number=first.series_number,
                    description=first.series_description,
                    instances=tuple(_instance_input(m) for m in members),
                )
            )
        # Like the study browser: by study, then series number (unnumbered last), then first seen.
        studies = {key[0]: n for n, key in reversed(list(enumerate(groups)))}
        out.sort(key=lambda s: (studies[s.study_uid], s.number is None, s.number or 0))
        return out

    def display_sets(self, handlers: list | None = None) -> list[DisplaySet]:
        if handlers is None:

            handlers = load_plugins().display_set_handlers()
        result: list[DisplaySet] = []
        for series in self.series:
            result.extend(build_display_sets(series, handlers))
        return result

    def label(self, path: str | os.PathLike) -> str:
        """The name the user knows a readable path by (temporary copies map back to their source)."""
        return self._labels.get(os.fspath(path), os.fspath(path))

    # -------------------------------------------------------------- lifetime
    def close(self) -> None:
        if self._temp is not None:
            self._temp.close()
            self._temp = None

    def __enter__(self) -> "LooseFiles":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -------------------------------------------------------------- filling
    def _temp_path(self, suffix: str) -> str:
        if self._temp is None:

            root = self._scratch_root or resolve_paths(None).cache / "scratch"
            self._temp = Scratch(root)
        self._temp_names += 1
        return str(self._temp.path / f"{self._temp_names}{suffix}")

    def _add(self, header: InstanceHeader, path: str, label: str) -> None:
        first = self.instances.get(header.sop_uid)
        if first is not None:
            self.duplicates += 1
            # As in the cache: the first copy is shown, unless it does not decode and this one does.
            if incoming_wins(str(first.path), first.header.transfer_syntax, path, header.transfer_syntax, pixels_decode):
                self.instances[header.sop_uid] = LooseInstance(header, Path(path), label)
                self._labels[path] = label
                label, first_label = first.label, label
            else:
                first_label = first.label
            self.skipped.append(Rejection(label, msg("same SOP instance as {other}; shown once", other=first_label)))
            return
        self.instances[header.sop_uid] = LooseInstance(header, Path(path), label)
        self._labels[path] = label

    def _reject(self, label: str, reason: str, explicit: bool) -> None:
        (self.problems if explicit else self.skipped).append(Rejection(label, reason))

    def _file(self, fh: BinaryIO, size: int, kind: str, path: str, label: str, explicit: bool) -> None:
        if kind not in ("part10", "raw"):
            self._reject(label, _NOT_DICOM.get(kind, _NOT_DICOM["unknown"]), explicit)
            return
        try:
            ds, header = read_header(fh, size, raw=kind == "raw")
        except NotImportable as exc:
            if str(exc).startswith("DICOMDIR index"):
                self.skipped.append(Rejection(label, exc.reason))  # media furniture, not a broken image
                return
            # Something that looks like DICOM but cannot be used is an error even inside a folder.
            self.problems.append(Rejection(label, exc.reason))
            return
        if kind == "raw":
            path = self._as_part10(fh, header, label)
            if path is None:
                return
        self._add(header, path, label)

    def _as_part10(self, fh: BinaryIO, h: InstanceHeader, label: str) -> str | None:
        target = self._temp_path(".dcm")
        try:
            write_bare_dataset(fh, h, target)
            return target
        except Exception:
            self.problems.append(Rejection(label, msg("dataset without file header could not be read")))
            return None

    def _zip(self, item: sources.FileItem) -> None:
        try:
            members = sources.zip_members(item.path, item.label)
            archive = zipfile.ZipFile(item.path)
        except sources.ZipBomb as exc:
            self.problems.append(Rejection(item.label, exc.reason))
            return
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            self.problems.append(Rejection(item.label, msg("damaged or unsupported zip archive")))
            return
        with archive:
            infos = archive.infolist()
            for member in members:
                self._zip_member(archive, infos[member.index], member.label)

    def _zip_member(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str) -> None:
        problem = sources.member_problem(info)
        if problem is not None:
            self.problems.append(Rejection(label, problem))
            return
        try:
            with archive.open(info) as src:
                head = src.read(132)
                kind = sniff(head)
                if kind == "zip":
                    self.skipped.append(Rejection(label, msg("zip archive inside a zip archive; unpack the outer one first")))
                    return
                if kind not in ("part10", "raw"):  # judged from its first bytes: nothing unpacked
                    self._reject(label, _NOT_DICOM.get(kind, _NOT_DICOM["unknown"]), False)
                    return
                target = self._temp_path(".member")
                with open(target, "wb") as out:
                    out.write(head)
                    shutil.copyfileobj(src, out, 1 << 20)
        except sources.MEMBER_ERRORS + (OSError,):
            self.problems.append(Rejection(label, msg("zip member could not be read (damaged, or unsupported compression)")))
            return
        with open(target, "rb") as fh:
            self._file(fh, os.fstat(fh.fileno()).st_size, kind, target, label, explicit=False)


def _instance_input(m: LooseInstance) -> InstanceInput:
    h = m.header
    position = parse_numbers(h.position)
    orientation = parse_numbers(h.orientation)
    return InstanceInput(
        sop_uid=h.sop_uid,
        path=m.path,
        sop_class=h.sop_class,
        instance_number=h.instance_number,
        frames=h.frames or 1,
        rows=h.rows,
        columns=h.columns,
        position=position if position and len(position) == 3 else None,
        orientation=orientation if orientation and len(orientation) == 6 else None,
    )


def open_paths(paths: Iterable[str | os.PathLike], cancel: Callable[[], bool] | None = None,
               home: str | os.PathLike | None = None, skip: str | os.PathLike | None = None) -> LooseFiles:
    """Read the headers of every DICOM instance under ``paths``; nothing is written outside the scratch
    folder of ``home`` (``--home``; None: CAURI_HOME or the user's profile). ``skip``: a folder not walked."""

    paths = [os.fspath(p) for p in paths]
    explicit = {p for p in paths if os.path.isfile(p) and os.path.basename(p).casefold() != "dicomdir"}

    scratch = resolve_paths(home).cache / "scratch"
    sweep(scratch)  # what a killed command left behind
    loose = LooseFiles(scratch)
    rejections: list[Rejection] = []
    items = sources.collect(paths, rejections, cancel, skip=skip)
    loose.problems.extend(rejections)
    try:
        for item in items:
            if cancel is not None and cancel():
                break
            try:
                fh = open(item.path, "rb")
            except OSError as exc:
                why = (exc.strerror or type(exc).__name__).lower()
                loose.problems.append(Rejection(item.label, msg("could not be read ({why})", why=why)))
                continue
            with fh:
                size = os.fstat(fh.fileno()).st_size
                kind = sniff(fh.read(132))
                if kind == "zip":
                    loose._zip(item)
                else:
                    loose._file(fh, size, kind, item.path, item.label, item.path in explicit)
    except BaseException:
        loose.close()
        raise
    return loose
