"""What the reader reads in the real window: labels with every saved value in French, a Cobb angle drawn
with clicks that says what it still needs, counts with real plurals, Qt's own dialogs and dates in French."""

from __future__ import annotations

import datetime

import pytest
from PySide6.QtCore import QPoint, Qt

from gui_helpers import make_window, screen_point_of, wait_ready
from synthetic import write_series

pytestmark = pytest.mark.gui
NBSP = "\u00a0"


@pytest.fixture
def opened(qtbot, tmp_path):
    from viewer.core.paths import resolve_paths
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    info = write_series(tmp_path / "src", slices=1, rows=128, cols=128, spacing=(0.8, 0.8), shuffle=False)
    home = tmp_path / "home"
    with StudyCache(resolve_paths(home).ensure().store) as cache:
        import_paths(cache, [str(tmp_path / "src")])
    window = make_window(qtbot, home)
    window.open_study(info["study_uid"])
    wait_ready(qtbot, window)
    return window


def choose(window, kind):
    window.tool_combo.setCurrentIndex(window.tool_combo.findData(kind))


def click(qtbot, vp, p, moving_from=None):
    """A click at ``p``, after the mouse moved there (a real hand moves between clicks)."""
    if moving_from is not None:
        for k in range(1, 5):
            qtbot.mouseMove(vp, QPoint(moving_from[0] + (p[0] - moving_from[0]) * k // 4,
                                       moving_from[1] + (p[1] - moving_from[1]) * k // 4))
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, pos=QPoint(*p))


def _labels(vp) -> list[str]:
    vp.render_sync()
    return [text for _x, _y, text, _c in vp.last_scene.labels]


def test_roi_label_on_the_image_shows_every_saved_value_in_french(opened, qtbot):
    from test_gui_measure import drag
    from viewer.model.measurements import MeasurementKind as K

    window = opened
    vp = window.grid.active
    choose(window, K.RECTANGLE)
    drag(qtbot, vp, screen_point_of(vp, 70, 70), screen_point_of(vp, 100, 100))  # in the 40 HU half
    wait_ready(qtbot, window)
    m = list(window.measure.mset)[0]
    (x0, y0), (x1, y1) = m.points
    area_cm2 = abs(x1 - x0) * abs(y1 - y0) * 0.8 * 0.8 / 100.0  # by hand: pixels x 0.64 mm², in cm²
    assert area_cm2 > 1.0
    label = _labels(vp)[0].split("\n")
    assert label == [f"Surface {area_cm2:.2f} cm²".replace(".", ","), "Moy. 40,0 UH", "ÉT 0,00 UH", "Min 40,0 UH",
                     "Max 40,0 UH"]
    row = window.measure_panel.list.item(0).text()
    assert row.startswith(f"ROI rectangle{NBSP}: ") and all(part in row for part in label)
    assert f"{NBSP}; " in row


def test_small_roi_area_stays_in_mm2(opened, qtbot):
    from test_gui_measure import drag
    from viewer.model.measurements import MeasurementKind as K

    window = opened
    vp = window.grid.active
    choose(window, K.RECTANGLE)
    drag(qtbot, vp, screen_point_of(vp, 70, 70), screen_point_of(vp, 78, 78))
    wait_ready(qtbot, window)
    (x0, y0), (x1, y1) = list(window.measure.mset)[0].points
    area = abs(x1 - x0) * abs(y1 - y0) * 0.64
    assert area < 100.0
    assert _labels(vp)[0].split("\n")[0] == f"Surface {area:.1f} mm²".replace(".", ",")


def test_cobb_angle_drawn_with_clicks_says_what_it_still_needs(opened, qtbot):
    from viewer.model.measure.shapes import lines_angle
    from viewer.model.measurements import MeasurementKind as K

    window = opened
    vp = window.grid.active
    choose(window, K.COBB)
    a, b = screen_point_of(vp, 40, 20), screen_point_of(vp, 50, 100)
    c, d = screen_point_of(vp, 90, 20), screen_point_of(vp, 70, 100)
    click(qtbot, vp, a)
    click(qtbot, vp, b, moving_from=a)
    need = f"angle de Cobb{NBSP}: tracez la seconde ligne"
    assert need in _labels(vp)  # the first line is drawn, the second is not
    click(qtbot, vp, c, moving_from=b)
    assert need in _labels(vp)  # three clicks: still no angle, and no "nan"
    assert not any("nan" in t.lower() for t in _labels(vp))
    click(qtbot, vp, d, moving_from=c)
    wait_ready(qtbot, window)
    items = list(window.measure.mset)
    assert len(items) == 1 and items[0].kind is K.COBB
    p = items[0].points
    # The strokes stay where they were clicked (a line already drawn does not follow the mouse).
    for got, want in zip(p, (a, b, c, d)):
        assert screen_point_of(vp, got[1] - 0.5, got[0] - 0.5) == pytest.approx(want, abs=2)
    angle = lines_angle(*p)  # square pixels: the angle of the clicked points
    text = window.measure_panel.list.item(0).text()
    assert text == f"Angle de Cobb{NBSP}: {angle:.1f}°".replace(".", ",")


def test_angle_clicked_with_moves_between_clicks_keeps_its_points(opened, qtbot):
    from viewer.model.measurements import MeasurementKind as K

    window = opened
    vp = window.grid.active
    choose(window, K.ANGLE)
    a, v, b = screen_point_of(vp, 30, 90), screen_point_of(vp, 90, 90), screen_point_of(vp, 90, 30)
    click(qtbot, vp, a)
    click(qtbot, vp, v, moving_from=a)
    click(qtbot, vp, b, moving_from=v)
    wait_ready(qtbot, window)
    m = list(window.measure.mset)[0]
    for (x, y), want in zip(m.points, (a, v, b)):
        assert screen_point_of(vp, y - 0.5, x - 0.5) == pytest.approx(want, abs=2)
    assert window.measure_panel.list.item(0).text() == f"Angle{NBSP}: 90,0°"  # a right angle, by construction


@pytest.mark.parametrize("language, one, two, zero", [("fr", "1 examen", "2 examens", "0 examen"),
                                                      ("en", "1 study", "2 studies", "0 studies")])
def test_study_count_has_real_plurals(qtbot, tmp_path, language, one, two, zero):
    from viewer.core.paths import resolve_paths
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    first = write_series(tmp_path / "a", slices=1, rows=32, cols=32, patient_id="PLURAL-A")
    write_series(tmp_path / "b", slices=2, rows=32, cols=32, patient_id="PLURAL-B")
    home = tmp_path / "home"
    with StudyCache(resolve_paths(home).ensure().store) as cache:
        import_paths(cache, [str(tmp_path / "a"), str(tmp_path / "b")])
    window = make_window(qtbot, home, language=language)
    browser = window.browser
    assert browser.count_label.text() == two
    for text, expected in (("PLURAL-A", one), ("nobody-like-this", zero)):
        browser.search.setText(text)
        qtbot.keyClick(browser.search, Qt.Key.Key_Return)
        assert browser.count_label.text() == expected
    browser.search.setText("")
    qtbot.keyClick(browser.search, Qt.Key.Key_Return)
    window.open_study(first["study_uid"])
    wait_ready(qtbot, window)
    assert browser.series.item(0).text().split("\n")[-1] == "1 image"  # not "1 image(s)"


def test_qt_dialogs_are_french(qtbot, tmp_path):
    from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QMessageBox

    window = make_window(qtbot, tmp_path / "home", language="fr")
    dialog = QFileDialog(window, "Importer")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    labels = [w.text() for w in dialog.findChildren(QLabel) if w.text()]
    buttons = [b.text() for b in dialog.findChild(QDialogButtonBox).buttons()]
    dialog.close()
    assert f"&Voir dans{NBSP}:" in labels and f"&Type de fichier{NBSP}:" in labels
    assert f"&Nom de fichier{NBSP}:" in labels and buttons == ["&Ouvrir", "Annuler"]
    box = QMessageBox(QMessageBox.Icon.Question, "Cauri", "?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, window)
    assert sorted(b.text() for b in box.buttons()) == ["&Non", "&Oui"]


@pytest.mark.parametrize("language, pattern, month", [("fr", "{d:%d}/{d:%m}/{d:%Y}", "décembre"),
                                                      ("en", "{d:%Y}-{d:%m}-{d:%d}", "December")])
def test_study_browser_dates_in_the_readers_format(qtbot, tmp_path, language, pattern, month):
    window = make_window(qtbot, tmp_path / "home", language=language)
    today = datetime.date.today()
    assert window.browser.date_to.text() == pattern.format(d=today)
    calendar = window.browser.date_to.calendarWidget()
    assert calendar.locale().monthName(12) == month
