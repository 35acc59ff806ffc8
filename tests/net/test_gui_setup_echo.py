"""The setup wizard's archive page tests the archive with a real C-ECHO to a real Orthanc: green when Orthanc
knows this workstation's AE title, red with the reason when it does not (Orthanc accepts C-ECHO from its
configured modalities only), and the archive kept is the one `cauri echo` then reaches."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from wizard_helpers import click, next_page, open_wizard, retype

from .conftest import OUR_AET

pytestmark = pytest.mark.gui


def fill_archive(qtbot, page, archive) -> None:
    retype(qtbot, page.name, "pacs")
    qtbot.keyClicks(page.aet, archive.server.aet)
    qtbot.keyClicks(page.host, "127.0.0.1")
    page.port.setFocus()
    page.port.selectAll()
    qtbot.keyClicks(page.port, str(archive.server.dicom_port))


def test_the_c_echo_test_is_green_for_a_known_workstation_and_the_archive_is_kept(qtbot, tmp_path, archive):
    home = tmp_path / "home"
    wizard, paths = open_wizard(qtbot, home)
    next_page(qtbot, wizard)
    assert wizard.station.aet.text() == OUR_AET  # the AE title Orthanc knows (127.0.0.1 only)
    next_page(qtbot, wizard)
    page = wizard.archive
    fill_archive(qtbot, page, archive)
    click(qtbot, page.test)
    qtbot.waitUntil(lambda: page.test.isEnabled() and page.result.text() != "Test en cours…", timeout=30000)
    assert page.result.text().startswith("pacs\u00a0: connecté (")
    assert "1a7f37" in page.result.styleSheet()  # green
    next_page(qtbot, wizard)
    click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))
    saved = json.loads((paths.config / "network.json").read_text())
    assert [n["name"] for n in saved["nodes"]] == ["pacs"]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    echo = subprocess.run([sys.executable, "-m", "viewer", "echo", "pacs", "--home", str(home)], env=env,
                          capture_output=True, text=True, timeout=60)
    assert echo.returncode == 0, echo.stderr


def test_the_c_echo_test_is_red_with_the_reason_when_the_archive_does_not_know_us(qtbot, tmp_path, archive):
    wizard, _paths = open_wizard(qtbot, tmp_path / "home")
    next_page(qtbot, wizard)
    retype(qtbot, wizard.station.aet, "INCONNU")
    next_page(qtbot, wizard)
    page = wizard.archive
    fill_archive(qtbot, page, archive)
    qtbot.mouseClick(page.test, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.test.isEnabled() and page.result.text() != "Test en cours…", timeout=30000)
    assert page.result.text().startswith("pacs: ")
    assert "connecté" not in page.result.text()
    assert "c62828" in page.result.styleSheet()  # red
