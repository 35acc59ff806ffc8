"""Colour as the camera meant it: a photo's embedded ICC profile (ICC Profile (0028,2000), at the top level or
in the Optical Path Sequence, PS3.3 C.11.15) applied on the way to the screen, which is taken as sRGB.

One transform per profile (building one parses the profile: ~1 ms; applying it to a 12-megapixel photo
~100 ms), and each frame's result is kept while that frame is on screen, so a profile costs once per frame,
not once per paint. Pillow's ImageCms (LittleCMS) does the work; a profile it cannot read leaves the colours
as stored, logged, never an error.
"""

from __future__ import annotations

import hashlib
import io
import logging
import threading
from collections import OrderedDict

import numpy as np

log = logging.getLogger(__name__)
_lock = threading.Lock()
_transforms: dict[str, object] = {}  # profile digest -> ImageCms transform (None: unusable profile)
_results: "OrderedDict[tuple[int, str], tuple[np.ndarray, np.ndarray]]" = OrderedDict()
_KEPT_RESULTS = 8  # frames converted recently (a 2x2 layout of photos and their thumbnails)


def icc_profile(ds) -> bytes | None:
    """The dataset's ICC profile: its own, else the first optical path's (whole-slide and ophthalmic images)."""
    value = ds.get("ICCProfile")
    if not value:
        paths = ds.get("OpticalPathSequence") or ()
        value = next((item.get("ICCProfile") for item in paths if item.get("ICCProfile")), None)
    return bytes(value) if value else None


def _transform(profile: bytes, digest: str):
    from PIL import ImageCms

    with _lock:
        if digest in _transforms:
            return _transforms[digest]
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        transform = ImageCms.buildTransform(source, ImageCms.createProfile("sRGB"), "RGB", "RGB",
                                            renderingIntent=ImageCms.Intent.PERCEPTUAL)
    except Exception as exc:  # a damaged or exotic profile: the stored colours are still an image
        log.warning("ICC profile unusable, colours shown as stored: %s", type(exc).__name__)
        transform = None
    with _lock:
        _transforms[digest] = transform
    return transform


def to_screen(rgb: np.ndarray, profile: bytes | None) -> np.ndarray:
    """``rgb`` (H x W x 3 uint8, as stored) in sRGB through ``profile``; ``rgb`` itself without one."""
    if not profile or rgb.dtype != np.uint8 or rgb.ndim != 3 or rgb.shape[-1] != 3:
        return rgb
    digest = hashlib.sha1(profile, usedforsecurity=False).hexdigest()
    key = (id(rgb), digest)
    with _lock:
        kept = _results.get(key)
        if kept is not None and kept[0] is rgb:  # the same frame object: converted already
            _results.move_to_end(key)
            return kept[1]
    transform = _transform(profile, digest)
    if transform is None:
        return rgb
    from PIL import Image, ImageCms

    out = np.asarray(ImageCms.applyTransform(Image.fromarray(np.ascontiguousarray(rgb), "RGB"), transform))
    with _lock:
        _results[key] = (rgb, out)  # the frame is held with its result, so its id cannot be reused meanwhile
        while len(_results) > _KEPT_RESULTS:
            _results.popitem(last=False)
    return out
