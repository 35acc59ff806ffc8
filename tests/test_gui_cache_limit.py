"""The cache's size limit in a real window (issue 20): « Épingler » from the study list's context menu marks
the row and keeps the study, « Libérer la place… » asks first (saying what protects the study), and an
evicted study's row says « Sur l'archive »; Preferences sets the limit."""

from __future__ import annotations

import pytest
from gui_helpers import choose_from_row_menu, make_window, wait_ready, widget_pixels
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox
from synthetic import write_series

pytestmark = [pytest.mark.gui, pytest.mark.timeout(120)]


def _home(tmp_path):
    from viewer.core.paths import resolve_paths
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    info = write_series(tmp_path / "src", slices=4, patient_id="GUI-EVICT", patient_name="ARCHIVE^Koffi")
    home = tmp_path / "home"
    with StudyCache(resolve_paths(home).ensure().store) as cache:
        import_paths(cache, [str(tmp_path / "src")])
        cache.note_source(info["study_uid"], "pacs")  # on the archive too: not the only copy
    return home, info


def _choose_from_menu(qtbot, window, text: str) -> None:
    """A real right click on the first row, then the action named ``text`` chosen with the keyboard."""
    chosen = [a.isEnabled() for a in choose_from_row_menu(qtbot, window, text)]
    assert chosen == [True]


def _picture(vp):
    """The viewport's pixels above its middle (where an empty one says "drop a series here"), inside its frame."""
    px = widget_pixels(vp)
    h, w = px.shape[:2]
    return px[h // 4 : h * 45 // 100, 10 : w - 10]


def _status_text(window) -> str:
    from viewer.store.worklist import COLUMNS

    return window.browser.table.row_item(0).text(COLUMNS.index("status"))


def _row_texts(window) -> str:
    item = window.browser.table.row_item(0)
    return " | ".join(item.text(c) for c in range(item.columnCount()))


def test_pin_free_the_space_and_on_the_archive_in_the_study_list(qtbot, tmp_path):
    from viewer.store import eviction

    home, info = _home(tmp_path)
    window = make_window(qtbot, home, language="fr")
    qtbot.waitUntil(lambda: window.browser.table.rowCount() == 1)
    _choose_from_menu(qtbot, window, "Épingler (garder sur ce poste)")
    assert eviction.pinned(window.ws.cache.root) == {info['study_uid']}
    qtbot.waitUntil(lambda: "Épinglé" in _row_texts(window))
    answered = []

    def answer():
        box = window.cache_actions.question
        if box is None or not box.isVisible():
            QTimer.singleShot(50, answer)
            return
        answered.append(box.text())
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)

    wait_ready(qtbot, window)
    vp = window.grid.viewports[0]
    assert _picture(vp).std() > 5  # the study on screen
    QTimer.singleShot(50, answer)
    _choose_from_menu(qtbot, window, "Libérer la place (garder sur l'archive)…")
    # The row's click opened it, the reader pinned it, it arrived today: all said; once confirmed, it leaves the
    # screen and the cache.
    assert answered[0].endswith("Il est protégé\u00a0: ouvert à l'écran, épinglé par le lecteur, liste de travail "
                                "du jour."), answered
    qtbot.waitUntil(lambda: not window.ws.keeper.running() and _status_text(window) == "Sur l'archive",
                    timeout=30000)
    assert window.ws.cache.archived([info['study_uid']]) == {info['study_uid']}
    assert window.ws.cache.study(info['study_uid']).instance_count == 4  # still said, from the archive
    assert not list((window.ws.cache.root / "files").rglob("*.dcm"))
    assert window.ws.study is None and all(s.state.display_set is None for s in window.ws.views.slots)
    qtbot.waitUntil(lambda: _picture(vp).std() < 1)  # its images left the screen


def test_preferences_set_the_cache_limit(qtbot, tmp_path, monkeypatch):
    from viewer.ui.preferences import PreferencesDialog

    home, _info = _home(tmp_path)
    window = make_window(qtbot, home, language="fr")
    seen = []

    def exec_(dialog):
        seen.append(dialog.cache_limit.specialValueText())
        dialog.cache_limit.setFocus()
        dialog.cache_limit.selectAll()
        qtbot.keyClicks(dialog.cache_limit, "120")
        return 1

    monkeypatch.setattr(PreferencesDialog, "exec", exec_)
    window.show_preferences()
    assert seen == ["sans limite"]
    assert window.ws.settings.cache_limit_gb == 120.0
