"""The retrieve queue: browse order, priorities, cancel, persistence, and resume after a real SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from viewer.net.queue import CANCELLED, DONE, FILE_NAME, NOW, NORMAL, PRIOR, QUEUED, RetrieveQueue
from viewer.net.retrieve import RetrieveReport, browse_order, plan_jobs

pytestmark = pytest.mark.timeout(60)
REPO = Path(__file__).resolve().parents[2]


def test_browse_order_middle_first_last_then_bisection():
    # The middle first: a viewport opens a stack on frame_count // 2 (hand-counted: 9 // 2 = 4, 300 // 2 = 150).
    assert browse_order(list(range(9))) == [4, 0, 8, 2, 6, 1, 3, 5, 7]
    assert browse_order([]) == [] and browse_order(["a"]) == ["a"] and browse_order(["a", "b"]) == ["a", "b"]
    assert browse_order([1, 2, 3]) == [2, 1, 3]
    for n in (4, 5, 17, 300):
        order = browse_order(list(range(n)))
        assert sorted(order) == list(range(n))  # every instance once
        assert order[:3] == [n // 2, 0, n - 1]
    # After the first 2^k + 1 instances, no gap of the stack is wider than about n / 2^k.
    order = browse_order(list(range(300)))
    for k in range(2, 7):
        seen = sorted(order[: 2 ** k + 1])
        assert max(b - a for a, b in zip(seen, seen[1:])) <= 300 // 2 ** k + 1


def test_plan_jobs_series_on_screen_first_and_browse_order():
    listed = {"A": [f"a{i}" for i in range(40)], "B": [f"b{i}" for i in range(40)]}
    missing = {"A": listed["A"], "B": listed["B"][5:]}
    jobs = plan_jobs(listed, missing, parallel=2, method="get", first_series="B")
    assert [se for se, _ in jobs] == ["B", "B", "B", "A", "A"]
    first, b1, b2 = jobs[0][1], jobs[1][1], jobs[2][1]
    assert sorted(first + b1 + b2) == sorted(missing["B"])
    # A short first request (the archive looks up a request's every UID before sending): the middle of
    # what is missing (35 UIDs b5..b39: index 17, b22), the first and the last; then the associations
    # share the rest of the order.
    assert first == ["b22", "b5", "b39"] and len(b1) + len(b2) == 32
    assert (b1[0], b2[0]) == ("b13", "b30")
    assert [len(uids) for se, uids in jobs if se == "A"] == [20, 20]  # not the series on screen: no short one
    # WADO-RS: a series missing entirely is one request (archive order); a partial one goes by instance.
    wado = plan_jobs(listed, missing, parallel=1, method="wado")
    assert wado[0] == ("A", None) and wado[1][1][:2] == ["b22", "b5"]


def test_plan_jobs_nobody_looking_asks_for_whole_series():
    # cauri retrieve, prefetch without a viewer: a series missing entirely is one series-level request
    # (the archive skips looking up a UID list); a partial one still names only what is missing.
    listed = {"A": [f"a{i}" for i in range(40)], "B": [f"b{i}" for i in range(40)]}
    missing = {"A": listed["A"], "B": listed["B"][5:]}
    for method in ("get", "move"):
        jobs = plan_jobs(listed, missing, parallel=2, method=method, in_order=False)
        assert jobs[0] == ("A", None)
        assert all(se == "B" and uids for se, uids in jobs[1:])
        assert sorted(u for _se, uids in jobs[1:] for u in uids) == sorted(missing["B"])


class FakeRetrieve:
    """Stands for retrieve_study: records each call and holds it until released or cancelled."""

    def __init__(self):
        self.calls: list[tuple[str, str | None]] = []
        self.gate = threading.Event()
        self.started = threading.Condition()

    def __call__(self, cache, config, node, study_uid, series_uid=None, method=None, parallel=1, scp=None,
                 progress=None, cancel=None, first_series=None):
        with self.started:
            self.calls.append((study_uid, first_series()))
            self.started.notify_all()
        while not self.gate.wait(0.01):
            if cancel():
                return RetrieveReport(study_uid, "get", expected=4, missing=2, errors=["cancelled"])
        self.favoured_at_end = first_series()
        progress(4, 4)
        return RetrieveReport(study_uid, "get", expected=4, missing=0, complete=True)

    def wait_calls(self, n: int) -> None:
        with self.started:
            assert self.started.wait_for(lambda: len(self.calls) >= n, timeout=10), self.calls


@pytest.fixture
def fake_queue(tmp_path, config):
    from viewer.store.cache import StudyCache

    fake = FakeRetrieve()
    changes = []
    with StudyCache(tmp_path / "store") as cache:
        queue = RetrieveQueue(cache, config, retrieve=fake, on_change=changes.append)
        queue.start()
        try:
            yield queue, fake, changes
        finally:
            fake.gate.set()
            queue.stop()


def test_priorities_and_preemption(fake_queue):
    queue, fake, _changes = fake_queue
    queue.enqueue("pacs", "s1")
    fake.wait_calls(1)
    queue.enqueue("pacs", "p1", priority=PRIOR)
    queue.enqueue("pacs", "n2", priority=NORMAL)
    assert [i.study_uid for i in queue.items()] == ["s1", "n2", "p1"]
    queue.enqueue("pacs", "now", priority=NOW)  # interrupts s1, which resumes in its place
    fake.wait_calls(2)
    fake.gate.set()
    assert queue.wait_idle(20)
    assert [uid for uid, _ in fake.calls] == ["s1", "now", "s1", "n2", "p1"]
    assert all(i.state == DONE and i.done == i.total == 4 for i in queue.items())


def test_prioritize_series_steers_the_running_retrieve(fake_queue):
    queue, fake, changes = fake_queue
    queue.enqueue("pacs", "study", priority=PRIOR)
    fake.wait_calls(1)
    assert queue.prioritize("study", "series-on-screen")
    assert queue.item("study").priority == NOW and queue.item("study").first_series == "series-on-screen"
    assert not queue.prioritize("unknown-study")
    fake.gate.set()
    assert queue.wait_idle(20) and queue.item("study").state == DONE
    # Not restarted: the running retrieve asks which series to favour each time it starts a request.
    assert fake.calls == [("study", None)] and fake.favoured_at_end == "series-on-screen"
    assert any(c.state == DONE and c.done == 4 for c in changes)  # progress reached the callback


def test_cancel_queued_and_running(fake_queue):
    queue, fake, _changes = fake_queue
    queue.enqueue("pacs", "running")
    fake.wait_calls(1)
    queue.enqueue("pacs", "waiting")
    assert queue.cancel("waiting") and queue.cancel("running")
    assert queue.wait_idle(20)
    assert [uid for uid, _ in fake.calls] == ["running"]
    assert {i.study_uid: i.state for i in queue.items()} == {"running": CANCELLED, "waiting": CANCELLED}
    assert json.loads(queue.path.read_text())["items"] == []  # nothing left to resume


def test_unfinished_items_are_on_file_and_resume(tmp_path, config):
    from viewer.store.cache import StudyCache

    fake = FakeRetrieve()
    with StudyCache(tmp_path / "store") as cache:
        queue = RetrieveQueue(cache, config, retrieve=fake).start()
        queue.enqueue("pacs", "a")
        fake.wait_calls(1)
        queue.enqueue("pacs", "b", series_uid="b-series", priority=PRIOR)
        saved = json.loads((tmp_path / "store" / FILE_NAME).read_text())["items"]
        assert [(i["study_uid"], i["state"]) for i in saved] == [("a", "running"), ("b", "queued")]
        queue.stop()  # as at exit: the running one is interrupted, both stay on file
        saved = json.loads((tmp_path / "store" / FILE_NAME).read_text())["items"]
        assert {(i["study_uid"], i["state"]) for i in saved} == {("a", QUEUED), ("b", QUEUED)}
        fake.gate.set()
        again = RetrieveQueue(cache, config, retrieve=fake).start()
        try:
            assert again.wait_idle(20)
            assert [uid for uid, _ in fake.calls] == ["a", "a", "b"]
        finally:
            again.stop()


# -- a real retrieve, a real SIGKILL -------------------------------------------------------------------

CHILD = r"""
import os, sys, threading
from viewer.core.paths import resolve_paths
from viewer.net.nodes import NetworkConfig
from viewer.net.queue import RetrieveQueue
from viewer.store.cache import StudyCache

import viewer.store.receive as receive

home, study_uid, mode = sys.argv[1], sys.argv[2], sys.argv[3]
cache = StudyCache(resolve_paths(home).ensure().store)
hold = threading.Event()
real_commit = receive.InstanceReceiver._commit

def commit(self, batch):
    real_commit(self, batch)
    if mode == "kill":
        print("PROGRESS", flush=True)
        hold.wait()  # the committer stops after its first transaction: the kill cuts the retrieve mid-way

receive.InstanceReceiver._commit = commit
queue = RetrieveQueue(cache, NetworkConfig.load(home), parallel=1).start()
if mode == "kill":
    queue.enqueue("pacs", study_uid)
    hold.wait()
else:
    assert queue.wait_idle(40)
    item = queue.item(study_uid)
    r = item.report
    print("RESULT", item.state, r.present_before, r.requested, r.received, r.imported, r.missing, flush=True)
    queue.stop()
    cache.close()
"""


def _child(net_home, study_uid: str, mode: str) -> subprocess.Popen:
    env = dict(os.environ, TCP_NODELAY="1", PYTHONPATH=str(REPO))
    return subprocess.Popen([sys.executable, "-c", CHILD, str(net_home), study_uid, mode], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_resume_after_sigkill_completes_without_duplicates(net_home, archive):
    from viewer.core.paths import resolve_paths
    from viewer.store.cache import StudyCache

    study = archive.ct.study_uid
    child = _child(net_home, study, "kill")
    try:
        line = child.stdout.readline()
        assert line.startswith("PROGRESS"), child.stderr.read()
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait(10)
    store = resolve_paths(net_home).store
    saved = json.loads((store / FILE_NAME).read_text())["items"]
    assert [(i["study_uid"], i["state"]) for i in saved] == [(study, "running")]

    resumed = _child(net_home, study, "resume")
    out, err = resumed.communicate(timeout=50)
    assert resumed.returncode == 0, err
    state, present, requested, received, imported, missing = out.split("RESULT")[1].split()
    assert state == DONE and int(missing) == 0
    assert int(present) >= 1 and int(requested) == 20 - int(present)
    assert int(received) == int(imported) == int(requested)  # only what was missing came again
    with StudyCache(store) as cache:
        assert cache.counts()["instance"] == 20
        files = [f for _r, _d, fs in os.walk(store / "files") for f in fs]
        assert len(files) == 20  # the instances filed but not indexed at the kill were replaced, not doubled
        assert [f for f in os.listdir(cache.files.tmp) if f != ".lock"] == []
        assert len(os.listdir(store / "tmp")) == 1  # the killed process's temp folder is gone
    assert json.loads((store / FILE_NAME).read_text())["items"] == []


def test_running_retrieve_turns_to_the_favoured_series(cache, config, archive, monkeypatch):
    """retrieve_study asks ``first_series`` before each request: a change mid-way steers what comes next."""
    from viewer.net import retrieve, retrieve_scu

    s0, s1 = archive.ct.series_uids  # 12 and 8 instances: 3 + 4 + 4 + 1 (short first request) and 2 x 4
    monkeypatch.setitem(retrieve._MAX_UIDS, "get", 4)
    asked: list[str] = []
    favoured = [s0]
    real = retrieve_scu.GetSession.get

    def spy(self, writer, study_uid, series_uid=None, sop_uids=None, *args, **kw):
        asked.append(series_uid)
        out = real(self, writer, study_uid, series_uid, sop_uids, *args, **kw)
        favoured[0] = s1  # the user turned to the other series once the first images were in
        return out

    monkeypatch.setattr(retrieve_scu.GetSession, "get", spy)
    report = retrieve.retrieve_study(cache, config, config.node("pacs"), archive.ct.study_uid, method="get",
                                     parallel=1, first_series=lambda: favoured[0])
    assert report.complete and report.imported == 20
    assert asked == [s0, s1, s1, s0, s0, s0]
