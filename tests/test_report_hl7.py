"""The ORU^R01 to the RIS over MLLP, against a real listener started here: its content, ACK handling, a link
cut after the RIS got the bytes, a RIS that is down then restarted, a Cauri restart (a new process
delivering the same outbox), a refusal, and queueing that never makes a second message."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import hl7
import pytest

from mllp_listener import MllpListener
from report_helpers import READER, cached_study

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def listener():
    srv = MllpListener().start()
    yield srv
    srv.stop()


def _oru(control: str, state: str = "final", text: str = "Nodule | de 12 mm ^ droit") -> str:
    from viewer.report.document import Reader, new_report
    from viewer.report.hl7_oru import Patient, build_oru
    from viewer.report.templates import find_template

    _, t = find_template("ct-thorax")
    r = new_report("1.2.3.4", t, "ct-thorax")
    r.set_text("Findings", text)
    r.reader = Reader(*READER, id="R042")
    patient = Patient("SYN-001", "CNHU", "SYNTHÉTIQUE^Koffi", "19800214", "F", "ACC-SYN-1", "1.2.3.4", "20261120101500", "CT")
    return build_oru(r, state, patient, control, datetime(2026, 12, 7, 9, 30, 15), "CNHU-HKM")


def test_oru_carries_patient_accession_reader_status_and_the_text():
    text = _oru("CAURI0001")
    m = hl7.parse(text)  # read back by the library, field by field
    assert str(m.segment("MSH")[9]) == "ORU^R01^ORU_R01" and str(m.segment("MSH")[12]) == "2.5"
    assert str(m.segment("MSH")[10]) == "CAURI0001" and str(m.segment("MSH")[4]) == "CNHU-HKM"
    pid = m.segment("PID")
    assert str(pid[3]) == "SYN-001^^^CNHU" and str(pid[5]) == "SYNTHÉTIQUE^Koffi" and str(pid[7]) == "19800214"
    obr = m.segment("OBR")
    assert str(obr[3]) == "ACC-SYN-1"  # filler order number = accession
    assert str(obr[22]) == "20261207093015" and str(obr[25]) == "F"
    assert str(obr[32]) == "R042&KOUASSI&Awa"
    findings = [s for s in m.segments("OBX") if str(s[3]).startswith("121070")]
    assert len(findings) == 1 and str(findings[0][11]) == "F"
    # "|" and "^" in the text are escaped, not field separators: the text comes back whole
    assert m.unescape(str(findings[0][5])) == "Nodule | de 12 mm ^ droit"
    uid_obx = [s for s in m.segments("OBX") if str(s[3]).startswith("113014")]
    assert str(uid_obx[0][5]) == "1.2.3.4"
    assert str(hl7.parse(_oru("C2", "preliminary")).segment("OBR")[25]) == "P"
    assert str(hl7.parse(_oru("C3", "amended")).segment("OBR")[25]) == "C"


def test_ack_moves_the_message_to_sent(tmp_path, listener):
    from viewer.report.outbox import Outbox

    box = Outbox(tmp_path / "outbox")
    box.enqueue(_oru("CAURI0001"))
    d = box.deliver(listener.target)
    assert (d.sent, d.pending, d.errors) == (1, 0, [])
    assert listener.acked == ["CAURI0001"] and box.state_of("CAURI0001") == "sent"


def test_a_cut_link_then_a_restarted_ris_then_a_restarted_cauri_lose_nothing(tmp_path, listener):
    from viewer.report.outbox import Outbox

    box = Outbox(tmp_path / "outbox")
    for n in (1, 2, 3):
        box.enqueue(_oru(f"CAURI000{n}"))
    listener.drop_next = 1  # the RIS reads message 1 and the link is cut before its ACK
    d = box.deliver(listener.target)
    assert d.sent == 0 and d.pending == 3 and "closed the connection" in d.errors[0]
    port = listener.port
    listener.stop()  # the RIS goes down
    d = box.deliver(f"127.0.0.1:{port}")
    assert d.sent == 0 and d.pending == 3 and "cannot be reached" in d.errors[0]
    listener.start()  # the RIS comes back on the same port
    # Cauri restarts: a new process delivers from the same files
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'plugins'}"}
    code = ("import sys; from viewer.report.outbox import Outbox; "
            "d = Outbox(sys.argv[1]).deliver(sys.argv[2]); print(d.sent, d.pending)")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "outbox"), f"127.0.0.1:{port}"],
                         capture_output=True, text=True, env=env, timeout=120)
    assert out.stdout.split() == ["3", "0"], out.stderr
    # In order, each acknowledged once; message 1 was received twice with the same control ID (at-least-once:
    # its first ACK never left the RIS), which a RIS that keeps MSH-10 recognises.
    assert listener.acked == ["CAURI0001", "CAURI0002", "CAURI0003"]
    assert listener.control_ids() == ["CAURI0001", "CAURI0001", "CAURI0002", "CAURI0003"]
    assert box.pending() == [] and len(box.sent()) == 3


def test_a_refusal_is_set_aside_and_does_not_block_the_next(tmp_path, listener):
    from viewer.report.outbox import Outbox

    box = Outbox(tmp_path / "outbox")
    box.enqueue(_oru("CAURI0001"))
    box.enqueue(_oru("CAURI0002"))
    listener.answer = "AE"
    d = box.deliver(listener.target)
    assert d.failed == 2 and d.pending == 0 and box.state_of("CAURI0001") == "failed"


def test_queueing_the_same_message_twice_sends_it_once(tmp_path, listener):
    from viewer.report.outbox import Outbox

    box = Outbox(tmp_path / "outbox")
    box.enqueue(_oru("CAURI0001"))
    box.enqueue(_oru("CAURI0001"))
    assert len(box.pending()) == 1
    box.deliver(listener.target)
    box.enqueue(_oru("CAURI0001"))  # after it was sent: still nothing new
    assert box.pending() == [] and box.deliver(listener.target).sent == 0
    assert listener.control_ids() == ["CAURI0001"]


def test_cli_final_report_reaches_the_ris_and_hl7_target_is_set_by_config(tmp_path, listener):
    paths, info, _m, _ref = cached_study(tmp_path)
    home = tmp_path / "home"
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'plugins'}", "QT_QPA_PLATFORM": "offscreen"}

    def cauri(*args):
        return subprocess.run([sys.executable, "-m", "viewer", *args, "--home", str(home)], capture_output=True,
                              text=True, env=env, timeout=180)

    bad = cauri("config", "set", "hl7_target", "no-port-here")
    assert bad.returncode != 0 and "HOST:PORT" in bad.stderr
    assert cauri("config", "set", "hl7_target", listener.target).returncode == 0
    text = tmp_path / "report.txt"
    text.write_text("Indication\nToux.\n\nConclusion\nNodule isolé.\n", encoding="utf-8")
    out = cauri("report", "--study-uid", info["study_uid"], "--template", "ct-thorax", "--text-file", str(text),
                "--final", "--reader", "KOUASSI^Awa")
    assert out.returncode == 0, out.stderr
    assert "HL7: 1 sent, 0 waiting" in out.stdout
    assert len(listener.acked) == 1
    m = hl7.parse(listener.received[0])
    assert str(m.segment("OBR")[25]) == "F" and str(m.segment("PID")[3]).startswith("SYN-001")
