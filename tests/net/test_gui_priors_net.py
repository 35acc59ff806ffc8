"""A prior only on the archive: listed in the priors panel (C-FIND on the configured node, in the
background), fetched through the retrieve queue on one click and put beside the open study, which stays
the study of the list. Real Orthanc, real window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from gui_helpers import make_window, wait_ready, widget_pixels
from hanging_studies import import_into, write_study

pytestmark = [pytest.mark.gui, pytest.mark.timeout(180)]


def test_an_archive_prior_is_fetched_and_joins_the_open_study(qtbot, tmp_path, net_home, archive):
    current = write_study(tmp_path / "cur", [("MEDIASTIN", 4, 40)], patient_id="NET-PRIOR-14", study_date="20260301")
    prior = write_study(tmp_path / "pri", [("MEDIASTIN", 3, 900)], patient_id="NET-PRIOR-14", study_date="20240301")
    archive.server.upload(sorted((tmp_path / "pri").glob("*.dcm")))
    import_into(net_home, tmp_path / "cur")  # only the current study is cached
    window = make_window(qtbot, net_home, layout=(1, 1), protocols=False)
    window.open_study(current.study_uid)
    wait_ready(qtbot, window)
    panel = window.reading.panel
    qtbot.waitUntil(lambda: panel.row_of(prior.study_uid) == 0, timeout=30000)
    (listed,) = window.ws.reading.priors
    assert (listed.where, listed.study_date, listed.modalities) == ("pacs", "20240301", ("CT",))
    item = panel.list.item(0)
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=panel.list.visualItemRect(item).center())
    qtbot.waitUntil(lambda: [vp.slot.study_uid() for vp in window.grid.visible_viewports()][-1] == prior.study_uid,
                    timeout=60000)
    wait_ready(qtbot, window)
    vps = window.grid.visible_viewports()
    assert [vp.slot.study_uid() for vp in vps] == [current.study_uid, prior.study_uid]
    assert window.ws.study.study_uid == current.study_uid  # joined, not replaced
    assert window.ws.cache.study(prior.study_uid).instance_count == 3
    # Both in the mediastinum window (350/50): the current's 40 is mid-grey, the prior's 900 white
    # (PS3.3 linear VOI by hand: (40 - 49.5) / 349 + 0.5 = 0.473 -> 120.6).
    from viewer.dicom.pixels import Window

    for vp in vps:
        vp.set_window(Window(50, 350))
        vp.render_sync()
    greys = [float(widget_pixels(vp)[vp.height() // 2 - 2: vp.height() // 2 + 2, vp.width() // 2 - 2: vp.width() // 2 + 2].mean())
             for vp in vps]
    assert greys == pytest.approx([120.6, 255.0], abs=2.0)


def test_retrieving_a_prior_from_the_study_list_never_replaces_the_open_study(qtbot, tmp_path, net_home, archive):
    """Before: the list's Retrieve of an earlier study of the patient opened it in place of the open study."""
    current = write_study(tmp_path / "cur", [("MEDIASTIN", 4, 40)], patient_id="NET-PRIOR-15", study_date="20260301")
    prior = write_study(tmp_path / "pri", [("MEDIASTIN", 3, 900)], patient_id="NET-PRIOR-15", study_date="20240301")
    archive.server.upload(sorted((tmp_path / "pri").glob("*.dcm")))
    import_into(net_home, tmp_path / "cur")
    window = make_window(qtbot, net_home, layout=(1, 1), protocols=False)
    window.open_study(current.study_uid)
    wait_ready(qtbot, window)
    qtbot.waitUntil(lambda: window.reading.panel.row_of(prior.study_uid) == 0, timeout=30000)
    window.retrieve(study_uid=prior.study_uid, node_name="pacs")  # what the list's Retrieve button calls
    qtbot.waitUntil(lambda: prior.study_uid in [vp.slot.study_uid() for vp in window.grid.visible_viewports()],
                    timeout=60000)
    wait_ready(qtbot, window)
    assert window.ws.study.study_uid == current.study_uid
    assert [vp.slot.study_uid() for vp in window.grid.visible_viewports()] == [current.study_uid, prior.study_uid]
