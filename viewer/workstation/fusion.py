"""Fused layers on the workstation's views: a PET (SPECT, second MR) or an RT Dose laid over the anatomy a
view shows, read and (when the Frames of Reference differ) registered on a worker thread, then kept on the
view's slot (``ViewSlot.wash``) until another series is shown there.

A fused view that enters MPR gives its layer to the planes of that volume: the planes cut the layer where
they cut the anatomy (``presentation.wash_layers.wash_on_plane``). The look (colour map, window, opacity)
is changed here for one view and carried to the views that share its layer.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import replace

from viewer.core.memory import memory_size
from viewer.core.messages import msg
from viewer.dicom.frame_header import frame_of_reference_of
from viewer.dicom.scalar_volume import ReadStopped, ScalarGridError, read_dose, read_series
from viewer.model import fusion as F
from viewer.workstation.events import Event

log = logging.getLogger(__name__)
OVERLAY_MODALITIES = ("PT", "NM", "MR", "RTDOSE")


def series_paths(display_set) -> list:
    """The files of a stack, once each, in its order."""
    seen, out = set(), []
    for ref in getattr(display_set, "frames", ()):
        if ref.path not in seen:
            seen.add(ref.path)
            out.append(ref.path)
    return out


def is_dose(display_set) -> bool:
    return getattr(display_set, "modality", "") == "RTDOSE"


def read_grid(display_set, stop=None):
    paths = series_paths(display_set)
    if not paths:
        raise ScalarGridError(msg("no slices with a position to fuse"))
    return read_dose(paths[0]) if is_dose(display_set) else read_series(paths, stop=stop)


def frame_of_reference(display_set) -> str:
    """The Frame of Reference UID of a stack's slices (its first file's header; "" when it has none)."""
    paths = series_paths(display_set)
    return frame_of_reference_of(paths[0]) if paths else ""


def build_layer(anatomy, overlay, register: bool = True, stop=None) -> F.FusionLayer:
    """The layer of ``overlay`` (a display set) for views of ``anatomy``: read, and registered onto it when
    their Frames of Reference differ (``register`` False: refused instead). ``stop()`` true: ReadStopped."""
    if F.sitk is None:
        raise ScalarGridError(msg("fusion needs SimpleITK, which this installation does not have"))
    grid = read_grid(overlay, stop)
    to_layer = None
    # The anatomy's voxels only when a registration needs them: one Frame of Reference (a PET-CT) needs its
    # header alone (reading the whole CT again cost seconds of every core beside the reader's first images).
    if grid.frame_of_reference != frame_of_reference(anatomy) or not grid.frame_of_reference:
        if not register:
            raise ScalarGridError(msg("the two series do not share a Frame of Reference"))
        fixed = read_series(series_paths(anatomy), suv=False, stop=stop)
        to_layer = F.registered_to_layer(fixed, grid)
    return F.make_layer(grid, overlay.description or overlay.modality, to_layer)


class Fusions:
    """``changed(slot)``: a slot's layer came, went or changed its look. ``failed(message)``: a fusion could
    not be made (the reader is told why). ``busy``: a fusion is being read."""

    def __init__(self, views, post, memory=None) -> None:
        self.views, self.post = views, post
        self.memory = memory  # core.memory: a layer's voxels are held there while a view shows it
        self.changed = Event("fusion_changed")
        self.failed = Event("fusion_failed")
        self.busy = False
        self._threads: list[threading.Thread] = []
        # Set but while a study's first images are drawn (``hold``): a fusion reads two whole series with
        # every core, and the first images waited behind it (PET-CT).
        self._closing = False
        self._go = threading.Event()
        self._go.set()
        self._held_until = 0.0
        self._over: dict[int, str | None] = {}  # slot index -> the series its layer lies over
        for slot in views.slots:
            self._watch(slot)
        views.slot_added.connect(self._watch)

    def _watch(self, slot) -> None:
        slot.changed.connect(self._slot_changed)

    def _slot_changed(self, slot, what: str, previous) -> None:
        if what == "shown" and slot.wash is not None:
            self.set_layer(slot, None)
        elif what == "plane" and slot.wash is not None and self._over.get(slot.index) != _series_of(slot):
            self.set_layer(slot, None)  # the view now shows another volume (or left MPR): the layer was not its
        if what == "plane" and slot.mpr is not None:
            series = slot.mpr.session.volume.stack.series_uid
            source = next((s.wash for s in self.views.slots if s.wash is not None and s is not slot
                           and _series_of(s) == series), None)
            if source is not None and slot.wash is None:
                self.set_layer(slot, source)

    # ------------------------------------------------------------------ making one
    def candidates(self, display_sets, anatomy) -> list:
        """What could be fused over ``anatomy``: the other stacks of a functional or dose modality, or any other
        MR over an MR."""
        out = []
        for ds in display_sets:
            if ds is anatomy or getattr(ds, "kind", "") != "stack" or not getattr(ds, "frames", ()):
                continue
            if ds.modality in OVERLAY_MODALITIES or (anatomy is not None and ds.modality == anatomy.modality == "MR"):
                out.append(ds)
        return out

    def fuse(self, slot, overlay, wait: bool = False) -> bool:
        """Lay ``overlay`` over what ``slot`` shows (a stack), on a worker thread; False when nothing can be."""
        anatomy = slot.state.display_set
        if anatomy is None or overlay is None or anatomy.uid == overlay.uid:
            return False
        self.busy = True

        def moved_on() -> bool:  # the view shows another series, or the workstation closes: nobody will see it
            return self._closing or _series_of(slot) != anatomy.series_uid

        def work() -> None:
            self._go.wait(max(0.0, self._held_until - time.monotonic()))
            try:
                layer = build_layer(anatomy, overlay, stop=moved_on)
            except ReadStopped:
                self.post(self._stopped)
                return
            except Exception as exc:  # the reader is told; the views stay as they were
                log.warning("fusion failed: %s", type(exc).__name__)
                known = isinstance(exc, ScalarGridError) and exc.args
                text = exc.args[0] if known else msg("could not fuse ({what})", what=type(exc).__name__)
                self.post(lambda: self._done(slot, anatomy, None, text))
                return
            self.post(lambda: self._done(slot, anatomy, layer, ""))

        thread = threading.Thread(target=work, name="fusion", daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()
        if wait:
            thread.join()
        return True

    def _stopped(self) -> None:
        self.busy = False

    def hold(self, seconds: float) -> None:
        """Fusions wait (at most ``seconds``, or until ``release``) while a study's first images are drawn."""
        self._held_until = time.monotonic() + seconds
        self._go.clear()

    def release(self) -> None:
        self._held_until = 0.0
        self._go.set()

    def close(self, timeout: float = 10.0) -> None:
        """Let a fusion still being read finish before the workstation closes: its SimpleITK resampling cut at
        the interpreter's exit aborts the process. What it made is shown to no one."""
        self._closing = True
        self.release()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        self._threads.clear()

    def _done(self, slot, anatomy, layer, message) -> None:
        self.busy = False
        if layer is None:
            self.failed.emit(message)
            return
        if _series_of(slot) != anatomy.series_uid:
            return  # the view moved on to another series meanwhile
        need = layer.grid.values.nbytes
        if self.memory is not None and not self.memory.hold(_key(layer), need, "fused layer"):
            self.failed.emit(msg("the layer needs {need} of memory, more than the image memory budget ({limit}) "
                                 "can give; the budget is set in Preferences", need=memory_size(need),
                                 limit=memory_size(self.memory.limit)))
            return
        self.set_layer(slot, layer)
        # A fused view that entered MPR before its layer came: the planes of that volume take it too.
        for other in self.views.slots:
            if other is not slot and other.mpr is not None and other.wash is None \
                    and _series_of(other) == anatomy.series_uid:
                self.set_layer(other, layer)

    # ------------------------------------------------------------------ its look
    def set_layer(self, slot, layer) -> None:
        previous = slot.wash
        slot.wash = layer
        self._over[slot.index] = _series_of(slot) if layer is not None else None
        if self.memory is not None and previous is not None and \
                not any(s.wash is not None and s.wash.grid is previous.grid for s in self.views.slots):
            self.memory.release(_key(previous))  # no view shows that layer any more
        self.changed.emit(slot)
        slot.changed.emit(slot, "wash", None)

    def sharing(self, slot) -> list:
        """The slots that show ``slot``'s layer (the planes of a fused MPR move together)."""
        layer = slot.wash
        if layer is None:
            return []
        return [s for s in self.views.slots if s.wash is not None and s.wash.grid is layer.grid]

    def set_look(self, slot, **changes) -> None:
        """Change the look of ``slot``'s layer (and of the views sharing it): colour_map, low, high, opacity,
        isodoses, colourwash."""
        if slot.wash is None:
            return
        look = replace(slot.wash.look, **changes)
        if look.high <= look.low:
            look = look.windowed(look.low, look.low + 1e-6)
        for s in self.sharing(slot):
            self.set_layer(s, s.wash.with_look(look))


def _key(layer):
    return ("fused layer", id(layer.grid))


def _series_of(slot) -> str | None:
    if slot.mpr is not None:
        return slot.mpr.session.volume.stack.series_uid
    ds = slot.state.display_set
    return ds.series_uid if ds is not None else None

