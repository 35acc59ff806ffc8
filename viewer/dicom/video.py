"""DICOM video (MPEG-2, MPEG-4 AVC/H.264, HEVC/H.265 transfer syntaxes): the encapsulated bitstream read as
it plays, and its frame timing.

The bitstream is the concatenation of the Pixel Data fragments (PS3.5 A.4: a video is one frame in the
sense of encapsulation, whatever Number of Frames says). ``FragmentStream`` presents it to PyAV (FFmpeg) as a
seekable file that reads the fragments from the DICOM file on demand, so a clip of any length costs the
memory of its fragment index and the decoder's own frames, never the clip. ``VideoReader`` decodes forward
and keeps the last few frames (stepping back one frame is then free); reaching back further decodes again
from the start, as a raw elementary stream has no index to seek with.

pydicom, numpy and PyAV only: the decode workers, ``cauri render`` and the video viewport all read through
here.
"""

from __future__ import annotations

import bisect
import io
import os
import struct
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from viewer.core.messages import msg

# transfer syntax -> FFmpeg decoder (PS3.5 Table A-4, 8.2.5 to 8.2.8; the ".1" syntaxes are the fragmentable ones)
VIDEO_SYNTAXES: dict[str, str] = {
    "1.2.840.10008.1.2.4.100": "mpeg2video", "1.2.840.10008.1.2.4.100.1": "mpeg2video",
    "1.2.840.10008.1.2.4.101": "mpeg2video", "1.2.840.10008.1.2.4.101.1": "mpeg2video",
    "1.2.840.10008.1.2.4.102": "h264", "1.2.840.10008.1.2.4.102.1": "h264",
    "1.2.840.10008.1.2.4.103": "h264", "1.2.840.10008.1.2.4.103.1": "h264",
    "1.2.840.10008.1.2.4.104": "h264", "1.2.840.10008.1.2.4.104.1": "h264",
    "1.2.840.10008.1.2.4.105": "h264", "1.2.840.10008.1.2.4.105.1": "h264",
    "1.2.840.10008.1.2.4.106": "h264", "1.2.840.10008.1.2.4.106.1": "h264",
    "1.2.840.10008.1.2.4.107": "hevc", "1.2.840.10008.1.2.4.108": "hevc",
}
CODEC_NAMES = {"mpeg2video": "MPEG-2", "h264": "H.264/AVC", "hevc": "H.265/HEVC"}
# What FFmpeg's probe falls back to when a stream has no container around it.
_RAW_FORMATS = {"mpeg2video": "mpegvideo", "h264": "h264", "hevc": "hevc"}
DEFAULT_FPS = 25.0  # neither the header nor the stream says: the PAL rate most endoscopy towers record at
KEPT_FRAMES = 8  # decoded frames kept behind the current one (frame step backwards)
_ITEM, _END = (0xFFFE, 0xE000), (0xFFFE, 0xE0DD)


class VideoError(ValueError):
    """The video cannot be read; the message (a ``msg``) says why, in the reader's language."""


def is_video_syntax(ts: str) -> bool:
    return str(ts) in VIDEO_SYNTAXES


def codec_of(ts: str) -> str:
    return VIDEO_SYNTAXES.get(str(ts), "")


def can_decode(ts: str) -> bool:
    """Whether this installation's PyAV has the decoder for the syntax."""
    import av

    return codec_of(ts) in av.codecs_available


def frame_rate(ds) -> float | None:
    """Frames per second the header gives for playing: Cine Rate, Recommended Display Frame Rate, then the
    acquisition's Frame Time or the mean of its Frame Time Vector (ms); None when it says nothing usable."""
    for keyword in ("CineRate", "RecommendedDisplayFrameRate"):
        value = _positive(ds.get(keyword))
        if value:
            return value
    frame_time = _positive(ds.get("FrameTime"))
    if frame_time:
        return 1000.0 / frame_time
    vector = ds.get("FrameTimeVector")
    try:
        steps = [float(v) for v in (vector or [])][1:]  # the first entry is 0 (PS3.3 C.7.6.5.1.2)
    except (TypeError, ValueError):
        steps = []
    mean = sum(steps) / len(steps) if steps else 0.0
    return 1000.0 / mean if mean > 0 else None


def _positive(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 and number < 1e6 else None


@dataclass(frozen=True)
class VideoInfo:
    syntax: str
    codec: str  # FFmpeg's decoder name
    frames: int
    fps: float
    rows: int
    columns: int
    fps_from_header: bool = True

    @property
    def duration(self) -> float:
        return self.frames / self.fps if self.fps > 0 else 0.0

    @property
    def codec_name(self) -> str:
        return CODEC_NAMES.get(self.codec, self.codec)


def video_info(ds) -> VideoInfo:
    """What the header says of a video (``ds`` read without its pixels is enough)."""
    meta = getattr(ds, "file_meta", None)
    ts = str((meta.get("TransferSyntaxUID") if meta is not None else None) or "")
    rate = frame_rate(ds)
    try:
        frames = max(int(ds.get("NumberOfFrames") or 1), 1)
    except (TypeError, ValueError):
        frames = 1
    return VideoInfo(ts, codec_of(ts), frames, rate or DEFAULT_FPS, int(ds.get("Rows") or 0),
                     int(ds.get("Columns") or 0), rate is not None)


def read_video_info(path: str | os.PathLike) -> VideoInfo | None:
    """The video facts of a file, or None when it does not hold a video (or cannot be read)."""
    import pydicom

    try:
        ds = pydicom.dcmread(path, stop_before_pixels=True)
    except Exception:  # unreadable here: the frame loader will say why if it is shown
        return None
    info = video_info(ds)
    return info if info.codec else None


# --------------------------------------------------------------------------------------------- the bitstream


def pixel_data_offset(path: str | os.PathLike) -> int:
    """Where the Pixel Data's value (its first item) starts in the file; pydicom finds it without reading it."""
    import pydicom

    ds = pydicom.dcmread(path, defer_size=256)
    raw = ds._dict.get(0x7FE00010)  # the raw element: deferred, so its position is known and its bytes unread
    tell = getattr(raw, "value_tell", None)
    if tell is None:
        raise VideoError(msg("the file has no pixel data (it is not an image, or the image was stripped)"))
    return int(tell)


class FragmentStream(io.RawIOBase):
    """The fragments of an encapsulated Pixel Data, after its Basic Offset Table, as one seekable stream read
    from the file on demand. ``source``: a path, or the Pixel Data's bytes (a dataset already in memory)."""

    def __init__(self, source, offset: int = 0) -> None:
        super().__init__()
        if isinstance(source, (bytes, bytearray, memoryview)):
            self._file = io.BytesIO(bytes(source))
        else:
            self._file = open(source, "rb")  # noqa: SIM115 (closed by close())
        self._starts: list[int] = []  # position in the stream of each fragment
        self._where: list[int] = []  # position in the file of each fragment's bytes
        self.size = 0
        self.damaged = False
        self._index(offset)
        self._pos = 0

    def _index(self, offset: int) -> None:
        f = self._file
        f.seek(0, os.SEEK_END)
        end = f.tell()
        at, first = offset, True
        while at + 8 <= end:
            f.seek(at)
            group, element, length = struct.unpack("<HHI", f.read(8))
            if (group, element) == _END:
                return
            if (group, element) != _ITEM or length == 0xFFFFFFFF or at + 8 + length > end:
                self.damaged = True  # what came before is still played; the decoder says where it stops
                return
            if not first and length:
                self._starts.append(self.size)
                self._where.append(at + 8)
                self.size += length
            first = False
            at += 8 + length
        self.damaged = True  # no sequence delimiter: cut short

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self.size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def readinto(self, buffer) -> int:
        view = memoryview(buffer).cast("B")
        done = 0
        while done < len(view) and self._pos < self.size:
            k = bisect.bisect_right(self._starts, self._pos) - 1
            inside = self._pos - self._starts[k]
            length = (self._starts[k + 1] if k + 1 < len(self._starts) else self.size) - self._starts[k]
            count = min(len(view) - done, length - inside)
            self._file.seek(self._where[k] + inside)
            got = self._file.readinto(view[done:done + count])
            if not got:
                break
            done += got
            self._pos += got
        return done

    def close(self) -> None:
        if not self.closed:
            self._file.close()
        super().close()


def _damaged(detail: str = "") -> VideoError:
    err = VideoError(msg("the video stream is damaged and cannot be decoded"))
    err.detail = detail
    return err


class VideoReader:
    """Frames of one DICOM video in order, decoded as they are asked for (RGB, H x W x 3 uint8).

    ``read(n)`` is cheap for the next frame and the last ``KEPT_FRAMES``; further back it decodes again from
    the start. At most ``KEPT_FRAMES + 1`` decoded pictures are held, whatever the clip's length."""

    def __init__(self, path: str | os.PathLike | bytes, info: VideoInfo, threads: int = 0) -> None:
        self.source = path if isinstance(path, (bytes, bytearray)) else Path(path)
        self.info = info
        self.threads = threads
        self.stream_frames: int | None = None  # how many frames the stream really held, once its end was met
        self._kept: OrderedDict[int, np.ndarray] = OrderedDict()
        self._container = None
        self._frames = None
        self._next = 0
        self._offset = 0 if isinstance(self.source, (bytes, bytearray)) else None

    @property
    def kept_frames(self) -> int:
        return len(self._kept)

    def read(self, index: int) -> np.ndarray:
        if index < 0 or (self.stream_frames is not None and index >= self.stream_frames):
            raise IndexError(self._beyond(index))
        if index in self._kept:
            return self._kept[index]
        if index < self._next:
            self._open()
        if self._frames is None:
            self._open()
        while self._next <= index:
            try:
                frame = next(self._frames)
            except StopIteration:
                self.stream_frames = self._next
                raise IndexError(self._beyond(index)) from None
            except Exception as exc:  # FFmpeg's errors (InvalidDataError, ...) say what broke, not what to do
                self.close()
                raise _damaged(f"{type(exc).__name__}: {exc}") from None
            if self._next >= index - KEPT_FRAMES:  # far behind the target: decoded, never converted
                self._keep(self._next, self._picture(frame))
            self._next += 1
        return self._kept[index]

    def _beyond(self, index: int) -> str:
        n = self.stream_frames if self.stream_frames is not None else self.info.frames
        return msg("frame {frame} does not exist: the image has {n} {n:frame|frames}", frame=index + 1, n=n)

    def _keep(self, index: int, picture: np.ndarray) -> None:
        self._kept[index] = picture
        while len(self._kept) > KEPT_FRAMES + 1:
            self._kept.popitem(last=False)

    def _picture(self, frame) -> np.ndarray:
        # PyAV 18.1.1 hands back a view over the padded line buffer; everything downstream (QImage, VTK,
        # exporters) assumes packed rows, so pack them here once.
        rgb = np.ascontiguousarray(frame.to_ndarray(format="rgb24"))
        rows, cols = self.info.rows or rgb.shape[0], self.info.columns or rgb.shape[1]
        if rgb.shape[:2] != (rows, cols):  # coded size (1088 lines for 1080) against the header's
            out = np.zeros((rows, cols, 3), np.uint8)
            h, w = min(rows, rgb.shape[0]), min(cols, rgb.shape[1])
            out[:h, :w] = rgb[:h, :w]
            rgb = out
        rgb.setflags(write=False)
        return rgb

    def _open(self) -> None:
        import av

        self.close()
        if self._offset is None:
            self._offset = pixel_data_offset(self.source)
        stream = FragmentStream(self.source, self._offset)
        if stream.size == 0:
            stream.close()
            raise _damaged("no fragment")
        container = None
        try:
            try:
                container = av.open(stream, mode="r")
            except Exception:
                stream.seek(0)  # probing failed: a raw elementary stream of the syntax's codec
                container = av.open(stream, mode="r", format=_RAW_FORMATS.get(self.info.codec))
            video = container.streams.video[0]
            if self.threads:
                video.codec_context.thread_count = self.threads
        except Exception as exc:
            if container is not None:
                container.close()
            stream.close()
            raise _damaged(f"{type(exc).__name__}: {exc}") from None
        self._stream, self._container = stream, container
        self._frames = container.decode(video)
        self._next = 0

    def close(self) -> None:
        if self._container is not None:
            try:
                self._container.close()
            finally:
                self._stream.close()
        self._container, self._frames = None, None
        self._next = 0


# One reader per process for the frame decoder: ``cauri render``, thumbnails and the decode workers ask for
# frames one at a time, often the next one.
_last: dict = {}


def decode_video_frame(ds, frame: int) -> np.ndarray:
    """Frame ``frame`` of the video in ``ds`` (read from its file when it has one), RGB."""
    info = video_info(ds)
    path = getattr(ds, "filename", None)
    if isinstance(path, (str, os.PathLike)) and os.path.isfile(path):
        st = os.stat(path)
        key = (os.fspath(path), st.st_mtime_ns, st.st_size)
        source = path
    else:
        data = ds.get("PixelData")
        if not isinstance(data, (bytes, bytearray)):
            raise VideoError(msg("the file has no pixel data (it is not an image, or the image was stripped)"))
        key, source = ("<memory>", id(data), len(data)), bytes(data)
    reader = _last.get(key)
    if reader is None:
        for old in _last.values():
            old.close()
        _last.clear()
        reader = _last[key] = VideoReader(source, info, threads=1)
    return reader.read(frame)
