"""The film sheet on paper: a PDF (QPdfWriter) or any printer (QPrinter), the same painting for both.

Each page: a patient banner (or none of the identity, for a teaching file), N x M images drawn by the
presentation package as a viewport of the cell's size would show them, and at the bottom what the scale
is: at true size, "1 mm on the film = 1 mm in the patient" and the calibration used; otherwise that the
images are fitted to their cells and are not to be measured on paper. The rules are ``presentation.sheet``'s.
Images are rendered at up to 300 dpi, whatever the printer's resolution: enough for film, and a 1200 dpi
printer would otherwise ask for 40 million pixels per A4 page.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from PySide6.QtCore import QMarginsF, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from viewer.core.messages import in_language
from viewer.core.numbers import format_date
from viewer.model.frames import FrameLoader
from viewer.model.measurements import ImageRef
from viewer.model.studies import PatientContext
from viewer.model.viewport import ViewportState
from viewer.presentation.corners import format_name, without_identity
from viewer.presentation.findings import NO_FINDINGS
from viewer.presentation.image import present_image
from viewer.presentation.sheet import Sheet, true_size_refusal, true_size_zoom
from viewer.render.slice_renderer import SliceRenderer

MAX_RENDER_DPI = 300.0


@dataclass
class SheetRequest:
    display_set: object  # an ImageStack
    state: ViewportState  # window, invert, turn as the reader set them
    context: PatientContext
    indices: list[int]  # images of the stack to print, in order
    sheet: Sheet = field(default_factory=Sheet)
    true_size: bool = False
    overlays: bool = True
    identity: bool = True
    language: str = "fr"
    findings: object = NO_FINDINGS


class SheetPainter(QObject):
    """Paints ``SheetRequest`` pages on a QPdfWriter or QPrinter; returns the page count and what it
    refused (true size), said on the sheet too."""

    def paint(self, device, request: SheetRequest) -> tuple[int, list[str]]:
        sheet = request.sheet
        device.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                         QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter))
        dev_ppm = device.resolution() / 25.4  # device pixels per mm
        render_ppm = min(dev_ppm, MAX_RENDER_DPI / 25.4)
        context = request.context if request.identity else without_identity(request.context)
        findings = replace(request.findings, states=()) if request.true_size else request.findings
        pages = sheet.pages(request.indices)
        refused: list[str] = []
        loader = FrameLoader(workers=1)
        renderers: dict[tuple[int, int], SliceRenderer] = {}
        painter = QPainter(device)
        try:
            for number, page in enumerate(pages):
                if number:
                    device.newPage()
                painter.fillRect(QRectF(0, 0, sheet.page_mm[0] * dev_ppm, sheet.page_mm[1] * dev_ppm), QColor("white"))
                self._banner(painter, dev_ppm, sheet, context, request.language, number + 1, len(pages))
                shown_true = []
                for index, (x, y, w, h) in zip(page, sheet.cells()):
                    cell = (max(1, int(w * render_ppm)), max(1, int(h * render_ppm)))
                    at = request.display_set.frames[index]
                    frame = loader.load(at)
                    state = replace(request.state.at(index), overlays=request.overlays, zoom=1.0, pan=(0.0, 0.0))
                    why = true_size_refusal(frame.header) if request.true_size else None
                    if request.true_size and why is None and frame.stored is not None:
                        state = replace(state, zoom=self._zoom(frame, state, cell, render_ppm), by_reader=True)
                        shown_true.append(frame.header.calibration)
                    elif why is not None:
                        refused.append(in_language(why, request.language))
                    ref = ImageRef(request.display_set.study_uid, request.display_set.series_uid, at.sop_uid, at.frame)
                    scene = present_image(state, frame, ref, context, request.language, cell, findings).scene
                    renderer = renderers.get(cell) or renderers.setdefault(cell, SliceRenderer(*cell))
                    rgba = renderer.render(scene)
                    # RGB888: the PDF engine would read RGBX's padding byte as transparency (a white page)
                    image = QImage(rgba.data, rgba.shape[1], rgba.shape[0], 4 * rgba.shape[1],
                                   QImage.Format.Format_RGBX8888).convertToFormat(QImage.Format.Format_RGB888)
                    painter.drawImage(QRectF(x * dev_ppm, y * dev_ppm, w * dev_ppm, h * dev_ppm), image)
                self._footer(painter, dev_ppm, sheet, request, shown_true, refused)
        finally:
            painter.end()
            for r in renderers.values():
                r.close()
            loader.shutdown()
        return len(pages), sorted(set(refused))

    @staticmethod
    def _zoom(frame, state, cell, render_ppm: float) -> float:
        rows, cols = frame.header.descriptor.rows, frame.header.descriptor.columns
        row_mm, col_mm = frame.header.pixel_spacing
        shape, spacing = ((cols, rows), (row_mm, col_mm)) if state.rotation % 2 else ((rows, cols), (col_mm, row_mm))
        return true_size_zoom(shape, spacing, cell, render_ppm)

    def _banner(self, painter, ppm, sheet, ctx: PatientContext, language: str, page: int, pages: int) -> None:
        painter.setPen(QColor("black"))
        painter.setFont(QFont("DejaVu Sans", 11, QFont.Weight.Bold))
        left = " – ".join(x for x in (format_name(ctx.patient_name), ctx.patient_id,
                                      " ".join(v for v in (format_date(ctx.birth_date, language), ctx.sex) if v)) if x)
        rect = QRectF(sheet.margin_mm * ppm, sheet.margin_mm * ppm, (sheet.page_mm[0] - 2 * sheet.margin_mm) * ppm,
                      (sheet.banner_mm - 2) * ppm)
        painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                         left or self.tr("Patient's identity not printed"))
        painter.setFont(QFont("DejaVu Sans", 9))
        right = " – ".join(x for x in (format_date(ctx.study_date, language), ctx.study_description, ctx.modality,
                                       in_language(ctx.series_description, language)) if x)
        painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, right)
        painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                         self.tr("Page %1 / %2").replace("%1", str(page)).replace("%2", str(pages)))

    def _footer(self, painter, ppm, sheet, request: SheetRequest, shown_true: list, refused: list) -> None:
        if request.true_size and shown_true and not refused:
            text = self.tr("TRUE SIZE: 1 mm on this sheet = 1 mm in the patient (%1). Print at 100 %, no "
                           "fitting to the page.").replace("%1", ", ".join(sorted(set(shown_true))))
        elif request.true_size:
            text = self.tr("NOT TRUE SIZE: %1. Images fitted to their boxes: do not measure on paper.").replace(
                "%1", "; ".join(sorted(set(refused))))
        else:
            text = self.tr("Images fitted to their boxes: do not measure on paper (use the scale on each image).")
        painter.setPen(QColor("black"))
        painter.setFont(QFont("DejaVu Sans", 8))
        rect = QRectF(sheet.margin_mm * ppm, (sheet.page_mm[1] - sheet.margin_mm - sheet.footer_mm + 1) * ppm,
                      (sheet.page_mm[0] - 2 * sheet.margin_mm) * ppm, (sheet.footer_mm - 1) * ppm)
        painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap, text)


def write_pdf(path, request: SheetRequest, dpi: int = 300) -> tuple[int, list[str]]:
    """The sheet as a PDF at ``path`` (written to a .part file, renamed when complete)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    try:
        writer = QPdfWriter(str(tmp))
        writer.setResolution(dpi)
        writer.setCreator("Cauri")
        result = SheetPainter().paint(writer, request)
        del writer  # the PDF is finished when the writer goes
        os.replace(tmp, path)
        return result
    finally:
        tmp.unlink(missing_ok=True)
