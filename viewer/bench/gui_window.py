"""The real window a bench worker measures (``open``, ``reading``, ``big``, ``evict``): offscreen Qt where there is no display, the
workstation over the bench home's cache, the main window at 1600x1000, shown."""

from __future__ import annotations

import os
import sys

from viewer.core.paths import resolve_paths
from viewer.model.frames import frame_loader
from viewer.model.registry import load_plugins
from viewer.render.gl import prepare_offscreen
from viewer.store.cache import StudyCache


def bench_window(home, settings):
    """(app, workstation, window, cache) for ``home``, English, with ``settings``."""
    if sys.platform.startswith("linux") and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from viewer.ui.i18n import install_language
    from viewer.ui.main_window import MainWindow
    from viewer.ui.workstation_bridge import gui_workstation

    prepare_offscreen()
    app = QApplication.instance() or QApplication([sys.argv[0]])
    paths = resolve_paths(home).ensure()
    install_language(app, "en")
    cache = StudyCache(paths.store)
    ws = gui_workstation(paths, settings, cache, load_plugins(), frame_loader(settings.memory_budget_mb), "en")
    window = MainWindow(ws)
    window.resize(1600, 1000)
    window.show()
    return app, ws, window, cache


def heartbeat_timer(interval_ms: int, tick):
    """A precise timer calling ``tick`` every ``interval_ms``: its lateness is the window's latency."""
    from PySide6.QtCore import Qt, QTimer

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(interval_ms)
    timer.timeout.connect(tick)
    return timer


def close_bench_window(window, ws, cache) -> None:
    """The measured window goes, and the workstation as the application closes it (``app.main``): its loader
    threads, registrations still running (SimpleITK threads alive at exit abort the process) and the cache."""
    window.close()
    ws.close()
    if ws.cache is not cache:
        cache.close()
