"""A cached synthetic CT study with one length measurement and one key image, for the report tests."""

from __future__ import annotations

from pathlib import Path

from synthetic import write_series

READER = ("KOUASSI^Awa", "Dr, radiologue", "CNHU-HKM")


def cached_study(tmp_path: Path, home: Path | None = None):
    """(paths, info, measurement, key image ref): 4 slices 128x128 at 0.8 mm, imported into ``home``'s cache."""
    from viewer.core.paths import resolve_paths
    from viewer.model.measurements import AnnotationStore, ImageRef, Measurement, MeasurementKind
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    info = write_series(tmp_path / "src", slices=4, rows=128, cols=128, spacing=(0.8, 0.8))
    paths = resolve_paths(home or tmp_path / "home").ensure()
    with StudyCache(paths.store) as cache:
        import_paths(cache, [str(tmp_path / "src")])
        inst = sorted(cache.instances_of(info["series_uid"]), key=lambda i: i.instance_number)[1]
    ref = ImageRef(info["study_uid"], info["series_uid"], inst.sop_uid, 0)
    # 50 pixels along a row at 0.8 mm: 40 mm
    m = Measurement(kind=MeasurementKind.LENGTH, points=((10.0, 20.0), (60.0, 20.0)), image=ref, label="nodule")
    AnnotationStore(paths.store).save(info["study_uid"], [m], [ref])
    return paths, info, m, ref


def dciodvfy_errors(path) -> list[str]:
    import subprocess

    out = subprocess.run(["dciodvfy", str(path)], capture_output=True, text=True, timeout=60)
    return [line for line in (out.stdout + out.stderr).splitlines() if line.startswith("Error")]
