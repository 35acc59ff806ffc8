"""Sizes and times of the second opinion for a 500-image synthetic CT (512x512, 16-bit, uncompressed):
de-identification alone (Cauri, and dicognito as a peer), the request package (de-identify + encrypt), and
opening it on the expert's side. Run: python tools/bench_second_opinion.py [SLICES]  (needs the deid-peers extra
for the peer's line)."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import pydicom

from viewer.bench.synthetic_ct import write_ct_series
from viewer.core.paths import resolve_paths
from viewer.distribute.deid import Deidentifier, load_profile
from viewer.distribute.second_opinion.expert import open_request
from viewer.distribute.second_opinion.request import Request, create_request
from viewer.store.cache import StudyCache
from viewer.store.importer import import_paths

PASSWORD = "bench password"


def main(slices: int = 500) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        series = write_ct_series(tmp / "ct", slices)
        raw = sum(f.stat().st_size for f in series.files)
        print(f"{slices} images, {raw / 1e6:.1f} MB uncompressed")
        datasets = [pydicom.dcmread(f) for f in series.files]
        t = time.perf_counter()
        deid = Deidentifier(load_profile("second-opinion"))
        for ds in datasets:
            deid.apply(ds)
        print(f"de-identify only (Cauri, in memory): {time.perf_counter() - t:.2f} s")
        try:
            from dicognito.anonymizer import Anonymizer

            t = time.perf_counter()
            peer = Anonymizer()
            for ds in datasets:
                peer.anonymize(ds.copy())
            print(f"de-identify only (dicognito 0.19, in memory): {time.perf_counter() - t:.2f} s")
        except ImportError:
            pass
        del datasets
        paths = resolve_paths(tmp / "hospital").ensure()
        with StudyCache(paths.store) as cache:
            import_paths(cache, [str(series.folder)])
            t = time.perf_counter()
            done = create_request(cache, paths, Request(series.study_uid, "question", "Dr A"), PASSWORD, tmp / "req.zip")
            made = time.perf_counter() - t
        print(f"request package (read + de-identify + AES-256 ZIP): {made:.2f} s, {done.size / 1e6:.1f} MB "
              f"({100 * done.size / raw:.0f} % of the images)")
        expert = resolve_paths(tmp / "expert").ensure()
        with StudyCache(expert.store) as cache:
            t = time.perf_counter()
            opened = open_request(cache, expert, tmp / "req.zip", PASSWORD)
            print(f"open on the expert's side (decrypt + check + import): {time.perf_counter() - t:.2f} s, "
                  f"{opened.instances} images")
        print(f"machine: {os.cpu_count()} CPU(s), Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
