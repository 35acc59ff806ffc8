"""Preferences: language; this workstation's DICOM identity; the archives (PACS) it talks to."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from viewer.core.memory import MB, automatic_budget, physical_memory
from viewer.net import dicomweb, dimse
from viewer.net.nodes import ConfigError, NetworkConfig, Node


class NodeDialog(QDialog):
    """Add or edit one archive node."""

    def __init__(self, node=None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Archive"))
        self.name = QLineEdit(node.name if node else "")
        self.aet = QLineEdit(node.ae_title if node else "")
        self.host = QLineEdit(node.host if node else "")
        self.port = QSpinBox()
        self.port.setRange(0, 65535)
        self.port.setValue(node.port if node else 104)
        self.web = QLineEdit(node.dicomweb_url if node else "")
        self.web.setPlaceholderText("http://pacs:8042/dicom-web")
        self.method = QComboBox()
        for key, label in (("get", "C-GET"), ("move", "C-MOVE"), ("wado", "WADO-RS")):
            self.method.addItem(label, key)
        self.method.setCurrentIndex(max(0, self.method.findData(node.retrieve_method if node else "get")))
        self.tls_ca = QLineEdit(node.tls_ca if node else "")
        self.tls_ca.setPlaceholderText(self.tr("CA file (PEM) to enable TLS"))
        form = QFormLayout(self)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("AE title"), self.aet)
        form.addRow(self.tr("Host"), self.host)
        form.addRow(self.tr("Port"), self.port)
        form.addRow(self.tr("DICOMweb URL"), self.web)
        form.addRow(self.tr("Retrieve with"), self.method)
        form.addRow(self.tr("TLS"), self.tls_ca)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.node = node

    def _accept(self) -> None:
        node = Node(
            name=self.name.text().strip(), ae_title=self.aet.text().strip(), host=self.host.text().strip(),
            port=self.port.value() if self.aet.text().strip() else 0, dicomweb_url=self.web.text().strip(),
            retrieve_method=self.method.currentData(), tls_ca=self.tls_ca.text().strip(),
        )
        if self.node is not None:  # keep what this dialog does not show
            for keep in ("tls_cert", "tls_key", "auth", "username", "secret", "wire_compression"):
                setattr(node, keep, getattr(self.node, keep))
        try:
            self.node = node.validate()
        except ConfigError as exc:
            QMessageBox.warning(self, "Cauri", str(exc))
            return
        self.accept()


class NetworkTab(QWidget):
    def __init__(self, home, parent=None) -> None:
        super().__init__(parent)

        self.home = home
        self.config = NetworkConfig.load(home)
        ws = self.config.workstation
        self.aet = QLineEdit(ws.ae_title)
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(ws.storage_port)
        self.tls = {key: QLineEdit(getattr(ws, key)) for key in ("tls_cert", "tls_key", "tls_ca")}
        for field in self.tls.values():
            field.setPlaceholderText(self.tr("PEM file; empty: no TLS"))
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("AE title"), self.tr("Host"), self.tr("Port"), "DICOMweb"])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.echo_result = QLabel()
        self.echo_result.setTextFormat(Qt.TextFormat.PlainText)
        add, edit = QPushButton(self.tr("Add…")), QPushButton(self.tr("Edit…"))
        remove, echo = QPushButton(self.tr("Remove")), QPushButton(self.tr("Test (C-ECHO)"))
        add.clicked.connect(self._add)
        edit.clicked.connect(self._edit)
        remove.clicked.connect(self._remove)
        echo.clicked.connect(self._echo)
        self.echo_button = echo
        form = QFormLayout()
        form.addRow(self.tr("This workstation's AE title"), self.aet)
        form.addRow(self.tr("Storage port (receives images)"), self.port)
        form.addRow(self.tr("Storage port TLS certificate"), self.tls["tls_cert"])
        form.addRow(self.tr("Storage port TLS key"), self.tls["tls_key"])
        form.addRow(self.tr("CA required of senders (optional)"), self.tls["tls_ca"])
        buttons = QHBoxLayout()
        for b in (add, edit, remove, echo):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Archives (PACS)")))
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.echo_result)
        self._fill()

    def _fill(self) -> None:
        self.table.setRowCount(len(self.config.nodes))
        for row, n in enumerate(self.config.nodes):
            for col, value in enumerate((n.name, n.ae_title, n.host, str(n.port or ""), n.dicomweb_url)):
                self.table.setItem(row, col, QTableWidgetItem(value))

    def _selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.config.nodes[rows[0].row()] if rows else None

    def _add(self) -> None:
        dialog = NodeDialog(parent=self)
        if dialog.exec():
            try:
                self.config.add(dialog.node)
            except ValueError as exc:
                QMessageBox.warning(self, "Cauri", str(exc))
            self._fill()

    def _edit(self) -> None:
        node = self._selected()
        if node is None:
            return
        dialog = NodeDialog(node, self)
        if dialog.exec():
            self.config.remove(node.name)
            self.config.add(dialog.node)
            self._fill()

    def _remove(self) -> None:
        node = self._selected()
        if node is not None:
            self.config.remove(node.name)
            self._fill()

    def _echo(self) -> None:
        node = self._selected()
        if node is None:
            return
        try:
            if node.has_dimse:
                seconds = dimse.echo(self.config.workstation, node)
            else:
                dicomweb.Client(node).ping()
                seconds = 0.0
            self.echo_result.setText(self.tr("%1: connected (%2 ms)").replace("%1", node.name).replace("%2", f"{seconds * 1000:.0f}"))
            self.echo_result.setStyleSheet("color: #1a7f37; font-weight: bold")
        except Exception as exc:
            self.echo_result.setText(f"{node.name}: {exc}")
            self.echo_result.setStyleSheet("color: #c62828; font-weight: bold")

    def save(self) -> str | None:
        try:
            self.config.workstation.set("ae_title", self.aet.text().strip())
            self.config.workstation.set("storage_port", str(self.port.value()))
            for key, field in self.tls.items():
                self.config.workstation.set(key, field.text().strip())
        except ConfigError as exc:
            return str(exc)
        if self.config.workstation.tls_problem():
            return self.config.workstation.tls_problem()
        self.config.save(self.home)
        return None


class ProfileTab(QWidget):
    """Who signs the reports: printed under the report, written in the SR and the ORU."""

    FIELDS = ("reader_name", "reader_credentials", "reader_id", "institution_name")

    def __init__(self, settings, parent=None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.fields = {key: QLineEdit(getattr(settings, key)) for key in self.FIELDS}
        self.fields["reader_name"].setPlaceholderText(self.tr("FAMILY^Given, e.g. KOUASSI^Awa"))
        self.fields["reader_credentials"].setPlaceholderText(self.tr("e.g. Dr, radiologist"))
        form = QFormLayout(self)
        form.addRow(self.tr("Reader's name"), self.fields["reader_name"])
        form.addRow(self.tr("Title and credentials"), self.fields["reader_credentials"])
        form.addRow(self.tr("Reader's code at the RIS"), self.fields["reader_id"])
        form.addRow(self.tr("Hospital (report header)"), self.fields["institution_name"])

    def save(self) -> None:
        for key, field in self.fields.items():
            setattr(self.settings, key, field.text().strip())


class PreferencesDialog(QDialog):
    def __init__(self, language_setting: str, home=None, parent=None, settings=None, screens: int = 1) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self.combo = QComboBox()
        self.combo.addItem(self.tr("Automatic (system language)"), "auto")
        self.combo.addItem("Français", "fr")
        self.combo.addItem("English", "en")
        index = self.combo.findData(language_setting)
        self.combo.setCurrentIndex(max(0, index))
        general = QWidget()
        form = QFormLayout(general)
        form.addRow(self.tr("Language"), self.combo)
        self.idle_lock = QSpinBox()
        self.idle_lock.setRange(0, 480)
        self.idle_lock.setValue(int(round(getattr(settings, "idle_lock_minutes", 0) or 0)))
        self.idle_lock.setSuffix(self.tr(" min"))
        self.idle_lock.setSpecialValueText(self.tr("Never"))
        self.idle_lock.setToolTip(self.tr("Patient data is hidden after this long without keyboard, mouse or touch "
                                          "input, until the reader unlocks"))
        form.addRow(self.tr("Lock after inactivity"), self.idle_lock)
        # The corner text's size on the images: automatic follows the screen's DPI.
        self.text_size = QSpinBox()
        self.text_size.setRange(0, 32)
        self.text_size.setSuffix(self.tr(" pt"))
        self.text_size.setSpecialValueText(self.tr("Automatic (screen DPI)"))
        self.text_size.setValue(int(getattr(settings, "overlay_font_pt", 0) or 0))
        form.addRow(self.tr("Overlay text size"), self.text_size)
        # One budget for decoded images, volumes and thumbnails (core.memory); 0: a quarter of the RAM.
        self.memory_budget = QSpinBox()
        self.memory_budget.setRange(0, max(1024, (physical_memory() or 0) // MB))
        self.memory_budget.setSingleStep(256)
        self.memory_budget.setSuffix(self.tr(" MB"))
        self.memory_budget.setSpecialValueText(self.tr("Automatic (%1 MB)").replace("%1", str(automatic_budget() // MB)))
        self.memory_budget.setValue(int(getattr(settings, "memory_budget_mb", 0) or 0))
        self.memory_budget.setToolTip(self.tr(
            "Decoded images, MPR and 3D volumes and thumbnails of every open study and prior share this memory. "
            "Images that do not fit are read again from the cache when shown; a volume that does not fit is "
            "refused with its reason. Automatic: a quarter of this computer's memory."))
        form.addRow(self.tr("Memory for images"), self.memory_budget)
        self.screen_mode = QComboBox()
        self.screen_mode.addItem(self.tr("One window per screen"), "windows")
        self.screen_mode.addItem(self.tr("One window over all screens"), "span")
        self.screen_mode.setCurrentIndex(max(0, self.screen_mode.findData(getattr(settings, "screen_mode", "windows"))))
        self.browser_screen = QComboBox()
        for i in range(max(1, screens)):
            self.browser_screen.addItem(str(i + 1), i)
        self.browser_screen.setCurrentIndex(max(0, self.browser_screen.findData(getattr(settings, "browser_screen", 0))))
        for w in (self.screen_mode, self.browser_screen):
            w.setEnabled(screens > 1)
        form.addRow(self.tr("Several screens"), self.screen_mode)
        form.addRow(self.tr("Worklist on screen"), self.browser_screen)
        # The study cache's size limit: past it, the least recently opened studies leave for the archive.
        self.cache_limit = QDoubleSpinBox()
        self.cache_limit.setRange(0, 100000)
        self.cache_limit.setDecimals(0)
        self.cache_limit.setSuffix(self.tr(" GB"))
        self.cache_limit.setSpecialValueText(self.tr("no limit"))
        self.cache_limit.setValue(float(getattr(settings, "cache_limit_gb", 0) or 0))
        self.cache_limit.setToolTip(self.tr("Past this size, the studies opened longest ago leave this computer "
                                            "(they stay on the archive); pinned studies, key images, unsent "
                                            "findings and reports, and today's studies stay"))
        form.addRow(self.tr("Study cache size limit"), self.cache_limit)
        self.network = NetworkTab(home)
        tabs = QTabWidget()
        tabs.addTab(general, self.tr("General"))
        tabs.addTab(self.network, self.tr("Network"))
        self.profile = ProfileTab(settings) if settings is not None else None
        if self.profile is not None:
            tabs.addTab(self.profile, self.tr("Report profile"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)
        self.resize(640, 420)

    def _accept(self) -> None:
        error = self.network.save()
        if error:
            QMessageBox.warning(self, "Cauri", error)
            return
        if self.profile is not None:
            self.profile.save()
        self.accept()

    def language(self) -> str:
        return self.combo.currentData()

    def idle_lock_minutes(self) -> int:
        return self.idle_lock.value()
