"""What the report panel's buttons do, for the open study: the draft autosaved as the reader types
(``report.document.ReportStore``: crash-safe, like the measurements), inserts from the study's findings,
storing preliminary / signed / amended versions (SR + PDF into the cache, then sent to the first archive),
and the HL7 outbox delivered in the background to ``hl7_target``."""

from __future__ import annotations

import html
import logging
import threading
import time

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDockWidget

from viewer.core.messages import in_language, message_of
from viewer.net.nodes import NetworkConfig
from viewer.report.document import AMENDED, DRAFT, FINAL, PRELIMINARY, Reader, ReportError, ReportStore, new_report
from viewer.report.inserts import key_image_lines, measurement_lines, prior_comparison
from viewer.report.mrrt import TemplateError
from viewer.report.outbox import Outbox, OutboxWorker
from viewer.report.status import stored_reports
from viewer.report.spell import SpellChecker
from viewer.report.storing import store_report
from viewer.report.templates import BY_MODALITY, catalogue, find_template, load_entry, title_in
from viewer.ui.report_panel import ReportPanel
from viewer.ui.report_pdf import pdf_bytes

log = logging.getLogger(__name__)
AUTOSAVE_MS = 300  # a power cut loses at most this much typing


FILL_POLL_MS = 20
FILL_WAIT_MS = 1500


class ReportController(QObject):
    delivered = Signal(object)  # outbox Delivery, from the worker thread
    sent = Signal(str)  # what sending to the archive did

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window, self.ws = window, window.ws
        self.checker = SpellChecker(self.ws.paths.config)
        self.panel = ReportPanel(self.checker, window)
        # Hidden while a study's images come first, the panel keeps its place: a dock that shrank and grew
        # back resized every viewport just drawn (each drawn twice, the images jumping under the reader's eyes).
        policy = self.panel.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.panel.setSizePolicy(policy)
        dock = QDockWidget(self.tr("Report"), window)
        dock.setObjectName("report")
        dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        measurements = window.findChild(QDockWidget, "measurements")
        if measurements is not None:  # the report gets the height: it is where the reader writes
            window.resizeDocks([measurements, dock], [220, 700], Qt.Orientation.Vertical)
        self.dock = dock
        self.store = ReportStore(self.ws.cache.root)
        self.report = None
        self.last_stored = None
        self.send_thread: threading.Thread | None = None
        self._dirty = False  # typed into since the draft was last kept
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save_draft)
        # The panel of a study just opened is filled once its images are on screen (FILL_WAIT_MS at most): its
        # widgets and templates cost 25-120 ms of the window's thread that the first image waited behind.
        self._fill = QTimer(self)
        self._fill.setSingleShot(True)
        self._fill.timeout.connect(self._fill_when_shown)
        self._fill_since = 0.0
        self.outbox = Outbox(self.ws.paths.data / "hl7-outbox")
        self.worker = OutboxWorker(self.outbox, self._target, interval=5.0, on_result=self.delivered.emit).start()
        self.delivered.connect(self._delivered)
        self.sent.connect(self.panel.message.setText)
        p = self.panel
        p.template_chosen.connect(self.choose_template)
        p.text_edited.connect(self._edited)
        p.insert_measurements.connect(self.insert_measurements)
        p.insert_key_images.connect(self.insert_key_images)
        p.insert_prior.connect(self.insert_prior)
        p.store_preliminary.connect(lambda: self.store_version(sign=False))
        p.sign.connect(lambda: self.store_version(sign=True))
        p.amend.connect(self.amend)
        p.add_word.connect(self._add_word)
        window.bindings.on(self.ws.study_opened, self._opened)
        window.bindings.on(self.ws.study_reset, self._reset)
        self.dock.setEnabled(False)

    # -- the open study --------------------------------------------------------------------------
    def _opened(self, study, _sets) -> None:
        self.save_draft()
        self.report = self.store.load(study.study_uid)
        if self.report is None:
            key = next((BY_MODALITY[m] for m in study.modalities if m in BY_MODALITY), "ct-thorax")
            self._new(study.study_uid, key, save=False)  # saved at the first keystroke, not before
        self.panel.hide()  # never the previous study's report while this one's waits to be filled
        self.dock.setEnabled(True)
        self._fill_since = time.monotonic()
        self._fill.start(0)

    def _fill_when_shown(self) -> None:
        if self.report is None:
            return
        if not self.window.grid.all_ready() and (time.monotonic() - self._fill_since) * 1000 < FILL_WAIT_MS:
            self._fill.start(FILL_POLL_MS)
            return
        self._show()

    def pending(self) -> bool:
        """The open study's report is still to be laid out in the panel."""
        return self._fill.isActive()

    def _reset(self) -> None:
        self.save_draft()
        self._fill.stop()
        self.report = None
        self.dock.setEnabled(False)

    def _new(self, study_uid: str, key: str, save: bool) -> None:
        template_id, template = find_template(key, self.ws.paths.config)
        self.report = new_report(study_uid, template, template_id, "fr" if self.window.language == "fr" else "en")
        self.report.title = title_in(template, self.window.language) if self.window.language != "fr" else template.title
        if save:
            self.store.save(self.report)

    def _show(self) -> None:
        r = self.report
        items = []
        for e in catalogue(self.ws.paths.config):
            try:
                t = load_entry(e)
                items.append((e.id, title_in(t, self.window.language)))
            except TemplateError:
                continue  # a hospital file that does not read: left out, the others offered
        self.panel.set_templates(items, r.template_id)
        self.panel.show_report(r, self.state_text())
        self._show_others()
        self._fill.stop()
        self.panel.show()

    def state_text(self) -> str:
        r = self.report
        words = {DRAFT: self.tr("Draft"), PRELIMINARY: self.tr("Preliminary"), FINAL: self.tr("Final (signed)"),
                 AMENDED: self.tr("Amended (signed)")}
        text = words[r.state]
        if r.amending:
            text = self.tr("Amendment (draft)")
        return text + (f" — v{r.version}" if r.version > 1 else "")

    def _show_others(self) -> None:
        """Every report object of the study in the cache, newest first: other systems' and our earlier versions."""
        e = html.escape
        states = {"final": self.tr("Final (signed)"), "preliminary": self.tr("Preliminary"),
                  "unverified": self.tr("Unverified")}
        parts = []
        for rt in reversed(stored_reports(self.ws.cache, self.report.study_uid)):
            d = rt.datetime
            when = f"{d[6:8]}/{d[4:6]}/{d[:4]} {d[8:10]}:{d[10:12]}" if len(d) >= 12 and d.isdigit() else d
            head = f"<b>{e(rt.title)}</b> — {e(rt.kind)}, {e(states.get(rt.status, rt.status))}, {e(when)}"
            if rt.manufacturer:
                head += f" ({e(rt.manufacturer)})"
            body = "<br/>".join(e(line) for line in rt.text.splitlines()) if rt.kind == "SR" else e(self.tr("PDF document"))
            parts.append(f"<p>{head}<br/>{body}</p>")
        self.panel.show_others("".join(parts))

    # -- writing -----------------------------------------------------------------------------------
    def _edited(self, key: str, text: str) -> None:
        if self.report is None or not self.report.editable:
            return
        section = self.report.section(key)
        if section is not None and section.text == text:
            return  # the panel showing what the report holds, not the reader writing
        self.report.set_text(key, text)
        self._dirty = True
        self._autosave.start()

    def save_draft(self) -> None:
        """Keep the draft, if the reader wrote something or one is already kept: a study only looked at
        gets no report document (the worklist would call it a draft)."""
        self._autosave.stop()
        if self.report is not None and self.report.editable and (self._dirty or self.store.has(self.report.study_uid)):
            self._dirty = False
            try:
                self.store.save(self.report)
            except OSError as exc:
                self.panel.message.setText(self.tr("Draft not saved: ") + str(exc))

    def choose_template(self, key: str) -> None:
        if self.report is None or self.report.history or key == self.report.template_id:
            return
        # Kept at once only where a draft was already kept; otherwise at the first keystroke, like a new one.
        self._new(self.report.study_uid, key, save=self.store.has(self.report.study_uid))
        self._show()

    def insert_measurements(self) -> None:
        mset = self.window.measure.mset
        if self.report is None or mset is None:
            return
        items = [m for m in mset if m.image.study_uid == self.report.study_uid]
        if not items:
            self.panel.message.setText(self.tr("No measurement in this study."))
            return
        lines = measurement_lines(self.ws.cache, self.report.study_uid, items, self.window.language,
                                  self.window.measure_panel.names)
        for m in items:
            if m.id not in self.report.measurement_ids:
                self.report.measurement_ids.append(m.id)
        self.panel.insert("\n".join(lines), "Findings")

    def insert_key_images(self) -> None:
        mset = self.window.measure.mset
        if self.report is None or mset is None:
            return
        refs = sorted((k.study_uid, k.series_uid, k.sop_uid, k.frame_index) for k in mset.key_images
                      if k.study_uid == self.report.study_uid)
        if not refs:
            self.panel.message.setText(self.tr("No key image flagged (K on an image)."))
            return
        for ref in refs:
            if ref not in self.report.key_images:
                self.report.key_images.append(ref)
        self.panel.insert("\n".join(key_image_lines(self.ws.cache, self.report.study_uid, refs, self.window.language)),
                          "Findings")

    def insert_prior(self) -> None:
        if self.report is None:
            return
        text = prior_comparison(self.ws.cache, self.report.study_uid, self.window.language)
        edit = self.panel.edits.get("Comparison")
        if edit is not None and not edit.isReadOnly():
            edit.setPlainText(text)  # replaces "no prior available"
        else:
            self.panel.insert(text, "Findings")

    def _add_word(self, word: str) -> None:
        self.checker.add(word)
        self.panel.rehighlight()

    # -- storing -------------------------------------------------------------------------------------
    def reader(self) -> Reader:
        s = self.ws.settings
        return Reader(s.reader_name, s.reader_credentials, s.institution_name, s.reader_id)

    def _config(self) -> NetworkConfig:
        return NetworkConfig.load(self.ws.home)

    def _target(self) -> str:
        return self._config().workstation.hl7_target

    def store_version(self, sign: bool) -> None:
        if self.report is None:
            return
        self.save_draft()
        cfg = self._config()
        try:
            stored = store_report(self.ws.cache, self.store, self.report, sign, self.reader(), pdf_bytes,
                                  self.outbox, cfg.workstation.hl7_facility)
        except (ReportError, ValueError, OSError) as exc:
            self.panel.message.setText(in_language(message_of(exc), self.window.language))
            return
        self.last_stored = stored
        self.ws.refresh_study(self.report.study_uid)
        self._show()
        self.panel.message.setText(self.tr("Report stored (SR and PDF)."))
        self.worker.wake()
        node = next((n for n in cfg.nodes if n.has_dimse or n.dicomweb_url), None)
        if node is not None:
            self.send_thread = threading.Thread(target=self._send, args=(cfg, node, stored), daemon=True,
                                                name="cauri-report-send")
            self.send_thread.start()

    def _send(self, cfg, node, stored) -> None:
        from viewer.net.send import send_study
        from viewer.store.cache import StudyCache

        sent = failed = 0
        try:
            with StudyCache(self.ws.cache.root) as cache:  # a connection of this thread's own
                for series_uid in stored.series:
                    r = send_study(cache, cfg, node, self.report.study_uid, series_uid=series_uid)
                    sent, failed = sent + r.sent, failed + r.failed
        except Exception as exc:
            log.warning("report not sent to the archive: %s", type(exc).__name__)
            failed += 1
        self.sent.emit(self.tr("Report sent to %1: %2 object(s), %3 failed").replace("%1", node.name)
                       .replace("%2", str(sent)).replace("%3", str(failed)))

    def amend(self) -> None:
        if self.report is None:
            return
        try:
            self.report.amend()
        except ReportError as exc:
            self.panel.message.setText(in_language(exc.args[0], self.window.language))
            return
        self.store.save(self.report)
        self._show()

    def _delivered(self, d) -> None:
        if d.sent:
            self.panel.message.setText(self.tr("HL7: %1 message(s) acknowledged by the RIS").replace("%1", str(d.sent)))
        elif d.errors:
            self.panel.message.setText(self.tr("HL7: waiting to send (%1)").replace(
                "%1", in_language(d.errors[0], self.window.language)))

    def shutdown(self) -> None:
        self._fill.stop()  # the window goes (a language switch makes another): nothing more is laid out here
        self.save_draft()
        self.worker.stop()
