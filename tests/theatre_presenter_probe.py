"""Run by tests/test_gui_theatre_presenter.py in a process of its own, under Qt's offscreen platform with two
virtual screens (a screen layout file): theatre mode on the first screen, the presenter's mirror on the
second, the pointer moved over the theatre's view. Prints what it saw as JSON.

Usage: python theatre_presenter_probe.py HOME STUDY_UID"""

from __future__ import annotations

import json
import sys

import numpy as np
from gui_helpers import screen_point_of
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def pixels(widget) -> np.ndarray:
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    w, h = image.width(), image.height()
    buf = np.frombuffer(image.constBits(), np.uint8, count=image.bytesPerLine() * h)
    return buf.reshape(h, image.bytesPerLine())[:, : 3 * w].reshape(h, w, 3).copy()


def settle(app, ready, rounds=600) -> None:
    for _ in range(rounds):
        app.processEvents()
        if ready():
            return
        QTest.qWait(20)


def main(home: str, study_uid: str) -> int:
    from viewer.core.paths import resolve_paths
    from viewer.core.settings import Settings
    from viewer.model.frames import FrameLoader
    from viewer.model.registry import load_plugins
    from viewer.render.gl import prepare_offscreen
    from viewer.store.cache import StudyCache
    from viewer.ui.i18n import install_language
    from viewer.ui.main_window import MainWindow
    from viewer.ui.workstation_bridge import gui_workstation

    prepare_offscreen()
    app = QApplication([sys.argv[0]])
    paths = resolve_paths(home).ensure()
    install_language(app, "fr")
    ws = gui_workstation(paths, Settings(grid_rows=1, grid_cols=1), StudyCache(paths.store), load_plugins(),
                         FrameLoader(), "fr", home)
    window = MainWindow(ws)
    window.resize(1200, 800)
    window.show()
    ws.open_study(study_uid)
    ws.enter_theatre()
    tw = window.theatre.window
    settle(app, lambda: tw.grid.all_ready())
    tw.present_button.click()
    presenter = window.theatre.presenter
    mirror = presenter.mirror
    settle(app, lambda: mirror.is_ready())
    vp = tw.grid.active
    QTest.keyClick(vp, Qt.Key.Key_Down)  # the mirror follows the theatre's view
    settle(app, lambda: mirror.is_ready() and vp.is_ready())
    for v in (vp, mirror):
        v.render_sync()
    x, y = screen_point_of(vp, 64, 96)
    QTest.mouseMove(vp, QPoint(x, y))
    app.processEvents()
    mx, my = screen_point_of(mirror, 64, 96)  # the same image point, on the mirror
    shown = pixels(mirror)
    box = shown[max(0, my - 60): my + 60, max(0, mx - 60): mx + 60].astype(int)
    red = (box[..., 0] > 200) & (box[..., 1] < 90) & (box[..., 2] < 90)
    out = {
        "screens": [s.name() for s in app.screens()],
        "theatre_screen": tw.screen().name(),
        "theatre_geometry": list(tw.geometry().getRect()),
        "presenter_screen": presenter.screen().name(),
        "presenter_geometry": list(presenter.geometry().getRect()),
        "same_index": mirror.state.index == vp.state.index,
        "index": vp.state.index,
        "same_image": bool(np.array_equal(mirror.last_scene.image, vp.last_scene.image)),
        "pointer": list(mirror.pointer) if mirror.pointer else None,
        "expected_pointer": [mx, my],
        "red_pixels_near_pointer": int(red.sum()),
        "red_pixels_elsewhere": int(((shown[..., 0] > 200) & (shown[..., 1] < 90) & (shown[..., 2] < 90)).sum() - red.sum()),
        "mirror_bright": int(shown.max()),
    }
    tw.present_button.click()
    out["presenter_closed"] = window.theatre.presenter is None
    print("RESULT " + json.dumps(out))
    window.close()
    ws.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2]))
