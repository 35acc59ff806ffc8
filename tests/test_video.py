"""DICOM videos made here with PyAV (frame k carries a square at a cell of its own, ``video_files``): the frame
asked for is the frame the encoder put there, in H.264, MPEG-2 and HEVC, read in order, backwards and through
``cauri render --frame N``; the reader holds a bounded number of frames; ``cauri info`` lists a video as one;
a damaged stream is a clear message."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import av
import numpy as np
import pydicom
import pytest
from PIL import Image

from video_files import CODECS, encode, frame_number_of, write_video

ROOT = Path(__file__).resolve().parents[1]
AVC, MPEG2, HEVC = "1.2.840.10008.1.2.4.102", "1.2.840.10008.1.2.4.100", "1.2.840.10008.1.2.4.107"


def needs_encoder(syntax):
    encoder = CODECS[syntax][0]
    return pytest.param(syntax, marks=pytest.mark.skipif(
        encoder not in av.codecs_available, reason=f"this PyAV has no {encoder} encoder to make the test video"))


SYNTAXES = [needs_encoder(s) for s in (AVC, MPEG2, HEVC)]


def cli(*args, home):
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'plugins'}", "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "viewer", "--home", str(home), *args],
                          capture_output=True, text=True, env=env, timeout=180)


def reader_for(path):
    from viewer.dicom.video import VideoReader, video_info

    return VideoReader(path, video_info(pydicom.dcmread(path, stop_before_pixels=True)))


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_each_frame_is_where_the_encoder_put_it(tmp_path, syntax):
    path = write_video(tmp_path / "v.dcm", syntax, frames=48)["path"]
    reader = reader_for(path)
    assert [frame_number_of(reader.read(k)) for k in range(48)] == list(range(48))
    for k in (40, 39, 5, 47, 0):  # a step back, a jump back (decoded again from the start), forward again
        assert frame_number_of(reader.read(k)) == k
    with pytest.raises(IndexError):
        reader.read(48)
    reader.close()


def test_a_stream_in_an_mpeg2_transport_stream_plays_the_same(tmp_path):
    data = encode(AVC, 48, container_format="mpegts")
    reader = reader_for(write_video(tmp_path / "ts.dcm", AVC, frames=48, bitstream=data)["path"])
    assert [frame_number_of(reader.read(k)) for k in (0, 1, 30, 47, 29, 2)] == [0, 1, 30, 47, 29, 2]
    reader.close()


def test_every_video_syntax_is_decodable_here():
    from viewer.dicom.decode import is_decodable
    from viewer.dicom.video import VIDEO_SYNTAXES

    assert [ts for ts in VIDEO_SYNTAXES if not is_decodable(ts)] == []  # was: all listed as undecodable


def test_the_stored_frame_rate_is_read_from_each_timing_attribute(tmp_path):
    from viewer.dicom.video import DEFAULT_FPS, frame_rate, video_info

    data = encode(AVC, 8)
    for timing in ("cine_rate", "frame_time", "frame_time_vector"):
        path = write_video(tmp_path / f"{timing}.dcm", AVC, frames=8, fps=30, bitstream=data, timing=timing)["path"]
        ds = pydicom.dcmread(path, stop_before_pixels=True)
        assert frame_rate(ds) == pytest.approx(30.0), timing
    del ds.FrameTimeVector
    info = video_info(ds)
    assert frame_rate(ds) is None and info.fps == DEFAULT_FPS and not info.fps_from_header
    assert info.duration == pytest.approx(8 / DEFAULT_FPS)


def test_memory_stays_bounded_whatever_the_clip_length(tmp_path):
    from viewer.dicom.video import KEPT_FRAMES

    frames = 240
    path = write_video(tmp_path / "long.dcm", AVC, frames=frames)["path"]
    reader = reader_for(path)
    one_frame = 120 * 160 * 3
    tracemalloc.start()
    try:
        for k in range(frames):
            assert frame_number_of(reader.read(k)) == k % 48
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        reader.close()
    assert reader.kept_frames <= KEPT_FRAMES + 1
    assert peak < 3 * KEPT_FRAMES * one_frame, peak  # all 240 frames would be 13.8 MB


def test_the_fragment_stream_reads_across_fragments_without_loading_them(tmp_path):
    from viewer.dicom.video import FragmentStream, pixel_data_offset

    data = encode(AVC, 12)
    path = write_video(tmp_path / "v.dcm", AVC, frames=12, bitstream=data)["path"]
    stream = FragmentStream(path, pixel_data_offset(path))
    assert stream.size == len(data) and len(stream._starts) == -(-len(data) // 4096)
    stream.seek(4090)
    assert stream.read(20) == data[4090:4110]  # across a fragment boundary
    stream.seek(0)
    assert stream.read() == data
    stream.close()


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_cauri_render_frame_n(tmp_path, syntax):
    path = write_video(tmp_path / "v" / "v.dcm", syntax, frames=48)["path"]
    for n in (0, 29):
        out = tmp_path / f"f{n}.png"
        result = cli("render", str(path), "--frame", str(n), "-o", str(out), "--size", "160x120", home=tmp_path / "h")
        assert result.returncode == 0, result.stderr
        assert frame_number_of(np.asarray(Image.open(out).convert("RGB"))) == n
    result = cli("render", str(path), "--frame", "60", "-o", str(tmp_path / "x.png"), home=tmp_path / "h")
    assert result.returncode == 1 and "--frame 60" in result.stderr


def test_cauri_info_lists_a_video_as_one(tmp_path):
    write_video(tmp_path / "v" / "v.dcm", AVC, frames=48, fps=25)
    result = cli("info", "--json", str(tmp_path / "v"), home=tmp_path / "h")
    assert result.returncode == 0, result.stderr
    entry = json.loads(result.stdout)["series"][0]
    assert (entry["kind"], entry["codec"], entry["frames"], entry["fps"], entry["duration"]) == \
        ("video", "H.264/AVC", 48, 25.0, 1.92)
    assert entry["transfer_syntaxes"][0]["decodable"] is True
    text = cli("info", str(tmp_path / "v"), home=tmp_path / "h").stdout
    assert "video: H.264/AVC, 48 frames, 25 fps, 1.92 s, 160 x 120" in text


def test_a_damaged_stream_is_a_clear_message(tmp_path):
    write_video(tmp_path / "bad" / "v.dcm", AVC, frames=48, bitstream=os.urandom(20000))
    result = cli("info", str(tmp_path / "bad"), home=tmp_path / "h")
    assert result.returncode == 1 and "the video stream is damaged and cannot be decoded" in result.stdout
    result = cli("render", str(tmp_path / "bad"), "--frame", "3", "-o", str(tmp_path / "b.png"), home=tmp_path / "h")
    assert result.returncode == 1 and "the video stream is damaged" in result.stderr
    assert "Traceback" not in result.stderr
    data = encode(AVC, 48)
    write_video(tmp_path / "cut" / "v.dcm", AVC, frames=48, bitstream=data[: len(data) // 3])
    result = cli("render", str(tmp_path / "cut"), "--frame", "40", "-o", str(tmp_path / "c.png"), home=tmp_path / "h")
    assert result.returncode == 1 and "frame 41 does not exist" in result.stderr


def test_us_and_xa_cines_stored_as_video_are_videos_and_other_images_of_the_series_stay_stacks(tmp_path):
    from viewer.model.loose_files import open_paths

    from synthetic import write_series

    us = write_video(tmp_path / "us" / "us.dcm", AVC, frames=12, sop_class="1.2.840.10008.5.1.4.1.1.3.1",
                     modality="US")
    xa = write_video(tmp_path / "xa" / "xa.dcm", MPEG2, frames=12, sop_class="1.2.840.10008.5.1.4.1.1.12.1",
                     modality="XA", timing="frame_time_vector")
    write_series(tmp_path / "xa" / "still", slices=1, modality="XA", study_uid=xa["study_uid"],
                 series_uid=xa["series_uid"])
    with open_paths([str(tmp_path / "us"), str(tmp_path / "xa")], home=tmp_path / "home") as loose:
        sets = sorted(((d.modality, d.kind, d.frame_count) for d in loose.display_sets()))
    assert sets == [("US", "video", 12), ("XA", "stack", 1), ("XA", "video", 12)]
    assert us["frames"] == 12
