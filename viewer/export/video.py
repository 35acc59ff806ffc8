"""Cine loops and 3-D rotations as MP4 (H.264), for a talk, a referring doctor, a teaching file.

PyAV encodes in-process with the FFmpeg libraries its wheel carries (no ffmpeg program to find). H.264 in
yuv420p is what every phone, browser and PowerPoint plays; it needs even sides, so a frame of odd size gets
one black row or column. Quality is set by CRF 18 (visually lossless for greyscale medical pictures at
these sizes); a reader wanting pixel-exact images exports PNGs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from viewer.core.messages import msg


class VideoError(Exception):
    pass


def write_mp4(frames: Iterable[np.ndarray], path: Path, fps: float, *,
              cancel: Callable[[], bool] | None = None) -> int:
    """Encode RGB(A) frames (H x W x 3|4, uint8, all the same size) to ``path``; returns the frame count.
    Written to a .part file renamed at the end: a failure or a cancel leaves nothing."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    count = 0
    try:
        with av.open(str(tmp), mode="w", format="mp4") as container:
            stream = None
            for frame in frames:
                if cancel is not None and cancel():
                    raise VideoError(msg("video cancelled; nothing was written"))
                rgb = _even(np.ascontiguousarray(frame[..., :3], dtype=np.uint8))
                if stream is None:
                    stream = container.add_stream("libx264", rate=Fraction(fps).limit_denominator(1000))
                    stream.width, stream.height = rgb.shape[1], rgb.shape[0]
                    stream.pix_fmt = "yuv420p"
                    stream.options = {"crf": "18", "preset": "medium"}
                elif (rgb.shape[1], rgb.shape[0]) != (stream.width, stream.height):
                    raise VideoError(msg("the frames of a video must all have the same size"))
                for packet in stream.encode(av.VideoFrame.from_ndarray(rgb, format="rgb24")):
                    container.mux(packet)
                count += 1
            if stream is None:
                raise VideoError(msg("no image to put in the video"))
            for packet in stream.encode():
                container.mux(packet)
        os.replace(tmp, path)
    except OSError as exc:
        raise VideoError(msg("cannot write {path} ({reason})", path=str(path),
                             reason=(exc.strerror or type(exc).__name__).lower())) from None
    finally:
        tmp.unlink(missing_ok=True)
    return count


def _even(rgb: np.ndarray) -> np.ndarray:
    h, w = rgb.shape[:2]
    if h % 2 == 0 and w % 2 == 0:
        return rgb
    out = np.zeros((h + h % 2, w + w % 2, 3), np.uint8)
    out[:h, :w] = rgb
    return out

