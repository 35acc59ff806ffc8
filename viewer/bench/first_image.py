"""A retrieve as the viewer runs it, timed to its first image on screen and to its end (``retrieve``,
``link``), and DCMTK getscu timed the same way (first file written, last file written).

"On screen": the first instance to arrive is indexed, read back as a display set from the cache, loaded by
the ``FrameLoader``, presented (``present_image``) and rendered offscreen by the ``SliceRenderer`` as a
viewport draws it; the pixels are checked to show an image. No window: a GUI per run would cost more than
what is measured, and the drawing path is the viewport's.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from dataclasses import dataclass

import numpy as np

import viewer.model.studies as _studies
from viewer.bench.orthanc import nodelay_env
from viewer.bench.timing import now
from viewer.dicom import decoding
from viewer.model.frames import FrameLoader
from viewer.model.registry import load_plugins
from viewer.model.studies import PatientContext
from viewer.model.viewport import ViewportState
from viewer.net.retrieve import RetrieveReport, retrieve_study
from viewer.presentation.image import present_image
from viewer.presentation.windows import opening_state
from viewer.render.slice_renderer import SliceRenderer
from viewer.store.cache import StudyCache


@dataclass
class Shown:
    first_ms: float  # from the retrieve call to the first arrived image rendered
    total_s: float  # from the retrieve call to its return (every instance indexed)
    shown: bool  # the render shows an image (not blank)
    first_sop: str  # the SOP Instance UID of the image shown first
    report: RetrieveReport


def retrieve_and_show(config, node, study_uid: str, series_uid: str, root, method: str = "get",
                      keep=None, timeout: float = 1800) -> Shown:
    """Retrieve the study into a fresh cache at ``root`` (the series on screen first, in browse order, as
    the viewer asks) and show its first arrived image. ``keep(cache)`` runs before the cache goes."""
    handlers = load_plugins().display_set_handlers()
    loader, renderer = FrameLoader(workers=1), SliceRenderer(512, 512)
    renderer.render(present_image(ViewportState(), None, None, PatientContext(), "en", renderer.size).scene)  # open already
    _warm_decoder()
    arrived = threading.Event()
    try:
        with StudyCache(root) as cache:
            outcome = {}

            def fetch() -> None:
                outcome["report"] = retrieve_study(cache, config, node, study_uid, method=method,
                                                   progress=lambda _d, _n: arrived.set(), first_series=series_uid)
                outcome["end"] = now()

            thread = threading.Thread(target=fetch, name="bench-retrieve")
            t0 = now()
            thread.start()
            if not arrived.wait(timeout):
                raise RuntimeError(f"no image arrived within {timeout:.0f} s")
            stacks = [d for d in _studies.study_display_sets(cache, study_uid, handlers) if d.kind == "stack"]
            ref = stacks[0].frames[0]
            frame = loader.load(ref)
            scene = present_image(opening_state(stacks[0]), frame, None, PatientContext(), "en", renderer.size).scene
            rgba = renderer.render(scene)
            first_ms = (now() - t0) * 1000
            thread.join(timeout)
            report = outcome.get("report")
            if report is None or not report.complete:
                raise RuntimeError(f"the retrieve under the first-image measure did not complete: {report}")
            if keep is not None:
                keep(cache)
    finally:
        loader.shutdown()
        renderer.close()
        shutil.rmtree(root, ignore_errors=True)
    shown = frame.stored is not None and float(np.std(rgba[..., :3])) > 1.0
    return Shown(first_ms, outcome["end"] - t0, shown, getattr(ref, "sop_uid", ""), report)


def _warm_decoder(timeout: float = 60.0) -> None:
    """A decode worker started and ready, as the workstation keeps one from its start (``Workstation``
    warms it): a compressed first image would otherwise wait for a process to import the codecs."""
    service = decoding.default_service()
    service.warm(1)
    deadline = now() + timeout
    while service.ready_workers < 1 and now() < deadline:
        time.sleep(0.01)


def getscu_command(getscu: str, aec: str, port: int, study_uid: str, out) -> list[str]:
    return [getscu, "-S", "-aet", "GETSCU", "-aec", aec, "-od", str(out), "127.0.0.1", str(port),
            "-k", "QueryRetrieveLevel=STUDY", "-k", f"StudyInstanceUID={study_uid}"]


def getscu_timed(getscu: str, aec: str, port: int, study_uid: str, out, expected: int,
                 timeout: float = 1800) -> tuple[float, float]:
    """(ms until getscu's first file appears in its folder, s until it exits having written ``expected``)."""
    out.mkdir(parents=True)
    t0 = now()
    proc = subprocess.Popen(getscu_command(getscu, aec, port, study_uid, out), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=nodelay_env())
    first = None
    try:
        while first is None and proc.poll() is None and now() - t0 < timeout:
            if any(True for _ in out.iterdir()):
                first = now()
            else:
                time.sleep(0.001)
        _out, err = proc.communicate(timeout=timeout)
        end = now()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    got = sum(1 for p in out.iterdir() if p.is_file())
    shutil.rmtree(out, ignore_errors=True)
    if got != expected or first is None:
        raise RuntimeError(f"getscu received {got} of {expected} images (exit {proc.returncode}): "
                           f"{err.decode(errors='replace').strip()[-200:]}")
    return (first - t0) * 1000, end - t0
