"""A decode task with a fault on purpose, run inside Cauri's decode workers by the ``decode`` case: a file whose
name starts with ``hang`` never finishes (as a codec stuck in a loop), every other file decodes for real."""

from __future__ import annotations

import os
import time

from viewer.dicom.decode_worker import decode_frame_task


def hanging_task(path: str, frame: int):
    if os.path.basename(path).startswith("hang"):
        time.sleep(600)
    return decode_frame_task(path, frame)
