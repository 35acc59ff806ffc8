"""Measurements on MPR planes, in patient coordinates: values by hand on a volume whose HU is a linear
function of position (so every trilinear sample is exact), the sampler against VTK's reslice of the
same plane, persistence, and the TID 1500 SR round trip with SCOORD3D."""

from __future__ import annotations

import json
import math
import shutil

import numpy as np
import pydicom
import pytest

from synthetic import write_series
from test_findings_roundtrip import assert_reported, dciodvfy_errors, read_back
from viewer.model.measurements import (
    AnnotationStore,
    ImageRef,
    Measurement,
    MeasurementKind as K,
    PatientPlane,
    Source,
    compute_on_cache,
    ellipse_from_box,
    read_sr_document,
    save_findings,
    to_text,
)
from viewer.model.measure.plane import compute_plane, on_plane, sample_modality, view_plane
from viewer.store.cache import StudyCache
from viewer.store.importer import import_paths

ROWS, COLS, SLICES = 40, 48, 20
PX, DZ = 0.5, 2.0
ORIGIN = np.array([-50.0, -60.0, 0.0])


def hu_at(p) -> np.ndarray:
    """The phantom's HU at patient positions: column + 10 x row + 100 x slice - 1000 (see ramp)."""
    p = np.asarray(p, dtype=np.float64)
    rel = p - ORIGIN
    return rel[..., 0] / PX + 10 * rel[..., 1] / PX + 100 * rel[..., 2] / DZ - 1000


def ramp(k: int) -> np.ndarray:
    r, c = np.mgrid[0:ROWS, 0:COLS]
    return (c + 10 * r + 100 * k - 1000).astype(np.int16)


@pytest.fixture(scope="module")
def volume_study(tmp_path_factory):
    from viewer.model.registry import load_plugins
    from viewer.model.studies import study_display_sets
    from viewer.model.volume import Volume

    root = tmp_path_factory.mktemp("mpr-measure")
    info = write_series(root / "src", slices=SLICES, rows=ROWS, cols=COLS, spacing=(PX, PX), thickness=DZ,
                        hu_slices=ramp, origin=tuple(ORIGIN))
    cache = StudyCache(root / "cache")
    import_paths(cache, [root / "src"])
    (stack,) = [d for d in study_display_sets(cache, info["study_uid"], load_plugins().display_set_handlers()) if d.kind == "stack"]
    volume = Volume(stack).load()
    first = pydicom.dcmread(stack.frames[0].path, stop_before_pixels=True)
    ref = ImageRef(info["study_uid"], info["series_uid"], stack.frames[0].sop_uid, 0)
    yield {"cache": cache, "volume": volume, "ref": ref, "for": str(first.FrameOfReferenceUID), "root": root, "info": info}
    cache.close()


def coronal(volume_study, y_mm: float = -50.0) -> PatientPlane:
    """A coronal grid (right = +x, down = -z) at y, corner at the volume's x origin and top slice."""
    top = ORIGIN[2] + (SLICES - 1) * DZ
    return PatientPlane(volume_study["for"], (ORIGIN[0], y_mm, top), (1, 0, 0), (0, 0, -1), PX)


def oblique(volume_study) -> PatientPlane:
    """Turned 30 degrees about x from axial, through the middle of the volume."""
    a = math.radians(30)
    centre = ORIGIN + np.array([COLS * PX / 2, ROWS * PX / 2, SLICES * DZ / 2])
    right, down = np.array([1.0, 0, 0]), np.array([0, math.cos(a), math.sin(a)])
    corner = centre - right * 10 - down * 8
    return PatientPlane(volume_study["for"], tuple(corner), tuple(right), tuple(down), PX)


def test_lengths_and_angles_in_patient_mm(volume_study):
    plane = coronal(volume_study)
    ref = volume_study["ref"]
    # 30 grid units along x (15 mm) and 40 down (20 mm, across 10 slices).
    r = compute_plane(Measurement(K.LENGTH, [(4, 2), (34, 42)], ref, plane=plane))
    assert r["length"] == pytest.approx(math.hypot(15, 20))
    assert r.calibration == "patient coordinates (MPR plane)" and r.get("length").unit == "mm"
    r = compute_plane(Measurement(K.ANGLE, [(10, 0), (0, 0), (0, 10)], ref, plane=oblique(volume_study)))
    assert r["angle"] == pytest.approx(90.0)
    # Same 3-D points as written: the length between their patient positions.
    m = Measurement(K.LENGTH, [(1.5, 2.5), (20.25, 7.0)], ref, plane=oblique(volume_study))
    a, b = (np.array(m.plane.to_patient(p)) for p in m.points)
    assert compute_plane(m)["length"] == pytest.approx(float(np.linalg.norm(b - a)))


def test_roi_statistics_from_the_plane_in_hu(volume_study):
    volume, ref = volume_study["volume"], volume_study["ref"]
    plane = oblique(volume_study)
    m = Measurement(K.RECTANGLE, [(4, 3), (24, 13)], ref, plane=plane)
    r = compute_plane(m, volume)
    # By hand: the 20 x 10 pixel centres of the rectangle, HU a linear function of their positions.
    ys, xs = np.mgrid[3:13, 4:24] + 0.5
    centres = np.asarray(plane.origin) + (xs[..., None] * np.asarray(plane.right) + ys[..., None] * np.asarray(plane.down)) * PX
    hu = hu_at(centres)
    assert r.pixel_count == 200
    assert r["mean"] == pytest.approx(hu.mean(), abs=1e-6)
    assert r["std"] == pytest.approx(hu.std(), abs=1e-6)
    assert (r["min"], r["max"]) == pytest.approx((hu.min(), hu.max()), abs=1e-6)
    assert r.get("mean").unit == "HU"
    assert r["area"] == pytest.approx(20 * 10 * PX * PX)
    probe = compute_plane(Measurement(K.PROBE, [(7.2, 5.9)], ref, plane=plane), volume)
    centre = np.asarray(plane.origin) + (7.5 * np.asarray(plane.right) + 5.5 * np.asarray(plane.down)) * PX
    assert probe["value"] == pytest.approx(float(hu_at(centre)), abs=1e-6)


def test_region_partly_outside_the_volume_says_so(volume_study):
    volume, ref = volume_study["volume"], volume_study["ref"]
    plane = coronal(volume_study)
    m = Measurement(K.RECTANGLE, [(-10, 0), (10, 4)], ref, plane=plane)
    r = compute_plane(m, volume)
    assert r.pixel_count == 10 * 4
    assert any("outside the volume" in msg for msg in r.messages)


def test_sampler_gives_the_pixels_vtk_reslices(volume_study):
    from viewer.model.mpr import MprSession
    from viewer.render.reslice import VolumeResampler

    session = MprSession(volume_study["volume"])
    session.rotate("axial", math.radians(20))  # coronal and sagittal become oblique
    session.scroll("coronal", 3)
    cut = VolumeResampler(session).reslice("coronal")
    plane = view_plane(session, "coronal", cut.origin_offset, cut.pixel_mm, volume_study["for"])
    rows, cols = cut.pixels.shape
    ys, xs = np.mgrid[0:rows, 0:cols] + 0.5
    pts = np.asarray(plane.origin) + (xs[..., None] * np.asarray(plane.right) + ys[..., None] * np.asarray(plane.down)) * plane.pixel_mm
    values, inside = sample_modality(volume_study["volume"], pts.reshape(-1, 3))
    inside = inside.reshape(rows, cols)
    vtk_hu = cut.pixels.astype(np.float64) * session.volume.slopes[0] + session.volume.intercepts[0]
    assert inside.sum() > 1000
    # VTK interpolates the stored integers and rounds to the volume's type: within one unit.
    assert np.abs(values.reshape(rows, cols)[inside] - vtk_hu[inside]).max() <= 1.0


def test_on_plane_finds_measurements_of_the_view_and_only_those(volume_study):
    ref = volume_study["ref"]
    plane = coronal(volume_study)
    m = Measurement(K.POLYGON, [(2, 2), (20, 4), (10, 30)], ref, plane=plane)
    # The same plane on another grid (shifted origin, coarser pixels): same patient points.
    other = PatientPlane(plane.frame_of_reference, tuple(np.asarray(plane.origin) + (3, 0, -5)), plane.right, plane.down, 1.0)
    seen = on_plane(m, other)
    assert seen is not None and seen.plane == other
    for p, q in zip(m.points, seen.points):
        assert np.allclose(m.plane.to_patient(p), other.to_patient(q))
    moved_off = PatientPlane(plane.frame_of_reference, tuple(np.asarray(plane.origin) + (0, 1.0, 0)), plane.right, plane.down, PX)
    assert on_plane(m, moved_off) is None
    assert on_plane(m, PatientPlane("9.9", plane.origin, plane.right, plane.down, PX)) is None


def plane_measurements(volume_study) -> list[Measurement]:
    ref = volume_study["ref"]
    cor, obl = coronal(volume_study), oblique(volume_study)
    return [
        Measurement(K.LENGTH, [(4, 2), (34, 42)], ref, "lesion", plane=cor),
        Measurement(K.ANGLE, [(10, 3), (2, 2), (4, 12)], ref, plane=obl),
        Measurement(K.COBB, [(1, 1), (20, 3), (2, 10), (18, 16)], ref, plane=cor),
        Measurement(K.BIDIRECTIONAL, [(2, 2), (22, 12), (8, 12), (14, 4)], ref, plane=obl),
        Measurement(K.ELLIPSE, ellipse_from_box((5, 5), (25, 15)), ref, "nodule", plane=obl),
        Measurement(K.RECTANGLE, [(4, 3), (24, 13)], ref, plane=obl),
        Measurement(K.POLYGON, [(2, 2), (20, 4), (10, 30)], ref, plane=cor),
        Measurement(K.PROBE, [(7.5, 5.5)], ref, plane=cor),
    ]


def test_plane_measurements_persist_in_the_annotation_store(volume_study, tmp_path):
    store = AnnotationStore(tmp_path)
    study_uid = volume_study["info"]["study_uid"]
    ms = plane_measurements(volume_study)
    store.save(study_uid, ms)
    assert store.load(study_uid) == ms
    assert json.loads(store.path_for(study_uid).read_text())["measurements"][0]["plane"]["frame_of_reference"] == volume_study["for"]


def test_sr_round_trip_with_scoord3d(volume_study, tmp_path):
    cache, study_uid = volume_study["cache"], volume_study["info"]["study_uid"]
    ms = plane_measurements(volume_study)
    expected = {m.id: compute_on_cache(cache, m) for m in ms}
    assert expected[ms[5].id]["mean"] == pytest.approx(compute_plane(ms[5], volume_study["volume"])["mean"])
    notes: list[str] = []
    (uid,) = save_findings(cache, study_uid, ms, notes=notes)  # an SR only: no GSPS for 3-D measurements
    path = cache.instance_path(uid)
    assert dciodvfy_errors(path) == []
    sr = pydicom.dcmread(path)
    text = str(sr)
    assert "SCOORD3D" in text and volume_study["for"] in text
    assert "3-D in patient coordinates" in to_text(read_sr_document(path))  # the document view says so

    fresh = StudyCache(tmp_path / "fresh")
    try:
        import_paths(fresh, [volume_study["root"] / "src", path])
        _, by_id = read_back(fresh, study_uid, ms)
        for m in ms:
            got = by_id[m.id]
            assert got.kind is m.kind and got.label == m.label and got.source is Source.SR, m.kind
            assert got.plane is not None and got.plane.frame_of_reference == volume_study["for"]
            assert got.image.series_uid == m.image.series_uid, m.kind  # tied back to the volume's series
            ours = [np.array(m.plane.to_patient(p)) for p in m.points]
            theirs = [np.array(got.plane.to_patient(p)) for p in got.points]
            if m.kind is K.RECTANGLE:  # corners may come back as the other diagonal
                assert np.allclose(sorted(map(tuple, ours)), sorted(map(tuple, theirs)), atol=1e-4) or \
                    np.allclose(np.mean(ours, 0), np.mean(theirs, 0), atol=1e-4)
            else:
                assert np.allclose(ours, theirs, atol=1e-4), m.kind
            assert_reported(expected[m.id], got)
            # Recomputed from the fresh cache's volume: the geometry is the same numbers.
            again = compute_on_cache(fresh, got)
            for name in ("length", "angle", "area", "long_axis", "short_axis"):
                if expected[m.id].get(name) is not None:
                    assert again[name] == pytest.approx(expected[m.id][name], rel=1e-6), (m.kind, name)
    finally:
        fresh.close()


def test_cli_lists_plane_measurements(volume_study, tmp_path, capsys):
    from viewer.cli import main

    cache, study_uid = volume_study["cache"], volume_study["info"]["study_uid"]
    home = tmp_path / "home"
    store = home / "data" / "store"
    store.parent.mkdir(parents=True)
    shutil.copytree(cache.root, store)
    ms = plane_measurements(volume_study)
    AnnotationStore(store).save(study_uid, [ms[0], ms[5]])
    assert main(["measurements", "--home", str(home), "--study-uid", study_uid, "--json"]) == 0
    rows = {r["type"]: r for r in json.loads(capsys.readouterr().out) if r["source"] == "cauri"}
    assert rows["length"]["frame_of_reference_uid"] == volume_study["for"]
    assert rows["length"]["values"][0]["value"] == pytest.approx(25.0)
    assert rows["rectangle"]["calibration"] == "patient coordinates (MPR plane)"
    assert {v["name"] for v in rows["rectangle"]["values"]} >= {"area", "mean", "std", "min", "max"}
    assert len(rows["length"]["points_patient"]) == 2
    assert main(["measurements", "--home", str(home), "--study-uid", study_uid]) == 0
    text = capsys.readouterr().out
    assert "MPR plane" in text and "length 25.0 mm" in text


def test_degenerate_3d_coordinates_give_a_shape_or_nothing():
    from viewer.dicom.findings.plane3d import plane_from_patient

    plane, grid = plane_from_patient(K.ELLIPSE, [(1, 2, 3)] * 4, "1.2")
    assert all(np.isfinite(v) for v in plane.right + plane.down) and len(grid) == 4
    plane, grid = plane_from_patient(K.LENGTH, [(0, 0, 0), (3, 4, 0)], "1.2")
    assert np.linalg.norm(np.subtract(plane.to_patient(grid[1]), plane.to_patient(grid[0]))) == pytest.approx(5.0)
    with pytest.raises(ValueError):
        plane_from_patient(K.PROBE, [(float("nan"), 0, 0)], "1.2")
