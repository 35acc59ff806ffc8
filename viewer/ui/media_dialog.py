"""Graver / Exporter…: a study to a patient's USB key, a folder to burn, or an ISO image.

The dialog asks where (a new or empty folder, or FILE.iso) and whether to add the portable Cauri; the export
itself (``viewer.export.media``) runs on a thread behind a progress dialog whose Cancel stops it with nothing
left at the target. What the media holds and why is said in ``viewer.export.media`` and ``media_pages``.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit,
                               QMessageBox, QProgressDialog, QPushButton, QVBoxLayout)

from viewer.core.messages import in_language
from viewer.distribute.deid.options import PROFILE_LABELS, PROFILES
from viewer.distribute.media_deid import burned_in_series, media_deidentifier
from viewer.export.media import (MediaCancelled, MediaError, MediaRequest, audit_export, default_viewer_folder,
                                 study_sources, viewer_executable, write_media)


class MediaDialog(QDialog):
    """Where to write the study, and with or without the viewer."""

    def __init__(self, parent=None, viewer_from: Path | None = None, language: str = "en") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Burn / Export the study"))
        self.viewer_from = viewer_from if viewer_from is not None else default_viewer_folder()
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("A USB key or a new folder (to burn), or an image file ending in .iso:")))
        row = QHBoxLayout()
        self.target = QLineEdit()
        self.target.setObjectName("media_target")
        row.addWidget(self.target, 1)
        folder = QPushButton(self.tr("Folder…"))
        folder.clicked.connect(self._pick_folder)
        iso = QPushButton(self.tr("ISO image…"))
        iso.clicked.connect(self._pick_iso)
        row.addWidget(folder)
        row.addWidget(iso)
        layout.addLayout(row)
        self.viewer = QCheckBox(self.tr("Add the Cauri viewer (opens on a computer with nothing installed)"))
        self.viewer.setObjectName("media_viewer")
        has_build = viewer_executable(self.viewer_from) is not None
        self.viewer.setEnabled(has_build)
        self.viewer.setChecked(has_build)
        if not has_build:
            self.viewer.setToolTip(self.tr("No portable build of Cauri here: %1").replace("%1", str(self.viewer_from)))
        layout.addWidget(self.viewer)
        # For a teaching file, a talk, a colleague abroad: a PS3.15 profile, the link back kept here only.
        self.deidentify = QCheckBox(self.tr("De-identify (no name, ID or birth date on the disc; the link back "
                                            "stays on this workstation)"))
        self.deidentify.setObjectName("media_deidentify")
        layout.addWidget(self.deidentify)
        # Which PS3.15 profile, and the one option a teaching file asks for most: where the case comes from.
        row = QHBoxLayout()
        row.setContentsMargins(24, 0, 0, 0)
        self.profile = QComboBox()
        self.profile.setObjectName("media_profile")
        for name in PROFILES:
            self.profile.addItem(in_language(PROFILE_LABELS[name], language), name)
        self.keep_institution = QCheckBox(self.tr("Keep the hospital's name"))
        self.keep_institution.setObjectName("media_keep_institution")
        self.keep_institution.setToolTip(self.tr("PS3.15 Retain Institution Identity Option: institution name, "
                                                 "address and department stay on the images"))
        row.addWidget(self.profile, 1)
        row.addWidget(self.keep_institution)
        layout.addLayout(row)
        self.clean_pixels = QCheckBox(self.tr("Black out the text around ultrasound images (where their header "
                                              "says where the image is)"))
        self.clean_pixels.setObjectName("media_clean_pixels")
        self.clean_pixels.setContentsMargins(24, 0, 0, 0)
        layout.addWidget(self.clean_pixels)
        for w in (self.profile, self.keep_institution, self.clean_pixels):
            w.setEnabled(False)
            self.deidentify.toggled.connect(w.setEnabled)
        note = QLabel(self.tr("The disc holds the images and the patient's identity, as any DICOM disc; "
                              "its README and INDEX pages name no one. Nothing starts by itself."))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _pick_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("USB key or folder"))
        if path:
            self.target.setText(path)

    def _pick_iso(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("ISO image"), "patient.iso", "ISO (*.iso)")
        if path:
            self.target.setText(path if path.lower().endswith(".iso") else path + ".iso")

    def _accept(self) -> None:
        if self.target.text().strip():
            self.accept()

    def request_target(self) -> Path:
        return Path(self.target.text().strip()).expanduser().absolute()

    def deidentification(self) -> tuple[str, dict] | None:
        """(profile, options) when « Anonymiser » is ticked, else None."""
        if not self.deidentify.isChecked():
            return None
        options = {}
        if self.keep_institution.isChecked():
            options["retain_institution_identity"] = True
        if self.clean_pixels.isChecked():
            options["clean_pixel_data"] = True
        return self.profile.currentData(), options


class MediaExport(QObject):
    """The export on a thread, its progress dialog, Cancel, and what the reader is told at the end."""

    progressed = Signal(str, int, int)
    done = Signal(object, object)  # MediaReport or None, error text or None

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.cancel = threading.Event()
        self.thread: threading.Thread | None = None
        self.progress: QProgressDialog | None = None
        self.progressed.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)
        self.done.connect(self._finished, Qt.ConnectionType.QueuedConnection)

    def ask(self, study_uid: str, viewer_from: Path | None = None) -> MediaDialog | None:
        """Show the dialog for ``study_uid``; the export starts when the reader accepts it."""
        if not study_uid or self.running():
            return None
        dialog = MediaDialog(self.window, viewer_from, getattr(self.window, "language", "en"))
        dialog.accepted.connect(lambda: self.start(study_uid, dialog.request_target(),
                                                   dialog.viewer_from if dialog.viewer.isChecked() else None,
                                                   dialog.deidentification()))
        dialog.open()
        return dialog

    def _burned_in_checked(self, cache, study_uid: str, clean_pixel_data: bool = False) -> bool:
        """Images that may carry text in their pixels: the reader confirms having looked (the profile removes
        what the header says, not what the image shows)."""
        flagged = burned_in_series(cache, [study_uid], clean_pixel_data)
        if not flagged:
            return True
        language = getattr(self.window, "language", "en")
        answer = QMessageBox.question(
            self.window, self.tr("Burn / Export the study"),
            self.tr("%n series may show text burned into the pixels (%1), such as the patient's name: "
                    "de-identification cannot remove it. Export anyway?", "", len(flagged))
            .replace("%1", in_language(flagged[0][1], language)))
        return answer == QMessageBox.StandardButton.Yes

    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def start(self, study_uid: str, target: Path, viewer_from: Path | None,
              deidentify: tuple[str, dict] | None = None) -> None:
        """``deidentify``: (profile, options) to de-identify with, None to copy the files as they are."""
        cache = self.window.ws.cache
        sources, _left, studies = study_sources(cache, [study_uid])
        pseudonyms = None
        transform = None
        if deidentify:
            profile, options = deidentify
            if not self._burned_in_checked(cache, study_uid, options.get("clean_pixel_data", False)):
                return
            transform, pseudonyms = media_deidentifier(profile, self.window.ws.paths, **options)
        request = MediaRequest(sources, target, viewer_from, transform=transform)
        self.cancel.clear()
        self.progress = QProgressDialog(self.tr("Preparing…"), self.tr("Cancel"), 0, max(1, len(sources)), self.window)
        self.progress.setObjectName("media_progress")
        self.progress.setWindowTitle(self.tr("Burn / Export the study"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.setMinimumDuration(0)
        self.progress.canceled.connect(self.cancel.set)
        self.progress.show()

        def work() -> None:
            try:
                report = write_media(request, progress=self.progressed.emit, cancel=self.cancel.is_set)
                if pseudonyms is not None:
                    pseudonyms.save()  # the link back, once the media is complete
                audit_export(studies, report, cache.root)
                self.done.emit(report, None)
            except MediaCancelled as exc:
                self.done.emit(None, exc.args[0] if exc.args else str(exc))
            except MediaError as exc:
                self.done.emit(None, exc.args[0] if exc.args else str(exc))

        self.thread = threading.Thread(target=work, name="media-export", daemon=True)
        self.thread.start()

    def _show_progress(self, stage: str, done: int, total: int) -> None:
        if self.progress is None or self.cancel.is_set():
            return
        self.progress.setLabelText(self._stage_text(stage))
        self.progress.setMaximum(max(1, total))
        self.progress.setValue(min(done, max(1, total)))

    def _stage_text(self, stage: str) -> str:
        if stage == "copy":
            return self.tr("Copying the images…")
        if stage == "dicomdir":
            return self.tr("Writing the DICOMDIR…")
        if stage == "viewer":
            return self.tr("Copying the Cauri viewer…")
        return self.tr("Writing the ISO image…")

    def _finished(self, report, error) -> None:
        if self.thread is not None:
            self.thread.join()
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        language = getattr(self.window, "language", "en")
        if report is not None:
            text = self.tr("Written: %1 (%n image(s))", "", report.instances).replace("%1", str(report.target))
            self.window.status_label.setText(text)
        else:
            text = in_language(error, language)
            self.window.status_label.setText(text)
            if not self.cancel.is_set():
                QMessageBox.warning(self.window, self.tr("Burn / Export the study"), text)
