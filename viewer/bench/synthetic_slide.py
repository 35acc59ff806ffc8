"""A whole-slide pyramid of any size that costs no disk: a ``TileSource`` whose tiles are a few JPEG tiles encoded
once and decoded each time one is asked for, as a DICOM slide's JPEG frames would be. Level 0 is
``size`` x ``size``; each level is 4 times smaller than the one above, down to one tile."""

from __future__ import annotations

import io
import math

import numpy as np


class SyntheticSlide:
    def __init__(self, size: int = 100_000, tile: int = 256, spacing_mm: float = 0.00025, patterns: int = 8) -> None:
        from cauri_builtins.slide.pyramid import Level
        from PIL import Image

        self.levels = []
        width = size
        while True:
            self.levels.append(Level(width, width, tile, tile, (spacing_mm * size / width,) * 2))
            if width <= tile:
                break
            width = max(tile // 2, math.ceil(width / 4))
        rng = np.random.default_rng(7)
        self._jpegs = []
        for k in range(patterns):  # pink tissue with purple nuclei, a little different each
            pixels = np.empty((tile, tile, 3), np.uint8)
            pixels[...] = (236, 190 + 4 * k, 214)
            for _ in range(40):
                y, x = rng.integers(8, tile - 8, 2)
                pixels[y - 5:y + 5, x - 5:x + 5] = (110, 60 + 8 * k, 150)
            out = io.BytesIO()
            Image.fromarray(pixels).save(out, "JPEG", quality=85)
            self._jpegs.append(out.getvalue())
        self.decoded = 0

    def tile(self, level: int, tx: int, ty: int):
        from PIL import Image

        lv = self.levels[level]
        if not (0 <= tx < lv.across and 0 <= ty < lv.down):
            return None
        self.decoded += 1
        with Image.open(io.BytesIO(self._jpegs[(tx * 7 + ty * 3 + level) % len(self._jpegs)])) as im:
            return np.asarray(im.convert("RGB"))
