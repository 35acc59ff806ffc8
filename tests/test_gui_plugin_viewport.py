"""A third-party plugin gives a display-set kind a viewport of its own (``PluginAPI.add_viewport``), as the
video, waveform and slide viewports do: its widget is drawn inside the reading viewport, under the patient
strip the viewport itself writes, it is released when the viewport shows something else, and a widget that
fails to build shows its reason instead of taking the window down."""

from __future__ import annotations

import pytest

from gui_helpers import make_window, wait_ready, widget_pixels
from synthetic import write_series
from test_plugin_api import install

PACKAGE = "cauri_surface_test"
PLUGIN = '''
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from viewer.plugin_api import InstanceSet

RELEASED = []
MADE = []


class Sheet(QWidget):
    def __init__(self, display_set, host):
        super().__init__()
        self.display_set, self.host = display_set, host
        MADE.append((display_set.kind, len(display_set.instances), host.language))

    def paintEvent(self, event):
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(255, 0, 255))
        p.end()

    def release(self):
        RELEASED.append(self.display_set.uid)


def broken(display_set, host):
    raise RuntimeError("no decoder")


class Handler:
    name = "sheet"

    def make_display_sets(self, series):
        if series.modality not in ("MR", "XA"):
            return None
        return [InstanceSet(uid=series.series_uid, study_uid=series.study_uid, series_uid=series.series_uid,
                            modality=series.modality, number=series.number, description=series.description,
                            kind="sheet" if series.modality == "MR" else "broken", instances=series.instances)]


def register(api):
    api.add_display_set_handler(Handler(), priority=10)
    api.add_viewport("sheet", Sheet)
    api.add_viewport("broken", broken)
'''


@pytest.fixture
def plugin(tmp_path, monkeypatch):
    site = tmp_path / "site"
    install(site, PACKAGE, "surface", PLUGIN, {})
    monkeypatch.syspath_prepend(str(site))
    import importlib
    yield importlib.import_module(PACKAGE)


def test_a_plugin_viewport_shows_its_kind_under_the_patient_strip(qtbot, tmp_path, plugin):
    from viewer.core.paths import resolve_paths
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    ct = write_series(tmp_path / "ct", slices=4, modality="CT", study_uid="1.2.826.0.1.3680043.8.498.71")
    write_series(tmp_path / "mr", slices=3, modality="MR", study_uid=ct["study_uid"])
    write_series(tmp_path / "xa", slices=1, modality="XA", study_uid=ct["study_uid"])
    home = tmp_path / "home"
    with StudyCache(resolve_paths(home).ensure().store) as cache:
        import_paths(cache, [str(tmp_path / d) for d in ("ct", "mr", "xa")])
    window = make_window(qtbot, home, layout=(1, 2))
    window.open_study(ct["study_uid"])
    wait_ready(qtbot, window)
    sets = {ds.modality: ds for ds in window.ws.display_sets.values()}
    assert sets["MR"].kind == "sheet" and sets["XA"].kind == "broken"

    left, right = window.grid.visible_viewports()
    window.grid.set_active(right)
    window.study_switch.show_in_active(sets["MR"].uid)
    qtbot.waitUntil(lambda: right.surface.widget is not None and right.surface.widget.isVisible())
    assert plugin.MADE == [("sheet", 3, "fr")]
    pixels = widget_pixels(right)
    h, w = pixels.shape[:2]
    assert tuple(pixels[h // 2, w // 2]) == (255, 0, 255)  # the plugin's widget fills the viewport
    strip = right.surface.strip
    assert strip.isVisible() and strip.geometry().bottom() < right.surface.widget.geometry().top()
    assert "SYNTHÉTIQUE Koffi" in strip.text() and "SYN-001" in strip.text()  # the viewport says whose it is
    assert tuple(pixels[1, w // 2]) == (255, 200, 0)  # the active frame stays the viewport's own, around it

    window.grid.set_active(left)
    qtbot.mouseClick(right.surface.widget, __import__("PySide6.QtCore", fromlist=["Qt"]).Qt.MouseButton.LeftButton)
    assert window.grid.active is right  # a click on the plugin's widget makes its viewport the active one

    window.study_switch.show_in_active(sets["CT"].uid)  # back to images: the widget goes, the image comes
    wait_ready(qtbot, window)
    assert plugin.RELEASED == [sets["MR"].uid]
    assert right.surface.widget is None and not right.surface.strip.isVisible()
    assert right.last_scene is not None and right.last_scene.image is not None

    window.study_switch.show_in_active(sets["XA"].uid)  # a factory that raises: its reason, not a crash
    qtbot.waitUntil(lambda: right.surface.widget is not None)
    assert "RuntimeError" in right.surface.widget.text()


def test_cauri_own_kinds_cannot_be_taken():
    from viewer.model.registry import PluginAPI

    api = PluginAPI()
    for kind in ("stack", "findings", "unsupported", ""):
        with pytest.raises(ValueError):
            api.add_viewport(kind, lambda ds, host: None)
    with pytest.raises(ValueError):
        api.add_viewport("video", "not callable")
