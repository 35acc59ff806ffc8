"""« Demander un avis » and the black-out of burned-in text in a real window: rectangles drawn with the mouse
land in image pixels, the package is made from the dialog, and a reply marks the study « Avis externe »."""

from __future__ import annotations

import numpy as np
import pydicom
import pytest
import pyzipper
from gui_helpers import make_window, widget_pixels
from PySide6.QtCore import QPoint, Qt
from synthetic import write_series
from test_second_opinion import _ultrasound

pytestmark = pytest.mark.gui
PASSWORD = "mot de passe solide"


def _drag(qtbot, widget, a: QPoint, b: QPoint) -> None:
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(widget, (a + b) / 2)
    qtbot.mouseMove(widget, b)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=b)


def test_blackout_rectangles_are_drawn_in_image_pixels(qtbot):
    from viewer.distribute.deid.burned import Rect
    from viewer.ui.blackout_dialog import BlackoutDialog

    pixels = np.full((40, 50), 200, np.uint8)  # a light image: black regions stand out
    dialog = BlackoutDialog(pixels, "US")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    canvas = dialog.canvas
    w, h = canvas.width(), canvas.height()
    scale = min(w / 50, h / 40)  # the image fitted and centred, by hand
    ox, oy = (w - 50 * scale) / 2, (h - 40 * scale) / 2

    def at(x, y):
        return QPoint(round(ox + x * scale), round(oy + y * scale))

    _drag(qtbot, canvas, at(10.2, 5.2), at(29.8, 14.8))
    assert dialog.rects() == [Rect(10, 5, 20, 10)]
    img = widget_pixels(canvas)
    inside, outside = img[at(20, 10).y(), at(20, 10).x()], img[at(40, 30).y(), at(40, 30).x()]
    assert tuple(inside[:3]) == (0, 0, 0) and tuple(outside[:3]) == (200, 200, 200)
    assert "1" in dialog.count.text()
    dialog.canvas.undo()
    assert dialog.rects() == []


def test_ask_for_a_second_opinion_from_the_window(qtbot, tmp_path):
    from viewer.core.paths import resolve_paths
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths
    from viewer.store.study_flags import EXTERNAL_OPINION, StudyFlags

    info = write_series(tmp_path / "src", slices=3, rows=32, cols=32)
    us_series = _ultrasound(tmp_path / "src" / "us", info["study_uid"])
    home = tmp_path / "home"
    with StudyCache(resolve_paths(home).ensure().store) as cache:
        import_paths(cache, [str(tmp_path / "src")])
    window = make_window(qtbot, home)
    dialog = window.ask_second_opinion(info["study_uid"])
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "Demander un avis"
    qtbot.keyClicks(dialog.question, "Nodule suspect ?")
    qtbot.keyClicks(dialog.physician, "Dr Hounkpe")  # QTest types ASCII only
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClicks(dialog.password2, PASSWORD)
    out = tmp_path / "avis.zip"
    dialog.out.setText(str(out))
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy() and dialog.create_button.isEnabled(), timeout=60000)
    assert not out.exists() and "incrusté" in dialog.status.text()  # the US series must be looked at first
    row = next(i for i in range(dialog.series.count()) if dialog.series.item(i).data(Qt.ItemDataRole.UserRole) == us_series)
    dialog.series.setCurrentRow(row)
    assert dialog.blackout.isEnabled()
    qtbot.mouseClick(dialog.blackout, Qt.MouseButton.LeftButton)
    mask = dialog.mask_dialog
    qtbot.waitExposed(mask)
    canvas = mask.canvas
    w, h = canvas.width(), canvas.height()
    scale = min(w / 50, h / 40)
    ox, oy = (w - 50 * scale) / 2, (h - 40 * scale) / 2
    _drag(qtbot, canvas, QPoint(round(ox + 0.2 * scale), round(oy + 0.2 * scale)),
          QPoint(round(ox + 19.8 * scale), round(oy + 7.8 * scale)))
    mask.accept()
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    # made on a thread: the dialog says so, cannot be closed meanwhile, and tells the result when done
    assert dialog.busy() and not dialog.close_button.isEnabled() and not dialog.create_button.isEnabled()
    assert dialog.status.text() == "Préparation du paquet…"
    dialog.reject()
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.busy() and dialog.create_button.isEnabled(), timeout=60000)
    assert out.exists(), dialog.status.text()
    assert "Paquet créé" in dialog.status.text() and "4 images" in dialog.status.text()
    with pyzipper.AESZipFile(out) as zf:
        zf.setpassword(PASSWORD.encode())
        import io
        sets = [pydicom.dcmread(io.BytesIO(zf.read(n))) for n in zf.namelist() if n.endswith(".dcm")]
    us = next(d for d in sets if d.Modality == "US")
    expected = (np.arange(40 * 50) % 200 + 50).astype(np.uint16).reshape(40, 50)
    expected[0:8, 0:20] = expected.min()
    assert (us.pixel_array == expected).all() and us.BurnedInAnnotation == "NO"
    assert all(d.PatientIdentityRemoved == "YES" and d.PatientID != "SYN-001" for d in sets)
    # A reply came back (the command line's path, tested in test_second_opinion): the list says so.
    StudyFlags(window.ws.cache.root).set(info["study_uid"], EXTERNAL_OPINION, {"expert": "Pr Dupont"})
    window.browser.refresh_requested()
    from viewer.ui.worklist_tree import COLUMNS

    row = window.browser._row_of(info["study_uid"])
    assert window.browser.table.row_item(row).text(COLUMNS.index("description")).startswith("Avis externe · ")


def test_expert_opens_the_request_and_answers_from_the_window(qtbot, tmp_path, monkeypatch):
    """The expert's side in the window: File > Avis externe > open (the study opens, the question is shown),
    then answer: the reply package holds the answer. Qt's modal file and text prompts are answered here."""
    from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

    from viewer.core.paths import resolve_paths
    from viewer.distribute.second_opinion.package import read_package
    from viewer.distribute.second_opinion.request import Request, create_request
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths
    from viewer.ui import second_opinion_dialog as sod

    info = write_series(tmp_path / "src", slices=3, rows=32, cols=32)
    hospital = resolve_paths(tmp_path / "hospital").ensure()
    with StudyCache(hospital.store) as cache:
        import_paths(cache, [str(tmp_path / "src")])
        create_request(cache, hospital, Request(info["study_uid"], "Lésion ?", "Dr A"), PASSWORD, tmp_path / "req.zip")
    window = make_window(qtbot, tmp_path / "expert")
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append("WARNING " + text))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(tmp_path / "req.zip"), ""))
    monkeypatch.setattr(sod, "ask_password", lambda *_a: PASSWORD)
    pseudo = sod.open_request_dialog(window)
    assert pseudo and pseudo != info["study_uid"]
    qtbot.waitUntil(lambda: window.ws.study is not None and window.ws.study.study_uid == pseudo, timeout=20000)
    assert "Lésion ?" in shown[-1] and "Dr A" in shown[-1]
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("Kyste simple.", True))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Pr Dupont", True))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "rep.zip"), ""))
    written = sod.reply_dialog(window)
    assert written == tmp_path / "rep.zip", shown
    pkg = read_package(written, PASSWORD, kind="reply")
    assert pkg.manifest["answer"] == "Kyste simple." and pkg.manifest["expert"] == "Pr Dupont"
