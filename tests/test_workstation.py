"""The workstation driven without any window: import and open a study, change the layout, enter MPR and
3-D, choose a tool, and read back what each viewport shows; the patient-safety rules hold the same way."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pydicom.uid import generate_uid

from synthetic import write_series
from viewer.core.messages import in_language
from viewer.dicom.pixels import Window
from viewer.model.measurements import MeasurementKind as K
from viewer.workstation.service import Workstation

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def studies(tmp_path):
    """Koffi's CT (a 12-slice and a 2-slice series), and another patient's CT."""
    koffi = generate_uid()
    write_series(tmp_path / "koffi" / "a", slices=12, rows=32, cols=32, study_uid=koffi, patient_id="K-1")
    write_series(tmp_path / "koffi" / "b", slices=2, rows=32, cols=32, study_uid=koffi, patient_id="K-1")
    other = write_series(tmp_path / "other", slices=6, rows=32, cols=32, patient_id="A-2", patient_name="AUTRE^Awa")
    return tmp_path, koffi, other["study_uid"]


@pytest.fixture
def ws(tmp_path):
    station = Workstation.open(tmp_path / "home", language="fr")
    yield station
    station.close()


def imported(ws, *folders) -> None:
    assert ws.start_import([str(f) for f in folders])
    assert ws.wait_idle(60)


def test_an_import_opens_its_study_in_the_viewports(ws, studies):
    root, koffi, _ = studies
    opened = []
    ws.study_opened.connect(lambda study, sets: opened.append(study.study_uid))
    imported(ws, root / "koffi")
    assert opened == [koffi] and ws.study.study_uid == koffi
    (shown,) = ws.view_states()  # the settings' 1x1
    big = next(ds for ds in ws.display_sets.values() if ds.frame_count == 12)
    assert shown == {"mode": "stack", "display_set": big.uid, "index": 6, "window": None, "zoom": 1.0,
                     "plane": None, "volume_preset": None}


def test_a_wider_layout_takes_the_next_series_and_is_remembered(ws, studies):
    root, koffi, _ = studies
    imported(ws, root / "koffi")
    ws.choose_layout(1, 2)
    states = ws.view_states()
    counts = sorted(ws.display_sets[s["display_set"]].frame_count for s in states)
    assert counts == [2, 12] and (ws.settings.grid_rows, ws.settings.grid_cols) == (1, 2)


def test_mpr_then_3d_then_back_gives_planes_a_volume_and_the_layout_before(ws, studies):
    root, koffi, _ = studies
    imported(ws, root / "koffi")
    ws.choose_layout(1, 2)
    before = ws.view_states()
    big = next(s for s in ws.views.visible() if s.state.display_set.frame_count == 12)
    ws.views.set_active(big)
    assert ws.volumes.toggle_mpr() is None
    assert [(s["mode"], s["plane"]) for s in ws.view_states()] == [("plane", "axial"), ("plane", "coronal"),
                                                                    ("plane", "sagittal")]
    assert ws.wait_idle(60) and ws.volumes.session.volume.complete
    # One window for the three planes of one volume.
    axial = ws.views.visible()[0]
    axial.apply(axial.state.windowed(Window(50.0, 350.0)))
    assert {s["window"] for s in ws.view_states()} == {(50.0, 350.0)}
    assert ws.volumes.toggle_volume() is None
    assert [s["mode"] for s in ws.view_states()] == ["plane", "plane", "plane", "volume"]
    assert ws.view_states()[3]["volume_preset"] == "ct-bone" and ws.views.active is ws.views.visible()[3]
    assert ws.volumes.toggle_mpr() is None  # MPR off takes its 3-D view with it
    assert ws.view_states() == before and ws.volumes.session is None


def test_mpr_refused_for_two_images_says_why_in_french(ws, studies):
    root, koffi, _ = studies
    imported(ws, root / "koffi")
    ws.choose_layout(1, 2)
    small = next(s for s in ws.views.visible() if s.state.display_set.frame_count == 2)
    ws.views.set_active(small)
    assert in_language(ws.volumes.toggle_mpr(), "fr") == "il faut une pile d'au moins 3 images"
    assert in_language(ws.volumes.toggle_volume(), "fr") == "La 3D demande une pile d'au moins 3 images."
    assert {s["mode"] for s in ws.view_states()} == {"stack"}


def test_another_study_resets_the_tool_mpr_and_leaves_no_other_patient_beside_it(ws, studies):
    root, koffi, other = studies
    imported(ws, root / "koffi", root / "other")
    ws.open_study(koffi)
    ws.choose_layout(1, 2)
    ws.set_tool(K.LENGTH)
    ws.views.set_active(next(s for s in ws.views.visible() if s.state.display_set.frame_count == 12))
    assert ws.volumes.toggle_mpr() is None
    ws.volumes.set_slab(12.0, "avg")
    reset = []
    ws.study_reset.connect(lambda: reset.append(ws.tool))
    ws.open_study(other)
    assert reset == [None] and ws.tool is None and ws.volumes.session is None
    assert (ws.volumes.slab_mm, ws.volumes.slab_mode) == (0.0, "mip")
    shown = [s.study_uid() for s in ws.views.visible()]
    assert shown[0] == other and koffi not in shown  # Koffi's second series did not stay beside Awa's


def test_a_series_of_another_patient_beside_the_open_study_is_seen_as_another_patient(ws, studies):
    root, koffi, other = studies
    imported(ws, root / "koffi", root / "other")
    ws.open_study(koffi)
    ws.choose_layout(1, 2)
    right = ws.views.visible()[1]
    ws.show_beside(right, "", other)  # the other study's row dropped on the right viewport
    assert ws.study.study_uid == koffi  # the open study stays the list's and the findings'
    assert ws.findings.mset.study_uid == koffi
    groups, patients = ws.patients.on_screen(koffi, [s.study_uid() for s in ws.views.visible()])
    assert groups[0] != groups[1] and [p.patient_id for p in patients] == ["K-1", "A-2"]


def test_the_readers_key_map_is_the_workstations(tmp_path):
    config = tmp_path / "home" / "config"
    config.mkdir(parents=True)
    (config / "keymap.json").write_text(json.dumps({"window": {"mpr": ["Ctrl+M"]}}), encoding="utf-8")
    station = Workstation.open(tmp_path / "home")
    try:
        assert station.keymap.keys("mpr") == ["Ctrl+M"] and station.keymap_problems == []
    finally:
        station.close()


def test_the_workstation_runs_without_qt(tmp_path, studies):
    """Its whole use, in a process that never loads PySide6."""
    root, koffi, _ = studies
    script = textwrap.dedent(f"""
        import sys
        from viewer.workstation.service import Workstation
        from viewer.model.measurements import MeasurementKind as K
        ws = Workstation.open({str(tmp_path / "qtless")!r})
        assert ws.start_import([{str(root / "koffi")!r}]) and ws.wait_idle(60)
        ws.choose_layout(2, 2)
        ws.set_tool(K.ANGLE)
        ws.views.set_active(ws.views.visible()[0])
        assert ws.volumes.toggle_mpr() is None and ws.wait_idle(60)
        print([s["mode"] for s in ws.view_states()], ws.tool.value)
        ws.close()
        assert "PySide6" not in sys.modules, "the workstation imported Qt"
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=240,
                         env={"PYTHONPATH": f"{ROOT}:{ROOT / 'plugins'}", "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "['plane', 'plane', 'plane'] angle"
