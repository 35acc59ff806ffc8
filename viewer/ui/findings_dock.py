"""The measurements dock of the window: the open study's findings listed (every value, warned when one is
missing), a click that shows the image or plane a measurement is on, and saving them as DICOM."""

from __future__ import annotations

from PySide6.QtCore import QObject

from viewer.core.messages import in_language
from viewer.core.numbers import punctuate
from viewer.model.measurements import FindingsError, Source, save_findings


class FindingsDock(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.ws = window.ws
        panel, measure = window.measure_panel, window.measure
        measure.changed.connect(self.refresh)
        panel.jump.connect(self.jump_to)
        panel.delete_requested.connect(measure.delete_selected)
        panel.save_requested.connect(self.save)

    def refresh(self) -> None:
        measure = self.window.measure
        rows = []
        for m in measure.all_measurements():
            text, tip = measure.panel_row(m, self._frame_of(m))
            rows.append((m, text, m.source == Source.CAURI, tip))
        keys = len(measure.mset.key_images) if measure.mset else 0
        self.window.measure_panel.show_items(rows, keys, measure.selected)

    def _frame_of(self, m):
        for ds in self.ws.display_sets.values():
            for ref in getattr(ds, "frames", ()):
                if ref.sop_uid == m.image.sop_uid and ref.frame == m.image.frame_index:
                    return self.ws.loader.load(ref)
        return None

    def jump_to(self, m) -> None:
        measure = self.window.measure
        if m.plane is not None:
            measure.jump_to_plane(m)
            return
        for ds in self.ws.display_sets.values():
            for i, ref in enumerate(getattr(ds, "frames", ())):
                if ref.sop_uid == m.image.sop_uid and ref.frame == m.image.frame_index:
                    vp = self.window.grid.active
                    if vp.state.display_set is None or vp.state.display_set.uid != ds.uid:
                        self.ws.show(vp.slot, ds)
                    vp.apply(vp.state.at(i))
                    measure.selected = m.id
                    vp.schedule_render()
                    return

    def save(self) -> None:
        w, ws = self.window, self.ws
        mset = w.measure.mset
        if mset is None or ws.study is None:
            return
        windows = {}
        for vp in w.grid.visible_viewports():
            ref = w.measure.image_ref(vp)
            if ref is not None and vp.state.window is not None:
                windows[ref] = vp.state.window
        notes: list[str] = []
        try:
            session = ws.volumes.session  # its volume serves the plane measurements: not read again
            volumes = {session.volume.stack.frames[0].sop_uid: session.volume} if session and session.volume.complete else None
            uids = save_findings(ws.cache, ws.study.study_uid, list(mset), mset.key_images, windows, notes=notes,
                                 volumes=volumes)
        except FindingsError as exc:
            w.status_label.setText(self.tr("Findings not saved: ") + str(exc))
            return
        w.last_saved_findings = uids
        text = self.tr("Findings saved as DICOM (%n object(s))", "", len(uids))
        text = "; ".join([text] + [in_language(n, w.language) for n in notes])
        w.status_label.setText(punctuate(text, w.language))
        ws.refresh_study(ws.study.study_uid)
