"""The instance files under the cache root, named by hashes: UIDs and header text come from outside and
never become path components.

New instances go to ``files/<h1>/<series hash>/<sha1 of the SOP Instance UID>.dcm``
(``series_relative_path``): one folder per series, so filling an empty cache makes a folder per series
rather than one per file. Files stored under the older ``files/<h1>/<h2>/<sha1 of the SOP Instance
UID>.dcm`` (``relative_path``) stay valid: the index stores each file's relative path, so both layouts
live side by side. Every file reaches its final name complete and on disk (temp file, fsync, rename;
the folders are flushed by ``sync_dirs``) before it may be indexed. Temp files live in a per-process
folder under ``tmp/`` guarded by a lock held for the life of the process, so a second Cauri process
never deletes files that the first is still writing, and the leftovers of a killed process are removed
the next time the cache opens.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import sys
import itertools
import threading
import uuid
from concurrent.futures import Executor
from pathlib import Path

from viewer.core.atomic import fsync_dir
from viewer.core.scratch import try_lock as _try_lock, unlock as _unlock

_LOCK_NAME = ".lock"
_COPY_CHUNK = 1 << 20
_SENDFILE_CHUNK = 1 << 26
_SENDFILE = sys.platform.startswith("linux") and hasattr(os, "sendfile")


def relative_path(sop_uid: str) -> str:
    digest = hashlib.sha1(sop_uid.encode("utf-8")).hexdigest()
    return f"files/{digest[:2]}/{digest[2:4]}/{digest}.dcm"


def series_relative_path(series_uid: str, sop_uid: str) -> str:
    """Where an import files a new instance: beside the other instances of its series."""
    folder = hashlib.sha1(series_uid.encode("utf-8")).hexdigest()
    digest = hashlib.sha1(sop_uid.encode("utf-8")).hexdigest()
    # 2 + 18 characters: never the 2 + 2 of the older layout, so the two cannot collide.
    return f"files/{folder[:2]}/{folder[2:20]}/{digest}.dcm"


def replacement_relative_path(rel_path: str) -> str:
    """A new name beside ``rel_path`` for another copy of its instance (the old file is removed only once
    the index points at the new one: a crash in between leaves the index right and a stray file)."""
    folder, _, _name = rel_path.rpartition("/")
    digest = hashlib.sha1(f"{rel_path}:{uuid.uuid4().hex}".encode("utf-8")).hexdigest()
    return f"{folder}/{digest}.dcm"


class FileStore:
    def __init__(self, root: Path):
        self.root = Path(root)
        self._tmp_root = self.root / "tmp"
        self._known_dirs: set[str] = set()
        self._dirs_lock = threading.Lock()
        self._dirty: set[str] = set()
        for d in (self.root, self.root / "files", self._tmp_root):
            d.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.stale_temp = self._remove_stale_temp()  # dead processes' folders: ``repair`` looks for their files
        self.tmp = self._tmp_root / f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.tmp.mkdir(mode=0o700)
        self._temp_names = itertools.count()  # unique within this process's own temp folder
        self._lock_fh = open(self.tmp / _LOCK_NAME, "a+b")
        if not _try_lock(self._lock_fh):  # cannot happen for a fresh name; be explicit if it does
            raise RuntimeError("could not lock the import temp folder")

    def close(self) -> None:
        if self._lock_fh is None:
            return
        try:
            _unlock(self._lock_fh)
        finally:
            self._lock_fh.close()
            self._lock_fh = None
            shutil.rmtree(self.tmp, ignore_errors=True)

    def absolute(self, rel_path: str) -> Path:
        return self.root / rel_path

    def new_temp(self) -> Path:
        return self.tmp / f"{next(self._temp_names)}.part"

    def store_copy(self, src: str | os.PathLike, rel_path: str, expected_size: int | None = None) -> int:
        """Copy ``src`` (streamed, bytes untouched) to its final place; returns the size written."""
        tmp = self.new_temp()
        try:
            with open(src, "rb") as fin, open(tmp, "wb") as fout:
                size = _copy(fin, fout)
                if expected_size is not None and size != expected_size:
                    raise FileChanged()
                os.fsync(fout.fileno())
            self._place(tmp, rel_path)
            return size
        except BaseException:
            _unlink_quietly(tmp)
            raise

    def stage_copy(
        self, src: str | os.PathLike, expected_size: int | None = None, rel_path: str | None = None
    ) -> tuple[Path, int]:
        """Copy ``src`` to a new temp file without flushing it; ``place_staged`` flushes and places it.

        With ``rel_path`` the destination folder is made now (in the caller's worker thread, not in
        the commit: an empty cache needs a new folder for nearly every file)."""
        if rel_path is not None:
            self._ensure_dir((self.root / rel_path).parent)
        tmp = self.new_temp()
        try:
            size = _copy_file(src, tmp)
            if expected_size is not None and size != expected_size:
                raise FileChanged()
            return tmp, size
        except BaseException:
            _unlink_quietly(tmp)
            raise

    def place_staged(self, staged: list[tuple[Path, str]], executor: Executor | None = None) -> list[OSError | None]:
        """Flush the staged temp files, then rename each to its place; per file None or its error.

        One ``syncfs`` of the cache's filesystem flushes a whole commit group (one journal commit
        instead of one per file); where that is unavailable or fails, every file gets its own fsync.
        Nothing is renamed before it is on disk. ``sync_dirs`` must still follow before indexing.
        """
        if not staged:
            return []
        errors: list[OSError | None] = [None] * len(staged)
        if not self._syncfs():
            def flush(path: Path) -> OSError | None:
                try:
                    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
                    try:
                        os.fsync(fd)
                    finally:
                        os.close(fd)
                    return None
                except OSError as exc:
                    return exc

            paths = [tmp for tmp, _rel in staged]
            errors = list(executor.map(flush, paths)) if executor is not None else [flush(p) for p in paths]
        for k, (tmp, rel_path) in enumerate(staged):
            if errors[k] is None:
                try:
                    self._place(tmp, rel_path)
                except OSError as exc:
                    errors[k] = exc
            if errors[k] is not None:
                _unlink_quietly(tmp)
        return errors

    def _syncfs(self) -> bool:
        return syncfs(self.tmp)

    def store_move(self, src: str | os.PathLike, rel_path: str) -> int:
        """Rename ``src`` into place (same filesystem), copying when a rename is impossible."""
        # Windows flushes only through a writable handle; POSIX is happy with a read-only one.
        mode = os.O_RDWR | os.O_BINARY if os.name == "nt" else os.O_RDONLY
        fd = os.open(src, mode)
        try:
            size = os.fstat(fd).st_size
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            self._place(Path(src), rel_path)
        except OSError as exc:
            if exc.errno not in (errno.EXDEV, errno.EACCES, errno.EPERM, errno.EROFS):
                raise
            return self.store_copy(src, rel_path)
        return size

    def sync_dirs(self, executor: Executor | None = None) -> None:
        """Flush the folders that received files or subfolders; call before indexing those files.

        A rename is durable only once its folder is flushed. Doing it once per batch instead of once
        per file lets one journal commit cover hundreds of renames.
        """
        with self._dirs_lock:
            dirty, self._dirty = self._dirty, set()
        if not dirty:
            return
        # One journal commit of the whole filesystem covers every renamed entry and new folder (an
        # empty cache gets a new folder for nearly every file: hundreds of fsyncs otherwise).
        if self._syncfs():
            return
        folders = [Path(f) for f in dirty]
        if executor is None:
            for folder in folders:
                fsync_dir(folder)
        else:
            list(executor.map(fsync_dir, folders))

    def _place(self, tmp: Path, rel_path: str) -> None:
        final = self.root / rel_path
        self._ensure_dir(final.parent)
        try:
            os.replace(tmp, final)
        except FileNotFoundError:
            if not tmp.exists():
                raise
            # An eviction removed the folder since this process made it (its series came back): make it again.
            with self._dirs_lock:
                self._known_dirs.discard(str(final.parent))
            self._ensure_dir(final.parent)
            os.replace(tmp, final)
        with self._dirs_lock:
            self._dirty.add(str(final.parent))

    def _ensure_dir(self, folder: Path) -> None:
        key = str(folder)
        if key in self._known_dirs:
            return
        with self._dirs_lock:
            if key in self._known_dirs:
                return
            for d in (folder.parent, folder):
                if not d.is_dir():
                    d.mkdir(mode=0o700, exist_ok=True)
                    self._dirty.add(str(d.parent))
            self._known_dirs.add(key)

    def _remove_stale_temp(self) -> int:
        removed = 0
        for entry in list(os.scandir(self._tmp_root)):
            path = Path(entry.path)
            if not entry.is_dir(follow_symlinks=False):
                _unlink_quietly(path)
                continue
            if _owner_alive(entry.name):
                continue  # a live process's folder, perhaps not locked yet: it is being made right now
            lock = path / _LOCK_NAME
            try:
                fh = open(lock, "a+b")
            except OSError:
                continue
            try:
                if not _try_lock(fh):
                    continue  # another live process is importing into this cache
                shutil.rmtree(path, ignore_errors=True)
                _unlock(fh)
            finally:
                fh.close()
            shutil.rmtree(path, ignore_errors=True)  # Windows: only deletable once the handle is closed
            removed += 1
        return removed


def _owner_alive(folder_name: str) -> bool:
    """Whether the process a temp folder is named after (``<pid>-<random>``) still runs. Another FileStore
    opening at the same moment (a second cache in this process, another Cauri) must not take a folder made
    a moment ago, between its mkdir and its lock, for a dead one's: it did, and an import failed with "could
    not lock". Windows has no signal-0 probe: there the lock alone decides, as before."""
    pid_text = folder_name.split("-", 1)[0]
    if not pid_text.isdigit() or os.name != "posix":
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, someone else's
    except OSError:
        return False
    return True


def _load_syncfs():
    """libc's ``syncfs`` on Linux (it reports write-back errors since Linux 5.8), else None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.syncfs
        fn.argtypes = [ctypes.c_int]
        fn.restype = ctypes.c_int
        release = tuple(int(x) for x in os.uname().release.split(".")[:2] if x.isdigit())
        if release < (5, 8):
            return None  # older kernels do not report write-back errors through syncfs
        return fn
    except (OSError, AttributeError, ValueError):
        return None


_LIBC_SYNCFS = _load_syncfs()


def syncfs(folder: str | os.PathLike) -> bool:
    """Flush everything written to the filesystem of ``folder``; False where that is not possible."""
    if _LIBC_SYNCFS is None:
        return False
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return False
    try:
        return _LIBC_SYNCFS(fd) == 0
    finally:
        os.close(fd)


def _copy_file(src: str | os.PathLike, dst: Path) -> int:
    """``_copy`` between two paths on bare descriptors: an import stages hundreds of files a second,
    and each Python file object costs more than the system calls it wraps."""
    if _SENDFILE:
        fin = os.open(src, os.O_RDONLY)
        try:
            fout = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            try:
                offset = 0
                while True:
                    try:
                        sent = os.sendfile(fout, fin, offset, _SENDFILE_CHUNK)
                    except OSError as exc:
                        if offset or exc.errno not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
                            raise
                        break  # this filesystem pair cannot: copy through user space below
                    if sent == 0:
                        return offset
                    offset += sent
            finally:
                os.close(fout)
        finally:
            os.close(fin)
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        return _copy(fin, fout)


def _copy(fin, fout) -> int:
    """Copy the whole of ``fin`` to ``fout``; in the kernel where it can (no bytes through Python)."""
    if _SENDFILE:
        offset = 0
        try:
            while True:
                sent = os.sendfile(fout.fileno(), fin.fileno(), offset, _SENDFILE_CHUNK)
                if sent == 0:
                    return offset
                offset += sent
        except OSError as exc:
            if offset or exc.errno not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
                raise
    fin.seek(0)
    shutil.copyfileobj(fin, fout, _COPY_CHUNK)
    fout.flush()
    return fout.tell()


class FileChanged(OSError):
    """The source file changed size between the header read and the copy."""


def unlink_quietly(path: str | os.PathLike) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


_unlink_quietly = unlink_quietly
