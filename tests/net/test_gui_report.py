"""The report written in the real window: typed with the keyboard, a measurement drawn with the mouse and a
key image flagged with K inserted, signed; found as SR and PDF in the cache and in Orthanc; its ORU
received and acknowledged by a real MLLP listener, also after a cut link and a Cauri restart; then amended.
Screenshots of the panel and a rendering of the PDF are written to $CAURI_REPORT_SHOTS when set."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import urllib.request
from pathlib import Path

import hl7
import pydicom
import pytest
from PySide6.QtCore import QPoint, Qt

from gui_helpers import make_window, screen_point_of, wait_ready, widget_pixels
from mllp_listener import MllpListener
from report_helpers import dciodvfy_errors
from synthetic import write_series

pytestmark = pytest.mark.gui
SHOTS = os.environ.get("CAURI_REPORT_SHOTS")


def _in_orthanc(archive, sop_uid: str) -> bool:
    req = urllib.request.Request(archive.server.http + "/tools/lookup", data=sop_uid.encode(), method="POST")
    with urllib.request.urlopen(req, timeout=10) as r:
        return any(x.get("Type") == "Instance" for x in json.loads(r.read()))


def _drag(qtbot, vp, a, b, steps=5):
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=QPoint(*a))
    for k in range(1, steps + 1):
        qtbot.mouseMove(vp, QPoint(a[0] + (b[0] - a[0]) * k // steps, a[1] + (b[1] - a[1]) * k // steps))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=QPoint(*b))


def test_report_written_signed_stored_sent_acknowledged_and_amended(qtbot, tmp_path, net_home, archive):
    from viewer.core.paths import resolve_paths
    from viewer.model.measurements import MeasurementKind as K
    from viewer.net.nodes import NetworkConfig
    from viewer.report.document import ReportStore
    from viewer.report.status import report_status
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    listener = MllpListener().start()
    listener.drop_next = 1  # the first ORU reaches the RIS and the link is cut before its ACK
    cfg = NetworkConfig.load(net_home)
    cfg.workstation.hl7_target = listener.target
    cfg.save(net_home)
    info = write_series(tmp_path / "src", slices=6, rows=128, cols=128, spacing=(0.8, 0.8), patient_id="REP-001",
                        patient_name="HOUNKPÈ^Sèna")
    paths = resolve_paths(net_home).ensure()
    with StudyCache(paths.store) as cache:
        import_paths(cache, [str(tmp_path / "src")])
    window = make_window(qtbot, net_home)
    window.resize(1600, 1000)
    s = window.ws.settings
    s.reader_name, s.reader_credentials, s.institution_name = "KOUASSI^Awa", "Dr, radiologue", "CNHU-HKM Cotonou"
    window.open_study(info["study_uid"])
    wait_ready(qtbot, window)
    ctl, panel = window.report, window.report.panel
    assert ctl.dock.isVisible() and ctl.dock.isEnabled()
    assert panel.template.currentData() == "ct-thorax"  # a CT opens with the CT thorax template

    # A 50-pixel length (40 mm at 0.8 mm) drawn with the mouse, and the image flagged as key image with K
    vp = window.grid.active
    window.tool_combo.setCurrentIndex(window.tool_combo.findData(K.LENGTH))
    _drag(qtbot, vp, screen_point_of(vp, 100, 40), screen_point_of(vp, 100, 90))
    wait_ready(qtbot, window)
    window.tool_combo.setCurrentIndex(0)
    vp.setFocus()
    qtbot.keyClick(vp, Qt.Key.Key_K)
    qtbot.waitUntil(lambda: len(window.measure.mset.key_images) == 1)

    # Typed into the Indication section with real key events; a misspelt word is underlined
    indication = panel.edits["Clinical information"]
    qtbot.mouseClick(indication.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(indication, "Toux et fievre depuis trois semaines.")
    assert ctl.report.section("Clinical information").text == "Toux et fievre depuis trois semaines."
    store = ReportStore(paths.store)
    qtbot.waitUntil(lambda: (store.load(info["study_uid"]) or ctl.report).section("Clinical information").text
                    == "Toux et fievre depuis trois semaines." and store.load(info["study_uid"]) is not None)
    layout = indication.document().firstBlock().layout()
    flagged = [r for r in layout.formats() if r.format.underlineStyle() == r.format.UnderlineStyle.SpellCheckUnderline]
    assert [indication.toPlainText()[r.start:r.start + r.length] for r in flagged] == ["fievre"]

    # Measurements and key images inserted at the end of the findings
    findings = panel.edits["Findings"]
    qtbot.mouseClick(findings.viewport(), Qt.MouseButton.LeftButton)
    findings.moveCursor(findings.textCursor().MoveOperation.End)
    qtbot.mouseClick(panel.btn_measure, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.btn_keys, Qt.MouseButton.LeftButton)
    text = ctl.report.section("Findings").text  # as typed and inserted: French no-break spaces kept
    where = f"série 3, image {vp.current_frame().ref.instance_number}"  # write_series numbers its series 3
    found = re.search(r"- Distance\u00a0: (\d+),(\d) mm \(" + re.escape(where) + r"\)", text)
    assert found and float(f"{found[1]}.{found[2]}") == pytest.approx(50 * 0.8, abs=0.8 * 1.5)  # 50 pixels at 0.8 mm
    assert text.endswith(f"Images clés\u00a0: {where}")
    qtbot.mouseClick(panel.btn_prior, Qt.MouseButton.LeftButton)
    assert ctl.report.section("Comparison").text == "Aucun examen antérieur de ce patient dans le cache."
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        window.grab().save(str(Path(SHOTS) / "report-window-draft.png"))

    # Signed: SR + PDF in the cache, then in Orthanc; the ORU reaches the listener
    qtbot.mouseClick(panel.btn_sign, Qt.MouseButton.LeftButton)
    stored = ctl.last_stored
    assert stored is not None and stored.state == "final", panel.message.text()
    assert panel.edits["Findings"].isReadOnly() and not panel.btn_sign.isEnabled()  # signed: no longer editable
    with StudyCache(paths.store) as cache:
        sr_path, pdf_path = cache.instance_path(stored.sr_uid), cache.instance_path(stored.pdf_uid)
        assert report_status(cache, info["study_uid"]) == "final"
    assert sr_path and pdf_path
    if shutil.which("dciodvfy"):
        assert dciodvfy_errors(sr_path) == [] and dciodvfy_errors(pdf_path) == []
    sr = pydicom.dcmread(sr_path)
    finding = next(c for c in sr.ContentSequence if c.ValueType == "CONTAINER" and c.ConceptNameCodeSequence[0].CodeValue == "121070")
    assert any(c.ValueType == "NUM" for c in finding.ContentSequence)
    assert any(c.ValueType == "IMAGE" for c in finding.ContentSequence)
    ctl.send_thread.join(60)
    assert _in_orthanc(archive, stored.sr_uid) and _in_orthanc(archive, stored.pdf_uid)
    # The link was cut after the first try: the worker retries and the RIS acknowledges
    ctl.worker.wake()
    qtbot.waitUntil(lambda: stored.control_id in listener.acked, timeout=30000)
    assert listener.control_ids().count(stored.control_id) == 2  # at-least-once: same MSH-10 both times
    oru = hl7.parse(listener.received[-1])
    assert str(oru.segment("PID")[3]).startswith("REP-001") and str(oru.segment("OBR")[25]) == "F"
    assert "Toux et fievre" in str(oru)
    if SHOTS:
        window.grab().save(str(Path(SHOTS) / "report-window-signed.png"))
        Path(SHOTS, "report.pdf").write_bytes(bytes(pydicom.dcmread(pdf_path).EncapsulatedDocument))

    # Amended: a new version that names the signed one; the old one stays in the cache
    qtbot.mouseClick(panel.btn_amend, Qt.MouseButton.LeftButton)
    conclusion = panel.edits["Impression"]
    assert not conclusion.isReadOnly()
    qtbot.mouseClick(conclusion.viewport(), Qt.MouseButton.LeftButton)
    conclusion.moveCursor(conclusion.textCursor().MoveOperation.End)
    qtbot.keyClicks(conclusion, " Nodule de 40 mm a controler.")
    listener.stop()  # the RIS is down while the amendment is signed
    qtbot.mouseClick(panel.btn_sign, Qt.MouseButton.LeftButton)
    amended = ctl.last_stored
    assert amended.state == "amended" and amended.sr_uid != stored.sr_uid
    sr2 = pydicom.dcmread(Path(StudyCache(paths.store).instance_path(amended.sr_uid)))
    pred = sr2.PredecessorDocumentsSequence[0].ReferencedSeriesSequence[0].ReferencedSOPSequence[0]
    assert pred.ReferencedSOPInstanceUID == stored.sr_uid
    ctl.send_thread.join(60)
    assert _in_orthanc(archive, amended.sr_uid)
    window.close()  # Cauri stops with the amendment's ORU still in its outbox
    assert ctl.outbox.state_of(amended.control_id) == "pending"
    listener.start()  # the RIS is back; a new Cauri window delivers what the outbox kept
    window2 = make_window(qtbot, net_home)
    qtbot.waitUntil(lambda: amended.control_id in listener.acked, timeout=30000)
    assert str(hl7.parse(listener.received[-1]).segment("OBR")[25]) == "C"
    window2.close()
    listener.stop()
