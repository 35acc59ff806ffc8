"""``cauri bench retrieve`` end to end on a tiny series: every row has both figures (never asserted on:
timings belong to the benchmark), and the first-image measure really shows an image."""

from __future__ import annotations

import shutil

import pytest

from viewer.bench import runner
from viewer.bench.orthanc import DICOMWEB_PLUGIN

from .orthanc import orthanc_binary

pytestmark = pytest.mark.timeout(300)


def test_retrieve_case_runs_every_method_and_the_first_image(tmp_path):
    if orthanc_binary() is None or not shutil.which("getscu") or not shutil.which("movescu"):
        pytest.skip("needs Orthanc and DCMTK getscu/movescu")
    rows = runner.run_cases(["retrieve"], home=tmp_path, sizes=runner.TINY, log=lambda _t: None)
    assert [r for r in rows if r.metric in ("failed", "skipped")] == []
    by_metric = {r.metric.split(" ")[0]: r for r in rows}
    # "C-GET," is the viewer's way (series on screen, browse order), "C-GET" the CLI's (whole series);
    # "C-ECHO" the round trip the network test no longer times.
    assert set(by_metric) == {"C-GET", "C-MOVE", "WADO-RS", "C-GET,", "first", "C-ECHO"}
    assert "browse order" in by_metric["C-GET,"].metric
    for row in rows:
        if row.metric.startswith("WADO") and not DICOMWEB_PLUGIN.exists():
            assert "DICOMweb plugin is not installed" in row.note
            continue
        assert row.cauri is not None and row.peer_value is not None, row
        assert "INCOMPLETE" not in row.note and "BLANK" not in row.note, row
    assert "shows pixels" in by_metric["first"].note
