"""``cauri bench link`` end to end on a tiny series: both links, every row with both figures (never asserted
on: timings belong to the benchmark), the images compressed on the wire and equal to the originals, the first
image shown being the series' middle."""

from __future__ import annotations

import shutil

import pytest

from viewer.bench import runner

from .orthanc import orthanc_binary

pytestmark = pytest.mark.timeout(400)


def test_link_case_runs_both_profiles_against_getscu(tmp_path):
    if orthanc_binary() is None or not shutil.which("getscu"):
        pytest.skip("needs Orthanc and DCMTK getscu")
    rows = runner.run_cases(["link"], home=tmp_path, sizes=runner.TINY, log=lambda _t: None)
    assert [r for r in rows if r.metric in ("failed", "skipped")] == []
    kinds = [r.metric.split(",")[0] for r in rows]
    assert kinds.count("C-GET complete") == 2 and kinds.count("C-GET bytes on the wire") == 2
    assert kinds.count("C-GET first image") == 2
    for row in rows:
        assert row.cauri is not None and row.peer_value is not None, row
        for flag in ("DIFFER", "IS BLANK", "NOT its middle", "INCOMPLETE"):
            assert flag not in row.note, row
    complete = [r for r in rows if r.metric.startswith("C-GET complete")]
    assert all("stored as: JPEG-LS" in r.note and "pixels: equal to the originals" in r.note for r in complete)
    assert all("middle image" in r.note for r in rows if r.metric.startswith("C-GET first image"))
