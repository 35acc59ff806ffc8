"""Issue 19: opening a study in the window is an audit record (UIDs, accession, counts; no names)."""

from __future__ import annotations

import pytest

from gui_helpers import import_and_open
from synthetic import write_series

pytestmark = [pytest.mark.gui, pytest.mark.timeout(120)]


def test_opening_a_study_is_audited(qtbot, tmp_path):
    from viewer.core import audit

    home = tmp_path / "home"
    info = write_series(tmp_path / "src", slices=4, rows=64, cols=64)
    audit.configure(home)  # as the application does at start
    try:
        import_and_open(qtbot, home, tmp_path / "src", info["study_uid"])
    finally:
        audit._configured.clear()
    rows = list(audit.records(audit.audit_path(home)))
    assert [(r["action"], r["study_uid"], r["count"]) for r in rows] == [
        ("import", info["study_uid"], 4), ("open", info["study_uid"], 4)]
    assert audit.verify(audit.audit_path(home)).ok
