"""What an import reads: files, folders (recursive), DICOMDIR media and zip archives.

Folders are walked in full even when they hold a DICOMDIR: real CDs often carry files their DICOMDIR
forgets, or a DICOMDIR that lists files under other case. The DICOMDIR's records are read to report what it lists but the media lacks, and to refuse references that would leave the
media folder; a file outside the folder is never read because of a DICOMDIR. The DICOMDIR itself is
not an instance and is never imported. Links inside a walked folder are not followed out of it.

Zip members are only ever opened by their entry in the archive: a member name never becomes a path
on disk, so a hostile name ("../../x", "/etc/x") cannot write anywhere (no zip-slip).
"""

from __future__ import annotations

import os
import struct
import time
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from typing import Callable, Iterable

import pydicom

from viewer.core.messages import msg
from viewer.store.records import Rejection, os_reason

MISSING_REFERENCE = msg("listed in the DICOMDIR but missing from the media")

# Zip bombs: a member is only ever unpacked up to its declared size (``zipfile`` stops there and checks
# the CRC), so limits on declared sizes bound what an archive can make us write. Deflate packs real
# images 2-5 to 1 (a mostly empty segmentation perhaps 100 to 1); a member packed more than 100 to 1 and
# over 64 MiB is a bomb (2 GiB of zeros fit in 2.6 MB), as is an archive whose members add up to more
# than 100 times its size and over 1 GiB (overlapping members that all unpack one compressed block).
MAX_MEMBER = 8 << 30
MAX_RATIO = 100
RATIO_FROM = 64 << 20
ARCHIVE_RATIO_FROM = 1 << 30
# What reading a member of a hostile archive raises besides OSError (found by the zip fuzzer: a name that
# is not the UTF-8 its flag claims raises UnicodeDecodeError, a ValueError, from ZipFile.open).
MEMBER_ERRORS = (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, RuntimeError, ValueError,
                 struct.error)
ENCRYPTED = msg("encrypted zip member (password-protected archives are not supported)")
TOO_LARGE = msg("zip member too large")
ESCAPING_REFERENCE = msg("DICOMDIR entry points outside the media folder; refused")


@dataclass(frozen=True)
class FileItem:
    path: str  # where to read it
    label: str  # what the user is shown


@dataclass(frozen=True)
class ZipMember:
    archive: str
    index: int  # position in the archive's infolist (names may repeat inside one archive)
    label: str


def collect(
    paths: Iterable[str | os.PathLike],
    rejections: list[Rejection],
    cancel: Callable[[], bool] | None = None,
    found: Callable[[int], None] | None = None,
    skip: str | os.PathLike | None = None,
) -> list[FileItem]:
    """Every candidate file under ``paths``; problems go to ``rejections``.

    ``skip`` is a folder never walked into (the cache itself, should a user import a parent of it).
    """
    walker = _Walker(rejections, cancel, found, skip)
    for given in paths:
        if walker.cancelled():
            break
        label = os.fspath(given)
        if not os.path.lexists(label):
            rejections.append(Rejection(label, msg("not found")))
        elif os.path.isdir(label):
            walker.walk(label)
        elif os.path.basename(label).casefold() == "dicomdir":
            walker.walk(os.path.dirname(label) or ".")
        elif os.path.isfile(label):
            walker.add(FileItem(label, label))
        else:
            rejections.append(Rejection(label, msg("not a regular file")))
    return walker.items


class ZipBomb(zipfile.BadZipFile):
    """The archive as a whole unpacks to far more than it holds; ``reason`` says so."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def zip_members(archive: str, label: str) -> list[ZipMember]:
    """Members of the zip at ``archive`` worth reading. Raises ``zipfile.BadZipFile`` when damaged,
    ``ZipBomb`` when the members' declared sizes add up to a bomb."""
    try:
        with zipfile.ZipFile(archive) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError):
        raise
    except Exception as exc:  # zipfile's parsing of a hostile directory raises whatever it runs into
        raise zipfile.BadZipFile(type(exc).__name__) from None
    total = sum(info.file_size for info in infos)
    size = os.path.getsize(archive)
    if total > ARCHIVE_RATIO_FROM and total > MAX_RATIO * max(size, 1):
        raise ZipBomb(msg("zip bomb: unpacks to {size} MiB from {packed} MiB; refused",
                          size=total >> 20, packed=round(size / (1 << 20), 1)))
    members = []
    for index, info in enumerate(infos):
        name = info.filename
        base = name.rstrip("/").rsplit("/", 1)[-1]
        # macOS resource forks and a DICOMDIR index are archive furniture, not instances; a member without
        # a name (found by the fuzzer: ZipInfo.is_dir() raises on it) is nothing anyone could have meant.
        if not name or name.endswith("/") or name.startswith("__MACOSX/") or base.casefold() == "dicomdir":
            continue
        members.append(ZipMember(archive, index, f"{label}!{name}"))
    return members


def member_problem(info: zipfile.ZipInfo) -> str | None:
    """Why a zip member is not unpacked (encrypted, too large, a bomb), or None."""
    if info.flag_bits & 0x1:
        return ENCRYPTED
    if info.file_size > MAX_MEMBER:
        return TOO_LARGE
    if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        return msg("zip bomb: unpacks to {size} MiB from {packed} MiB; refused",
                   size=info.file_size >> 20, packed=round(info.compress_size / (1 << 20), 1))
    return None


class _Walker:
    def __init__(self, rejections: list[Rejection], cancel, found, skip):
        self.items: list[FileItem] = []
        self._skip = os.path.realpath(skip) if skip is not None else None
        self.rejections = rejections
        self._cancel = cancel
        self._found = found
        self._roots: set[str] = set()
        self._last_report = 0.0
        self._stopped = False

    def cancelled(self) -> bool:
        if not self._stopped and self._cancel is not None and self._cancel():
            self._stopped = True
        return self._stopped

    def add(self, item: FileItem) -> None:
        self.items.append(item)
        if self._found is not None and time.monotonic() - self._last_report > 0.1:
            self._last_report = time.monotonic()
            self._found(len(self.items))

    def walk(self, root: str) -> None:
        real_root = os.path.realpath(root)
        if real_root in self._roots or real_root == self._skip:
            return
        self._roots.add(real_root)
        first = len(self.items)
        dicomdirs: list[str] = []
        stack = [root]
        while stack and not self.cancelled():
            folder = stack.pop()
            try:
                with os.scandir(folder) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError as exc:
                self.rejections.append(Rejection(folder, msg("folder could not be read ({why})", why=os_reason(exc))))
                continue
            subfolders = []
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if self._skip is None or os.path.realpath(entry.path) != self._skip:
                        subfolders.append(entry.path)
                elif entry.is_symlink():
                    self._link(entry, real_root)
                elif entry.is_file(follow_symlinks=False):
                    if entry.name.casefold() == "dicomdir":
                        dicomdirs.append(entry.path)
                    else:
                        self.add(FileItem(entry.path, entry.path))
            stack.extend(reversed(subfolders))
        if dicomdirs:
            present = {item.path.casefold() for item in self.items[first:]}
            for dicomdir in dicomdirs:
                self._check_dicomdir(dicomdir, present)

    def _link(self, entry: os.DirEntry, real_root: str) -> None:
        target = os.path.realpath(entry.path)
        if os.path.isdir(target):
            self.rejections.append(Rejection(entry.path, msg("link to a folder; not followed")))
        elif not os.path.exists(target):
            self.rejections.append(Rejection(entry.path, msg("broken link")))
        elif not _inside(target, real_root):
            self.rejections.append(Rejection(entry.path, msg("link pointing outside the imported folder; refused")))
        else:
            self.add(FileItem(entry.path, entry.path))

    def _check_dicomdir(self, dicomdir: str, present: set[str]) -> None:
        media = os.path.dirname(dicomdir)
        real_media = os.path.realpath(media)
        try:
            references = _dicomdir_references(dicomdir)
        except Exception:
            self.rejections.append(
                Rejection(dicomdir, msg("DICOMDIR index is damaged; the media folder was scanned without it"))
            )
            return
        for parts in references:
            try:
                target = os.path.join(media, *parts)
                real_target = os.path.realpath(target)
            except (ValueError, TypeError):  # a NUL or other bytes no file name can hold
                self.rejections.append(Rejection(dicomdir, msg("DICOMDIR entry is not a valid file name; ignored")))
                continue
            if not _inside(real_target, real_media):
                self.rejections.append(Rejection(target, ESCAPING_REFERENCE))
            elif target.casefold() not in present and not os.path.exists(target):
                self.rejections.append(Rejection(target, MISSING_REFERENCE))


def _dicomdir_references(path: str) -> list[tuple[str, ...]]:
    """The Referenced File IDs of a DICOMDIR, as path components.

    The directory records are read directly: pydicom's ``FileSet`` would also stage a temporary folder in
    the system temp folder (left there when the process is killed), and refuses the whole set when one
    entry leaves the media root, where the good entries must be checked and the bad ones named."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = pydicom.dcmread(path)
        records = ds.get("DirectoryRecordSequence") or []
        return [_components(r.ReferencedFileID) for r in records if r.get("ReferencedFileID")]


def _components(value) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split("\\")
    return tuple(str(v).strip() for v in value)


def _inside(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:  # different drives on Windows
        return False

