"""Every decision about an image's window, VOI and inversion, in one room.

- the window an image opens with (``opening_window``): the file's first, else one from its values; PET
  is the exception (``pet_window``: SUVbw 0..5, or 0..a high percentile without SUV), in inverted grey
  (``opens_inverted``), kept by reset (``opening_state``, ``plane_state``);
- the window a view applies (``applied_window``): the reader's, else a presentation state's
  (``presentation_voi``), else the opening one; an image's own VOI LUT table wins over a computed window
  until the reader windows by hand;
- MPR planes (``plane_window``): the reader's, else the volume's opening window, from its middle slice
  (``volume_window``);
- the number keys (``window_choices``, ``key_window``): 1 the file's windows in turn, 2.. the modality's
  presets, 0 a window from the image's values.

The pixel pipeline that applies them (Modality LUT, VOI LUT functions, Presentation LUT) is
``viewer.dicom.pixels``: the mechanism, not the decisions.
"""

from __future__ import annotations

import math
import weakref
from typing import Callable

import numpy as np

from viewer.core.messages import in_language, msg
from viewer.dicom.pixels import PixelDescriptor, Window, auto_window, file_window, to_modality
from viewer.model.viewport import ViewportState

# PET opens as OHIF's PT viewports do: SUVbw 0..5, in inverted grey (uptake black on white, OHIF's
# voiInverted, as most PET reading stations); the reader's invert key turns it back.
PET_SUV_RANGE = (0.0, 5.0)
PET_ACTIVITY_PERCENTILE = 99.5  # without SUV: 0 .. this percentile of the slice's activity
INVERTED_BY_DEFAULT = frozenset({"PT"})


def opens_inverted(modality: str) -> bool:
    return (modality or "").upper() in INVERTED_BY_DEFAULT


def opening_state(display_set, overlays: bool = True) -> ViewportState:
    """The state a viewport opens ``display_set`` with: its opening image, PET in inverted grey."""
    return ViewportState(overlays=overlays).with_display_set(
        display_set, inverted=display_set is not None and opens_inverted(getattr(display_set, "modality", "")))


def plane_state(modality: str, overlays: bool, window: Window | None) -> ViewportState:
    """The state of an MPR plane of a volume of ``modality`` (no display set of its own)."""
    return ViewportState.for_plane(overlays, window, opens_inverted(modality))


def pet_window(desc: PixelDescriptor, stored: np.ndarray | None, suv_factor: float | None = None) -> Window | None:
    """The window a PET image opens with, in modality values; None when there is nothing to base it on.

    The header's window does not serve: scanners write one per series (often fitted to the bladder or to
    the hottest slice) while each slice has its own Rescale Slope, so most slices open black. With an SUVbw
    factor (modality value x factor = SUV) the window is SUV 0..5 on every slice; without one it is
    0 .. a high percentile of the activity in the slice, background left out. LINEAR_EXACT, because SUV
    windows are a few units wide and LINEAR's width-1 (C.11.2.1.2) would cut a fifth off their top.
    """
    lo_suv, hi_suv = PET_SUV_RANGE
    if suv_factor is not None and math.isfinite(suv_factor) and suv_factor > 0:
        lo, hi = lo_suv / suv_factor, hi_suv / suv_factor
        return Window((lo + hi) / 2.0, hi - lo, f"SUV {lo_suv:g}-{hi_suv:g}", "LINEAR_EXACT")
    if stored is None:
        return None
    values = to_modality(stored, desc)
    step = max(1, int(math.sqrt(values.size / 65536.0)))
    sample = values[::step, ::step] if values.ndim == 2 else values.ravel()[::step]
    active = sample[np.isfinite(sample) & (sample > 0)]
    if active.size == 0:
        return None
    hi = float(np.percentile(active, PET_ACTIVITY_PERCENTILE))  # > 0: every sample is
    return Window(hi / 2.0, hi, "AUTO", "LINEAR_EXACT")


def opening_window(desc: PixelDescriptor, stored: np.ndarray | None = None, suv_factor: float | None = None) -> Window:
    """PET: ``pet_window``. Else the image's own (``pixels.file_window``: the file's first window, else one
    from its values). ``suv_factor``: the image's SUVbw factor, when the caller could compute one."""
    if desc.modality == "PT" and not desc.is_color:
        window = pet_window(desc, stored, suv_factor)
        if window is not None:
            return window
    return file_window(desc, stored)


def effective_window(state: ViewportState, frame) -> Window | None:
    """The window the view's values go through: the reader's, else the opening one (None for colour)."""
    if frame.header is None or frame.header.descriptor.is_color:
        return None
    return state.window or opening_window(frame.header.descriptor, frame.stored, frame.header.suv_factor)


def applied_window(state: ViewportState, frame) -> Window | None:
    """``effective_window``, except that an image's own VOI LUT table (or its presentation state's, see
    ``states.presented_frame``) is applied as a table until the reader windows by hand: None then."""
    desc = frame.header.descriptor
    if state.window is None and desc.voi_luts and not desc.windows:
        return None
    return effective_window(state, frame)


def presentation_voi(ps, ref):
    """The window or VOI LUT table that presentation state ``ps`` gives image ``ref``; one state shows the
    image, so a state without a VOI of its own leaves the image's own (None)."""
    return (ps.lut_for(ref) or ps.window_for(ref)) if ps is not None and ref is not None else None


def presentation_window(ps, ref) -> Window | None:
    """The state's window/level for ``ref`` (the view's default window until the reader windows)."""
    voi = presentation_voi(ps, ref)
    return voi if isinstance(voi, Window) else None


_volume_windows: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def volume_window(volume) -> Window:
    """The window MPR planes of ``volume`` open with: its opening slice's (the middle, read first; PET: SUV
    0..5), not the first slice's (on a sagittal series mostly air, often windowed W 8 / L 4)."""
    try:
        return _volume_windows[volume]
    except (KeyError, TypeError):
        pass
    sample = getattr(volume, "opening_slice", None)
    if sample is None:  # a volume built in memory: from its middle
        sample = (volume.descriptor, volume.array[volume.array.shape[0] // 2])
    window = opening_window(sample[0], sample[1], getattr(volume, "suv_factor", None))
    try:
        _volume_windows[volume] = window
    except TypeError:  # not weakly referenceable (a stand-in): computed each time
        pass
    return window


def plane_window(state: ViewportState, volume) -> Window:
    """The window an MPR plane is shown with: the reader's, else the volume's opening window."""
    return state.window or volume_window(volume)


# ------------------------------------------------------------------------------------ the number keys


def window_choices(desc: PixelDescriptor | None, presets, language: str, cycle: int = 0) -> list[tuple[str, Window | None]]:
    """What the number keys offer an image: 1 = the file's own VOI (its window number ``cycle``, or None:
    its VOI LUT table, else one from its values), 2.. = the modality's ``presets`` (``WindowPreset``)."""
    own = in_language(msg("File"), language)
    file_windows = list(desc.windows) if desc is not None else []
    if file_windows:
        w = file_windows[cycle % len(file_windows)]
        choices: list[tuple[str, Window | None]] = [(w.explanation or own, w)]
    else:
        choices = [(own, None)]
    for preset in presets:
        label = preset.label(language)
        choices.append((label, Window(preset.center, preset.width, label)))
    return choices


def key_window(key: int, desc: PixelDescriptor | None, current: Window | None, pixels: Callable[[], np.ndarray],
               presets, language: str, cycle: int) -> tuple[Window | None, int] | None:
    """(the window key ``key`` gives the image, the file-window turn to remember), or None when the key
    means nothing here (no image, a colour image, no such preset). Pressing 1 again walks through the
    file's windows (mediastinum, then lung); 0 is a window from the values ``pixels()`` returns."""
    if desc is None or desc.is_color:
        return None
    if key == 0:
        return auto_window(to_modality(pixels(), desc), desc), cycle
    if key == 1:
        windows = desc.windows
        if not windows:
            return None, cycle
        cycle = (windows.index(current) + 1) % len(windows) if current in windows else 0
        return windows[cycle], cycle
    choices = window_choices(desc, presets, language, cycle)
    if 1 <= key <= len(choices):
        return choices[key - 1][1], cycle
    return None
