"""Display sets: the seam between what the archive stores and what a viewport shows.

Ordered handlers turn a series' instances into display sets (an image stack, a document, ...).
A fallback handler turns anything unclaimed into an "unsupported" display set with a reason, so
that nothing silently disappears from the study browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from viewer.core.messages import msg


@dataclass(frozen=True)
class InstanceInput:
    sop_uid: str
    path: Path
    sop_class: str
    instance_number: int | None
    frames: int
    rows: int | None
    columns: int | None
    position: tuple[float, float, float] | None
    orientation: tuple[float, float, float, float, float, float] | None


@dataclass(frozen=True)
class SeriesInput:
    study_uid: str
    series_uid: str
    modality: str
    number: int | None
    description: str
    instances: tuple[InstanceInput, ...]


@dataclass(frozen=True)
class FrameRef:
    """One displayable 2-D image: a single-frame instance, or one frame of a multi-frame one."""

    path: Path
    frame: int
    sop_uid: str
    instance_number: int | None


@dataclass(frozen=True)
class DisplaySet:
    uid: str  # unique within the session: series UID plus a suffix when a series is split
    study_uid: str
    series_uid: str
    modality: str
    number: int | None
    description: str
    kind: str = "unsupported"
    reason: str = ""  # why it cannot be shown, for the unsupported kind
    warnings: tuple[str, ...] = ()

    @property
    def frame_count(self) -> int:
        return 0


@dataclass(frozen=True)
class ImageStack(DisplaySet):
    kind: str = "stack"
    frames: tuple[FrameRef, ...] = ()
    spacing_between: float | None = None  # mm along the normal, from positions
    orientation: tuple[float, ...] | None = None  # shared Image Orientation (Patient) of the stack
    positions: tuple[tuple[float, float, float] | None, ...] = ()  # per frame, in display order
    multiframe: bool = False  # one multi-frame object: cine plays at its acquired rate
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def frame_count(self) -> int:
        return len(self.frames)


@dataclass(frozen=True)
class InstanceSet(DisplaySet):
    """Objects a viewport of their own reads (a video, a waveform, a slide): the handler that made the set names
    its ``kind``, and the viewport registered for that kind (``PluginAPI.add_viewport``) shows it. Image stacks
    and the reading's own objects keep their sets; this one carries the instances as the cache holds them."""

    kind: str = "instances"
    instances: tuple[InstanceInput, ...] = ()
    frames: tuple[FrameRef, ...] = ()  # none for the image viewport: what reads "frames" finds nothing to draw
    multiframe: bool = False
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def frame_count(self) -> int:
        """What the series list counts: the handler's ``extra["frame_count"]`` (a video's frames), else its frames."""
        return int(self.extra.get("frame_count", len(self.frames)))


class DisplaySetHandler(Protocol):
    name: str

    def make_display_sets(self, series: SeriesInput) -> list[DisplaySet] | None:
        """Return the display sets for ``series``, or None to let the next handler try."""


_NON_IMAGE_NAMES = {  # shown to the reader when such a series is opened: messages, said in the UI's language
    "1.2.840.10008.5.1.4.1.1.88": msg("structured report"),
    "1.2.840.10008.5.1.4.1.1.11": msg("presentation state"),
    "1.2.840.10008.5.1.4.1.1.104.1": msg("encapsulated PDF"),
    "1.2.840.10008.5.1.4.1.1.66": msg("raw data / registration"),
    "1.2.840.10008.5.1.4.1.1.481": msg("radiotherapy object"),
}


class UnsupportedHandler:
    name = "unsupported"

    def make_display_sets(self, series: SeriesInput) -> list[DisplaySet]:
        sop = series.instances[0].sop_class if series.instances else ""
        what = next((v for k, v in _NON_IMAGE_NAMES.items() if sop.startswith(k)), "")
        reason = msg("{what} ({sop})", what=what, sop=sop) if what else (sop or msg("no instances"))
        return [
            DisplaySet(
                uid=series.series_uid,
                study_uid=series.study_uid,
                series_uid=series.series_uid,
                modality=series.modality,
                number=series.number,
                description=series.description,
                kind="unsupported",
                reason=reason,
            )
        ]


def build_display_sets(series: SeriesInput, handlers: list[DisplaySetHandler]) -> list[DisplaySet]:
    for handler in handlers:
        result = handler.make_display_sets(series)
        if result:
            return result
    return []
