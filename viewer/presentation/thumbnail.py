"""A series' thumbnail: its opening image as a viewport opens it (window, inversion, shutter), shrunk in
the pixels' true proportions."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from viewer.model.frames import load_frame
from viewer.model.studies import PatientContext
from viewer.presentation.image import build_scene
from viewer.presentation.windows import opening_state


def thumbnail_image(display_set, size: int = 96, index: int | None = None, loader=None) -> np.ndarray | None:
    """A preview of the image a viewport opens ``display_set`` on (or of its image ``index``: a key image),
    at most ``size`` pixels wide and high (grey or RGB); None when it cannot be shown. Reads and decodes:
    call it off the UI thread. ``loader``: a FrameLoader whose decoded frame is used when it holds it."""
    if not getattr(display_set, "frames", ()):
        return None
    state = replace(opening_state(display_set), overlays=False)
    if index is not None:
        state = state.at(index)
    ref = display_set.frames[state.index]
    frame = (loader.cached(ref) if loader is not None else None) or load_frame(ref)
    if frame.stored is None or frame.header is None:
        return None
    scene = build_scene(state, frame, PatientContext())
    img = scene.image
    # Sampled in the pixels' true proportions (Pixel Spacing, Pixel Aspect Ratio), as the viewport shows them.
    col_sp, row_sp = scene.spacing
    unit = max(img.shape[0] * row_sp / size, img.shape[1] * col_sp / size, min(row_sp, col_sp))
    rows = (np.arange(max(1, round(img.shape[0] * row_sp / unit))) * unit / row_sp).astype(int)
    cols = (np.arange(max(1, round(img.shape[1] * col_sp / unit))) * unit / col_sp).astype(int)
    return np.ascontiguousarray(img[np.minimum(rows, img.shape[0] - 1)][:, np.minimum(cols, img.shape[1] - 1)])
