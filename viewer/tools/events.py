"""Plain input events: what the reader did, without any toolkit's types. The Qt widgets translate their
events into these; the tools turn them into new view states and measurement edits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from viewer.dicom.pixels import Window
from viewer.model.viewport import ViewportState
from viewer.model.volume_view import VolumeViewState

NO_KEYS = frozenset()


@dataclass(frozen=True)
class Pointer:
    """A press, a move, a release or a double click at widget pixel (x, y)."""

    x: float
    y: float
    button: str = ""  # the button pressed or released: "left", "right", "middle"; "" for a move
    buttons: frozenset = NO_KEYS  # the buttons held
    modifiers: frozenset = NO_KEYS  # "ctrl", "alt", "shift", "meta"


@dataclass(frozen=True)
class Wheel:
    steps: float  # notches turned away from the reader (negative: towards)
    modifiers: frozenset = NO_KEYS


@dataclass(frozen=True)
class Key:
    name: str  # as Qt writes it: "I", "Up", "PgUp", "F1"
    modifiers: frozenset = NO_KEYS


@dataclass
class ViewOnScreen:
    """What the tools need to know of one viewport at the moment of an event."""

    mode: str  # "stack" (2-D images), "plane" (an MPR plane) or "volume" (3-D)
    state: ViewportState
    vr_state: VolumeViewState
    window: Window | None  # the window the image is shown with now: where a window drag starts from
    size: tuple[int, int]  # widget pixels
    mm_per_px: float | None = None  # display mm per widget pixel; None until an image is drawn
    plane: object = None  # the MPR binding (session, view) of a plane
    # In-plane mm, from the volume centre as the plane is cut, under a widget point (None: off the image).
    plane_point: Callable[[float, float], tuple[float, float] | None] | None = None


@dataclass(frozen=True)
class Change:
    """What an event did to the view. MPR planes are changed in their shared session directly."""

    state: ViewportState | None = None
    vr_state: VolumeViewState | None = None
    command: str = ""  # "fit": fit the image to the view; "still": a 3-D drag ended (full quality now)
