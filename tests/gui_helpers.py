"""Building a real Cauri main window for pytest-qt tests, and reading back what it shows."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage


def make_window(qtbot, home, language="fr", layout=(1, 1), protocols=False):
    """``protocols``: lay studies out by their hanging protocol (off: the tests of other features fill the
    layout they ask for, one series per viewport, as before protocols)."""
    from PySide6.QtWidgets import QApplication

    from viewer.core.paths import resolve_paths
    from viewer.core.settings import Settings
    from viewer.model.frames import FrameLoader
    from viewer.model.registry import load_plugins
    from viewer.store.cache import StudyCache
    from viewer.ui.i18n import install_language
    from viewer.ui.main_window import MainWindow
    from viewer.ui.workstation_bridge import gui_workstation

    paths = resolve_paths(home).ensure()
    install_language(QApplication.instance(), language)
    settings = Settings(grid_rows=layout[0], grid_cols=layout[1], extra={"hanging_protocols": protocols})
    cache = StudyCache(paths.store)
    ws = gui_workstation(paths, settings, cache, load_plugins(), FrameLoader(), language, home)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    # Window shortcuts (M, D, Ctrl+Q...) act only in the active window: wait until it is.
    with qtbot.waitActive(window):
        window.activateWindow()
    return window


def wait_ready(qtbot, window, timeout=20000):
    qtbot.waitUntil(lambda: not window.job_running() and window.grid.all_ready() and not window.report.pending(),
                    timeout=timeout)
    for vp in window.grid.visible_viewports():
        vp.render_sync()


def widget_pixels(widget) -> np.ndarray:
    """What the widget shows on screen, as an H x W x 3 uint8 array (via QWidget.grab)."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    w, h = image.width(), image.height()
    buf = np.frombuffer(image.constBits(), np.uint8, count=image.bytesPerLine() * h)
    return buf.reshape(h, image.bytesPerLine())[:, : 3 * w].reshape(h, w, 3).copy()


def screen_point_of(vp, row: float, col: float) -> tuple[int, int]:
    """Widget coordinates of image pixel (row, col) for an unrotated, unpanned fitted image."""
    scene = vp.last_scene
    h, w = scene.image.shape[:2]
    mm = vp.renderer.mm_per_screen_pixel(scene) * vp.devicePixelRatioF()
    cx_mm = (w - 1) * scene.spacing[0] / 2.0 + scene.pan[0]
    cy_mm = (h - 1) * scene.spacing[1] / 2.0 + scene.pan[1]
    x = vp.width() / 2.0 + (col * scene.spacing[0] - cx_mm) / mm
    y = vp.height() / 2.0 + (row * scene.spacing[1] - cy_mm) / mm
    return int(round(x)), int(round(y))


def import_and_open(qtbot, home, folder, study_uid, layout=(1, 1)):
    """Import ``folder`` (or a list of folders) into the cache of ``home``, then open ``study_uid`` in a new
    window of ``layout``, ready."""
    from viewer.core.paths import resolve_paths
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    folders = folder if isinstance(folder, (list, tuple)) else [folder]
    with StudyCache(resolve_paths(home).ensure().store) as cache:
        import_paths(cache, [str(f) for f in folders])
    window = make_window(qtbot, home, layout=layout)
    window.open_study(study_uid)
    wait_ready(qtbot, window)
    return window


def change_preferences(qtbot, window, fill) -> None:
    """Open Préférences from the menu action, let ``fill(dialog)`` change it, then click OK (a real click)."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    done = {}

    def fill_and_accept():
        box = QApplication.activeModalWidget()
        if box is None or not hasattr(box, "memory_budget"):
            QTimer.singleShot(50, fill_and_accept)
            return
        fill(box)
        ok = box.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        done["ok"] = True

    QTimer.singleShot(50, fill_and_accept)
    window.act_prefs.trigger()
    qtbot.waitUntil(lambda: "ok" in done, timeout=10000)


def choose_from_row_menu(qtbot, window, text: str) -> list:
    """A real right click on the study list's first row, then the menu action named ``text`` chosen with the
    keyboard; the actions chosen (one, unless the menu never came). QTest's clicks do not make the context-menu
    event the platform sends after a right press: it is sent here."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication

    table = window.browser.table
    rect = table.row_rect(0)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    chosen = []

    def choose():
        menu = QApplication.activePopupWidget()
        if menu is None:
            QTimer.singleShot(50, choose)
            return
        action = next(a for a in menu.actions() if a.text() == text)
        chosen.append(action)
        menu.setActiveAction(action)
        qtbot.keyClick(menu, Qt.Key.Key_Return)

    QTimer.singleShot(50, choose)
    viewport = table.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.RightButton, pos=rect.center())
    QApplication.sendEvent(viewport, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, rect.center(),
                                                       viewport.mapToGlobal(rect.center())))
    return chosen
