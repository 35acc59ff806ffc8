"""Reading documents stored as DICOM: structured reports as text, encapsulated PDF in the system viewer."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from viewer.core.atomic import atomic_write_bytes
from viewer.core.messages import msg
from viewer.model.measurements import read_encapsulated_pdf, read_sr_document, to_html

log = logging.getLogger(__name__)
SR_PREFIX = "1.2.840.10008.5.1.4.1.1.88."
PDF_CLASS = "1.2.840.10008.5.1.4.1.1.104.1"


class DocumentDialog(QDialog):
    def __init__(self, html: str, title: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.browser = QTextBrowser()
        # The report is HTML built from escaped text: no link, image or script can come from the file.
        self.browser.setOpenLinks(False)
        self.browser.setHtml(html)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(720, 640)


def open_document(window, instances) -> str | None:
    """Show the first SR or PDF among ``instances`` (cache InstanceRecords); returns a reason if none."""
    for inst in instances:
        if inst.sop_class.startswith(SR_PREFIX):
            try:
                doc = read_sr_document(inst.path)
            except Exception as exc:
                return msg("unreadable report ({error})", error=type(exc).__name__)
            dialog = DocumentDialog(to_html(doc), doc.title or "SR", window)
            window._document_dialog = dialog
            window.study_panels.append(dialog)  # a report of this study: closed when another study opens
            dialog.show()
            return None
        if inst.sop_class == PDF_CLASS:
            try:
                data = read_encapsulated_pdf(inst.path)
            except Exception as exc:
                return msg("unreadable PDF ({error})", error=type(exc).__name__)
            # Inside Cauri's own cache folder (never elsewhere), named by a hash, never by a UID.
            target = Path(window.ws.paths.cache) / "documents" / (hashlib.sha1(inst.sop_uid.encode()).hexdigest()[:20] + ".pdf")
            atomic_write_bytes(target, data)
            window.last_document = target
            if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(target))):
                return msg("no PDF viewer on this computer; the document is at {path}", path=str(target))
            return None
    return msg("no document in this series")
