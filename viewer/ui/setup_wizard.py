"""The first-run wizard: the language, this workstation's DICOM identity (AE title, storage port), the
archive (tested with a C-ECHO), the study cache's location and size limit.

Shown once, before the first window (``first_run``), unless the machine's settings say IT configured it
(``setup_done``); again from *Fichier > Assistant de configuration…*. Every page starts from what is in
force (the machine's defaults under the user's choices) and *Passer* leaves everything as it was. The
language chosen on the first page applies at once: the later pages are written when they are shown.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from viewer.store.eviction import default_limit_gb
from viewer.ui.i18n import install_language, resolve_language

ERROR_STYLE = "color: #c62828; font-weight: bold"
OK_STYLE = "color: #1a7f37; font-weight: bold"


def _rows(form: QFormLayout, fields) -> dict:
    """Rows of ``form`` with labels written later (``initializePage``, in the language then in force)."""
    labels = {}
    for field in fields:
        labels[field] = QLabel()
        form.addRow(labels[field], field)
    return labels


def _note(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class LanguagePage(QWizardPage):
    def __init__(self, wizard: "SetupWizard") -> None:
        super().__init__()
        self.wiz = wizard
        self.french = QRadioButton("Français")
        self.english = QRadioButton("English")
        (self.english if wizard.language == "en" else self.french).setChecked(True)
        box = QVBoxLayout(self)
        box.addWidget(self.french)
        box.addWidget(self.english)
        box.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802
        self.setTitle(self.tr("Welcome to Cauri"))
        self.setSubTitle(self.tr("Language of the workstation"))

    def choice(self) -> str:
        return "en" if self.english.isChecked() else "fr"

    def validatePage(self) -> bool:  # noqa: N802
        self.wiz.use_language(self.choice())
        return True


class StationPage(QWizardPage):
    def __init__(self, wizard: "SetupWizard") -> None:
        super().__init__()
        self.wiz = wizard
        station = wizard.network.workstation
        self.aet = QLineEdit(station.ae_title)
        self.aet.setMaxLength(16)
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(station.storage_port)
        self.error = _note()
        self.form = QFormLayout(self)
        self.labels = _rows(self.form, (self.aet, self.port))
        self.form.addRow(self.error)

    def initializePage(self) -> None:  # noqa: N802
        self.setTitle(self.tr("This workstation on the network"))
        self.setSubTitle(self.tr("The archive and the modalities know this workstation by its AE title; "
                                 "they send images to its storage port."))
        self.labels[self.aet].setText(self.tr("This workstation's AE title"))
        self.labels[self.port].setText(self.tr("Storage port (receives images)"))

    def validatePage(self) -> bool:  # noqa: N802
        from viewer.net.nodes import ConfigError, check_ae_title

        try:
            check_ae_title(self.aet.text())
        except ConfigError:
            self.error.setText(self.tr("An AE title is 1 to 16 letters, digits or spaces (no backslash)."))
            self.error.setStyleSheet(ERROR_STYLE)
            return False
        self.error.clear()
        return True


class ArchivePage(QWizardPage):
    echoed = Signal(bool, str)  # from the C-ECHO's thread: success, what to show

    def __init__(self, wizard: "SetupWizard") -> None:
        super().__init__()
        self.wiz = wizard
        node = wizard.network.nodes[0] if wizard.network.nodes else None
        self.original = node.name if node else None
        self.name = QLineEdit(node.name if node else "PACS")
        self.aet = QLineEdit(node.ae_title if node else "")
        self.aet.setMaxLength(16)
        self.host = QLineEdit(node.host if node else "")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(node.port if node and node.port else 104)
        self.test = QPushButton()
        self.test.clicked.connect(self.run_echo)
        self.result = _note()
        self.echoed.connect(self._echoed)
        self.intro = _note()
        self.form = QFormLayout()
        self.labels = _rows(self.form, (self.name, self.aet, self.host, self.port))
        box = QVBoxLayout(self)
        box.addWidget(self.intro)
        box.addLayout(self.form)
        row = QHBoxLayout()
        row.addWidget(self.test)
        row.addWidget(self.result, 1)
        box.addLayout(row)
        box.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802
        self.setTitle(self.tr("The archive (PACS)"))
        self.setSubTitle(self.tr("Where studies are searched and retrieved. Leave it empty to work without one."))
        self.intro.setText(self.tr("The archive must know this workstation too (its AE title, address and port)."))
        for field, text in ((self.name, self.tr("Name")), (self.aet, self.tr("AE title")),
                            (self.host, self.tr("Host")), (self.port, self.tr("Port"))):
            self.labels[field].setText(text)
        self.test.setText(self.tr("Test (C-ECHO)"))

    def configured(self) -> bool:
        return bool(self.aet.text().strip() or self.host.text().strip())

    def node(self):
        """The archive as typed (validated), or None when the page is left empty. Raises ConfigError."""
        from viewer.net.nodes import Node

        if not self.configured():
            return None
        return Node(name=self.name.text().strip() or "PACS", ae_title=self.aet.text().strip(),
                    host=self.host.text().strip(), port=self.port.value()).validate()

    def run_echo(self) -> None:
        from viewer.net.nodes import ConfigError

        try:
            node = self.node()
        except ConfigError as exc:
            self._echoed(False, str(exc))
            return
        if node is None:
            self._echoed(False, self.tr("Give the archive's AE title and host first."))
            return
        station = self.wiz.station_identity()
        self.test.setEnabled(False)
        self.result.setStyleSheet("")
        self.result.setText(self.tr("Testing…"))
        connected = self.tr("%1: connected (%2 ms)")

        def run() -> None:
            from viewer.net import dimse

            try:
                seconds = dimse.echo(station, node)
                self.echoed.emit(True, connected.replace("%1", node.name).replace("%2", f"{seconds * 1000:.0f}"))
            except Exception as exc:  # what the archive or the network said, shown as is
                self.echoed.emit(False, f"{node.name}: {exc}")

        threading.Thread(target=run, name="cauri-setup-echo", daemon=True).start()

    def _echoed(self, ok: bool, text: str) -> None:
        self.test.setEnabled(True)
        self.result.setText(text)
        self.result.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)

    def validatePage(self) -> bool:  # noqa: N802
        from viewer.net.nodes import ConfigError

        try:
            self.node()
        except ConfigError as exc:
            self._echoed(False, str(exc))
            return False
        return True


class CachePage(QWizardPage):
    def __init__(self, wizard: "SetupWizard") -> None:
        super().__init__()
        self.wiz = wizard
        self.folder = QLineEdit(str(wizard.paths.store))
        self.browse = QPushButton()
        self.browse.clicked.connect(self._browse)
        self.limit = QDoubleSpinBox()
        self.limit.setRange(0, 100000)
        self.limit.setDecimals(0)
        # First run: half the free space of the cache's disk, so that studies never fill it (issue 20).
        proposed = wizard.settings.cache_limit_gb or (0 if wizard.from_menu else default_limit_gb(wizard.paths.store))
        self.limit.setValue(proposed)
        self.note = _note()
        self.error = _note()
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.folder, 1)
        line.addWidget(self.browse)
        self.form = QFormLayout(self)
        self.labels = _rows(self.form, (row, self.limit))
        self.form.addRow(self.note)
        self.form.addRow(self.error)
        self.row = row

    def initializePage(self) -> None:  # noqa: N802
        self.setTitle(self.tr("The study cache"))
        self.setSubTitle(self.tr("Studies imported, retrieved or received are kept on this computer."))
        self.labels[self.row].setText(self.tr("Folder"))
        self.labels[self.limit].setText(self.tr("Largest size (GB)"))
        self.limit.setSpecialValueText(self.tr("no limit"))
        self.browse.setText(self.tr("Browse…"))
        self.note.setText(self.tr("A new folder takes effect at the next start; studies already in the cache "
                                  "stay in the old folder.") if self.wiz.from_menu else "")

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder of the study cache"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def chosen(self) -> str:
        """"" for the default folder, else the folder as an absolute path."""
        text = self.folder.text().strip()
        if not text:
            return ""
        path = Path(text).expanduser().absolute()
        return "" if path == self.wiz.default_store else str(path)

    def validatePage(self) -> bool:  # noqa: N802
        chosen = self.chosen()
        if chosen:
            try:
                Path(chosen).mkdir(parents=True, exist_ok=True)
                probe = Path(chosen) / ".cauri-write-test"
                probe.write_bytes(b"")
                probe.unlink()
            except OSError as exc:
                self.error.setText(self.tr("This folder cannot be written: %1")
                                   .replace("%1", (exc.strerror or type(exc).__name__).lower()))
                self.error.setStyleSheet(ERROR_STYLE)
                return False
        self.error.clear()
        return True


class SetupWizard(QWizard):
    def __init__(self, settings, paths, home=None, language: str | None = None, from_menu: bool = False,
                 parent=None) -> None:
        """``language``: the one in force (a forced --lang included); default: the settings'."""
        super().__init__(parent)
        from viewer.net.nodes import NetworkConfig

        self.settings, self.paths, self.home, self.from_menu = settings, paths, home, from_menu
        self.network = NetworkConfig.load(home)
        self.default_store = Path(paths.data).absolute() / "store"
        self.previous_language = self.language = language or resolve_language(settings.language)
        self.language_page = LanguagePage(self)
        self.station = StationPage(self)
        self.archive = ArchivePage(self)
        self.cache = CachePage(self)
        for page in (self.language_page, self.station, self.archive, self.cache):
            self.addPage(page)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)  # the same on every platform and in tests
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.resize(620, 420)
        self._texts()

    def _texts(self) -> None:
        self.setWindowTitle(self.tr("Cauri setup"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Next >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< Back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Finish"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Skip"))

    def use_language(self, language: str) -> None:
        """The language chosen on the first page, in force from the next page on."""
        if language != self.language:
            self.language = install_language(QApplication.instance(), language)
            self._texts()

    def station_identity(self):
        """This workstation as the station page says (for the C-ECHO's calling AE title)."""
        from dataclasses import replace

        return replace(self.network.workstation, ae_title=self.station.aet.text().strip() or "CAURI")

    def accept(self) -> None:
        self.save()
        super().accept()

    def reject(self) -> None:
        """Skip: nothing changes but that the wizard was seen (the language in force goes back)."""
        if self.language != self.previous_language:
            self.language = install_language(QApplication.instance(), self.previous_language)
        self.settings.setup_done = True
        self._save_settings()
        super().reject()

    def save(self) -> None:
        network = self.network
        network.workstation.set("ae_title", self.station.aet.text())
        network.workstation.set("storage_port", str(self.station.port.value()))
        node = self.archive.node()
        if node is not None:
            if self.archive.original and self.archive.original != node.name:
                network.nodes = [n for n in network.nodes if n.name != self.archive.original]
            network.add(node, replace_existing=True)
        network.save(self.home)
        chosen_language = self.language_page.choice()
        if chosen_language != resolve_language(self.settings.language):
            self.settings.language = chosen_language
        self.settings.cache_dir = self.cache.chosen()
        self.settings.cache_limit_gb = float(self.cache.limit.value())
        self.settings.setup_done = True
        self._save_settings()

    def _save_settings(self) -> None:
        try:
            self.settings.save(self.paths.settings_file)
        except OSError:
            pass  # a read-only profile: the choices hold for this session


def first_run(app, paths, settings, home=None, forced_language: str | None = None):
    """The wizard before the first window: ``(settings, language in force)`` once it is finished or skipped."""
    wizard = SetupWizard(settings, paths, home, resolve_language(forced_language or settings.language))
    wizard.exec()
    return settings, install_language(app, resolve_language(forced_language or settings.language))
