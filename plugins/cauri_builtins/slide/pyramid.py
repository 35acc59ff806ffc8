"""A whole-slide image as a pyramid of tiled levels, read tile by tile: no Qt, so the viewport, ``cauri render``
and the bench share it.

A VL Whole Slide Microscopy series holds one instance per resolution (ImageType VOLUME; THUMBNAIL when it is a
smaller whole image; LABEL and OVERVIEW are photographs of the glass, not levels). Each level is a Total Pixel
Matrix cut into tiles (frames): TILED_FULL puts them in row-major order (across, then down; the first focal plane
and optical path first, the only ones shown), TILED_SPARSE says each frame's place in its Plane Position (Slide).
A tile is read from the file only when it is on screen (the file's frame offsets are found once per level) and
decoded then; decoded tiles are kept in a least-recently-used cache bounded in bytes.
"""

from __future__ import annotations

import io
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import pydicom

from viewer.plugin_api import msg

SLIDE_CLASS = "1.2.840.10008.5.1.4.1.1.77.1.6"
ANNOTATION_CLASS = "1.2.840.10008.5.1.4.1.1.91.1"
JPEG_BASELINE = "1.2.840.10008.1.2.4.50"
_NATIVE = {"1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2"}


class SlideError(ValueError):
    """Why a slide cannot be shown, as a reader's message."""


@dataclass
class Level:
    width: int  # pixels of the level's Total Pixel Matrix
    height: int
    tile_width: int
    tile_height: int
    spacing: tuple[float, float] | None = None  # mm between rows, between columns
    path: object = None
    frames: dict = field(default_factory=dict, repr=False)  # (tile x, tile y) -> frame index (0-based)
    syntax: str = ""
    samples: int = 3
    bits: int = 8  # Bits Stored: wider grey values are stretched to 8 bits from 0 to ``white``
    white: float = 255.0
    inverted: bool = False  # MONOCHROME1

    @property
    def across(self) -> int:
        return math.ceil(self.width / self.tile_width)

    @property
    def down(self) -> int:
        return math.ceil(self.height / self.tile_height)


class TileSource(Protocol):
    levels: list[Level]  # the largest first

    def tile(self, level: int, tx: int, ty: int) -> np.ndarray | None: ...  # H x W x 3 uint8, None: no tile there


def _number(value, default=None):
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def _spacing(ds, width: int, height: int):
    shared = ds.get("SharedFunctionalGroupsSequence")
    try:
        sp = shared[0].PixelMeasuresSequence[0].PixelSpacing
        return float(sp[0]), float(sp[1])
    except (AttributeError, IndexError, TypeError, KeyError):
        pass
    w, h = _number(ds.get("ImagedVolumeWidth")), _number(ds.get("ImagedVolumeHeight"))
    if w and h:
        return h / height, w / width
    return None


def _tile_map(ds, across: int, down: int, tw: int, th: int) -> dict:
    frames = int(ds.get("NumberOfFrames") or 1)
    if str(ds.get("DimensionOrganizationType", "")) != "TILED_SPARSE" and frames >= 1:
        return {(k % across, k // across): k for k in range(min(frames, across * down))}
    found = {}
    for k, item in enumerate(ds.get("PerFrameFunctionalGroupsSequence") or []):
        try:
            pos = item.PlanePositionSlideSequence[0]
            key = ((int(pos.ColumnPositionInTotalImagePixelMatrix) - 1) // tw,
                   (int(pos.RowPositionInTotalImagePixelMatrix) - 1) // th)
        except (AttributeError, IndexError, TypeError, ValueError):
            continue
        found.setdefault(key, k)  # the first focal plane and optical path at that place
    return found


def read_level(path) -> tuple[Level, str]:
    """The level an instance holds and its image type's third value (VOLUME, THUMBNAIL, LABEL, OVERVIEW)."""
    try:
        ds = pydicom.dcmread(path, stop_before_pixels=True)
        flavour = str((ds.get("ImageType") or ["", "", "VOLUME"])[2:3][0] if len(ds.get("ImageType") or []) > 2
                      else "VOLUME")
        tw, th = int(ds.Columns), int(ds.Rows)
        width = int(ds.get("TotalPixelMatrixColumns") or tw)
        height = int(ds.get("TotalPixelMatrixRows") or th)
    except Exception as exc:  # a header missing what a slide must have
        raise SlideError(msg("the slide image cannot be read ({why})", why=type(exc).__name__)) from None
    if min(tw, th, width, height) <= 0:
        raise SlideError(msg("the slide image has no size"))
    level = Level(width, height, tw, th, _spacing(ds, width, height), path, {}, str(ds.file_meta.TransferSyntaxUID),
                  int(ds.get("SamplesPerPixel") or 1), bits=int(ds.get("BitsStored") or 8),
                  inverted=str(ds.get("PhotometricInterpretation", "")) == "MONOCHROME1")
    level.frames = _tile_map(ds, level.across, level.down, tw, th)
    return level, flavour.upper()


class _FrameReader:
    """The bytes of one frame of a level's file, the offsets found once; thread-safe."""

    def __init__(self, level: Level) -> None:
        self.level = level
        self.lock = threading.Lock()
        self.offsets: list[tuple[int, int]] | None = None

    def _index(self, fp) -> list[tuple[int, int]]:
        ds = pydicom.dcmread(fp, stop_before_pixels=True)  # leaves the file at the Pixel Data tag
        at = fp.tell()
        if fp.read(4) != b"\xe0\x7f\x10\x00":
            raise SlideError(msg("the slide image has no pixel data"))
        explicit = not ds.file_meta.TransferSyntaxUID.is_implicit_VR
        start = at + (12 if explicit else 8)
        lv = self.level
        if lv.syntax in _NATIVE:
            size = lv.tile_width * lv.tile_height * lv.samples * (int(ds.BitsAllocated) // 8)
            n = int(ds.get("NumberOfFrames") or 1)
            return [(start + k * size, size) for k in range(n)]
        fp.seek(start + 4)  # past the Basic Offset Table's item tag: its length, then the fragments
        fp.seek(int.from_bytes(fp.read(4), "little"), 1)
        _, offsets = pydicom.encaps.parse_fragments(fp)
        found = []
        for start in offsets:  # one fragment a frame: what WSI writers do (others: decoded by pydicom below)
            fp.seek(start + 4)
            length = int.from_bytes(fp.read(4), "little")
            found.append((start + 8, length))
        return found

    def frame(self, k: int) -> bytes:
        with self.lock, open(self.level.path, "rb") as fp:
            if self.offsets is None:
                self.offsets = self._index(fp)
            start, length = self.offsets[k]
            fp.seek(start)
            return fp.read(length)


def _decoded(level: Level, reader: _FrameReader, k: int) -> np.ndarray:
    """Frame ``k`` as stored: H x W (x samples), its own type."""
    if level.syntax == JPEG_BASELINE:
        from PIL import Image

        with Image.open(io.BytesIO(reader.frame(k))) as im:
            return np.asarray(im.convert("RGB"))
    if level.syntax in _NATIVE and level.bits == 8:
        return np.frombuffer(reader.frame(k), np.uint8).reshape(level.tile_height, level.tile_width, level.samples)
    from pydicom.pixels import pixel_array  # JPEG-LS, JPEG 2000, wider native values: pydicom, one frame

    return np.asarray(pixel_array(level.path, index=k))


def decode_tile(level: Level, reader: _FrameReader, k: int) -> np.ndarray:
    """Frame ``k`` of ``level`` as H x W x 3 uint8 (grey repeated)."""
    pixels = _decoded(level, reader, k)
    if level.bits > 8:
        pixels = np.clip(pixels.astype(np.float32) * (255.0 / max(level.white, 1.0)), 0, 255)
    pixels = pixels.astype(np.uint8)
    if level.inverted:
        pixels = 255 - pixels
    if pixels.ndim == 2:
        pixels = pixels[..., None]
    if pixels.shape[2] == 1:
        pixels = np.repeat(pixels, 3, axis=2)
    return np.ascontiguousarray(pixels[..., :3])


class DicomSlide:
    """The levels of a slide series (``paths``: its instances) and their tiles."""

    def __init__(self, paths) -> None:
        levels, self.others = [], []
        for path in paths:
            try:
                level, flavour = read_level(path)
            except SlideError:
                continue
            (levels if flavour in ("VOLUME", "THUMBNAIL") else self.others).append(level)
        if not levels:
            raise SlideError(msg("the series holds no slide image"))
        levels.sort(key=lambda lv: -lv.width)
        self.levels = levels
        self._readers = [_FrameReader(lv) for lv in levels]
        if levels[-1].bits > 8 and len(levels[-1].frames) <= 64:
            self._find_white()

    def _find_white(self) -> None:
        """Grey values wider than 8 bits (fluorescence) are shown from 0 to the brightest of the smallest level:
        one stretch for every level and tile, so that tiles match at their edges."""
        small, reader = self.levels[-1], self._readers[-1]
        small.white = float(2 ** small.bits - 1)
        brightest = max(float(np.max(_decoded(small, reader, k))) for k in small.frames.values())
        for lv in self.levels:
            lv.white = brightest

    def tile(self, level: int, tx: int, ty: int) -> np.ndarray | None:
        lv = self.levels[level]
        k = lv.frames.get((tx, ty))
        return None if k is None else decode_tile(lv, self._readers[level], k)


class TileCache:
    """Decoded tiles, least recently used first out, at most ``budget`` bytes; with ``memory`` (the
    workstation's one budget for decoded images, ``ViewportHost.memory``) each tile is also accounted there,
    so the slide, the frames and the volumes of the studies open share the machine's memory, and the budget
    may take a tile back (it is decoded again when next seen)."""

    def __init__(self, source: TileSource, budget: int = 256 << 20, memory=None) -> None:
        self.source, self.budget, self.used, self.memory = source, budget, 0, memory
        self._tiles: OrderedDict = OrderedDict()
        self._lock = threading.Lock()  # the shared budget evicts from other threads (the frame loader's)
        self.decoded = 0  # tiles decoded so far (the bench and tests count them)

    def get(self, level: int, tx: int, ty: int):
        key = (level, tx, ty)
        with self._lock:
            if key in self._tiles:
                self._tiles.move_to_end(key)
                if self.memory is not None:
                    self.memory.touch((id(self), key))
                return self._tiles[key]
        pixels = self.source.tile(level, tx, ty)
        self.decoded += 1
        size = 0 if pixels is None else pixels.nbytes
        with self._lock:
            self._tiles[key] = pixels
            self.used += size
            dropped = []
            while self.used > self.budget and len(self._tiles) > 1:
                old_key, old = self._tiles.popitem(last=False)
                self.used -= 0 if old is None else old.nbytes
                dropped.append(old_key)
        if self.memory is not None:
            for old_key in dropped:
                self.memory.release((id(self), old_key))
            # force: the tile on screen is shown whatever the budget says (it is what the reader looks at)
            self.memory.admit((id(self), key), size, "slide tile", lambda k=key: self._evicted(k), force=True)
        return pixels

    def _evicted(self, key) -> None:
        with self._lock:
            old = self._tiles.pop(key, None)
            self.used -= 0 if old is None else old.nbytes

    def close(self) -> None:
        """The viewport goes: its tiles leave the shared budget."""
        with self._lock:
            keys, self._tiles, self.used = list(self._tiles), OrderedDict(), 0
        if self.memory is not None:
            for key in keys:
                self.memory.release((id(self), key))


# --------------------------------------------------------------------------------------------- view maths


def downsample(levels, k: int) -> float:
    return levels[0].width / levels[k].width


def choose_level(levels, zoom: float) -> int:
    """The coarsest level that still has at least one pixel per screen pixel at ``zoom`` (screen px per level-0
    px); the finest when zoomed in beyond it."""
    best = 0
    for k in range(len(levels)):
        if downsample(levels, k) <= 1.0 / zoom * 1.0001:
            best = k
    return best


def visible_tiles(levels, k: int, x0: float, y0: float, x1: float, y1: float) -> list[tuple[int, int]]:
    """Tiles of level ``k`` covering the level-0 rectangle (x0, y0)-(x1, y1), clipped to the level."""
    lv, ds = levels[k], downsample(levels, k)
    tx0 = max(0, int(x0 / ds // lv.tile_width))
    ty0 = max(0, int(y0 / ds // lv.tile_height))
    tx1 = min(lv.across - 1, int(math.ceil(x1 / ds / lv.tile_width)) - 1)
    ty1 = min(lv.down - 1, int(math.ceil(y1 / ds / lv.tile_height)) - 1)
    return [(tx, ty) for ty in range(ty0, ty1 + 1) for tx in range(tx0, tx1 + 1)]


def tile_rect(levels, k: int, tx: int, ty: int) -> tuple[float, float, float, float]:
    """Level-0 x, y, width, height of tile (tx, ty) of level ``k`` (edge tiles cut to the matrix)."""
    lv, ds = levels[k], downsample(levels, k)
    w = min(lv.tile_width, lv.width - tx * lv.tile_width)
    h = min(lv.tile_height, lv.height - ty * lv.tile_height)
    return tx * lv.tile_width * ds, ty * lv.tile_height * ds, w * ds, h * ds


def scale_bar(um_per_px: float, target_px: float = 120.0) -> tuple[float, float]:
    """A round length (1, 2 or 5 x 10^n µm) near ``target_px`` screen pixels, and its length in pixels."""
    raw = um_per_px * target_px
    power = 10 ** math.floor(math.log10(raw))
    length = max((m * power for m in (1, 2, 5, 10) if m * power <= raw), default=power)
    return length, length / um_per_px


@dataclass
class View:
    """Where the reader looks: the level-0 point at the centre of the screen and the zoom (screen px per level-0
    px)."""

    cx: float
    cy: float
    zoom: float

    @classmethod
    def fit(cls, levels, width: int, height: int) -> "View":
        lv = levels[0]
        return cls(lv.width / 2, lv.height / 2, min(width / lv.width, height / lv.height))

    def bounds(self, width: int, height: int) -> tuple[float, float, float, float]:
        half_w, half_h = width / 2 / self.zoom, height / 2 / self.zoom
        return self.cx - half_w, self.cy - half_h, self.cx + half_w, self.cy + half_h

    def to_screen(self, x: float, y: float, width: int, height: int) -> tuple[float, float]:
        return (x - self.cx) * self.zoom + width / 2, (y - self.cy) * self.zoom + height / 2
