"""Imprimer…: the active viewport's series as a film sheet, to a PDF or to any printer Qt knows (QPrintDialog).

The sheet is ``print_sheet``'s; the images are the series' as the reader set the viewport (window, invert,
turn), from the image shown, N x M per page, one page or all of the series.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLineEdit,
                               QMessageBox, QPushButton, QRadioButton, QSpinBox, QVBoxLayout)

from viewer.presentation.sheet import Sheet
from viewer.ui.print_sheet import SheetPainter, SheetRequest, write_pdf


class PrintDialog(QDialog):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Print a film sheet"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.rows, self.cols = QSpinBox(), QSpinBox()
        for box, value in ((self.rows, 2), (self.cols, 2)):
            box.setRange(1, 8)
            box.setValue(value)
        form.addRow(self.tr("Rows"), self.rows)
        form.addRow(self.tr("Columns"), self.cols)
        layout.addLayout(form)
        self.one_page = QRadioButton(self.tr("One page, from the image shown"))
        self.whole = QRadioButton(self.tr("The whole series"))
        self.one_page.setChecked(True)
        layout.addWidget(self.one_page)
        layout.addWidget(self.whole)
        self.true_size = QCheckBox(self.tr("True size (1 mm = 1 mm, for templating)"))
        self.overlays = QCheckBox(self.tr("Overlay texts and scale"))
        self.overlays.setChecked(True)
        self.anonymous = QCheckBox(self.tr("Without the patient's name, ID and birth date"))
        for box in (self.true_size, self.overlays, self.anonymous):
            layout.addWidget(box)
        row = QHBoxLayout()
        self.pdf_path = QLineEdit()
        self.pdf_path.setPlaceholderText(self.tr("PDF file (empty: a printer)"))
        row.addWidget(self.pdf_path, 1)
        layout.addLayout(row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.print_button = QPushButton(self.tr("Print"))
        self.buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)


    def print_to(self, window) -> None:
        request = sheet_request(window, self)
        if request is None:
            QMessageBox.information(window, self.windowTitle(), self.tr("Show a series of images in the active view first."))
            return
        pdf = self.pdf_path.text().strip()
        if pdf:
            path = Path(pdf).expanduser().absolute()
            path = path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")
            try:
                pages, refused = write_pdf(path, request)
            except OSError as exc:
                QMessageBox.warning(window, self.windowTitle(),
                                    self.tr("Cannot write %1").replace("%1", f"{path} ({exc.strerror or exc})"))
                return
            where = str(path)
        else:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            if QPrintDialog(printer, window).exec() != QDialog.DialogCode.Accepted:
                return
            pages, refused = SheetPainter().paint(printer, request)
            where = printer.printerName() or printer.outputFileName()
        text = self.tr("Printed: %1 (%2 page(s))").replace("%1", where).replace("%2", str(pages))
        window.status_label.setText(" – ".join([text, *refused]))


def sheet_request(window, dialog: PrintDialog) -> SheetRequest | None:
    vp = window.grid.active
    if vp is None or vp.state.display_set is None or vp.mpr is not None or vp.vr is not None:
        return None
    state = vp.state
    sheet = Sheet(dialog.rows.value(), dialog.cols.value())
    last = state.count if dialog.whole.isChecked() else min(state.count, state.index + sheet.per_page)
    first = 0 if dialog.whole.isChecked() else state.index
    findings = vp.measure.findings_for(vp)[0] if vp.measure is not None else None
    request = SheetRequest(state.display_set, state, vp.context, list(range(first, last)), sheet,
                           dialog.true_size.isChecked(), dialog.overlays.isChecked(), not dialog.anonymous.isChecked(),
                           window.language)
    if findings is not None:
        request.findings = findings
    return request


def print_sheet(window) -> PrintDialog:
    """Ask, then print to the PDF named or to the printer chosen; the dialog is returned (tests drive it)."""
    dialog = PrintDialog(window)
    dialog.accepted.connect(lambda: dialog.print_to(window))
    dialog.open()
    return dialog
