"""F1 says what the keys and the mouse do in the CURRENT mode (2-D images, a measuring tool, MPR, 3-D), from
the key map, in French; the About box gives the version, the licences of Cauri and its libraries as installed,
and says Cauri sends nothing anywhere (issue 14). Real key presses; the boxes are read as the reader sees them."""

from __future__ import annotations

from importlib import metadata

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from gui_helpers import change_preferences, import_and_open
from synthetic import write_series
from test_gui_keymap import help_shown
from viewer import __version__

pytestmark = pytest.mark.gui


def _help(qtbot, window) -> str:
    text = help_shown(qtbot, window)
    # Without a window manager (Xvfb) nothing gives the window back its activation when the box closes, and
    # window shortcuts (M, L) act only in the active window: a desktop does this by itself.
    with qtbot.waitActive(window):
        window.activateWindow()
    return text


def _sections(text: str) -> list[str]:
    return [block.split("\n", 1)[0] for block in text.split("\n\n")]


def test_f1_lists_the_keys_of_the_mode_on_screen(qtbot, tmp_path):
    info = write_series(tmp_path / "ct", slices=24, rows=64, cols=64)
    window = import_and_open(qtbot, tmp_path / "home", tmp_path / "ct", info["study_uid"])
    window.grid.active.setFocus()

    images = _help(qtbot, window)
    assert _sections(images) == ["Images", "Commandes"]
    assert "molette, Ctrl + glisser gauche\u00a0: parcourir les coupes" in images
    assert "tourner le volume" not in images and "déplacer le point commun" not in images
    assert "Ctrl+Page suiv.\u00a0: examen suivant de la liste de travail" in images

    qtbot.keyClick(window.grid.active, Qt.Key.Key_L)  # the distance tool
    measuring = _help(qtbot, window)
    assert _sections(measuring) == ["Mesure", "Images", "Commandes"]
    first = measuring.split("\n\n")[0]
    assert "glisser gauche\u00a0: avec un outil de mesure" in first and "Suppr\u00a0: supprimer la mesure" in first
    qtbot.keyClick(window.grid.active, Qt.Key.Key_Escape)
    qtbot.keyClick(window.grid.active, Qt.Key.Key_Escape)

    qtbot.keyClick(window.grid.active, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: window.grid.active is not None and window.grid.active.mpr is not None, timeout=30000)
    planes = _help(qtbot, window)
    assert _sections(planes)[0] == "Plans MPR" and "glisser gauche\u00a0: déplacer le point commun" in planes
    assert "parcourir les coupes" in planes and "tourner le volume" not in planes

    qtbot.keyClick(window.grid.active, Qt.Key.Key_D)  # 3-D beside the planes; it becomes the active view
    qtbot.waitUntil(lambda: any(vp.vr is not None for vp in window.grid.visible_viewports()), timeout=30000)
    vr = next(vp for vp in window.grid.visible_viewports() if vp.vr is not None)
    qtbot.mouseClick(vr, Qt.MouseButton.LeftButton, pos=vr.rect().center())  # the reader clicks the 3-D view
    assert window.ws.views.active is vr.slot
    volume = _help(qtbot, window)
    assert _sections(volume) == ["Vue 3D", "Commandes"] and "glisser gauche : tourner le volume" in volume
    assert "parcourir les coupes" not in volume
    window.close()


def test_the_about_box_gives_version_licences_and_no_telemetry(qtbot, tmp_path):
    from gui_helpers import make_window

    window = make_window(qtbot, tmp_path / "home", language="fr")
    seen = {}

    def read_and_close():
        box = QApplication.activeModalWidget()
        if box is not None and box.windowTitle() == "À propos de Cauri":
            seen["licences"] = box.licences.toPlainText()
            seen["telemetry"] = box.telemetry.text()
            seen["all"] = " ".join(w.text() for w in box.findChildren(type(box.telemetry)))
            box.reject()
        else:
            QTimer.singleShot(50, read_and_close)

    QTimer.singleShot(50, read_and_close)
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "Ai&de")
    assert window.act_about in help_menu.actions()
    window.act_about.trigger()
    qtbot.waitUntil(lambda: "licences" in seen, timeout=10000)
    assert f"Cauri {__version__}" in seen["all"]
    assert seen["telemetry"].startswith("Aucune télémétrie\u00a0:")
    text = seen["licences"]
    for name in ("pydicom", "vtk", "numpy", "highdicom", "python-gdcm"):
        dist = metadata.metadata(name)
        assert dist["Version"] in text, name
    assert "BSD-3-Clause" in text  # Cauri's own (pyproject.toml)
    cells = [c.strip() for c in text.replace("\t", "\n").splitlines() if c.strip()]
    at = cells.index("pydicom")
    assert cells[at + 1] == metadata.version("pydicom") and "MIT" in cells[at + 2]  # its classifier says MIT
    window.close()


def test_the_overlay_text_size_chosen_in_the_preferences_reaches_the_images(qtbot, tmp_path):
    info = write_series(tmp_path / "ct", slices=4, rows=64, cols=64)
    window = import_and_open(qtbot, tmp_path / "home", tmp_path / "ct", info["study_uid"])
    vp = window.grid.active
    before = vp.renderer.overlay_boxes()["letter_left"]

    def choose(box):
        assert box.text_size.text() == "Automatique (résolution de l'écran)"  # 0: follows the screen's DPI
        box.text_size.setFocus()
        box.text_size.selectAll()
        qtbot.keyClicks(box.text_size, "24")

    change_preferences(qtbot, window, choose)
    assert window.ws.settings.overlay_font_pt == 24
    vp.render_sync()
    after = vp.renderer.overlay_boxes()["letter_left"]
    # 24 pt at 96 DPI: 32 px text (+2 for the letters) against about 12 before, by VTK's own metrics.
    assert (after[3] - after[2]) > 2 * (before[3] - before[2])
    window.close()
