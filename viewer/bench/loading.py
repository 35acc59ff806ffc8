"""Cauri's own loading paths, driven the way the GUI drives them, for the load/decode/memory cases.

Two paths exist. A 2-D viewport asks the ``FrameLoader`` for its frames (prefetching outward from the
shown one; decoded frames stay in its byte-budgeted LRU): ``load_volume`` requests every frame of a
stack through it and copies each into a preallocated array as it arrives. MPR and 3-D use
``viewer.model.volume.Volume`` (one preallocated array, uncompressed slices read straight into it,
compressed ones decoded in worker processes): ``load_with_volume``. Either may be absent in an older
or newer Cauri; callers report that rather than fail.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from viewer.model.displaysets import FrameRef, ImageStack
from viewer.model.frames import FrameLoader
from viewer.model.registry import load_plugins
from viewer.model.studies import study_display_sets
from viewer.model.volume import Volume
from viewer.store.cache import StudyCache


def stack_from_cache(store: Path, study_uid: str, series_uid: str):
    """The image stack the GUI would show for ``series_uid`` (display sets built by the plugins)."""

    with StudyCache(store) as cache:
        sets = study_display_sets(cache, study_uid, load_plugins().display_set_handlers())
    stacks = [ds for ds in sets if ds.series_uid == series_uid and ds.kind == "stack"]
    if not stacks:
        raise RuntimeError("the series did not become an image stack")
    return max(stacks, key=lambda s: s.frame_count)


def stack_from_files(files) -> object:
    """An image stack over files in the given order, for cases that skip the cache on purpose."""

    refs = tuple(FrameRef(Path(f), 0, f"bench-{i}", i + 1) for i, f in enumerate(files))
    return ImageStack(uid="bench", study_uid="bench", series_uid="bench", modality="CT", number=1, description="bench", frames=refs)


def load_volume(stack, loader=None, keep: bool = True, timeout: float = 600.0) -> np.ndarray | None:
    """Every frame of ``stack`` through a ``FrameLoader`` (its own worker pool), into one array.

    With ``keep=False`` nothing is copied: the frames stay only in the loader's cache, which is all
    the GUI holds today (the memory case measures that).
    """

    own = loader is None
    loader = loader or FrameLoader()
    refs = list(stack.frames)
    index = {ref: i for i, ref in enumerate(refs)}
    lock = threading.Lock()
    done = threading.Event()
    state = {"left": len(refs), "volume": None, "error": ""}

    def arrived(frame) -> None:
        with lock:
            if frame.stored is None:
                state["error"] = state["error"] or frame.error or "a frame could not be decoded"
            elif keep:
                if state["volume"] is None:
                    state["volume"] = np.empty((len(refs), *frame.stored.shape), frame.stored.dtype)
                state["volume"][index[frame.ref]] = frame.stored
            state["left"] -= 1
            if state["left"] == 0:
                done.set()

    try:
        loader.request(refs, arrived)
        if not done.wait(timeout):
            raise TimeoutError(f"{state['left']} frame(s) still loading after {timeout:.0f} s")
    finally:
        if own:
            loader.shutdown()
    if state["error"]:
        raise RuntimeError(state["error"])
    return state["volume"]


def load_with_volume(stack) -> np.ndarray:
    """``Volume(stack).load()``, as MPR starts it; returns the filled array."""

    volume = Volume(stack).load()
    if volume.errors:
        raise RuntimeError(f"{len(volume.errors)} slice(s) failed: {next(iter(volume.errors.values()))}")
    return volume.array
