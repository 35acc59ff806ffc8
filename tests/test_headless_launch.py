"""The newcomer on a server: ``cauri`` without a display says so at once and exits non-zero (never an invisible
window running for ever); ``--screenshot`` and ``render --out`` aimed where nothing can be written fail with a
clear message before any work, and leave nothing behind (no folder made, no half-written file). Run as
subprocesses, as a user would; a read-only target is a read-only tmpfs mount (root ignores file modes)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from synthetic import write_series

ROOT = Path(__file__).resolve().parents[1]
NO_DISPLAY = "no display: run on a desktop, or use --screenshot under xvfb-run"


def cauri(*args, env_changes: dict | None = None, drop=(), timeout=240) -> tuple[subprocess.CompletedProcess, float]:
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(env_changes or {})
    start = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "viewer", *args], env=env, capture_output=True, text=True,
                         timeout=timeout, cwd=ROOT)
    return run, time.monotonic() - start


@contextmanager
def read_only_folder(path: Path):
    path.mkdir(parents=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(path)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a read-only tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", str(path)], check=True)


NO_DISPLAY_ENV = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="display detection is the X11/Wayland one")
@pytest.mark.parametrize("args", [[], ["--demo", "--screenshot", "shot.png"]], ids=["window", "screenshot"])
def test_no_display_says_so_and_exits(tmp_path, args):
    home = tmp_path / "home"
    args = [str(tmp_path / a) if a.endswith(".png") else a for a in args]
    run, seconds = cauri("--home", str(home), *args, drop=NO_DISPLAY_ENV, timeout=30)
    print(f"no display: exit {run.returncode} after {seconds:.2f} s")  # measured for the report, not asserted
    assert run.returncode == 2
    assert run.stderr.strip().startswith(f"cauri: {NO_DISPLAY}") and "Traceback" not in run.stderr
    assert not home.exists() and not (tmp_path / "shot.png").exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="display detection is the X11/Wayland one")
def test_xcb_asked_for_without_a_display_is_the_same_message(tmp_path):
    run, _ = cauri("--home", str(tmp_path / "home"), drop=NO_DISPLAY_ENV, env_changes={"QT_QPA_PLATFORM": "xcb"},
                   timeout=30)
    assert run.returncode == 2 and NO_DISPLAY in run.stderr  # not Qt's abort on a missing X server


def test_offscreen_chosen_explicitly_still_works_without_a_display(tmp_path):
    write_series(tmp_path / "src", slices=3, rows=32, cols=32)
    shot = tmp_path / "shot.png"
    run, _ = cauri("--home", str(tmp_path / "home"), str(tmp_path / "src"), "--screenshot", str(shot),
                   drop=("DISPLAY", "WAYLAND_DISPLAY"), env_changes={"QT_QPA_PLATFORM": "offscreen"})
    assert run.returncode == 0, run.stderr
    assert shot.stat().st_size > 1000 and not list(tmp_path.glob("*.part"))


def test_screenshot_into_a_missing_folder_fails_first_and_makes_nothing(tmp_path):
    home = tmp_path / "home"
    target = tmp_path / "no" / "such" / "folder" / "shot.png"
    run, _seconds = cauri("--home", str(home), "--demo", "--screenshot", str(target), timeout=60)
    assert run.returncode == 2
    assert run.stderr.strip() == f"cauri: --screenshot: cannot write {target}: the folder {target.parent} does not exist"
    assert not (tmp_path / "no").exists() and not home.exists()  # no folder made, no demo generated
    # (how long the refusal takes: `cauri bench open`)


def test_screenshot_into_a_read_only_folder(tmp_path):
    home = tmp_path / "home"
    with read_only_folder(tmp_path / "ro") as folder:
        run, _ = cauri("--home", str(home), "--demo", "--screenshot", str(folder / "shot.png"), timeout=60)
        assert run.returncode == 2
        assert "is not writable" in run.stderr and str(folder) in run.stderr
        assert list(folder.iterdir()) == []
    assert not home.exists()


def test_render_out_into_a_missing_or_read_only_folder(tmp_path):
    write_series(tmp_path / "src", slices=3, rows=32, cols=32)
    target = tmp_path / "missing" / "out.png"
    run, _ = cauri("render", str(tmp_path / "src"), "--out", str(target), "--home", str(tmp_path / "home"))
    assert run.returncode == 1
    assert run.stderr.strip() == f"cauri render: cannot write {target}: the folder {target.parent} does not exist"
    assert not target.parent.exists()
    with read_only_folder(tmp_path / "ro") as folder:
        run, _ = cauri("render", str(tmp_path / "src"), "--out", str(folder / "out.png"), "--home", str(tmp_path / "home"))
        assert run.returncode == 1 and "is not writable" in run.stderr and "Traceback" not in run.stderr
        assert list(folder.iterdir()) == []
    # And where it can write, it does (the same command, a real folder).
    ok, _ = cauri("render", str(tmp_path / "src"), "--out", str(tmp_path / "out.png"), "--home", str(tmp_path / "home"))
    assert ok.returncode == 0, ok.stderr
    assert (tmp_path / "out.png").stat().st_size > 100 and not (tmp_path / "out.png.part").exists()
