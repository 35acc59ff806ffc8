"""Clocks, percentiles, resident memory and out-of-process workers shared by the cases."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

from viewer.dicom.pixels import Window

now = time.perf_counter
_WINDOWS = itertools.count(1)


def fresh_window() -> Window:
    """A window (centre, width near 40/400 HU) that no earlier frame of this process was drawn with: a frame
    timed during a window/level drag must not find its LUT in a cache that an earlier frame filled."""
    j = next(_WINDOWS)
    return Window(40.0 + 0.5 * j, 400.0 + 1.0 * j)


def median(values) -> float:
    v = sorted(values)
    if not v:
        raise ValueError("no samples")
    mid = len(v) // 2
    return v[mid] if len(v) % 2 else (v[mid - 1] + v[mid]) / 2.0


def percentile(values, p: float) -> float:
    """Linear-interpolated percentile (p in 0..100) without numpy, for a handful of samples."""
    v = sorted(values)
    if not v:
        raise ValueError("no samples")
    k = (len(v) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    """Shortest wall time of ``repeat`` calls, in seconds: the figure least disturbed by other load."""
    best = float("inf")
    for _ in range(max(1, repeat)):
        t0 = now()
        fn()
        best = min(best, now() - t0)
    return best


# -- resident memory --------------------------------------------------------------------------------


def _status_kb(field: str) -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def current_rss() -> int:
    """Resident set size in bytes (Linux /proc; elsewhere the peak, the best portable proxy)."""
    kb = _status_kb("VmRSS")
    return kb * 1024 if kb is not None else peak_rss()


def peak_rss() -> int:
    """Peak resident set size of this process in bytes."""
    kb = _status_kb("VmHWM")
    if kb is not None:
        return kb * 1024
    import resource  # not on Windows; there the memory case reports what it cannot measure

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # macOS reports bytes, the rest KiB


def reset_peak_rss() -> bool:
    """Reset VmHWM to the current RSS (Linux >= 4.0), so a later peak measures one phase only."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


# -- workers in a fresh process ------------------------------------------------------------------


class WorkerFailed(RuntimeError):
    pass


def run_worker(module: str, payload: dict, timeout: float = 300.0, env: dict | None = None) -> dict:
    """Run ``python -m module IN.json OUT.json`` and return what it wrote.

    Cases that need a clean process (peak memory, a GUI, an OpenGL context) run there: the parent's
    own memory and libraries would otherwise blur the figure, and a crash in a driver cannot take the
    whole suite down.
    """
    scratch = Path(payload["scratch"])
    scratch.mkdir(parents=True, exist_ok=True)
    tag = module.rsplit(".", 1)[-1]
    src, dst = scratch / f"{tag}.in.json", scratch / f"{tag}.out.json"
    src.write_text(json.dumps(payload), encoding="utf-8")
    dst.unlink(missing_ok=True)
    full_env = dict(os.environ)
    full_env.update(env or {})
    try:
        proc = subprocess.run(
            [sys.executable, "-m", module, str(src), str(dst)],
            env=full_env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        raise WorkerFailed(f"{tag} worker did not finish within {timeout:.0f} s") from None
    if proc.returncode != 0 or not dst.exists():
        tail = (proc.stderr or proc.stdout or "").strip().splitlines()[-3:]
        raise WorkerFailed(f"{tag} worker exited {proc.returncode}: {' | '.join(tail)}")
    return json.loads(dst.read_text(encoding="utf-8"))


def worker_main(fn: Callable[[dict], dict]) -> None:
    """Entry point of a worker module: payload from argv[1], result JSON to argv[2]."""
    src, dst = sys.argv[1], sys.argv[2]
    payload = json.loads(Path(src).read_text(encoding="utf-8"))
    result = fn(payload)
    Path(dst).write_text(json.dumps(result), encoding="utf-8")
