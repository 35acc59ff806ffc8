"""Issue 19: the cache (files, index, WAL and SHM), logs and settings are owner-only on POSIX: 0600 files
and 0700 folders, also in a home an older Cauri made readable to every local user. Checked with os.stat."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

pytestmark = [pytest.mark.skipif(os.name != "posix", reason="POSIX modes (Windows: the per-user profile)"),
              pytest.mark.timeout(120)]


def _modes(root):
    files, folders = {}, {}
    for dirpath, dirnames, filenames in os.walk(root):
        folders[dirpath] = stat.S_IMODE(os.stat(dirpath).st_mode)
        for name in filenames:
            path = os.path.join(dirpath, name)
            files[path] = stat.S_IMODE(os.stat(path).st_mode)
    return files, folders


def _run(*args, home, umask=0o022):
    proc = subprocess.run([sys.executable, "-m", "viewer", *args, "--home", str(home)], capture_output=True,
                          text=True, timeout=90, preexec_fn=lambda: os.umask(umask))
    assert proc.returncode == 0, proc.stderr
    return proc


def test_everything_under_the_home_is_owner_only(tmp_path):
    from store_fixtures import write_series

    write_series(tmp_path / "src", 3)
    home = tmp_path / "home"
    _run("import", str(tmp_path / "src"), home=home)  # under the usual umask 022
    _run("node", "add", "pacs", "--ae", "PACS", "--host", "127.0.0.1", "--port", "104", home=home)
    files, folders = _modes(home)
    names = {os.path.basename(p) for p in files}
    assert {"index.sqlite", "cauri.log", "network.json"} <= names
    assert sum(p.endswith(".dcm") for p in files) == 3
    assert {p: m for p, m in files.items() if m != 0o600} == {}
    assert {p: m for p, m in folders.items() if m != 0o700 and p != str(tmp_path)} == {}


def test_wal_and_shm_of_a_live_index_are_owner_only(tmp_path):
    os.umask(0o022)
    from viewer.store.cache import StudyCache

    with StudyCache(tmp_path / "store") as cache:
        cache.find_studies()
        for suffix in ("", "-wal", "-shm"):
            path = tmp_path / "store" / f"index.sqlite{suffix}"
            assert path.exists(), path
            assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
    os.umask(0o022)


def test_an_older_readable_cache_is_closed_to_others(tmp_path):
    from viewer.store.cache import StudyCache

    old = os.umask(0o022)
    try:
        root = tmp_path / "store"
        (root / "files").mkdir(parents=True)
        (root / "index.sqlite").touch()
        os.chmod(root, 0o755)
        os.chmod(root / "index.sqlite", 0o644)
        with StudyCache(root):
            pass
        assert stat.S_IMODE(os.stat(root).st_mode) == 0o700
        assert stat.S_IMODE(os.stat(root / "index.sqlite").st_mode) == 0o600
    finally:
        os.umask(old)
