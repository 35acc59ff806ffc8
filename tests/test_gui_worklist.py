"""The study list as a worklist, in a real window with real clicks and keys (issue 14).

Three studies of two patients (KOFFI: 2 and 4 images; ADJOVI: 3 images). Checked: patients with their
studies under them, every study "Unread" in bold at first; a click on the header sorts (orders written by
hand); Ctrl+Page Down opens the next study of the list as sorted, N the next unread one; the studies opened
are "Read", and still are in a new window over the same home (a restart); F1 lists the keys of the worklist.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from gui_helpers import make_window, wait_ready
from synthetic import write_series
from viewer.core.paths import resolve_paths
from viewer.store.cache import StudyCache
from viewer.store.importer import import_paths
from viewer.store.worklist import COLUMNS

pytestmark = pytest.mark.gui


@pytest.fixture
def home(tmp_path):
    home = tmp_path / "home"
    src = tmp_path / "src"
    uids = {}
    for name, pid, pname, slices in (("k2", "P-1", "KOFFI^Ama", 2), ("k4", "P-1", "KOFFI^Ama", 4),
                                     ("a3", "P-2", "ADJOVI^Rose", 3)):
        uids[name] = write_series(src / name, slices=slices, rows=32, cols=32, patient_id=pid, patient_name=pname)["study_uid"]
    with StudyCache(resolve_paths(home).ensure().store) as cache:
        import_paths(cache, [str(src)])
    return home, uids


def _order(browser):
    return [browser._studies[r].study_uid for r in browser.table.display_order()]


def _status(browser, uid):
    return browser.table.row_item(browser._row_of(uid)).text(COLUMNS.index("status"))


def _click_header(qtbot, tree, column: str):
    """A real click on the column's header (scrolled into sight first, as the reader would)."""
    header = tree.header()
    i = COLUMNS.index(column)
    tree.horizontalScrollBar().setValue(min(tree.horizontalScrollBar().maximum(), header.sectionPosition(i)))
    x = header.sectionViewportPosition(i) + min(header.sectionSize(i), header.viewport().width()) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def test_patients_group_their_studies_sort_by_header_and_keys_walk_the_list(qtbot, home):
    home, uids = home
    window = make_window(qtbot, home, language="en")
    browser, tree = window.browser, window.browser.table
    assert tree.topLevelItemCount() == 2
    kids = {tree.topLevelItem(i).text(0): tree.topLevelItem(i).childCount() for i in range(2)}
    assert kids == {"KOFFI Ama": 2, "ADJOVI Rose": 1}
    for uid in uids.values():
        assert _status(browser, uid) == "Unread"
        assert tree.row_item(browser._row_of(uid)).font(0).bold()

    _click_header(qtbot, tree, "images")
    ascending = tree.header().sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    # By hand: patients by their images (ADJOVI 3 < KOFFI 6), then each patient's studies (2 < 4).
    expected = [uids["a3"], uids["k2"], uids["k4"]]
    assert _order(browser) == (expected if ascending else [uids["k4"], uids["k2"], uids["a3"]])
    _click_header(qtbot, tree, "images")
    assert _order(browser) == (expected[::-1] if ascending else expected)
    _click_header(qtbot, tree, "name")
    assert tree.header().sortIndicatorSection() == COLUMNS.index("name")
    by_name = [uids["a3"], uids["k2"], uids["k4"]] if tree.header().sortIndicatorOrder() == Qt.SortOrder.AscendingOrder \
        else [uids["k2"], uids["k4"], uids["a3"]]
    assert _order(browser)[0] == by_name[0]

    order = _order(browser)
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)  # nothing open: the first
    wait_ready(qtbot, window)
    assert window.ws.study.study_uid == order[0]
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    wait_ready(qtbot, window)
    assert window.ws.study.study_uid == order[1]
    qtbot.keyClick(window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    wait_ready(qtbot, window)
    assert window.ws.study.study_uid == order[0]
    assert _status(browser, order[0]) == "Read" and _status(browser, order[1]) == "Read"
    assert not tree.row_item(browser._row_of(order[0])).font(0).bold()
    qtbot.keyClick(window, Qt.Key.Key_N)  # the next unread: the third, skipping the second (read)
    wait_ready(qtbot, window)
    assert window.ws.study.study_uid == order[2]
    assert window.act_next_unread.toolTip().endswith("(N)")
    help_text = window.keymap_text()
    assert "Ctrl+Page Down: next study of the worklist" in help_text and "N: next unread study" in help_text
    window.close()

    again = make_window(qtbot, home, language="fr")  # a restart: a new window over the same home
    for uid in uids.values():
        assert _status(again.browser, uid) == "Lu"
    assert again.browser.table.topLevelItem(0).text(COLUMNS.index("status")) == "Lu"
    again.close()


def test_the_worklist_speaks_french_and_keeps_whole_texts_in_tooltips(qtbot, home):
    home, _uids = home
    window = make_window(qtbot, home, language="fr")
    tree = window.browser.table
    item = tree.row_item(0)
    col = COLUMNS.index("description")
    assert item.toolTip(col) == item.text(col)
    headers = [tree.headerItem().text(i) for i in range(tree.columnCount())]
    assert headers[:11] == ["Patient", "ID", "Date de naissance", "Sexe", "Âge", "Date", "Modalité", "Description",
                            "N° d'accession", "Images", "État"]
    assert window.studies_dock.windowTitle() == "Liste de travail"
    assert item.text(COLUMNS.index("status")) == "Non lu"
    window.close()
