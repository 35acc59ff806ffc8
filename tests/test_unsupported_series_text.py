"""What a reader is told when a series is not images (a report, a PDF): in French in a French window."""

from __future__ import annotations

from pathlib import Path

from viewer.core.messages import in_language
from viewer.model.displaysets import InstanceInput, SeriesInput, UnsupportedHandler

SR = "1.2.840.10008.5.1.4.1.1.88.22"


def _series(sop_class: str) -> SeriesInput:
    inst = InstanceInput("1.2.3.4", Path("x.dcm"), sop_class, 1, 1, None, None, None, None)
    return SeriesInput("1.2", "1.2.3", "SR", 1, "", (inst,))


def test_a_structured_report_series_is_named_in_the_readers_language():
    (ds,) = UnsupportedHandler().make_display_sets(_series(SR))
    assert ds.kind == "unsupported"
    assert ds.reason == f"structured report ({SR})"  # logs, CLI and JSON keep English
    assert in_language(ds.reason, "fr") == f"compte rendu structuré (SR) ({SR})"


def test_an_unknown_object_keeps_its_uid():
    (ds,) = UnsupportedHandler().make_display_sets(_series("1.2.3.999"))
    assert in_language(ds.reason, "fr") == "1.2.3.999"
