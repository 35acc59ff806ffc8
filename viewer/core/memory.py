"""One memory budget for everything decoded: 2-D frames, MPR/3-D volumes and thumbnails, of every open
study and prior together.

Each holder accounts its arrays here. An entry given an ``evict`` callback may be dropped, least recently
used first, whoever asks for room (a frame of a prior goes before the frame the reader looked at last);
what can be read again (a frame from the cache) is streamed rather than kept. An entry without one is
held (a volume on screen) until released. A request that cannot fit even after every evictable entry has
gone is refused: the holder says so to the reader instead of the process running out of memory.
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Hashable

from viewer.core.messages import msg

MB = 1 << 20
GB = 1 << 30
MIN_BUDGET = 256 * MB  # below this a CT series could not show a few slices ahead
AUTO_SHARE = 4  # automatic: a quarter of the machine's memory (2 GB on the hospitals' 8 GB PCs)
AUTO_MIN, AUTO_MAX = 512 * MB, 32 * GB
UNKNOWN_RAM = 8 * GB  # what the hospitals' PCs have, when the system does not say


def physical_memory() -> int | None:
    """The machine's RAM in bytes, None when the system does not tell."""
    if sys.platform == "win32":
        class _Status(ctypes.Structure):
            _fields_ = [("length", ctypes.c_ulong), ("load", ctypes.c_ulong), ("total", ctypes.c_ulonglong),
                        ("avail", ctypes.c_ulonglong), ("page_total", ctypes.c_ulonglong),
                        ("page_avail", ctypes.c_ulonglong), ("virtual_total", ctypes.c_ulonglong),
                        ("virtual_avail", ctypes.c_ulonglong), ("extended", ctypes.c_ulonglong)]

        status = _Status()
        status.length = ctypes.sizeof(_Status)
        if ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):
            return int(status.total)
        return None
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return None


def automatic_budget(ram: int | None = None) -> int:
    """A quarter of the RAM, between 512 MB and 32 GB: the rest is the system's, Qt's, VTK's and the GPU
    driver's, and other programs' on a shared PC."""
    ram = physical_memory() if ram is None else ram
    return max(AUTO_MIN, min(AUTO_MAX, (ram or UNKNOWN_RAM) // AUTO_SHARE))


def budget_bytes(setting_mb: float) -> int:
    """The budget a setting in MB asks for (0: automatic), never under ``MIN_BUDGET``."""
    if not setting_mb or setting_mb <= 0:
        return automatic_budget()
    return max(MIN_BUDGET, int(setting_mb * MB))


def memory_size(nbytes: int):
    """A size for the reader: "1.5 GB", "300 MB" (French "1,5 Go", "300 Mo")."""
    if nbytes >= GB:
        return msg("{value:trim} GB", value=round(nbytes / GB, 2))
    return msg("{value} MB", value=max(1, round(nbytes / MB)))


@dataclass
class _Entry:
    nbytes: int
    kind: str
    evict: Callable[[], None] | None


class MemoryBudget:
    """Accounted bytes of decoded images, least recently used first; thread-safe. Evict callbacks are
    called outside the budget's lock (they take their holder's)."""

    def __init__(self, limit: int) -> None:
        self._limit = int(limit)
        self._lock = threading.Lock()
        self._entries: "OrderedDict[Hashable, _Entry]" = OrderedDict()
        self._used = 0
        self._held = 0  # of which not evictable: kept as a sum, asked at every scroll step
        self.peak = 0  # the most ever accounted: what a test checks against the limit

    @property
    def limit(self) -> int:
        return self._limit

    @property
    def used(self) -> int:
        return self._used

    def used_by(self, kind: str) -> int:
        with self._lock:
            return sum(e.nbytes for e in self._entries.values() if e.kind == kind)

    def held(self) -> int:
        """Bytes that cannot be evicted (volumes on screen)."""
        return self._held

    def set_limit(self, limit: int) -> None:
        with self._lock:
            self._limit = int(limit)
            victims = self._make_room(0)
        _call(victims)

    def admit(self, key: Hashable, nbytes: int, kind: str, evict: Callable[[], None] | None = None,
              force: bool = False) -> bool:
        """Account ``nbytes`` under ``key``, evicting others' least recently used entries to make room.
        Without ``evict`` the entry is held until ``release``. False, and nothing accounted, when it does
        not fit even so; ``force`` accounts it anyway (a frame the reader is looking at must be shown)."""
        with self._lock:
            self._forget(key)
            fits = self._held + nbytes <= self._limit
            # A request refused takes nothing from the others: a volume too big leaves the frames shown.
            victims = self._make_room(nbytes) if fits or force else []
            if fits or force:
                self._entries[key] = _Entry(int(nbytes), kind, evict)
                self._used += int(nbytes)
                self._held += int(nbytes) if evict is None else 0
                self.peak = max(self.peak, self._used)
        _call(victims)
        return fits or force

    def hold(self, key: Hashable, nbytes: int, kind: str = "volume") -> bool:
        return self.admit(key, nbytes, kind, None)

    def resize(self, key: Hashable, nbytes: int) -> None:
        """A held entry shrank (a resampled volume let its acquired copy go)."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._used += int(nbytes) - entry.nbytes
                self._held += (int(nbytes) - entry.nbytes) if entry.evict is None else 0
                entry.nbytes = int(nbytes)

    def touch(self, key: Hashable) -> None:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)

    def release(self, key: Hashable) -> None:
        with self._lock:
            self._forget(key)

    def _forget(self, key: Hashable) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._used -= entry.nbytes
            self._held -= entry.nbytes if entry.evict is None else 0

    def _make_room(self, nbytes: int) -> list:
        """Under the lock: drop least recently used evictable entries until ``nbytes`` more fit."""
        need = self._used + nbytes - self._limit
        if need <= 0:
            return []
        keys = []
        for key, entry in self._entries.items():  # oldest first; stops as soon as enough is found
            if entry.evict is not None:
                keys.append(key)
                need -= entry.nbytes
                if need <= 0:
                    break
        victims = []
        for key in keys:
            entry = self._entries.pop(key)
            self._used -= entry.nbytes
            victims.append(entry.evict)
        return victims


def _call(victims) -> None:
    for evict in victims:
        evict()
