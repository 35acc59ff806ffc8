"""The study list ends on the study the viewports show after a retrieve from a real Orthanc, a RIS launch
handed over by `cauri open`, and a push from DCMTK storescu into the window's listener, whatever filters hid
it before."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from PySide6.QtCore import QDate, Qt

from gui_helpers import make_window, wait_ready

from .orthanc import free_port
from .synth import write_study

pytestmark = [pytest.mark.gui, pytest.mark.timeout(120)]


def _list_on_screen(window) -> str:
    browser = window.browser
    uid = window.ws.study.study_uid
    assert window.grid.active.state.display_set.study_uid == uid
    assert browser.selected_study_uid() == uid
    row = browser.table.selected_row()
    assert browser.table.viewport().rect().contains(browser.table.row_rect(row).center())
    item = browser.table.row_item(row)
    return (item.parent() or item).text(0)  # the worklist names the patient on the patient's row


def _hide_behind_filters(qtbot, browser, text=None, modality=None, years=None):
    if modality:
        browser.modality.setCurrentIndex(browser.modality.findData(modality))
    if years:
        browser.use_dates.setChecked(True)
        browser.date_from.setDate(QDate(years[0], 1, 1))
        browser.date_to.setDate(QDate(years[1], 12, 31))
    if text is not None:
        browser.search.setText(text)
    qtbot.keyClick(browser.search, Qt.Key.Key_Return)


def test_a_retrieve_ends_with_the_list_on_the_retrieved_study(qtbot, net_home, archive, tmp_path):
    from viewer.store.importer import import_paths

    window = make_window(qtbot, net_home, language="fr")
    write_study(tmp_path / "other", slices_per_series=(2,), size=16, patient_id="LOC-1", patient_name="AUTRE^Ama")
    import_paths(window.ws.cache, [str(tmp_path / "other")])
    _hide_behind_filters(qtbot, window.browser, text="AUTRE")
    assert window.browser.table.rowCount() == 1
    window.retrieve(study_uid=archive.accented.study_uid, node_name="pacs")  # what the list's Retrieve asks
    qtbot.waitUntil(lambda: getattr(window, "last_retrieve", None) is not None, timeout=60000)
    assert window.last_retrieve.state == "done"
    wait_ready(qtbot, window)
    assert _list_on_screen(window) == "DÉSIRÉ Aké Françoise"
    assert window.list_note.text() == "Filtres effacés pour afficher l'examen ouvert\u00a0: texte recherché"


def test_cauri_open_handed_to_the_window_ends_with_the_list_on_its_study(qtbot, net_home, archive):
    from viewer.ui.launch import remote_request
    from viewer.core.paths import resolve_paths
    from viewer.ui.single_instance import InstanceServer

    window = make_window(qtbot, net_home, language="en")
    server = InstanceServer(resolve_paths(net_home))
    assert server.listening
    server.request.connect(lambda msg: remote_request(window, msg))
    _hide_behind_filters(qtbot, window.browser, modality="MR", years=(2000, 2001))
    env = dict(os.environ, CAURI_HOME=str(net_home))
    proc = subprocess.Popen([sys.executable, "-m", "viewer", "open", "--accession", "ACC002", "--node", "pacs"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:  # the window answers from its event loop: wait in it
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=30000)
    finally:
        if proc.poll() is None:
            proc.kill()
    out, err = proc.communicate()
    assert proc.returncode == 0 and "handed to the running workstation" in out, err
    qtbot.waitUntil(lambda: getattr(window, "last_retrieve", None) is not None, timeout=60000)
    wait_ready(qtbot, window)
    assert window.ws.study.accession == "ACC002"
    assert _list_on_screen(window) == "DÉSIRÉ Aké Françoise"
    assert window.list_note.text() == "Filters cleared to show the open study: modality, dates"
    assert window.browser.modality.currentData() == "" and not window.browser.use_dates.isChecked()


@pytest.mark.skipif(shutil.which("storescu") is None, reason="needs DCMTK's storescu (apt-get install dcmtk)")
def test_a_push_into_the_listener_ends_with_the_list_on_the_study_on_screen(qtbot, tmp_path):
    from viewer.net.nodes import NetworkConfig, Node
    from viewer.store.importer import import_paths

    home = tmp_path / "home"
    cfg = NetworkConfig()
    cfg.workstation.ae_title = "CAURI"
    cfg.workstation.storage_port = free_port()
    cfg.workstation.min_free_mb = 0
    cfg.add(Node(name="scanner", ae_title="STORESCU", host="127.0.0.1", port=104))
    cfg.save(home)
    study = write_study(tmp_path / "ct", slices_per_series=(3, 2), size=32, patient_id="PUSH-7", patient_name="POUSSE^Pélagie")
    first = [f for f in study.files if f.name.startswith("s0-")]
    window = make_window(qtbot, home, language="fr")
    import_paths(window.ws.cache, [str(f) for f in first])
    window.open_study(study.study_uid)
    wait_ready(qtbot, window)
    assert window.browser.series.count() == 1
    _hide_behind_filters(qtbot, window.browser, text="QUELQU'UN D'AUTRE")
    assert window.browser.table.rowCount() == 0
    scp = window.ws.start_listener()
    assert scp is not None
    try:
        rest = [str(f) for f in study.files if f not in first]
        pushed = subprocess.run(["storescu", "-aet", "STORESCU", "-aec", "CAURI", "127.0.0.1", str(cfg.workstation.storage_port),
                                 *rest], capture_output=True, text=True, timeout=30, env=dict(os.environ, TCP_NODELAY="1"))
        assert pushed.returncode == 0, pushed.stderr
        qtbot.waitUntil(lambda: window.browser.selected_study_uid() == study.study_uid, timeout=30000)
    finally:
        scp.stop()
    assert _list_on_screen(window) == "POUSSE Pélagie"
    assert window.browser.series.count() == 2  # the pushed series shows in the open study
    assert window.list_note.text() == "Filtres effacés pour afficher l'examen ouvert\u00a0: texte recherché"
