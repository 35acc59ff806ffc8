"""A machine whose profile folder cannot be written (a locked-down PC, a profile on a read-only share) still
opens Cauri: settings and cache go to a temporary folder that is removed at exit. The profile is a
read-only mount (we run as root: file modes would not stop us, see the environment notes)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_headless_launch import read_only_folder

pytestmark = pytest.mark.gui


@pytest.fixture
def read_only_profile(tmp_path):
    with read_only_folder(tmp_path / "profile") as profile:
        yield profile


def test_an_unwritable_profile_gives_a_temporary_home_removed_at_exit(tmp_path, read_only_profile):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "CAURI_HOME"))}
    env.update(HOME=str(read_only_profile), TMPDIR=str(scratch), PYTHONPATH=os.pathsep.join(sys.path))
    shot = tmp_path / "demo.png"
    done = subprocess.run([sys.executable, "-m", "viewer", "--demo", "--lang", "fr", "--screenshot", str(shot)],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "using a temporary folder" in done.stderr
    assert shot.stat().st_size > 50000  # the demo study on screen
    assert not [p for p in Path(scratch).iterdir() if p.name.startswith("cauri-")]  # the temporary home went
    assert list(read_only_profile.iterdir()) == []
