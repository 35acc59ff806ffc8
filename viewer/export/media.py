"""A patient's disc or USB key (IHE PDI): the study's instances under DICOM/, a DICOMDIR made by pydicom's
FileSet, README.TXT and INDEX.HTM, optionally the portable Cauri in CAURI/; a folder, or an ISO 9660 image.

Nothing half-written is ever presented as complete: everything is built in a work folder beside the target
(same file system, so the last step is a rename) and the target appears only when all of it is written.
A full key, a cancel or any error removes the work folder and leaves the target as it was. When the target
is an existing empty folder (a USB key's mount point cannot be renamed) the pieces are moved into it one by
one, DICOMDIR last: a reader finds no DICOMDIR, so no disc, until everything else is there.

``transform`` (``Dataset -> Dataset``) is applied to every instance before it is written: the hook where
de-identification plugs in. Without it the files are copied byte for byte.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import errno
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pydicom
from pydicom.dataset import Dataset
from pydicom.fileset import FileSet, RecordNode, RootNode

from viewer.core import audit
from viewer.core.messages import msg
from viewer.export import iso, media_pages
from viewer.export.media_pages import StudyLine

DICOM_FOLDER = "DICOM"
DICOMDIR = "DICOMDIR"
FILE_MODE, DIR_MODE, EXEC_MODE = 0o644, 0o755, 0o755  # a disc is for others to read: not owner-only
Progress = Callable[[str, int, int], None]  # (stage, done, total); stage is "copy", "dicomdir", "viewer", "iso"


class MediaError(Exception):
    """Why the media could not be written, in plain words (a ``msg``); nothing was left at the target."""


class MediaCancelled(MediaError):
    pass


@dataclass
class MediaReport:
    target: Path
    instances: int = 0
    files: int = 0
    bytes: int = 0
    left_out: list[str] = field(default_factory=list)  # why instances were not written (no patient data)


@dataclass
class MediaRequest:
    sources: Sequence[Path]  # the instances' files, in the order they should be numbered
    target: Path  # a folder (new, or empty) or FILE.iso
    viewer_from: Path | None = None  # a portable build folder to copy into CAURI/
    transform: Callable[[Dataset], Dataset] | None = None
    fileset_id: str = "CAURI"  # DICOMDIR File-set ID and ISO volume identifier (16 chars, A-Z 0-9 _)


def default_viewer_folder() -> Path:
    """The portable build ``--viewer`` copies: the running build itself when frozen, else ``dist/cauri`` in the
    source tree (``bash installers/build-portable.sh`` makes it)."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parents[2] / "dist" / "cauri"


def viewer_executable(folder: Path) -> str | None:
    """The portable build's program name in ``folder`` (``cauri`` or ``cauri.exe``), None if it is not one."""
    for name in ("cauri", "cauri.exe", "Cauri.exe"):
        if (folder / name).is_file():
            return name
    return None


def study_sources(cache, study_uids) -> tuple[list[Path], list[str], dict[str, tuple[str, int]]]:
    """Every stored instance of the studies (``StudyCache``), series by series; the reasons some were left
    out; each study's (accession, instance count) for the audit trail. Instances whose UIDs Cauri made up
    (their file lacks them) stay here: they are never sent out as their own. LookupError for a study the
    cache does not hold."""
    sources: list[Path] = []
    left_out: list[str] = []
    studies: dict[str, tuple[str, int]] = {}
    for uid in dict.fromkeys(study_uids):
        study = cache.study(uid)
        if study is None:
            raise LookupError(f"study {uid} is not in the cache")
        before = len(sources)
        for series in cache.series_of(uid):
            for inst in cache.instances_of(series.series_uid):
                if inst.derived:
                    left_out.append("identifiers made up by Cauri (the file lacks them)")
                else:
                    sources.append(inst.path)
        studies[uid] = (study.accession, len(sources) - before)
    return sources, left_out, studies


def audit_export(studies: dict[str, tuple[str, int]], report: MediaReport, store: Path) -> None:
    """One audit record per study written (the target's path is not recorded: it may name the patient)."""
    audit.record_many("export", studies, peer="iso" if is_iso(report.target) else "media", store=store)


def is_iso(target: Path) -> bool:
    return target.suffix.lower() == ".iso"


def check_target(request: MediaRequest) -> None:
    """Refuse, before any work, a target that cannot become the media."""
    target = request.target
    if is_iso(target):
        if target.exists():
            raise MediaError(msg("{path} already exists; choose another name", path=str(target)))
        parent = target.parent
    else:
        if target.exists() and not target.is_dir():
            raise MediaError(msg("{path} exists and is not a folder", path=str(target)))
        if target.is_dir() and any(target.iterdir()):
            raise MediaError(msg("the folder {path} is not empty; choose an empty folder or a new name",
                                 path=str(target)))
        parent = target if target.is_dir() else target.parent
    if not parent.is_dir():
        raise MediaError(msg("the folder {path} does not exist", path=str(parent)))
    if not os.access(parent, os.W_OK | os.X_OK):
        raise MediaError(msg("cannot write in {path} (read-only, or no permission)", path=str(parent)))
    if request.viewer_from is not None and viewer_executable(request.viewer_from) is None:
        raise MediaError(msg("{path} is not a portable Cauri build (no cauri program in it); build one with "
                             "installers/build-portable.sh or give --viewer-from", path=str(request.viewer_from)))
    if not request.sources:
        raise MediaError(msg("nothing to write: the study has no instances"))


def write_media(request: MediaRequest, progress: Progress | None = None,
                cancel: Callable[[], bool] | None = None) -> MediaReport:
    """Write the media; raises ``MediaError`` (``MediaCancelled``) with nothing left at the target."""
    check_target(request)
    target = request.target
    in_place = target.is_dir()  # an empty folder that stays (a key's mount point)
    work = (target / ".cauri-part") if in_place else target.with_name(f".{target.name}.cauri-part")
    report = MediaReport(target)
    step = _Steps(progress, cancel)
    try:
        shutil.rmtree(work, ignore_errors=True)  # a work folder a killed export left behind
        tree = work / "media"
        tree.mkdir(parents=True)
        studies = _write_instances(request, tree, report, step)
        viewer = None
        if request.viewer_from is not None:
            viewer = viewer_executable(request.viewer_from)
            _copy_viewer(request.viewer_from, tree / media_pages.VIEWER_FOLDER, step)
        created = _dt.date.today().strftime("%Y%m%d")
        (tree / media_pages.README).write_bytes(media_pages.readme_text(studies, created, viewer))
        (tree / media_pages.INDEX).write_bytes(media_pages.index_html(studies, created, viewer))
        _open_modes(tree)
        report.files, report.bytes = _count(tree)
        if is_iso(target):
            image = work / "image.iso"
            iso.write_iso(tree, image, request.fileset_id, rich=viewer is not None, progress=step.iso)
            report.bytes = image.stat().st_size
            os.replace(image, target)
        elif in_place:
            _move_into(tree, target)
        else:
            os.replace(tree, target)
    except MediaError:
        _remove(work, target if not in_place else None)
        raise
    except iso.IsoError as exc:
        _remove(work, target if not in_place else None)
        raise MediaError(exc.args[0]) from None
    except OSError as exc:
        _remove(work, target if not in_place else None)
        raise MediaError(_os_message(exc, target)) from None
    except Exception as exc:  # a file pydicom cannot write, a record it cannot make: said, never half-done
        _remove(work, target if not in_place else None)
        raise MediaError(msg("the media could not be written ({reason})", reason=f"{type(exc).__name__}: {exc}")) from None
    shutil.rmtree(work, ignore_errors=True)
    return report


class _Steps:
    def __init__(self, progress: Progress | None, cancel: Callable[[], bool] | None) -> None:
        self.progress, self.cancel = progress, cancel

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.cancel is not None and self.cancel():
            raise MediaCancelled(msg("export cancelled; nothing was written"))
        if self.progress is not None:
            self.progress(stage, done, total)

    def iso(self, done: int, total: int) -> None:
        self("iso", done, total)


def _write_instances(request: MediaRequest, tree: Path, report: MediaReport, step: _Steps) -> list[StudyLine]:
    """The instances under DICOM/ and the DICOMDIR over them.

    pydicom's FileSet makes the records and the File IDs; it is given each instance's header only (its
    staging copy in the system temp folder then stays small) and the full file is put where the FileSet
    says it belongs, after ``write`` made the DICOMDIR. Its File IDs are PTxxxxxx/STxxxxxx/SExxxxxx/IMxxxxxx;
    each patient node is rooted in DICOM/ so that non-DICOM content never shares a folder with it (IHE PDI).
    """
    fs = _AddedOnce()
    fs.ID = request.fileset_id
    staged = tree / ".full"
    staged.mkdir()
    full_of: dict[str, Path] = {}
    total = len(request.sources)
    studies: dict[str, dict] = {}
    for n, source in enumerate(request.sources):
        step("copy", n, total)
        written = staged / f"{n:08d}"
        if request.transform is None:
            shutil.copyfile(source, written)
            header = pydicom.dcmread(written, stop_before_pixels=True)
        else:
            ds = request.transform(pydicom.dcmread(source))
            ds.save_as(written, enforce_file_format=True)
            header = pydicom.dcmread(written, stop_before_pixels=True)
        reason = _unwritable(header)
        if reason:
            report.left_out.append(reason)
            written.unlink()
            continue
        sop = str(header.SOPInstanceUID)
        if sop in full_of:
            written.unlink()
            continue
        _tally(studies, header)
        with fs.adding():
            instance = fs.add(_with_record_keys(header, n))
        _root_in_dicom_folder(instance.node)
        full_of[sop] = written
    step("copy", total, total)
    if not full_of:
        raise MediaError(msg("nothing to write: no instance of the study can go on a disc ({why})",
                             why="; ".join(sorted(set(report.left_out)))))
    step("dicomdir", 0, 1)
    fs.write(tree)
    for instance in fs:
        os.replace(full_of[instance.SOPInstanceUID], instance.path)  # the path its record names
    staged.rmdir()
    report.instances = len(full_of)
    step("dicomdir", 1, 1)
    return [StudyLine(s["date"], tuple(sorted(s["modalities"])), len(s["series"]), s["images"])
            for s in sorted(studies.values(), key=lambda s: s["date"])]


class _AddedOnce(FileSet):
    """pydicom's ``FileSet.add`` first looks for the instance among every one already added, reading each
    one's directory record: O(n) per image, O(n^2) per study (40 % of a 1000-image export's time). Cauri
    adds each SOP Instance once (``_write_instances`` checks), so while adding that search is given
    nothing to look through; everywhere else the file-set iterates as pydicom's does."""

    _adding = False

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._tree.__class__ = _LeafLastRoot

    @contextlib.contextmanager
    def adding(self):
        self._adding = True
        try:
            yield
        finally:
            self._adding = False

    def __iter__(self):
        return iter(()) if self._adding else super().__iter__()


class _LeafLastRoot(RootNode):
    """pydicom's tree ``add`` walks down while ``node in current and node.children``: at the series it looks
    for the new image among every image already there, reading each one's record (O(n) per image, 2,000
    images of one series: 2 million record reads). An image record has no children and is never descended
    into, so asking ``node.children`` first gives the same tree without the search."""

    def add(self, leaf: RecordNode) -> None:
        node = leaf.root
        if node is self:
            node = node.children[0]
        current = self.root
        while node.children and node in current:
            current = current[node]
            node = node.children[0]
        node.parent = current


def _unwritable(header: Dataset) -> str | None:
    """Why an instance cannot be referenced from a DICOMDIR (said without patient data), or None."""
    for keyword in ("SOPInstanceUID", "SOPClassUID", "StudyInstanceUID", "SeriesInstanceUID"):
        if not str(header.get(keyword, "") or "").strip():
            return f"no {keyword}"
    if "TransferSyntaxUID" not in getattr(header, "file_meta", Dataset()):
        return "no file meta information"
    return None


# Type 1 in a directory record, only Type 2 (present, maybe empty) in the images: many files leave them empty.
# As DCMTK's ``dcmmkdir +I`` does, the record gets a made-up value; the file itself keeps its own.
_RECORD_DEFAULTS = {"PatientID": "UNKNOWN", "StudyDate": "19000101", "StudyTime": "000000", "StudyID": "1",
                    "SeriesNumber": None, "InstanceNumber": None}


def _with_record_keys(header: Dataset, n: int) -> Dataset:
    for keyword, made_up in _RECORD_DEFAULTS.items():
        if keyword not in header or header[keyword].VM == 0:
            setattr(header, keyword, made_up if made_up is not None else n + 1)
    return header


class _InDicomFolder(RecordNode):
    """A PATIENT record whose File ID component lies inside DICOM/ (IHE PDI keeps DICOM files there)."""

    @property
    def component(self) -> str:
        return os.path.join(DICOM_FOLDER, super().component)


def _root_in_dicom_folder(leaf: RecordNode) -> None:
    top = leaf.ancestors[-1] if leaf.ancestors else leaf
    if type(top) is RecordNode:
        top.__class__ = _InDicomFolder


def _tally(studies: dict[str, dict], header: Dataset) -> None:
    s = studies.setdefault(str(header.StudyInstanceUID),
                           {"date": str(header.get("StudyDate", "") or ""), "modalities": set(), "series": set(),
                            "images": 0})
    modality = str(header.get("Modality", "") or "")
    if modality:
        s["modalities"].add(modality)
    s["series"].add(str(header.SeriesInstanceUID))
    s["images"] += 1


def _copy_viewer(source: Path, dest: Path, step: _Steps) -> None:
    files = [p for p in source.rglob("*") if p.is_file() or p.is_symlink()]
    for n, path in enumerate(files):
        step("viewer", n, len(files))
        out = dest / path.relative_to(source)
        out.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink():
            os.symlink(os.readlink(path), out)
        else:
            shutil.copyfile(path, out)
            if os.access(path, os.X_OK):
                os.chmod(out, EXEC_MODE)
    step("viewer", len(files), len(files))


def _open_modes(tree: Path) -> None:
    """Readable by whoever mounts the disc (Cauri's umask makes its own files owner-only)."""
    for folder, dirs, files in os.walk(tree):
        os.chmod(folder, DIR_MODE)
        for name in files:
            path = Path(folder, name)
            if not path.is_symlink() and os.stat(path).st_mode & 0o777 != EXEC_MODE:
                os.chmod(path, FILE_MODE)


def _count(tree: Path) -> tuple[int, int]:
    files = [p for p in tree.rglob("*") if p.is_file() and not p.is_symlink()]
    return len(files), sum(p.stat().st_size for p in files)


def _move_into(tree: Path, target: Path) -> None:
    names = sorted(os.listdir(tree), key=lambda n: n == DICOMDIR)  # DICOMDIR last: the media is complete
    moved = []
    try:
        for name in names:
            os.replace(tree / name, target / name)
            moved.append(name)
    except OSError:
        for name in moved:
            _rm(target / name)
        raise


def _remove(work: Path, target: Path | None) -> None:
    shutil.rmtree(work, ignore_errors=True)
    if target is not None and target.exists() and not target.is_dir():  # an ISO renamed then failed
        _rm(target)


def _rm(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _os_message(exc: OSError, target: Path):
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return msg("not enough space on {path}: the media was not written (nothing was left there)",
                   path=str(target.parent if not target.is_dir() else target))
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return msg("cannot write in {path} (read-only, or no permission)", path=str(target.parent))
    return msg("the media could not be written ({reason})", reason=exc.strerror or type(exc).__name__)
