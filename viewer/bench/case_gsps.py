"""``gsps``: one 512x512 CT image shown through a presentation state that turns it 90°, flips it and
windows it, from the files to the display pixels.

Cauri: the presentation state and the image read with pydicom, ``read_presentation_state``, the frame
loaded and ``present_image`` through the state (what a viewport does before VTK draws), in this
process. The peer is DCMTK's ``dcmp2pgm -p``, the toolkit's own GSPS renderer, which only runs as a process
(one image per process, no batch mode). Same work on both sides: the peer's figure is its run less its own
process start-up, measured in the same run as ``dcmp2pgm --version`` (process start, shared libraries loaded,
nothing read); the raw process time is in the note. Both best of the same number of runs, warm page cache.
The note also says how many display pixels the two agree on (within one grey level); under 99 % is a flag.
"""

from __future__ import annotations

import shutil
import subprocess

import numpy as np

from viewer.bench.results import Measurement
from viewer.bench.timing import best_of
from viewer.dicom.findings.gsps_read import read_presentation_state
from viewer.model.displaysets import FrameRef, ImageStack
from viewer.model.frames import load_frame
from viewer.model.measurements import ImageRef
from viewer.model.studies import PatientContext
from viewer.presentation.findings import Findings
from viewer.presentation.image import present_image
from viewer.presentation.windows import opening_state

CASE = "gsps"


def _presentation_state(image_path, out_path) -> None:
    import highdicom as hd
    import pydicom
    from pydicom.uid import generate_uid

    img = pydicom.dcmread(image_path, stop_before_pixels=True)
    for keyword in ("StudyID", "ReferringPhysicianName", "AccessionNumber"):  # highdicom copies them
        if keyword not in img:
            setattr(img, keyword, "")
    voi = hd.pr.SoftcopyVOILUTTransformation(window_center=40.0, window_width=400.0)
    ps = hd.pr.GrayscaleSoftcopyPresentationState(
        [img], generate_uid(), 99, generate_uid(), 1, "Cauri bench", "bench", "1", "0", "BENCH", voi_lut_transformations=[voi])
    ps.ImageRotation, ps.ImageHorizontalFlip = 90, "Y"
    ps.save_as(out_path)


def _pgm(path) -> np.ndarray:
    data = path.read_bytes()
    header = data.split(b"\n", 3)
    w, h = (int(v) for v in header[1].split()[:2])  # "width height maxval" on one line
    return np.frombuffer(data[-w * h:], np.uint8).reshape(h, w)


def run(ctx) -> list[Measurement]:
    import pydicom


    metric = "512x512 CT image through a GSPS (90°, flip, window): files to display pixels"
    tool = shutil.which("dcmp2pgm")
    series = ctx.inputs.ct(ctx.sizes.ct_slices)
    image = series.files[len(series.files) // 2]
    ps_path, pgm, plain_pgm = ctx.scratch / "gsps-bench.dcm", ctx.scratch / "gsps-bench.pgm", ctx.scratch / "plain.pgm"
    _presentation_state(image, ps_path)
    sop = str(pydicom.dcmread(image, stop_before_pixels=True).SOPInstanceUID)

    def ours():
        ps, _ = read_presentation_state(pydicom.dcmread(ps_path))
        frame = load_frame(FrameRef(image, 0, sop, 1))
        stack = ImageStack(uid="b", study_uid="b", series_uid="b", modality="CT", number=1, description="", frames=(frame.ref,))
        # The viewport's path: the image shown through the state that references it (its window and turn).
        presented = present_image(opening_state(stack), frame, ImageRef("b", "b", sop, 0), PatientContext(), "en",
                                  (512, 512), Findings(states=(ps,)))
        return np.ascontiguousarray(presented.scene.image)  # packed, as the peer's written picture is

    t_ours = best_of(ctx.sizes.repeats * 3, ours)
    if tool is None:
        return [Measurement(CASE, metric, "ms", t_ours * 1000, "none: DCMTK's dcmp2pgm is not installed")]

    def peer(*args):
        subprocess.run([tool, "-q", *args], check=True, timeout=120, capture_output=True)

    reps = ctx.sizes.repeats * 3
    t_peer = best_of(reps, lambda: peer("-p", str(ps_path), str(image), str(pgm)))
    t_start = best_of(reps, lambda: subprocess.run([tool, "--version"], check=True, timeout=60, capture_output=True))
    t_plain = best_of(reps, lambda: peer(str(image), str(plain_pgm)))
    mine, theirs = ours().astype(int), _pgm(pgm).astype(int)
    agree = float(np.mean(np.abs(mine - theirs) <= 1)) * 100 if mine.shape == theirs.shape else 0.0
    flag = "" if agree >= 99.0 else " (display pixels DISAGREE with DCMTK's)"
    work = max(t_peer - t_start, 1e-6)
    return [Measurement(
        CASE, metric, "ms", t_ours * 1000, "DCMTK dcmp2pgm -p, less its process start-up", work * 1000,
        note=f"gsps: Cauri in this process, one thread; peer dcmp2pgm -p {t_peer * 1000:.1f} ms as a process less "
             f"its start-up {t_start * 1000:.1f} ms (dcmp2pgm --version); without the presentation state "
             f"{t_plain * 1000:.1f} ms as a process; best of {reps} each, warm page cache; display pixels within one "
             f"grey level of DCMTK's: {agree:.2f} %{flag}",
    )]
