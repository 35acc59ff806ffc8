"""An evicted study in the real window (issue 20): its row says « Sur l'archive », and a click on it retrieves
it from the archive it came from (a real Orthanc) and shows it; the cache then holds its files again."""

from __future__ import annotations

import pytest
from gui_helpers import make_window, wait_ready, widget_pixels
from PySide6.QtCore import Qt

pytestmark = [pytest.mark.gui, pytest.mark.timeout(180)]


def _status(window, row: int) -> str:
    from viewer.store.worklist import COLUMNS

    return window.browser.table.row_item(row).text(COLUMNS.index("status"))


def test_an_evicted_study_is_on_the_archive_and_comes_back_when_opened(qtbot, net_home, archive):
    from viewer.core.paths import resolve_paths
    from viewer.net.nodes import NetworkConfig
    from viewer.net.retrieve import retrieve_study
    from viewer.store import eviction
    from viewer.store.cache import StudyCache

    uid = archive.accented.study_uid
    store = resolve_paths(net_home).ensure().store
    with StudyCache(store) as cache:
        config = NetworkConfig.load(net_home)
        assert retrieve_study(cache, config, config.node("pacs"), uid).complete
        assert cache.study(uid).source_node == "pacs"
        files = [i.path for s in cache.series_of(uid) for i in cache.instances_of(s.series_uid)]
        assert len(files) == 3
        eviction.evict(cache, [uid])
    assert not any(p.exists() for p in files)

    window = make_window(qtbot, net_home, language="fr")
    table = window.browser.table
    qtbot.waitUntil(lambda: table.rowCount() == 1)
    assert _status(window, 0) == "Sur l'archive"
    assert window.ws.cache.study(uid).instance_count == 3  # the list still says what the archive holds
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.row_rect(0).center())
    qtbot.waitUntil(lambda: getattr(window, "last_retrieve", None) is not None, timeout=60000)
    item = window.last_retrieve
    assert not isinstance(item, str), item
    assert item.state == "done" and item.node == "pacs" and item.done == 3
    wait_ready(qtbot, window)
    assert window.ws.study is not None and window.ws.study.study_uid == uid
    vp = window.grid.active
    assert vp.state.display_set is not None and vp.state.count == 3
    assert widget_pixels(vp)[:, :, 0].std() > 10
    assert all(p.exists() for p in files)  # filed again under the same names
    qtbot.waitUntil(lambda: _status(window, 0) != "Sur l'archive")
    assert not window.ws.cache.study(uid).on_archive
