"""Two copies of one instance (same SOP Instance UID) where one is damaged: the copy that decodes is the one
the cache keeps and the viewer shows, whatever the import order; a good stored copy is never replaced by a
damaged one, and the good copy is never lost. Expected pixels are the array the test wrote."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pydicom
import pytest
from pydicom.encaps import encapsulate, generate_frames
from pydicom.uid import RLELossless, generate_uid

from dicom_writer import write_image
from viewer.dicom.integrity import pixels_decode
from viewer.store.cache import StudyCache
from viewer.store.importer import import_paths

ROOT = Path(__file__).resolve().parents[1]
PIXELS = ((np.arange(48 * 64, dtype=np.int32) * 7) % 3000 - 1000).astype(np.int16).reshape(48, 64)


@pytest.fixture
def copies(tmp_path) -> dict[str, Path]:
    """A good RLE copy of an image, and two damaged ones with the same SOP Instance UID: compressed data
    cut short (its item length matching, so the file itself is complete) and compressed data replaced by
    garbage."""
    folder = tmp_path / "copies"
    good = folder / "good.dcm"
    write_image(good, PIXELS, StudyInstanceUID=generate_uid(), SeriesInstanceUID=generate_uid(), Modality="CT",
                PatientID="DUP-1", PatientName="Test^Dup", InstanceNumber=1)
    ds = pydicom.dcmread(good)
    ds.compress(RLELossless)
    ds.save_as(good)
    fragment = next(generate_frames(ds.PixelData, number_of_frames=1))
    out = {"good": good}
    for name, data in (("cut", fragment[: len(fragment) // 2]), ("garbage", np.random.default_rng(7).bytes(len(fragment) + 40))):
        bad = pydicom.dcmread(good)
        bad.PixelData = encapsulate([data])
        bad.save_as(folder / f"{name}.dcm")
        out[name] = folder / f"{name}.dcm"
    return out


def stored_pixels(cache: StudyCache) -> tuple[np.ndarray, int]:
    (study,) = cache.find_studies()
    (series,) = cache.series_of(study.study_uid)
    (inst,) = cache.instances_of(series.series_uid)
    files = [p for p in (cache.root / "files").rglob("*.dcm")]
    return pydicom.dcmread(inst.path).pixel_array, len(files)


def test_the_damaged_copies_really_do_not_decode(copies):
    assert pixels_decode([str(copies["good"]), str(copies["cut"]), str(copies["garbage"])]) == [True, False, False]


@pytest.mark.parametrize("damaged", ["cut", "garbage"])
@pytest.mark.parametrize("order", ["damaged-first", "good-first"])
@pytest.mark.parametrize("runs", ["one-import", "two-imports"])
def test_the_copy_that_decodes_wins_whatever_the_order(tmp_path, copies, damaged, order, runs):
    sequence = [copies[damaged], copies["good"]] if order == "damaged-first" else [copies["good"], copies[damaged]]
    with StudyCache(tmp_path / "cache") as cache:
        if runs == "one-import":
            reports = [import_paths(cache, sequence, judge=pixels_decode)]
        else:
            reports = [import_paths(cache, [p], judge=pixels_decode) for p in sequence]
        assert sum(r.imported for r in reports) == 1 and not any(r.rejected for r in reports)
        assert sum(r.replaced for r in reports) == (1 if order == "damaged-first" else 0)
        assert sum(r.already_present for r in reports) == (0 if order == "damaged-first" else 1)
        pixels, files = stored_pixels(cache)
        np.testing.assert_array_equal(pixels, PIXELS)
        assert files == 1  # the damaged copy's file is gone, nothing else is left behind


def test_without_a_judge_the_first_copy_stays(tmp_path, copies):
    with StudyCache(tmp_path / "cache") as cache:
        import_paths(cache, [copies["cut"]])
        assert import_paths(cache, [copies["good"]]).already_present == 1
        (study,) = cache.find_studies()
        (series,) = cache.series_of(study.study_uid)
        (inst,) = cache.instances_of(series.series_uid)
        assert inst.path.read_bytes() == copies["cut"].read_bytes()


def test_cauri_import_replaces_a_damaged_stored_copy(tmp_path, copies):
    env = dict(os.environ, CAURI_HOME=str(tmp_path / "home"))

    def cauri_import(path: Path) -> dict:
        run = subprocess.run([sys.executable, "-m", "viewer", "import", "--json", str(path)],
                             capture_output=True, text=True, timeout=120, cwd=ROOT, env=env)
        assert run.returncode == 0, run.stderr
        return json.loads(run.stdout)

    assert cauri_import(copies["garbage"])["imported"] == 1
    second = cauri_import(copies["good"])
    assert (second["imported"], second["replaced"], second["already_present"]) == (0, 1, 0)
    third = cauri_import(copies["cut"])  # a damaged copy never replaces the good one now stored
    assert (third["replaced"], third["already_present"]) == (0, 1)
    from viewer.core.paths import resolve_paths

    with StudyCache(resolve_paths(tmp_path / "home").store) as cache:
        pixels, files = stored_pixels(cache)
    np.testing.assert_array_equal(pixels, PIXELS)
    assert files == 1


def test_identical_and_uncompressed_copies_are_not_judged(tmp_path, copies):
    calls = []

    def judge(paths):
        calls.append(list(paths))
        return [True] * len(paths)

    plain = tmp_path / "plain.dcm"
    write_image(plain, PIXELS, StudyInstanceUID=generate_uid(), SeriesInstanceUID=generate_uid())
    again = tmp_path / "again" / "plain.dcm"
    again.parent.mkdir()
    ds = pydicom.dcmread(plain)
    ds.PatientComments = "another copy, other bytes"
    ds.save_as(again)
    with StudyCache(tmp_path / "cache") as cache:
        import_paths(cache, [copies["good"], plain], judge=judge)
        report = import_paths(cache, [copies["good"], again], judge=judge)
    assert report.already_present == 2 and calls == []


def test_cauri_info_shows_the_copy_that_decodes(tmp_path, copies):
    """Files read in place (cauri info, cauri render PATH) follow the same rule as the cache."""
    from viewer.commands.info_cmd import describe
    from viewer.model.loose_files import open_paths

    with open_paths([copies["cut"], copies["good"]]) as loose:
        report = describe(loose, stats=True)
    assert report["errors"] == [] and report["duplicates"] == 1
    (entry,) = report["series"]
    assert (entry["stats"]["min"], entry["stats"]["max"]) == (float(PIXELS.min()), float(PIXELS.max()))
    assert [s["file"] for s in report["skipped"]] == [str(copies["cut"])]
