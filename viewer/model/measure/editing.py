"""``MeasurementSet``: one study's measurements and key images, edited through undoable steps.

Each step keeps the whole previous state (a tuple of immutable measurements plus the key-image set);
with at most a few hundred measurements per study that is cheap and makes undo/redo trivially right.
An interactive drag is one step: ``begin_edit()`` on mouse press, any number of ``move_handle`` /
``move`` calls while dragging (listeners see them with ``final=False``), ``end_edit()`` on release.
Listeners are called after every change; the annotation store autosaves on ``final`` ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from viewer.dicom.findings.records import ImageRef, Measurement, Point

_MAX_UNDO = 200


@dataclass(frozen=True)
class _State:
    measurements: tuple[Measurement, ...]
    key_images: frozenset[ImageRef]


@dataclass(frozen=True)
class Change:
    what: str  # "add", "update", "delete", "key", "undo", "redo", "reset"
    ids: tuple[str, ...]
    final: bool  # False while a drag is in progress (do not autosave yet)


Listener = Callable[["MeasurementSet", Change], None]


class ReadOnlyError(PermissionError):
    """A change asked of a locked set (theatre mode): nothing is deleted, moved or added there."""


class MeasurementSet:
    def __init__(
        self,
        study_uid: str,
        measurements: Iterable[Measurement] = (),
        key_images: Iterable[ImageRef] = (),
    ) -> None:
        self.study_uid = study_uid
        self._state = _State(tuple(measurements), frozenset(key_images))
        self._undo: list[_State] = []
        self._redo: list[_State] = []
        self._listeners: list[Listener] = []
        self._edit_start: _State | None = None
        # Locked (theatre mode): every change is refused here, whichever window, tool or key asks for it.
        self.locked = False

    # -- reading --------------------------------------------------------------------------------

    @property
    def measurements(self) -> tuple[Measurement, ...]:
        return self._state.measurements

    @property
    def key_images(self) -> frozenset[ImageRef]:
        return self._state.key_images

    def __iter__(self) -> Iterator[Measurement]:
        return iter(self._state.measurements)

    def __len__(self) -> int:
        return len(self._state.measurements)

    def get(self, measurement_id: str) -> Measurement | None:
        return next((m for m in self._state.measurements if m.id == measurement_id), None)

    def on_image(self, ref: ImageRef) -> list[Measurement]:
        """Measurements drawn on that 2-D image (not those of MPR planes, which only name its series)."""
        return [m for m in self._state.measurements if m.image == ref and m.plane is None]

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    # -- listeners ------------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _notify(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(self, change)

    # -- editing --------------------------------------------------------------------------------

    def _refuse_if_locked(self) -> None:
        if self.locked:
            raise ReadOnlyError("this study's findings are read-only (theatre mode)")

    def _apply(self, new: _State, what: str, ids: tuple[str, ...]) -> None:
        self._refuse_if_locked()
        if new == self._state:
            return
        if self._edit_start is None:
            self._push(self._state)
            self._redo.clear()
        self._state = new  # mid-gesture the redo branch survives: a cancelled drag leaves no trace
        self._notify(Change(what, ids, final=self._edit_start is None))

    def _push(self, state: _State) -> None:
        self._undo.append(state)
        del self._undo[:-_MAX_UNDO]

    def _replace(self, m: Measurement, what: str = "update") -> None:
        items = tuple(m if x.id == m.id else x for x in self._state.measurements)
        self._apply(_State(items, self._state.key_images), what, (m.id,))

    def _require(self, measurement_id: str) -> Measurement:
        m = self.get(measurement_id)
        if m is None:
            raise KeyError(measurement_id)
        return m

    def add(self, m: Measurement) -> Measurement:
        if self.get(m.id) is not None:
            raise ValueError(f"measurement {m.id} is already in the set")
        self._apply(_State(self._state.measurements + (m,), self._state.key_images), "add", (m.id,))
        return m

    def update(self, m: Measurement) -> Measurement:
        self._require(m.id)
        self._replace(m)
        return m

    def move_handle(self, measurement_id: str, index: int, point: Point) -> Measurement:
        m = self._require(measurement_id).with_handle(index, point)
        self._replace(m)
        return m

    def move(self, measurement_id: str, dx: float, dy: float) -> Measurement:
        m = self._require(measurement_id).moved(dx, dy)
        self._replace(m)
        return m

    def relabel(self, measurement_id: str, label: str) -> Measurement:
        from dataclasses import replace

        m = replace(self._require(measurement_id), label=label)
        self._replace(m)
        return m

    def delete(self, measurement_id: str) -> None:
        self._require(measurement_id)
        items = tuple(x for x in self._state.measurements if x.id != measurement_id)
        self._apply(_State(items, self._state.key_images), "delete", (measurement_id,))

    def set_key_image(self, ref: ImageRef, flagged: bool = True) -> None:
        keys = set(self._state.key_images)
        (keys.add if flagged else keys.discard)(ref)
        self._apply(_State(self._state.measurements, frozenset(keys)), "key", ())

    def toggle_key_image(self, ref: ImageRef) -> bool:
        flagged = ref not in self._state.key_images
        self.set_key_image(ref, flagged)
        return flagged

    # -- gestures -------------------------------------------------------------------------------

    def begin_edit(self) -> None:
        """Start a gesture: the changes until ``end_edit`` undo as one step."""
        self._refuse_if_locked()
        if self._edit_start is None:
            self._edit_start = self._state

    def end_edit(self) -> None:
        start, self._edit_start = self._edit_start, None
        if start is not None and start != self._state:
            self._push(start)
            self._redo.clear()
            self._notify(Change("update", (), final=True))

    def cancel_edit(self) -> None:
        """Escape during a drag: back to the state before the gesture, no undo step."""
        start, self._edit_start = self._edit_start, None
        if start is not None and start != self._state:
            self._state = start
            self._notify(Change("reset", (), final=True))

    # -- undo/redo ------------------------------------------------------------------------------

    def undo(self) -> bool:
        self._refuse_if_locked()
        self.end_edit()
        if not self._undo:
            return False
        self._redo.append(self._state)
        self._state = self._undo.pop()
        self._notify(Change("undo", (), final=True))
        return True

    def redo(self) -> bool:
        self._refuse_if_locked()
        self.end_edit()
        if not self._redo:
            return False
        self._push(self._state)
        self._state = self._redo.pop()
        self._notify(Change("redo", (), final=True))
        return True
