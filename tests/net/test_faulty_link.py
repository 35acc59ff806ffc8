"""Issue 19: a retrieve through a link that is cut again and again completes by itself, with no instance
fetched or stored twice. The link is ``tools.robustness.faulty_link.FaultyProxy`` (user space: the CI
kernel has no netem) between the transfer queue and a real Orthanc, cutting every connection each time
another 60 kB have crossed it (the figures script runs the real case: 300 images, 2 Mbit/s, 300 ms RTT,
a cut every 20 MB)."""

from __future__ import annotations

import pytest

from tools.robustness.faulty_link import FaultyProxy
from viewer.net.nodes import Node
from viewer.net.queue import DONE, RetrieveQueue

pytestmark = pytest.mark.timeout(240)


@pytest.mark.parametrize("method", ["get", "wado"])
def test_queue_resumes_a_retrieve_cut_every_60_kb_until_complete(method, cache, config, archive):
    pacs = config.node("pacs")
    port = archive.server.dicom_port if method == "get" else archive.server.http_port
    proxy = FaultyProxy(port, rate_bps=1e10, one_way_s=0.0, stall_p=0.0, reset_every_mb=0.0, cut_every_mb=0.06)
    if method == "get":
        flaky = Node(name="flaky", ae_title=pacs.ae_title, host="127.0.0.1", port=proxy.port, retrieve_method="get")
    else:
        flaky = Node(name="flaky", dicomweb_url=f"http://127.0.0.1:{proxy.port}/dicom-web", retrieve_method="wado")
    config.add(flaky)
    queue = RetrieveQueue(cache, config, parallel=1).start()
    try:
        queue.enqueue("flaky", archive.ct.study_uid)
        assert queue.wait_idle(timeout=200)
        item = queue.item(archive.ct.study_uid)
    finally:
        queue.stop()
        proxy.close()
    assert proxy.cuts >= 2  # ~8.5 kB per instance: 170 kB for the study, a cut every 60 kB
    assert item.state == DONE and item.resumed >= 1, item
    assert cache.counts()["instance"] == 20
    rows = [i for s in cache.series_of(archive.ct.study_uid) for i in cache.instances_of(s.series_uid)]
    files = list((cache.root / "files").rglob("*.dcm"))
    assert len({r.sop_uid for r in rows}) == len(rows) == len(files) == 20  # nothing stored twice


def test_queue_waits_out_a_link_that_is_down_a_moment(cache, config, archive):
    """An attempt that brings nothing (the link is down) is tried again after 2, 4, 8 s before failing."""
    import time

    from .orthanc import free_port

    pacs = config.node("pacs")
    proxy = FaultyProxy(free_port(), rate_bps=1e10, one_way_s=0.0, stall_p=0.0, reset_every_mb=0.0, cut_every_mb=0.0)
    config.add(Node(name="flaky", ae_title=pacs.ae_title, host="127.0.0.1", port=proxy.port, retrieve_method="get"))
    queue = RetrieveQueue(cache, config, parallel=1).start()
    try:
        queue.enqueue("flaky", archive.ct.study_uid)
        time.sleep(1.0)  # nothing listens behind the proxy yet: the first attempt fails at once
        proxy.target_port = archive.server.dicom_port  # the link comes back
        assert queue.wait_idle(timeout=60)
        item = queue.item(archive.ct.study_uid)
    finally:
        queue.stop()
        proxy.close()
    assert item.state == DONE and item.resumed >= 1, item
    assert cache.counts()["instance"] == 20
