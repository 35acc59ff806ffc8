"""``cauri cache`` and ``cauri import`` under a size limit, through real subprocesses: the limit holds after an
import, a pinned study is held, a protected study named for eviction goes only with --yes."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from store_fixtures import write_series

ROOT = Path(__file__).resolve().parents[1]


def cauri(*args: str, home: Path, rc: int = 0) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=f"{ROOT}{os.pathsep}{ROOT / 'plugins'}")
    proc = subprocess.run([sys.executable, "-m", "viewer", "--home", str(home), *args], capture_output=True,
                          text=True, env=env, timeout=180, check=False)
    assert proc.returncode == rc, proc.stderr
    return proc


def _source(tmp_path: Path, k: int, images: int = 3) -> tuple[Path, str, int]:
    folder = tmp_path / f"src{k}"
    uid = f"1.2.826.0.1.3680043.98.{k}"
    write_series(folder, images, study_uid=uid, patient_id=f"P{k}", study_date="20190101")
    return folder, uid, sum(p.stat().st_size for p in folder.iterdir())


def _age(home: Path) -> None:
    """What was imported today is today's worklist (kept): made older by hand, in import order; and known on
    the archive (as if retrieved from it: a study that may exist only here is kept)."""
    db = sqlite3.connect(home / "data" / "store" / "index.sqlite")
    db.execute("UPDATE study SET added_at = 1000 + id, source_node = 'pacs'")
    db.commit()
    db.close()


def test_the_limit_holds_after_each_import_and_protected_studies_need_yes(tmp_path):
    home = tmp_path / "home"
    sources = [_source(tmp_path, k) for k in range(4)]
    sizes = [s[2] for s in sources]
    assert max(sizes) < 1.1 * min(sizes)  # same shape: the limit below is two studies and a half
    size = sum(sizes) / len(sizes)
    for folder, _uid, _size in sources[:2]:
        cauri("import", str(folder), home=home)
    _age(home)
    cauri("cache", "pin", sources[0][1], home=home)
    (home / "config" / "settings.json").write_text(json.dumps({"cache_limit_gb": 2.5 * size / 1e9,
                                                                "setup_done": True}))
    for folder, _uid, _size in sources[2:]:
        cauri("import", str(folder), home=home)
        _age(home)
    status = json.loads(cauri("cache", "status", "--json", home=home).stdout)
    assert status["bytes"] <= 2.5 * size
    assert status["studies"] == 4 and status["pinned"] == 1
    # The third import put the cache at three studies (over 2.5): the oldest unpinned one (1) went; the
    # fourth: the next oldest unpinned (2). The pinned one (0) stayed.
    listed = {s["study_uid"]: s for s in json.loads(cauri("studies", "--json", home=home).stdout)}
    assert {u: s["on_archive"] for u, s in listed.items()} == {
        sources[0][1]: False, sources[1][1]: True, sources[2][1]: True, sources[3][1]: False}
    refused = cauri("cache", "evict", "--study-uid", sources[0][1], home=home, rc=2)
    assert "pinned by the reader" in refused.stderr
    done = json.loads(cauri("cache", "evict", "--study-uid", sources[0][1], "--yes", "--json", home=home).stdout)
    assert done["evicted"] == 1 and done["files"] == 3 and done["bytes"] == sources[0][2]
    cauri("cache", "unpin", sources[0][1], home=home)
    assert json.loads(cauri("cache", "status", "--json", home=home).stdout)["pinned"] == 0
