"""A study's report status for the study list and the worklist: ``report_status(cache, study_uid)``.

"draft" (written in Cauri, nothing stored yet), "preliminary", "final", "amended", or None (no report).
The stored state comes from the report objects in the cache, Cauri's or another system's, the latest by
content date: an SR verified with a predecessor that was itself verified is "amended"; a PDF alone (no
SR says otherwise) counts as "final", since a printed report is what a signed one is sent as. No toolkit.
"""

from __future__ import annotations

import logging

from viewer.dicom.findings.common import PDF_CLASS, SR_CLASS_PREFIX
from viewer.model.measure.calibration import read_header
from viewer.report.document import DRAFT, ReportStore
from viewer.report.reader import is_report, read_report

log = logging.getLogger(__name__)


def stored_reports(cache, study_uid: str):
    """Every report object of the study in the cache, read (ReportText), oldest first."""
    out = []
    for path in cache.report_objects(study_uid, SR_CLASS_PREFIX, PDF_CLASS):
        ds = read_header(path)  # stops before pixel data only: a PDF's document is in it
        try:
            if ds is not None and is_report(ds):
                out.append(read_report(ds))
        except Exception as exc:  # one unreadable object never hides the study's other reports
            log.warning("report object unreadable: %s", type(exc).__name__)
    return sorted(out, key=lambda r: (r.datetime, r.kind == "SR"))


def report_status(cache, study_uid: str) -> str | None:
    reports = stored_reports(cache, study_uid)
    srs = [r for r in reports if r.kind == "SR"]
    if srs:
        latest = srs[-1]
        if latest.status == "final":
            verified = {r.sop_uid for r in srs if r.status == "final"}
            return "amended" if any(p in verified for p in latest.predecessors) else "final"
        return "preliminary"  # preliminary, or an SR that states no verification
    elif reports:
        return "final"
    draft = ReportStore(cache.root).load(study_uid)
    if draft is not None and draft.state == DRAFT:
        return DRAFT
    return None
