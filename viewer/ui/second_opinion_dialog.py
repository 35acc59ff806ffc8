"""« Demander un avis »: choose series or key images, write the question, the requesting physician and a
deadline, and make the encrypted, de-identified package (``distribute.second_opinion.request``). Series whose
images may carry burned-in text are marked; the reader blacks it out (``BlackoutDialog``) or confirms there is
none before the package can be made. Also the two other ends: opening a request (expert) and importing a reply.
"""

from __future__ import annotations

import threading
import warnings
from pathlib import Path

import pydicom
from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from viewer.core.messages import in_language
from viewer.core.numbers import fixed
from viewer.distribute.deid.burned import preview
from viewer.distribute.deid.options import PROFILE_LABELS, PROFILES
from viewer.distribute.second_opinion.package import PackageError
from viewer.distribute.second_opinion.request import (
    BurnedInText,
    Request,
    create_request,
    flagged_series,
)
from viewer.ui.blackout_dialog import BlackoutDialog


class SecondOpinionDialog(QDialog):
    """The package is made on a thread (hundreds of images are de-identified, compressed and encrypted: tens
    of seconds): the window keeps answering, the dialog shows the progress and cannot be closed meanwhile."""

    _progressed = Signal(int, int)
    _made = Signal(object, object)  # the package made or None, the exception or None

    def __init__(self, cache, paths, study_uid: str, language: str, parent=None) -> None:
        super().__init__(parent)
        self.cache, self.paths, self.study_uid, self.language = cache, paths, study_uid, language
        self.masks: dict = {}
        self.created = None
        self.worker: threading.Thread | None = None
        self._progressed.connect(self._progress, Qt.ConnectionType.QueuedConnection)
        self._made.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        self.mask_dialog: BlackoutDialog | None = None
        self.setWindowTitle(self.tr("Ask for a second opinion"))
        self.flagged = dict(flagged_series(cache, study_uid))

        self.series = QListWidget()
        for s in cache.series_of(study_uid):
            text = self.tr("Series %1 — %2 (%3)").replace("%1", str(s.number or "")).replace(
                "%2", s.description or s.modality).replace("%3", self.tr("%n image(s)", "", s.instance_count))
            if s.series_uid in self.flagged:
                text += "  ⚠ " + self.tr("burned-in text?")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, s.series_uid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.series.addItem(item)
        self.blackout = QPushButton(self.tr("Black out text..."))
        self.blackout.clicked.connect(self._black_out_current)
        self.series.currentItemChanged.connect(self._current_changed)
        self.accept_burned = QCheckBox(self.tr("I checked the marked series: no text is burned into their images"))
        self.question = QPlainTextEdit()
        self.question.setPlaceholderText(self.tr("The clinical question for the expert"))
        self.question.setMaximumHeight(120)
        self.physician = QLineEdit()
        self.deadline = QDateEdit(QDate.currentDate().addDays(7))
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("dd/MM/yyyy" if language == "fr" else "yyyy-MM-dd")
        self.profile = QComboBox()
        for name in PROFILES:
            self.profile.addItem(in_language(PROFILE_LABELS[name], language), name)
        self.profile.setCurrentIndex(list(PROFILES).index("second-opinion"))
        self.deidentify = QCheckBox(self.tr("De-identify (recommended)"))
        self.deidentify.setChecked(True)
        self.deidentify.toggled.connect(self.profile.setEnabled)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = QLineEdit()
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        # Named by today's date, never by the patient or the accession number: the file name travels in clear.
        self.out = QLineEdit(str(Path.home() / f"avis-{QDate.currentDate().toString('yyyyMMdd')}.zip"))
        browse = QPushButton(self.tr("Browse..."))
        browse.clicked.connect(self._browse)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.create_button = QPushButton(self.tr("Create the package"))
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create)
        self.close_button = close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Clinical question"), self.question)
        form.addRow(self.tr("Requesting physician"), self.physician)
        form.addRow(self.tr("Answer wanted by"), self.deadline)
        form.addRow(self.deidentify, self.profile)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Password (again)"), self.password2)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out, 1)
        out_row.addWidget(browse)
        form.addRow(self.tr("Package file"), _wrap(out_row))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Series to send")))
        layout.addWidget(self.series, 1)
        row = QHBoxLayout()
        row.addWidget(self.blackout)
        row.addWidget(self.accept_burned, 1)
        layout.addLayout(row)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.accept_burned.setVisible(bool(self.flagged))
        self.series.setCurrentRow(0)
        self._current_changed()
        self.resize(640, 720)

    # ------------------------------------------------------------------ series and black-out
    def chosen_series(self) -> list[str]:
        return [self.series.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.series.count())
                if self.series.item(i).checkState() == Qt.CheckState.Checked]

    def _current_changed(self, *_args) -> None:
        item = self.series.currentItem()
        self.blackout.setEnabled(item is not None and item.data(Qt.ItemDataRole.UserRole) in self.flagged)

    def black_out_dialog(self, series_uid: str) -> BlackoutDialog:
        first = self.cache.instances_of(series_uid)[0]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ds = pydicom.dcmread(first.path)
        reason = in_language(self.flagged.get(series_uid, ""), self.language)
        return BlackoutDialog(preview(ds), reason, self.masks.get(series_uid), self)

    def _black_out_current(self) -> None:
        item = self.series.currentItem()
        if item is None:
            return
        uid = item.data(Qt.ItemDataRole.UserRole)
        self.mask_dialog = self.black_out_dialog(uid)
        self.mask_dialog.accepted.connect(lambda: self.masks.__setitem__(uid, self.mask_dialog.rects()))
        self.mask_dialog.open()  # window-modal, not a nested event loop

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Package file"), self.out.text(), "ZIP (*.zip)")
        if path:
            self.out.setText(path)

    # ------------------------------------------------------------------ making the package
    def request(self) -> Request:
        return Request(
            study_uid=self.study_uid, question=self.question.toPlainText().strip(), physician=self.physician.text().strip(),
            deadline=self.deadline.date().toString("yyyy-MM-dd"), series_uids=self.chosen_series(),
            deidentify=self.deidentify.isChecked(), profile=self.profile.currentData(),
            masks={k: v for k, v in self.masks.items() if v}, accept_burned_in=self.accept_burned.isChecked())

    def busy(self) -> bool:
        """From the click to the result shown (the thread may have ended, its result not yet said)."""
        return self.worker is not None

    def create(self) -> bool:
        """Check the form and start making the package; False (and why, in the dialog) when it cannot start."""
        if self.busy():
            return False
        if not self.question.toPlainText().strip():
            return self._say(self.tr("Write the clinical question."))
        if self.password.text() != self.password2.text():
            return self._say(self.tr("The two passwords differ."))
        request, password, out = self.request(), self.password.text(), Path(self.out.text())
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.create_button.setEnabled(False)
        self.close_button.setEnabled(False)
        self._say(self.tr("Making the package…"))

        def work() -> None:
            try:
                self._made.emit(create_request(self.cache, self.paths, request, password, out,
                                               progress=self._progressed.emit), None)
            except Exception as exc:  # said in the dialog by _finished, whatever it is
                self._made.emit(None, exc)

        self.worker = threading.Thread(target=work, name="second-opinion-package", daemon=True)
        self.worker.start()
        return True

    def _finished(self, done, exc) -> None:
        if self.worker is not None:
            self.worker.join()
        self.worker = None
        self.create_button.setEnabled(True)
        self.close_button.setEnabled(True)
        self.progress.setVisible(False)
        if isinstance(exc, BurnedInText):
            names = [self.series.item(i).text() for i in range(self.series.count())
                     if self.series.item(i).data(Qt.ItemDataRole.UserRole) in {s for s, _ in exc.series}]
            self._say(in_language(exc.args[0], self.language) + "\n" + "\n".join(names))
            return
        if isinstance(exc, (PackageError, OSError, ValueError)):
            self._say(in_language(exc.args[0], self.language) if exc.args else str(exc))
            return
        if exc is not None:
            self._say(self.tr("The package could not be made (%1).").replace("%1", type(exc).__name__))
            return
        self.created = done
        size = fixed(done.size / 1e6, 1, self.language)
        self._say(self.tr("Package created: %1 (%2 images, %3 MB). Give the password to the expert by another way "
                          "(telephone).").replace("%1", str(done.path)).replace("%2", str(done.instances)).replace("%3", size))

    def _progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)

    def reject(self) -> None:
        if self.busy():  # the package is half-made: closing would leave the reader not knowing whether it exists
            return
        super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        if self.busy():
            event.ignore()
            return
        super().closeEvent(event)

    def _say(self, text: str) -> bool:
        self.status.setText(text[:1].upper() + text[1:])  # a domain message is a sentence fragment
        return False


def _wrap(layout) -> QWidget:
    w = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    w.setLayout(layout)
    return w


def ask_password(parent, title: str) -> str | None:
    text, ok = QInputDialog.getText(parent, title, parent.tr("Password"), QLineEdit.EchoMode.Password)
    return text if ok else None


def open_request_dialog(window) -> str | None:
    """The expert's side: choose a request package, give its password; its study is imported and opened, and
    the question shown. Returns the study UID, or None."""
    from PySide6.QtWidgets import QMessageBox

    from viewer.distribute.second_opinion.expert import open_request

    path, _ = QFileDialog.getOpenFileName(window, window.tr("Open a second-opinion request"), "", "ZIP (*.zip)")
    password = ask_password(window, window.tr("Open a second-opinion request")) if path else None
    if not path or password is None:
        return None
    ws = window.ws
    try:
        opened = open_request(ws.cache, ws.paths, Path(path), password)
    except (PackageError, OSError) as exc:
        QMessageBox.warning(window, window.tr("Second opinion"), in_language(exc.args[0], ws.language) if exc.args else str(exc))
        return None
    m = opened.manifest
    window.browser.refresh_requested()
    window.open_study(m["study_uid"])
    QMessageBox.information(window, window.tr("Second opinion"), window.tr("Question from %1 (answer wanted by %2):\n\n%3")
                            .replace("%1", m.get("physician", "")).replace("%2", m.get("deadline", "") or "-")
                            .replace("%3", m.get("question", "")))
    return m["study_uid"]


def import_reply_dialog(window) -> str | None:
    """The hospital's side: a reply package lands on the original study, flagged « Avis externe »."""
    from PySide6.QtWidgets import QMessageBox

    from viewer.distribute.second_opinion.request import import_reply

    path, _ = QFileDialog.getOpenFileName(window, window.tr("Import a second-opinion reply"), "", "ZIP (*.zip)")
    password = ask_password(window, window.tr("Import a second-opinion reply")) if path else None
    if not path or password is None:
        return None
    ws = window.ws
    try:
        done = import_reply(ws.cache, ws.paths, Path(path), password)
    except (PackageError, OSError) as exc:
        QMessageBox.warning(window, window.tr("Second opinion"), in_language(exc.args[0], ws.language) if exc.args else str(exc))
        return None
    window.browser.refresh_requested()
    QMessageBox.information(window, window.tr("Second opinion"), window.tr("Answer from %1:\n\n%2")
                            .replace("%1", done.expert).replace("%2", done.answer))
    return done.study_uid


def reply_dialog(window) -> Path | None:
    """The expert's side: answer the request whose study is open. The measurements and key images drawn on it
    in the viewer go with the answer (SR, GSPS, KO). Returns the reply package written, or None."""
    from PySide6.QtWidgets import QMessageBox

    from viewer.distribute.second_opinion.expert import find_request, make_reply

    ws = window.ws
    title = window.tr("Answer the request")
    study_uid = ws.study.study_uid if getattr(ws, "study", None) is not None else None
    try:
        request = find_request(ws.paths, study_uid=study_uid) if study_uid else None
    except PackageError:
        request = None
    if request is None:
        QMessageBox.information(window, title, window.tr("Open the study of a second-opinion request first."))
        return None
    answer, ok = QInputDialog.getMultiLineText(window, title, request.get("question", ""))
    expert, ok2 = QInputDialog.getText(window, title, window.tr("Your name")) if ok and answer.strip() else ("", False)
    password = ask_password(window, title) if ok2 else None
    path, _ = QFileDialog.getSaveFileName(window, title, str(Path.home() / "reponse-avis.zip"), "ZIP (*.zip)") \
        if password else ("", "")
    if not path:
        return None
    try:
        make_reply(ws.cache, ws.paths, request, answer, expert, password, Path(path))
    except (PackageError, OSError) as exc:
        QMessageBox.warning(window, title, in_language(exc.args[0], ws.language) if exc.args else str(exc))
        return None
    QMessageBox.information(window, title, window.tr("Reply written: %1").replace("%1", path))
    return Path(path)
