"""Video (MPEG-2, H.264, HEVC): each video object of a series is a display set of kind "video", shown by the
player (``player.VideoViewport``) inside the reading viewport; the series' other images stay stacks."""

from __future__ import annotations

from dataclasses import replace

from cauri_builtins.stacks import ImageStackHandler

from viewer.plugin_api import FrameRef, InstanceSet, SeriesInput, msg, read_video_info

KIND = "video"


class VideoHandler:
    """Claims a series holding at least one video; asked before the image-stack handler."""

    name = "video"

    def make_display_sets(self, series: SeriesInput):
        # Only multi-frame objects can be videos; the header is read for them alone (a CT series costs nothing).
        videos = [(i, info) for i in series.instances if i.frames > 1 or i.sop_class.startswith(_VIDEO_CLASSES)
                  for info in [read_video_info(i.path)] if info is not None]
        if not videos:
            return None
        sets = []
        for n, (inst, info) in enumerate(videos):
            sets.append(InstanceSet(
                uid=series.series_uid if len(videos) == 1 else f"{series.series_uid}#v{n}",
                study_uid=series.study_uid, series_uid=series.series_uid, modality=series.modality,
                number=series.number, description=series.description or msg("video"), kind=KIND,
                instances=(inst,),
                # The first frame only: what the series list's thumbnail and a picture of the set read.
                frames=(FrameRef(inst.path, 0, inst.sop_uid, inst.instance_number),), multiframe=True,
                extra={"video": info, "frame_count": info.frames},
            ))
        taken = {inst.sop_uid for inst, _ in videos}
        others = tuple(i for i in series.instances if i.sop_uid not in taken)
        if others:
            for ds in ImageStackHandler().make_display_sets(replace(series, instances=others)) or []:
                sets.append(replace(ds, uid=f"{series.series_uid}#images") if ds.uid == series.series_uid else ds)
        return sets


# Video Endoscopic, Microscopic and Photographic Image Storage: a one-frame clip is still a video.
_VIDEO_CLASSES = ("1.2.840.10008.5.1.4.1.1.77.1.1.1", "1.2.840.10008.5.1.4.1.1.77.1.2.1",
                  "1.2.840.10008.5.1.4.1.1.77.1.4.1")


def video_viewport(display_set, host):
    from cauri_builtins.video.player import VideoViewport  # Qt is loaded by the window only, not by `cauri info`

    return VideoViewport(display_set, host)
