"""The status bar and what the workstation's background work tells the reader there: imports (and their
refusals), the demo, sends, retrieves (progress, found nowhere, incomplete), the storage listener that could
not start. The work itself is the workstation's (``workstation.service``)."""

from __future__ import annotations

import errno

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QProgressBar, QPushButton

from viewer.core.messages import in_language
from viewer.net.storage_scp import TLSSetupError
from viewer.workstation.service import RetrieveFailed


class JobStatus(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.ws = ws = window.ws
        w = window
        w.progress = QProgressBar()
        w.progress.setMaximumWidth(260)
        w.progress.hide()
        w.cancel_button = QPushButton(self.tr("Cancel"))
        w.cancel_button.hide()
        w.cancel_button.clicked.connect(ws.cancel_job)
        w.status_label = QLabel()
        w.status_label.setTextFormat(Qt.TextFormat.PlainText)
        w.list_note = QLabel()  # why the study list's filters changed (kept apart from passing messages)
        w.list_note.setTextFormat(Qt.TextFormat.PlainText)
        bar = w.statusBar()
        bar.addWidget(w.status_label, 1)
        bar.addWidget(w.list_note)
        bar.addPermanentWidget(w.progress)
        bar.addPermanentWidget(w.cancel_button)
        w.last_import_report = w.last_send = w.last_retrieve = None
        self._import_text = ""
        on = window.bindings.on
        on(ws.job_started, self._started)
        on(ws.job_progress, self.progress)
        on(ws.job_finished, self._finished)
        on(ws.job_ended, self._ended)
        on(ws.retrieve_started, self._retrieve_started)
        on(ws.retrieve_progress, lambda item: self.progress(item.done, item.total or -1))
        on(ws.retrieve_ended, self._retrieve_ended)
        on(ws.transfers.listener_down, self._listener_down)

    def say(self, text: str) -> None:
        self.window.status_label.setText(text)

    def say_temporary_home(self) -> None:
        self.say(self.tr("Your profile folder cannot be written: settings and cache are temporary this time"))

    # ------------------------------------------------------------------ imports
    def import_files_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self.window, self.tr("Import DICOM files"), "",
                                                self.tr("DICOM, DICOMDIR or zip (*)"))
        if files:
            self.start_import(files)

    def import_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, self.tr("Import a folder or a CD/USB"))
        if folder:
            self.start_import([folder])

    def start_import(self, paths: list[str], open_after: bool = True) -> None:
        if not self.ws.start_import(paths, open_after):
            QMessageBox.information(self.window, "Cauri", self.tr("An import is already running."))

    def import_disc(self) -> None:
        if not self.ws.import_disc():
            QMessageBox.information(self.window, "Cauri", self.tr("An import is already running."))

    def send_study(self, study_uid: str, node_name: str) -> None:
        if not self.ws.send_study(study_uid, node_name):
            QMessageBox.information(self.window, "Cauri", self.tr("Another transfer is running; try again when it ends."))
            return
        self.say(self.tr("Sending to %1…").replace("%1", node_name))

    def _started(self, kind: str) -> None:
        w = self.window
        if kind == "import":
            self.say(self.tr("Importing…"))
        elif kind == "demo":
            self.say(self.tr("Preparing the demo study…"))
        elif kind == "disc":
            self.say(self.tr("Reading the disc…"))
        w.progress.setRange(0, 0)
        w.progress.show()
        if kind != "send":
            w.cancel_button.show()

    def progress(self, done: int, total: int) -> None:
        bar = self.window.progress
        if total > 0:
            bar.setRange(0, total)
            bar.setValue(done)
        else:
            bar.setRange(0, 0)

    def _finished(self, kind: str, result) -> None:
        w = self.window
        w.progress.hide()
        w.cancel_button.hide()
        if kind == "send":
            self._sent(result)
            return
        report = w.last_import_report = result
        if kind == "disc":
            text = self.tr("Disc read in place (not imported): %n image(s)", "", report.imported)
            if report.rejected:
                text += ", " + self.tr("not shown: %1").replace("%1", str(len(report.rejected)))
            w.act_import_disc.setVisible(True)
        else:
            text = self.tr("Imported: %1, already present: %2, rejected: %3").replace("%1", str(report.imported))
            text = text.replace("%2", str(report.already_present)).replace("%3", str(len(report.rejected)))
        if report.cancelled:
            text += " — " + self.tr("cancelled")
        self._import_text = text
        self.say(text)
        if report.rejected:
            details = "\n".join(f"{r.source}: {in_language(r.reason, w.language)}" for r in report.rejected[:50])
            box = QMessageBox(QMessageBox.Icon.Warning, "Cauri", text, parent=w)
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.setDetailedText(details)
            box.setModal(False)
            box.show()
            w._report_box = box

    def _ended(self, kind: str, result, opened: bool) -> None:
        if opened:
            notes = self.window.status_label.text()  # the study's own warnings, after what the import did
            self.say(self._import_text + ("; " + notes if notes else ""))

    def _sent(self, outcome) -> None:
        self.window.last_send = outcome
        if isinstance(outcome, str):
            self.say(self.tr("Send failed: ") + outcome)
        elif outcome.failed:
            errors = "; ".join(in_language(e, self.window.language) for e in outcome.errors[:3])
            self.say(self.tr("Sent %1 of %2 images; %3 failed: ").replace("%1", str(outcome.sent))
                     .replace("%2", str(outcome.total)).replace("%3", str(outcome.failed)) + errors)
        else:
            self.say(self.tr("Sent %n image(s)", "", outcome.sent))

    # ------------------------------------------------------------------ retrieves
    def _retrieve_started(self, searching: bool) -> None:
        if searching:
            self.say(self.tr("Searching the archive…"))
            return
        self.say(self.tr("Retrieving from the archive…"))
        self.window.progress.setRange(0, 0)
        self.window.progress.show()

    def _retrieve_ended(self, outcome) -> None:
        w = self.window
        w.progress.hide()
        if isinstance(outcome, RetrieveFailed):
            text = self.not_found_text(outcome) if outcome.request is not None else \
                self.tr("Retrieve failed: ") + self.tr("no archive is configured (Preferences > Network)")
            self.say(text)
            w.last_retrieve = text
            return
        item = outcome
        if item.state == "done":
            self.say(self.tr("Study complete: %n image(s)", "", item.total))
        elif item.state == "cancelled":
            self.say(self.tr("Retrieve cancelled; what arrived stays in the cache"))
        else:
            self.say(self.tr("Study incomplete: %1 of %2 images (retrieve again to resume)")
                     .replace("%1", str(item.done)).replace("%2", str(item.total)) + (f" — {item.error}" if item.error else ""))
        w.last_retrieve = item

    def not_found_text(self, failed: RetrieveFailed) -> str:
        """What the reader reads when a RIS/HIS request names a study found nowhere."""
        request = failed.request
        if request.accession:
            what = self.tr("Accession number %1").replace("%1", request.accession)
        elif request.study_uid:
            what = self.tr("Study %1").replace("%1", request.study_uid)
        else:
            what = self.tr("The patient's study")
        if not failed.places:
            return self.tr("%1 is not in the local cache, and no archive is configured (Preferences > Network)").replace("%1", what)
        text = self.tr("%1 was found neither in the local cache nor on: %2").replace("%1", what).replace("%2", failed.places)
        return text + (f" ({failed.errors})" if failed.errors else "")

    # ------------------------------------------------------------------ the storage listener
    def _listener_down(self, port: int, exc: OSError) -> None:
        """Pushes from modalities and C-MOVE retrieves need the listener: the reader must see why it is off."""

        if isinstance(exc, TLSSetupError):
            why = self.tr("its TLS certificate, key or CA cannot be used (Preferences > Network)")
        elif exc.errno in (errno.EADDRINUSE, errno.EACCES):
            why = self.tr("the port is in use or not allowed")
        else:
            why = (exc.strerror or type(exc).__name__).lower()
        text = self.tr("DICOM reception is off: port %1 could not be opened: %2")
        self.say(text.replace("%1", str(port)).replace("%2", why))
