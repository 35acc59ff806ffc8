"""The report panel beside the images: the template's sections as text fields with spell-checking, the
inserts (measurements, key images, prior comparison), the state and the buttons that store it, and the
study's reports from other systems (and earlier versions) read in the same panel.

Only widgets here; what the buttons do is ``ui.report_controller``.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)


class SpellHighlighter(QSyntaxHighlighter):
    """Underlines (red wavy line) each word the spell checker does not know."""

    def __init__(self, document, checker) -> None:
        super().__init__(document)
        self.checker = checker
        self.fmt = QTextCharFormat()
        self.fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
        self.fmt.setUnderlineColor(QColor("#d32f2f"))

    def highlightBlock(self, text: str) -> None:  # noqa: N802
        for start, length in self.checker.unknown_spans(text):
            self.setFormat(start, length, self.fmt)


def section_text(edit: QPlainTextEdit) -> str:
    """The text as typed: toPlainText() would turn French no-break spaces (before ":") into plain ones."""
    return edit.document().toRawText().replace("\u2029", "\n").replace("\u2028", "\n")


class SectionEdit(QPlainTextEdit):
    focused = Signal(object)

    def __init__(self, key: str, parent=None) -> None:
        super().__init__(parent)
        self.key = key
        self.setTabChangesFocus(True)
        self.setMinimumHeight(64)

    def focusInEvent(self, event) -> None:  # noqa: N802
        self.focused.emit(self)
        super().focusInEvent(event)


class ReportPanel(QWidget):
    template_chosen = Signal(str)
    text_edited = Signal(str, str)  # section key, text
    insert_measurements = Signal()
    insert_key_images = Signal()
    insert_prior = Signal()
    store_preliminary = Signal()
    sign = Signal()
    amend = Signal()
    add_word = Signal(str)

    def __init__(self, checker, parent=None) -> None:
        super().__init__(parent)
        self.checker = checker
        self.edits: dict[str, SectionEdit] = {}
        self.last_edit: SectionEdit | None = None
        self._filling = False
        self.template = QComboBox()
        # The panel's width must not follow what a study fills in (a long template title, the state): the
        # images beside it would be resized, and re-drawn, at every study opened.
        self.template.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.template.setMinimumContentsLength(12)
        self.template.activated.connect(lambda i: self.template_chosen.emit(self.template.itemData(i)))
        self.state = QLabel()
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        self.state.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.state.setStyleSheet("font-weight: bold")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Template")))
        top.addWidget(self.template, 1)
        self.sections = QWidget()
        self.sections_layout = QVBoxLayout(self.sections)
        self.sections_layout.setContentsMargins(2, 2, 2, 2)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.sections)
        self.scroll = scroll
        self.btn_measure = QPushButton(self.tr("Insert measurements"))
        self.btn_keys = QPushButton(self.tr("Insert key images"))
        self.btn_prior = QPushButton(self.tr("Compare with prior"))
        self.btn_word = QPushButton(self.tr("Add word to dictionary"))
        self.btn_prelim = QPushButton(self.tr("Preliminary"))
        self.btn_sign = QPushButton(self.tr("Sign (final)"))
        self.btn_amend = QPushButton(self.tr("Amend"))
        for b, sig in ((self.btn_measure, self.insert_measurements), (self.btn_keys, self.insert_key_images),
                       (self.btn_prior, self.insert_prior), (self.btn_prelim, self.store_preliminary),
                       (self.btn_sign, self.sign), (self.btn_amend, self.amend)):
            b.clicked.connect(sig.emit)
        self.btn_word.clicked.connect(self._add_word)
        grid = QGridLayout()  # two columns: the panel stays narrow, the images keep their width
        buttons = (self.btn_measure, self.btn_keys, self.btn_prior, self.btn_word, self.btn_prelim, self.btn_sign,
                   self.btn_amend)
        for i, b in enumerate(buttons):
            grid.addWidget(b, i // 2, i % 2)
        self.others = QTextBrowser()
        self.others.setOpenLinks(False)  # text from other systems' files: shown, never followed
        self.others.setMaximumHeight(160)
        self.others_label = QLabel(self.tr("Other reports of this study"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.state)  # its own line: a long state ("Amendement (brouillon) — v2") is never cut
        layout.addWidget(scroll, 1)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        layout.addWidget(self.others_label)
        layout.addWidget(self.others)

    # -- filled by the controller ------------------------------------------------------------------
    def set_templates(self, items: list[tuple[str, str]], current: str) -> None:
        self.template.clear()
        for key, title in items:
            self.template.addItem(title, key)
        self.template.setCurrentIndex(max(0, self.template.findData(current)))

    def show_report(self, report, state_text: str) -> None:
        self._filling = True
        while self.sections_layout.count():
            item = self.sections_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.edits.clear()
        self.last_edit = None
        for s in report.sections:
            heading = QLabel(s.title)
            heading.setStyleSheet("font-weight: bold; color: #9ecbff")
            edit = SectionEdit(s.key)
            edit.setObjectName(f"report-{s.key}")
            edit.setPlainText(s.text)
            edit.setReadOnly(not report.editable)
            edit.highlighter = SpellHighlighter(edit.document(), self.checker)
            edit.textChanged.connect(lambda e=edit: self._edited(e))
            edit.focused.connect(self._focused)
            edit.cursorPositionChanged.connect(lambda e=edit: self._focused(e))  # typing there counts, focus or not
            self.sections_layout.addWidget(heading)
            self.sections_layout.addWidget(edit)
            self.edits[s.key] = edit
        self.sections_layout.addStretch(1)
        self.state.setText(state_text)
        for b in (self.btn_measure, self.btn_keys, self.btn_prior, self.btn_prelim, self.btn_sign):
            b.setEnabled(report.editable)
        self.btn_prelim.setEnabled(report.editable and not report.amending)
        self.btn_amend.setEnabled(not report.editable)
        self.template.setEnabled(report.editable and not report.history)
        self._filling = False

    def show_others(self, html: str) -> None:
        # Always shown (empty when there is none): a panel that grows when a study opens re-lays the window.
        self.others.setHtml(html)

    def insert(self, text: str, fallback_key: str) -> None:
        """At the cursor of the section last written in, else at the end of ``fallback_key``'s."""
        edit = self.last_edit or self.edits.get(fallback_key)
        if edit is None or edit.isReadOnly():
            return
        cursor = edit.textCursor()
        if self.last_edit is None:
            cursor.movePosition(cursor.MoveOperation.End)
        before = edit.toPlainText()[: cursor.position()]
        cursor.insertText(("\n" if before and not before.endswith("\n") else "") + text)
        edit.setTextCursor(cursor)

    def rehighlight(self) -> None:
        for e in self.edits.values():
            e.highlighter.rehighlight()

    # -- internals -----------------------------------------------------------------------------------
    def _edited(self, edit: SectionEdit) -> None:
        # A section of the report shown before (its widget waits for deletion) may still signal: its
        # highlighter runs when it is first laid out. Only the sections on show are the reader's text.
        if not self._filling and self.edits.get(edit.key) is edit:
            self.text_edited.emit(edit.key, section_text(edit))

    def _focused(self, edit: SectionEdit) -> None:
        self.last_edit = edit

    def _add_word(self) -> None:
        """The selected word, else the word the cursor is in or just after (where typing leaves it)."""
        edit = self.last_edit
        if edit is None:
            return
        cursor = edit.textCursor()
        word = cursor.selectedText().strip()
        if not word:
            text, pos = cursor.block().text(), cursor.positionInBlock()
            word = next((m.group(0) for m in re.finditer(r"[^\W\d_]+", text) if m.start() <= pos <= m.end()), "")
        if word:
            self.add_word.emit(word)
