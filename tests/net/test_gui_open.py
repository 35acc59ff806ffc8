"""RIS/HIS launch in the real window: open by accession from the archive, and hand-over to a running instance."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from gui_helpers import make_window, wait_ready, widget_pixels

pytestmark = [pytest.mark.gui, pytest.mark.timeout(120)]


def test_open_by_accession_retrieves_then_shows_the_study(qtbot, net_home, archive):
    from viewer.net.launch import OpenRequest

    window = make_window(qtbot, net_home)
    window.open_request(OpenRequest(accession="ACC002", node="pacs"))
    qtbot.waitUntil(lambda: getattr(window, "last_retrieve", None) is not None, timeout=60000)
    item = window.last_retrieve
    assert not isinstance(item, str), item
    assert item.state == "done" and item.total == 3 and item.done == 3
    wait_ready(qtbot, window)
    vp = window.grid.active
    assert vp.state.display_set is not None and vp.state.count == 3
    assert widget_pixels(vp)[:, :, 0].std() > 10
    assert window.ws.study.accession == "ACC002"
    # A second launch for the same accession opens from the cache without a transfer.
    window.last_retrieve = None
    window.open_request(OpenRequest(accession="ACC002", node="pacs"))
    assert window.last_retrieve is None and window.ws.study.accession == "ACC002"


@pytest.mark.parametrize("language, expected", [
    ("fr", "N° d'accession NOPE-404\u00a0: introuvable dans le cache local et sur\u00a0: pacs"),
    ("en", "Accession number NOPE-404 was found neither in the local cache nor on: pacs"),
])
def test_unknown_accession_says_so(qtbot, net_home, archive, language, expected):
    """Found nowhere: the status bar says what was asked for and where it was looked for, in the reader's
    language (it used to say "Retrieve failed: the archive has no such study", in English only)."""
    from viewer.net.launch import OpenRequest

    window = make_window(qtbot, net_home, language=language)
    window.open_request(OpenRequest(accession="NOPE-404"))  # no node: every configured archive is asked
    qtbot.waitUntil(lambda: getattr(window, "last_retrieve", None) is not None, timeout=30000)
    assert window.last_retrieve == expected
    assert window.status_label.text() == expected and window.status_label.isVisible()


def test_cauri_open_for_an_accession_found_nowhere(qtbot, net_home, archive):
    """The command line exits 1 with the reason on stderr, opens no window of its own, and the running
    window (reached through the single-instance socket) shows the reason too."""
    from viewer.ui.launch import remote_request
    from viewer.core.paths import resolve_paths
    from viewer.ui.single_instance import InstanceServer

    env = dict(os.environ, CAURI_HOME=str(net_home))
    alone = subprocess.run([sys.executable, "-m", "viewer", "open", "--accession", "NOPE-404"],
                           env=env, capture_output=True, text=True, timeout=60)
    assert alone.returncode == 1 and alone.stdout == ""
    assert alone.stderr.strip() == "cauri open: accession NOPE-404 found neither in the local cache nor on pacs"

    window = make_window(qtbot, net_home, language="fr")
    server = InstanceServer(resolve_paths(net_home))
    server.request.connect(lambda msg: remote_request(window, msg))
    proc = subprocess.Popen([sys.executable, "-m", "viewer", "open", "--accession", "NOPE-404", "--node", "pacs"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=30000)
    finally:
        if proc.poll() is None:
            proc.kill()
    _out, err = proc.communicate()
    assert proc.returncode == 1 and "NOPE-404 found neither" in err
    qtbot.waitUntil(lambda: "NOPE-404\u00a0: introuvable" in window.status_label.text(), timeout=30000)


def test_cauri_open_hands_the_request_to_the_running_window(qtbot, net_home, archive):
    from viewer.core.paths import resolve_paths
    from viewer.ui.single_instance import InstanceServer
    from viewer.ui.launch import remote_request

    window = make_window(qtbot, net_home)
    server = InstanceServer(resolve_paths(net_home))
    assert server.listening
    server.request.connect(lambda msg: remote_request(window, msg))
    env = dict(os.environ, CAURI_HOME=str(net_home))
    proc = subprocess.Popen([sys.executable, "-m", "viewer", "open", "--accession", "ACC002", "--node", "pacs"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=30000)
    finally:
        if proc.poll() is None:  # it started its own window instead of handing over: a failure
            proc.kill()
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    assert "handed to the running workstation" in out
    qtbot.waitUntil(lambda: window.ws.study is not None and window.ws.study.accession == "ACC002", timeout=60000)


def test_browser_searches_the_archive_and_retrieves_a_study(qtbot, net_home, archive):
    window = make_window(qtbot, net_home)
    browser = window.browser
    assert browser.source.count() == 2  # local cache + the "pacs" archive
    browser.source.setCurrentIndex(1)
    browser.search.setText("DÉSIRÉ")
    browser.field.setCurrentIndex(browser.field.findData("name"))
    browser.search_button.click()
    qtbot.waitUntil(lambda: browser.table.rowCount() == 1, timeout=30000)
    from viewer.ui.worklist_tree import AVAILABILITY

    assert browser.table.row_item(0).text(0) == "DÉSIRÉ Aké Françoise"
    assert browser.table.row_item(0).text(AVAILABILITY) == "Distant"
    browser.table.select_row(0)
    browser.retrieve_button.click()
    qtbot.waitUntil(lambda: getattr(window, "last_retrieve", None) is not None, timeout=60000)
    assert window.last_retrieve.state == "done"
    assert browser.parent() is not None and window.transfers.table.rowCount() >= 1  # shown in the transfers panel
    wait_ready(qtbot, window)
    assert window.grid.active.state.count == 3
    browser.search_button.click()
    qtbot.waitUntil(lambda: browser.table.rowCount() == 1 and browser.table.row_item(0).text(AVAILABILITY) == "Local", timeout=30000)


def test_preferences_network_tab_echo_and_save(qtbot, net_home, archive):
    from viewer.net.nodes import NetworkConfig
    from viewer.ui.preferences import PreferencesDialog

    dialog = PreferencesDialog("auto", net_home)
    qtbot.addWidget(dialog)
    tab = dialog.network
    assert tab.table.rowCount() == 1 and tab.table.item(0, 0).text() == "pacs"
    tab.table.selectRow(0)
    tab.echo_button.click()
    assert "connected" in tab.echo_result.text() or "connecté" in tab.echo_result.text()
    tab.aet.setText("LECTURE1")
    assert tab.save() is None
    assert NetworkConfig.load(net_home).workstation.ae_title == "LECTURE1"
    tab.aet.setText("BAD AE TITLE THAT IS FAR TOO LONG")
    assert tab.save() is not None  # refused with a reason, nothing written
    assert NetworkConfig.load(net_home).workstation.ae_title == "LECTURE1"
    # TLS on the storage port: a certificate needs its key; both are saved once both are given.
    tab.aet.setText("LECTURE1")
    cert, key = net_home / "cert.pem", net_home / "key.pem"
    cert.write_text("certificate"), key.write_text("key")
    tab.tls["tls_cert"].setText(str(cert))
    assert tab.save() is not None and NetworkConfig.load(net_home).workstation.tls_cert == ""
    tab.tls["tls_key"].setText(str(key))
    assert tab.save() is None
    saved = NetworkConfig.load(net_home).workstation
    assert (saved.tls_cert, saved.tls_key, saved.tls_ca) == (str(cert.resolve()), str(key.resolve()), "")


def test_send_a_cached_study_to_the_archive(qtbot, net_home, archive, tmp_path):
    import urllib.request
    import json

    from synthetic import write_series
    from viewer.store.importer import import_paths

    info = write_series(tmp_path / "local", slices=4, rows=32, cols=32, patient_id="SEND-1")
    window = make_window(qtbot, net_home)
    import_paths(window.ws.cache, [str(tmp_path / "local")])
    window.send_study(info["study_uid"], "pacs")
    qtbot.waitUntil(lambda: getattr(window, "last_send", None) is not None, timeout=60000)
    assert not isinstance(window.last_send, str), window.last_send
    assert window.last_send.sent == 4 and window.last_send.failed == 0
    with urllib.request.urlopen(f"{archive.server.dicomweb}/studies?StudyInstanceUID={info['study_uid']}") as r:
        assert len(json.loads(r.read() or b"[]")) == 1


def test_opening_a_study_prefetches_its_priors_into_the_cache(qtbot, net_home, archive, tmp_path):
    from viewer.store.importer import import_paths

    from .synth import write_study

    old1 = write_study(tmp_path / "p1", slices_per_series=(3,), patient_id="NET-PRIORS", study_date="20240301", accession="PR1")
    old2 = write_study(tmp_path / "p2", slices_per_series=(3,), patient_id="NET-PRIORS", study_date="20250301", accession="PR2")
    archive.server.upload(old1.files + old2.files)
    today = write_study(tmp_path / "p3", slices_per_series=(3,), patient_id="NET-PRIORS", study_date="20261101", accession="PR3")
    window = make_window(qtbot, net_home)
    import_paths(window.ws.cache, [str(tmp_path / "p3")])
    window.open_study(today.study_uid)
    # The two earlier CT studies of the same patient are fetched in the background, shown in Transfers.
    qtbot.waitUntil(lambda: window.ws.cache.study(old1.study_uid) is not None and window.ws.cache.study(old2.study_uid) is not None
                    and all(i.state == "done" for i in window.ws.transfers.queue.items()), timeout=60000)
    # The panel is refreshed from queued signals: it may lag the queue's own state by a few events.
    qtbot.waitUntil(lambda: window.transfers.table.rowCount() >= 2, timeout=10000)
