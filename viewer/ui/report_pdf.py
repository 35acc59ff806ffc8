"""The printed report as PDF: Qt's QTextDocument laid out on A4 by QPdfWriter.

Qt rather than reportlab: Cauri already ships Qt, whose text layout shapes French (and any) text with
the system's fonts and embeds them, and the same code prints from the window and from ``cauri report``
(which starts an offscreen application: no display needed). reportlab would be a second layout
engine and a new dependency for one page. Every text from the report or the patient is HTML-escaped:
nothing typed or read from a file becomes markup.
"""

from __future__ import annotations

import html
import os

import numpy as np
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QUrl
from PySide6.QtGui import QGuiApplication, QImage, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QApplication

from viewer.report.printing import PrintedReport

_APP = None


def ensure_gui_app() -> None:
    """An application for layout and fonts; offscreen when there is none yet (the command line). A
    QApplication, not a QGuiApplication: a window made later in the same process needs the widgets one."""
    global _APP
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _APP = QApplication([])


def _qimage(a: np.ndarray) -> QImage:
    a = np.ascontiguousarray(a)
    if a.ndim == 2:
        img = QImage(a.data, a.shape[1], a.shape[0], a.strides[0], QImage.Format.Format_Grayscale8)
    else:
        img = QImage(a.data, a.shape[1], a.shape[0], a.strides[0], QImage.Format.Format_RGB888)
    return img.copy()  # owns its pixels: the array may go


def report_html(p: PrintedReport) -> str:
    e = html.escape
    parts = ["<html><body style='font-family: sans-serif; font-size: 10pt'>"]
    parts.append("<table width='100%' cellspacing='0' cellpadding='4' style='background:#17365d; color:white'>"
                 f"<tr><td><b style='font-size:14pt'>{e(p.institution or 'Cauri')}</b><br/>"
                 f"{e('Service de radiologie' if p.language == 'fr' else 'Radiology department')}</td>"
                 f"<td align='right'>{e(p.state_line)}</td></tr></table>")
    parts.append("<table width='100%' cellspacing='0' cellpadding='3' style='background:#e8eef6; margin-top:6px'><tr>")
    for i, (label, value) in enumerate(p.banner):
        if i and i % 4 == 0:
            parts.append("</tr><tr>")
        parts.append(f"<td><span style='color:#555'>{e(label)}</span><br/><b>{e(value or '-')}</b></td>")
    parts.append("</tr></table>")
    parts.append(f"<h2 style='margin-top:12px'>{e(p.title)}</h2>")
    for heading, text in p.sections:
        body = "<br/>".join(e(line) for line in text.splitlines())
        parts.append(f"<h3 style='color:#17365d; margin-bottom:2px'>{e(heading)}</h3><p style='margin-top:2px'>{body}</p>")
    if p.key_images:
        label = "Images clés" if p.language == "fr" else "Key images"
        parts.append(f"<h3 style='color:#17365d'>{e(label)}</h3><table cellspacing='6'><tr>")
        for i, k in enumerate(p.key_images):
            if i and i % 3 == 0:
                parts.append("</tr><tr>")
            parts.append(f"<td align='center'><img src='cauri-key:{i}' width='200'/><br/>{e(k.caption)}</td>")
        parts.append("</tr></table>")
    if p.signature:
        parts.append(f"<p style='margin-top:18px'><b>{e(p.signature)}</b></p>")
    parts.append("</body></html>")
    return "".join(parts)


def pdf_bytes(p: PrintedReport) -> bytes:
    ensure_gui_app()
    doc = QTextDocument()
    for i, k in enumerate(p.key_images):
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(f"cauri-key:{i}"), _qimage(k.pixels))
    doc.setHtml(report_html(p))
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buf)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
    writer.setResolution(150)
    writer.setTitle(p.title)
    writer.setCreator("Cauri")
    doc.print_(writer)
    del writer
    buf.close()
    return bytes(data)
