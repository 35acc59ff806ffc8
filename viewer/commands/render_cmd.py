"""``cauri render PATH|--series-uid UID --out FILE.png|.jpg|.mp4 [...]``: one viewport's picture (or its
cine), without a window.

The picture is made by the viewport's own code: the frame loader, ``presentation.image.present_image`` and
``SliceRenderer`` for 2-D images; ``MprSession``, ``presentation.plane`` and the same renderer for MPR planes;
``VolumeRenderer`` for volume rendering. Nothing here decides how an image looks, so a headless render is
what a reader sees in a viewport of that size (overlays hidden unless ``--overlays``). Files given as PATH are
read in place (``viewer.model.loose_files``), never imported; ``--series-uid`` alone reads from the study cache.

The image's findings are drawn as the viewport draws them (with ``--overlays``, as there with the overlays
shown): the study's measurements (Cauri's own from the cache's annotation store, and its SRs'), its
presentation states' annotations and the key-image mark. A 2-D image referenced by a presentation state
(GSPS) among the inputs or in the cache for its study is shown through the latest one, as the viewport shows
it before the reader changes anything (window or VOI LUT, Presentation LUT Shape, shutters, turn/flip,
displayed area). ``--no-presentation`` shows the plain image. A headless render has no screen, so TRUE SIZE
areas are scaled to fit (and the corner says so).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK = 0
EXIT_FAILED = 1  # nothing to render, or the image could not be decoded (the PNG then shows the message)
PLANES = ("axial", "coronal", "sagittal")

_EPILOG = """\
images are counted from 0: --slice N is the N-th image of the display set in display order (sorted
along the slice normal); --frame N is frame N of a multi-frame object. Without either, the image the
viewport opens on (the middle of a stack, the first frame of a cine). With --plane, --slice N is the
N-th plane along that plane's normal, one voxel step apart.

exit status:
  0  the PNG was written
  1  nothing to render, bad arguments for the data, or the image could not be decoded (a PNG showing
     the viewport's message is still written in that last case)
"""


def add_parser(subparsers) -> argparse.ArgumentParser:
    from viewer.model.mpr import SLAB_MODES
    from viewer.model.volume_view import VR_PRESETS

    parser = subparsers.add_parser(
        "render",
        help="render a series as the viewport shows it, to PNG or JPEG, or as an MP4 cine",
        description="Render one image (or an MPR plane, or a volume rendering) of a series exactly as a "
        "viewport shows it, and save it as PNG. PATHs are read in place, not imported. A DICOM SEG or RT "
        "Structure Set among them is drawn over the images it lies on (--series-uid may name it).",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="file, folder, DICOMDIR or .zip")
    parser.add_argument("--series-uid", metavar="UID",
                        help="series to render (a split series' stack as UID#n); without PATH, from the cache")
    parser.add_argument("-o", "--out", required=True, metavar="FILE",
                        help="where to write the picture: .png, .jpg (JPEG), or .mp4 (a cine of the whole stack, "
                        "or with --volume a turn around the patient)")
    parser.add_argument("--slice", type=int, metavar="N", help="image (or plane) index, from 0")
    parser.add_argument("--frame", type=int, metavar="N", help="frame of a multi-frame object, from 0")
    parser.add_argument("--window", type=float, metavar="W", help="window width (with --level)")
    parser.add_argument("--level", type=float, metavar="L", help="window centre (with --window)")
    parser.add_argument("--size", type=_size, default=(512, 512), metavar="WxH", help="viewport size (512x512)")
    parser.add_argument("--overlays", action="store_true",
                        help="draw the overlays: texts, markers, scale, measurements and annotations")
    parser.add_argument("--no-presentation", action="store_true",
                        help="ignore presentation states (GSPS): the plain image, its own window")
    parser.add_argument("--lang", choices=["fr", "en"], default="en", help="language of the overlay texts")
    parser.add_argument("--no-phi", action="store_true",
                        help="no patient name, ID or birth date on the picture (for a talk or a teaching file)")
    parser.add_argument("--fps", type=float, default=10.0, metavar="N", help="frames per second of a .mp4 (10)")
    parser.add_argument("--turn-frames", type=int, default=72, metavar="N",
                        help="images in a .mp4 turn around the volume (72: one every 5 degrees)")
    parser.add_argument("--plane", choices=PLANES, help="an MPR plane of the series' volume")
    parser.add_argument("--slab", type=float, metavar="MM", help="thick slab (with --plane)")
    parser.add_argument("--slab-mode", choices=SLAB_MODES, default="mip", help="slab projection (mip)")
    parser.add_argument("--volume", action="store_true", help="a volume rendering of the series")
    parser.add_argument("--preset", choices=sorted(VR_PRESETS), help="volume rendering preset (by modality)")
    parser.add_argument("--azimuth", type=float, default=0.0, metavar="DEG", help="turn around the head-foot axis")
    parser.add_argument("--elevation", type=float, default=0.0, metavar="DEG", help="tilt up or down")
    parser.set_defaults(func=run)
    return parser


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (use WxH, e.g. 512x512)") from None
    if not (1 <= w <= 8192 and 1 <= h <= 8192):
        raise argparse.ArgumentTypeError("width and height must be between 1 and 8192")
    return w, h


class RenderError(Exception):
    """Why nothing (or only a message) could be rendered, in plain words."""


def run(args: argparse.Namespace) -> int:
    from viewer.commands._support import utf8_output
    from viewer.commands.info_cmd import quiet_headless
    from viewer.dicom import decoding
    from viewer.presentation.corners import without_identity

    utf8_output()
    quiet_headless()
    try:
        _check_arguments(args)
        source = RenderSource(args)
        with source as (display_set, context, findings):
            if args.no_phi:
                context = without_identity(context)
            if display_set.kind != "stack":  # a waveform...: drawn by its plugin (add_viewport's picture)
                rgba, problem, applied = _render_kind(args, display_set), "", None
            elif _is_video(args.out):
                return _write_video(args, display_set, context, findings)
            else:
                rgba, problem, applied = _render(args, display_set, context, findings, source.segmentations)
        _write_png(rgba, Path(args.out))
    except RenderError as exc:
        print(f"cauri render: {exc}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        decoding.shutdown_default()
    if applied is not None:  # its UID only: a state's label or description may name the patient
        print(f"presentation state applied: {applied.sop_uid}")
    if problem:
        print(f"cauri render: {problem}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _check_arguments(args) -> None:
    from viewer.core.atomic import unwritable_reason

    if not args.paths and not args.series_uid:
        raise RenderError("give a PATH or --series-uid")
    cannot = unwritable_reason(args.out)  # before any decoding: a typo in --out costs nothing
    if cannot:
        raise RenderError(cannot)
    if (args.window is None) != (args.level is None):
        raise RenderError("--window and --level go together")
    if args.window is not None and args.window <= 0:
        raise RenderError("--window must be positive")
    if args.plane and args.volume:
        raise RenderError("--plane and --volume are different views; choose one")
    if args.slab is not None and not args.plane:
        raise RenderError("--slab needs --plane")
    if (args.preset or args.azimuth or args.elevation) and not args.volume:
        raise RenderError("--preset, --azimuth and --elevation need --volume")
    if args.slice is not None and args.frame is not None:
        raise RenderError("give --slice or --frame, not both")
    if _is_video(args.out) and (args.plane or args.slice is not None or args.frame is not None):
        raise RenderError("a .mp4 is the whole stack (or, with --volume, a turn): no --plane, --slice or --frame")
    if args.fps <= 0 or not 2 <= args.turn_frames <= 3600:
        raise RenderError("--fps must be positive and --turn-frames between 2 and 3600")
    if args.frame is not None and (args.plane or args.volume):
        raise RenderError("--frame selects a 2-D image; it does not apply to --plane or --volume")


# --------------------------------------------------------------------------------------------- input


class RenderSource:
    """The display set to render, its overlay context and its study's findings, from PATHs (read in place)
    or the cache."""

    def __init__(self, args) -> None:
        self.args = args
        self.loose = None
        self.segmentations = ()  # SEG / RT structure sets among the inputs that lie on the chosen images

    def __enter__(self):
        args = self.args
        if args.paths:
            return self._from_paths(args)
        return self._from_cache(args)

    def __exit__(self, *exc) -> None:
        if self.loose is not None:
            self.loose.close()

    def _from_paths(self, args):
        from viewer.model.loose_files import open_paths
        from viewer.model.studies import PatientContext

        self.loose = open_paths(args.paths, home=args.home)
        sets = self.loose.display_sets()
        display_set = _choose(sets, args.series_uid, args.frame)
        self.segmentations = _segmentations_on(sets, display_set)
        if display_set is None:
            problems = "; ".join(f"{p.source}: {p.reason}" for p in self.loose.problems[:3])
            raise RenderError(_nothing(args.series_uid) + (f" ({problems})" if problems else ""))
        first = next((i for i in self.loose.instances.values() if i.header.series_uid == display_set.series_uid), None)
        h = first.header if first else None
        context = PatientContext(
            patient_name=h.patient_name, patient_id=h.patient_id, birth_date=h.birth_date, sex=h.sex,
            study_date=h.study_date, study_time=h.study_time, study_description=h.study_description,
            series_number=display_set.number, series_description=display_set.description,
            modality=display_set.modality,
        ) if h else PatientContext()
        findings = _merged(_loose_findings(self.loose), _cached_findings(args, display_set.study_uid))
        return display_set, context, _without_states(findings) if args.no_presentation else findings

    def _from_cache(self, args):
        import pydicom

        from viewer.core.paths import resolve_paths
        from viewer.model.registry import load_plugins
        from viewer.model.studies import patient_context, study_display_sets
        from viewer.store.cache import StudyCache
        from viewer.store.schema import IndexUnusable

        store = resolve_paths(args.home).store
        if not (store / "index.sqlite").is_file():
            raise RenderError(f"no study cache at {store} (import the study first, or give a PATH)")
        series_uid = args.series_uid.split("#", 1)[0]
        try:
            with StudyCache(store) as cache:
                instances = cache.instances_of(series_uid)
                if not instances:
                    raise RenderError(f"series {series_uid} is not in the cache")
                study_uid = str(pydicom.dcmread(instances[0].path, stop_before_pixels=True,
                                                specific_tags=["StudyInstanceUID"]).StudyInstanceUID)
                sets = study_display_sets(cache, study_uid, load_plugins().display_set_handlers())
                display_set = _choose(sets, args.series_uid, args.frame)
                self.segmentations = _segmentations_on(sets, display_set)
                context = patient_context(cache.study(study_uid), display_set)
                findings = _findings_in(cache, store, study_uid)
        except IndexUnusable as exc:
            raise RenderError(str(exc)) from None
        except OSError as exc:
            raise RenderError(f"the cached files cannot be read ({exc.strerror or exc})") from None
        if display_set is None:
            raise RenderError(_nothing(args.series_uid))
        return display_set, context, _without_states(findings) if args.no_presentation else findings


def _loose_findings(loose):
    """The presentation states among the files given, with their annotations; one that cannot be read is
    left out."""
    import logging

    import pydicom

    from viewer.dicom.findings.common import GSPS_CLASS
    from viewer.dicom.findings.gsps_read import read_presentation_state
    from viewer.presentation.findings import Findings

    series_of = {uid: inst.header.series_uid for uid, inst in loose.instances.items()}.get
    states = []
    for inst in loose.instances.values():
        if inst.header.sop_class != GSPS_CLASS:
            continue
        try:
            states.append(read_presentation_state(pydicom.dcmread(inst.path), series_of)[0])
        except Exception as exc:  # a broken state never stops the image from rendering
            logging.getLogger(__name__).warning("presentation state unreadable: %s", type(exc).__name__)
    return Findings(tuple(a for ps in states for a in ps.annotations), tuple(states))


def _cached_findings(args, study_uid: str):
    """The study's findings already in the cache (read only), when there is one."""
    from viewer.core.paths import resolve_paths
    from viewer.store.cache import StudyCache

    store = resolve_paths(args.home).store
    if not (store / "index.sqlite").is_file():
        return None
    try:
        with StudyCache(store) as cache:
            return _findings_in(cache, store, study_uid) if cache.study(study_uid) is not None else None
    except Exception:  # an unusable cache is not this command's business when the files are given
        return None


def _findings_in(cache, store, study_uid: str):
    """The study's findings as the viewport opens them: Cauri's own (annotation store) and its SR, GSPS and
    KO objects (``read_findings``)."""
    import logging

    from viewer.model.measurements import AnnotationStore, read_findings
    from viewer.presentation.findings import study_findings

    try:
        annotations = AnnotationStore(store)
        own, keys = annotations.load(study_uid), annotations.load_key_images(study_uid)
    except Exception as exc:  # as the viewport: the study shows without them
        logging.getLogger(__name__).warning("annotations unavailable: %s", type(exc).__name__)
        own, keys = [], []
    try:
        found = read_findings(cache, study_uid)
    except Exception as exc:  # a broken SR in the cache must not stop the image from rendering
        logging.getLogger(__name__).warning("findings unreadable: %s", type(exc).__name__)
        found = None
    return study_findings(own, keys, found)


def _merged(first, second):
    """Both sets of findings, each state and measurement once (a file given may also be in the cache)."""
    from dataclasses import replace

    if second is None:
        return first
    states = {ps.sop_uid: ps for ps in (*second.states, *first.states)}
    measurements = {m.id: m for m in (*second.measurements, *first.measurements)}
    return replace(second, measurements=tuple(measurements.values()), states=tuple(states.values()),
                   key_images=first.key_images | second.key_images)


def _without_states(findings):
    """``--no-presentation``: the plain image; a state's annotations go with it (``states.in_presentation``)."""
    from dataclasses import replace

    return replace(findings, states=())


def _choose(sets, uid: str | None, frame: int | None = None):
    """The display set named ``uid`` (exact, or its series' first stack), else the first image stack; with
    ``frame``, the first of those holding that frame (a split multi-frame object spreads over several)."""
    from viewer.model.registry import load_plugins

    pictured = load_plugins().pictures()
    stacks = [_as_stack(d) if d.kind == "video" else d for d in sets if d.kind in ("stack", "video")] \
        or [d for d in sets if d.kind in pictured]
    seg = next((d for d in sets if d.kind == "segmentation" and uid in (d.uid, d.series_uid)), None) if uid else None
    if seg is not None:  # a segmentation is drawn over the images it was made on
        uid = next((d.uid for d in stacks if d.series_uid in seg.referenced_series), uid)
    if uid:
        exact = [d for d in stacks if d.uid == uid]
        stacks = exact or [d for d in stacks if d.series_uid == uid]
    if frame is not None:
        stacks = [d for d in stacks if any(ref.frame == frame for ref in d.frames)] or stacks
    return stacks[0] if stacks else None


def _as_stack(video):
    """A video's frames as a cine stack: the frame loader decodes frame N of it (``dicom.video``), and the
    picture is made as for any colour image."""
    from viewer.model.displaysets import FrameRef, ImageStack

    inst, count = video.instances[0], video.frame_count
    return ImageStack(uid=video.uid, study_uid=video.study_uid, series_uid=video.series_uid, modality=video.modality,
                      number=video.number, description=video.description, multiframe=True,
                      frames=tuple(FrameRef(inst.path, k, inst.sop_uid, inst.instance_number) for k in range(count)),
                      positions=(None,) * count)


def _segmentations_on(sets, display_set) -> tuple:
    """The segmentations among ``sets`` that lie on ``display_set``'s images (its Frame of Reference)."""
    from viewer.dicom.frame_header import frame_of_reference_of

    segs = [d for d in sets if d.kind == "segmentation"]
    if display_set is None or not segs or not display_set.frames:
        return ()
    try:
        frame_of_reference = frame_of_reference_of(display_set.frames[0].path)
    except OSError:
        return ()
    return tuple(d for d in segs if (d.frame_of_reference and d.frame_of_reference == frame_of_reference)
                 or display_set.series_uid in d.referenced_series)


def _layers(segmentations, display_set, pixel_spacing=None) -> tuple:
    """The segmentations read, as layers drawn at their file's style; one that cannot be drawn is said."""
    from viewer.dicom.seg import SegmentationError
    from viewer.model.segments import Layer, read_segmentation

    layers = []
    anchor = display_set.positions[0] if display_set.positions else None
    for seg in segmentations:
        try:
            layers.append(Layer(read_segmentation(seg, min(pixel_spacing) if pixel_spacing else None, anchor)))
        except SegmentationError as exc:
            print(f"cauri render: segmentation {seg.series_uid} not drawn: {exc.reason}", file=sys.stderr)
    return tuple(layers)


def _nothing(uid: str | None) -> str:
    return f"no image series {uid} found" if uid else "no image series found"


# --------------------------------------------------------------------------------------------- views


def _state(args, display_set):
    from viewer.dicom.pixels import Window
    from viewer.presentation.windows import opening_state

    state = opening_state(display_set, overlays=args.overlays)
    if args.window is not None:
        state = state.windowed(Window(center=args.level, width=args.window))
    if args.slice is not None:
        if not args.plane and not 0 <= args.slice < state.count:
            raise RenderError(f"--slice {args.slice} is outside the display set (0 to {state.count - 1})")
        if not args.plane:
            state = state.at(args.slice)
    elif args.frame is not None:
        matches = [i for i, ref in enumerate(display_set.frames) if ref.frame == args.frame]
        if display_set.multiframe and 0 <= args.frame < state.count:
            matches = [args.frame]
        if len(matches) != 1:
            raise RenderError(f"--frame {args.frame} does not name one image of this display set "
                              f"({state.count} images; use --slice for single-frame series)")
        state = state.at(matches[0])
    return state


def _render(args, display_set, context, findings, segmentations=()):
    """RGBA pixels (H x W x 4), a problem to report, if any, and the presentation state applied, if any.
    ``segmentations``: SEG / RT structure sets drawn over the images."""
    width, height = args.size
    state = _state(args, display_set)
    if args.plane or args.volume:
        layers = _layers(segmentations, display_set)
        return (*_render_volume(args, display_set, state, context, findings, width, height, layers), None)
    from viewer.model.frames import FrameLoader
    from viewer.model.measurements import ImageRef
    from viewer.presentation.image import present_image
    from viewer.render.slice_renderer import SliceRenderer

    loader = FrameLoader(workers=1)
    try:
        frame = loader.load(display_set.frames[state.index])
    finally:
        loader.shutdown()
    at = display_set.frames[state.index]
    ref = ImageRef(display_set.study_uid, display_set.series_uid, at.sop_uid, at.frame)
    layers = _layers(segmentations, display_set, frame.header.pixel_spacing if frame.header else None)
    presented = present_image(state, frame, ref, context, args.lang, (width, height), findings, segments=layers)
    renderer = SliceRenderer(width, height)
    try:
        rgba = renderer.render(presented.scene)
    finally:
        renderer.close()
    problem = f"{at.path}: {frame.error}" if frame.stored is None else ""
    return rgba, problem, presented.presentation_state


def _render_kind(args, display_set):
    """RGBA pixels of a display set whose plugin draws it (a waveform's sheet), in a window-less Qt."""
    import numpy as np
    from PySide6.QtGui import QGuiApplication, QImage

    from viewer.core.messages import in_language, message_of
    from viewer.model.registry import load_plugins

    if args.plane or args.volume or args.slice is not None or args.frame is not None or _is_video(args.out):
        raise RenderError(f"a {display_set.kind} is drawn whole: no --plane, --volume, --slice, --frame or .mp4")
    _app = QGuiApplication.instance() or QGuiApplication(["cauri", "-platform", "offscreen"])  # fonts for QPainter
    try:
        image = load_plugins().pictures()[display_set.kind](display_set, args.size, args.lang)
    except ValueError as exc:  # the plugin's reader says why (a malformed waveform)
        raise RenderError(in_language(message_of(exc), args.lang)) from None
    image = image.convertToFormat(QImage.Format.Format_RGBA8888)
    rows = np.frombuffer(image.constBits(), np.uint8, image.bytesPerLine() * image.height())
    return rows.reshape(image.height(), image.bytesPerLine())[:, :4 * image.width()].reshape(
        image.height(), image.width(), 4).copy()


def _render_volume(args, display_set, state, context, findings, width, height, layers=()):
    import numpy as np

    from viewer.model.volume import Volume

    if display_set.multiframe:
        raise RenderError("a cine display set is a time series, not a volume: no MPR or volume rendering")
    if len(display_set.frames) < 2:
        raise RenderError("a single image is not a volume: no MPR or volume rendering")
    try:
        volume = Volume(display_set).load()
    except ValueError as exc:
        raise RenderError(str(exc)) from None
    problem = ""
    if volume.errors:
        i, reason = next(iter(sorted(volume.errors.items())))
        n = len(volume.errors)
        problem = (f"{n} slice{'s' if n != 1 else ''} could not be decoded and {'are' if n != 1 else 'is'} shown empty "
                   f"(first: {display_set.frames[i].path}: {reason})")
    if args.volume:
        from viewer.model.volume_view import VolumeViewState, default_preset
        from viewer.render.volume_renderer import VolumeRenderer

        view = VolumeViewState(
            preset=args.preset or default_preset(display_set.modality),
            azimuth=args.azimuth % 360.0, elevation=max(-89.0, min(89.0, args.elevation)), overlays=args.overlays,
        )
        renderer = VolumeRenderer(width, height)
        try:
            renderer.set_volume(volume)
            rgba = renderer.render(view)
        finally:
            renderer.close()
        rgba = np.ascontiguousarray(rgba)
        rgba[..., 3] = 255  # the viewport paints it opaque (RGBX)
        return rgba, problem

    from viewer.model.mpr import MprSession
    from viewer.presentation.windows import plane_state
    from viewer.render import mpr_view
    from viewer.render.reslice import VolumeResampler
    from viewer.render.slice_renderer import SliceRenderer

    session = MprSession(volume)
    if args.slab:
        session.set_slab(args.slab, args.slab_mode)
    if args.slice is not None:
        _place_plane(session, args.plane, args.slice)
    resampler = VolumeResampler(session)
    state = plane_state(display_set.modality, state.overlays, state.window)  # as the viewport's MPR views open
    scene = mpr_view.present(resampler, args.plane, state, context, args.lang, (width, height), findings,
                             layers).scene
    renderer = SliceRenderer(width, height)
    try:
        rgba = renderer.render(scene)
    finally:
        renderer.close()
    return rgba, problem


def _place_plane(session, view: str, index: int) -> None:
    """Put the shared point on the ``index``-th plane along ``view``'s normal (one voxel step apart)."""
    import numpy as np

    plane = session.planes[view]
    step = session.step_mm(plane)
    along = session.corners() @ plane.normal
    count = int(np.floor((along.max() - along.min()) / step + 1e-6)) + 1
    if not 0 <= index < count:
        raise RenderError(f"--slice {index} is outside the {view} planes (0 to {count - 1})")
    target = along.min() + index * step
    session.center = session.center + plane.normal * (target - float(np.dot(session.center, plane.normal)))


# --------------------------------------------------------------------------------------------- output


def _is_video(out: str) -> bool:
    return str(out).lower().endswith(".mp4")


def _write_video(args, display_set, context, findings) -> int:
    """The stack image by image as the viewport shows it (one loader, one renderer), or a turn around the
    volume, encoded as MP4."""
    from viewer.export.video import VideoError, write_mp4

    try:
        count = write_mp4(_video_frames(args, display_set, context, findings), Path(args.out), args.fps)
    except VideoError as exc:
        raise RenderError(str(exc)) from None
    print(f"{count} frames")
    return EXIT_OK


def _video_frames(args, display_set, context, findings):
    import numpy as np

    width, height = args.size
    if args.volume:
        from viewer.model.volume import Volume
        from viewer.model.volume_view import VolumeViewState, default_preset
        from viewer.render.volume_renderer import VolumeRenderer

        if display_set.multiframe or len(display_set.frames) < 2:
            raise RenderError("a turn needs a volume: a stack of two images or more")
        renderer = VolumeRenderer(width, height)
        try:
            renderer.set_volume(Volume(display_set).load())
            for k in range(args.turn_frames):
                view = VolumeViewState(preset=args.preset or default_preset(display_set.modality),
                                       azimuth=(args.azimuth + 360.0 * k / args.turn_frames) % 360.0,
                                       elevation=max(-89.0, min(89.0, args.elevation)), overlays=args.overlays)
                yield np.ascontiguousarray(renderer.render(view))
        finally:
            renderer.close()
        return
    from viewer.model.frames import FrameLoader
    from viewer.model.measurements import ImageRef
    from viewer.presentation.image import present_image
    from viewer.render.slice_renderer import SliceRenderer

    state = _state(args, display_set)
    loader, renderer = FrameLoader(workers=1), SliceRenderer(width, height)
    try:
        for index, at in enumerate(display_set.frames):
            ref = ImageRef(display_set.study_uid, display_set.series_uid, at.sop_uid, at.frame)
            presented = present_image(state.at(index), loader.load(at), ref, context, args.lang, (width, height),
                                      findings)
            yield renderer.render(presented.scene)
    finally:
        renderer.close()
        loader.shutdown()


def _write_png(rgba, path: Path) -> None:
    """PNG (or JPEG, by the name) through Qt's QImage (no extra imaging library); opaque RGB, as the
    viewport paints it."""
    import numpy as np
    from PySide6.QtGui import QImage

    rgba = np.ascontiguousarray(rgba, dtype=np.uint8)
    h, w = rgba.shape[:2]
    image = QImage(rgba.data, w, h, 4 * w, QImage.Format.Format_RGBX8888)
    tmp = path.with_name(path.name + ".part")
    try:
        jpeg = path.suffix.lower() in (".jpg", ".jpeg")
        if not image.save(str(tmp), "JPEG" if jpeg else "PNG", 92 if jpeg else -1):
            raise RenderError(f"cannot write {path}")
        tmp.replace(path)
    except OSError as exc:
        raise RenderError(f"cannot write {path} ({(exc.strerror or type(exc).__name__).lower()})") from None
    finally:
        tmp.unlink(missing_ok=True)  # no half-written file is left, whatever failed
