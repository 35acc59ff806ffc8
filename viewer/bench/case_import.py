"""``import``: header parse + index, files/s, Cauri vs a plain pydicom ``dcmread(stop_before_pixels)`` loop.

Two rows per input, each against the same pydicom loop of the same run:

- ``parse + index``: what the issue names. The importer has no index-only mode (a file is indexed
  only once the cache holds its own flushed copy), so this stage is timed on its own, with the
  importer's own pieces: the first read and sniff, ``read_index_header`` (tag scan), the chunked
  ``StudyCache.screen`` and batched ``add_instances`` into an empty cache.
- ``full import``: ``import_paths`` into an empty cache: parse, copy, flush, rename, index. Its note
  gives the floor measured in the same run: a bare loop doing only the kernel's part of a durable
  copy (sendfile to a temp name, one sync, rename, one sync), and how far Cauri is from it.

Files are warm in the page cache for everyone; every Cauri run starts from an empty cache (a file
already present would be skipped and flatter the figure).
"""

from __future__ import annotations

import os
import shutil

import pydicom

from viewer.bench.results import Measurement
from viewer.bench.timing import now
from viewer.dicom.header import FIRST_READ, read_index_header, sniff
from viewer.store import importer
from viewer.store.cache import StudyCache
from viewer.store.filestore import series_relative_path, syncfs
from viewer.store.importer import import_paths

CASE = "import"
_PARSE_ROUNDS = 5


def run(ctx) -> list[Measurement]:
    sets = [("synthetic CT", ctx.inputs.ct(ctx.sizes.ct_slices))]
    mr = ctx.inputs.real_mr(ctx.sizes.real_mr)
    if mr is not None:
        sets.append(("real MR", mr))
    rows = []
    for label, series in sets:
        rows += _measure(ctx, label, [str(f) for f in series.files])
    if mr is None and ctx.sizes.real_mr:
        rows.append(Measurement(CASE, "real MR (384 files)", "files/s", None, "none",
                                note="the shared 384-slice MR series is not on this machine"))
    return rows


def _pydicom_loop(files) -> None:
    for f in files:
        pydicom.dcmread(f, stop_before_pixels=True)


def _parse_and_index(cache, files) -> int:
    """The importer's parse and index stages without its copy; returns the instances indexed."""

    indexed, chunk, batch = 0, [], []
    for path in files:
        with open(path, "rb", buffering=0) as fh:
            size = os.fstat(fh.fileno()).st_size
            head = fh.read(FIRST_READ)
            chunk.append((read_index_header(fh, size, raw=sniff(head[:132]) == "raw", head=head), size))
        if len(chunk) >= importer._CHUNK or path is files[-1]:
            stored, conflicts = cache.screen([h for h, _size in chunk])
            batch += [(h, series_relative_path(h.series_uid, h.sop_uid), size)
                      for (h, size), conflict in zip(chunk, conflicts) if h.sop_uid not in stored and not conflict]
            chunk = []
        if len(batch) >= importer._BATCH_FILES or path is files[-1]:
            indexed += sum(outcome == "imported" for outcome in cache.add_instances(batch))
            batch = []
    return indexed


def _durable_copy_floor(files, root) -> None:
    """The kernel's part of storing the files durably, without any of Cauri's work around it."""
    tmp, final = root / "tmp", root / "files"
    tmp.mkdir(parents=True)
    final.mkdir()
    temps = [tmp / str(k) for k in range(len(files))]
    for src, dst in zip(files, temps):
        if not hasattr(os, "sendfile"):  # pragma: no cover - Windows
            shutil.copyfile(src, dst)
            continue
        fin = os.open(src, os.O_RDONLY)
        try:
            fout = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            try:
                os.sendfile(fout, fin, 0, os.fstat(fin).st_size)
            finally:
                os.close(fout)
        finally:
            os.close(fin)
    _flush(root, temps)  # the data, before any rename
    for k, path in enumerate(temps):
        os.replace(path, final / f"{k}.dcm")
    _flush(root, [])  # the renamed entries


def _flush(root, paths) -> None:
    if syncfs(root):
        return
    if hasattr(os, "sync"):
        os.sync()
        return
    for path in paths:  # pragma: no cover - Windows: one flush per file
        with open(path, "rb+") as fh:
            os.fsync(fh.fileno())


def _fresh(ctx, name: str):
    root = ctx.scratch / name
    shutil.rmtree(root, ignore_errors=True)
    return root


def _measure(ctx, label: str, files: list[str]) -> list[Measurement]:
    _pydicom_loop(files)  # warm the page cache (and pydicom)
    with StudyCache(_fresh(ctx, "import-warm")) as cache:  # warm Cauri's code paths alike
        _parse_and_index(cache, files[:8])
    with StudyCache(_fresh(ctx, "import-warm2")) as cache:
        import_paths(cache, files[:8])
    for name in ("warm", "warm2"):
        shutil.rmtree(ctx.scratch / f"import-{name}", ignore_errors=True)
    n = len(files)
    times: dict[str, list[float]] = {"index": [], "import": [], "floor": [], "peer": []}
    # Interleaved rounds, so a disturbance of the shared machine hits everyone alike. Parsing a few
    # hundred headers takes tens of milliseconds, so that stage and its peer get more rounds.
    for k in range(max(_PARSE_ROUNDS, ctx.sizes.repeats)):
        with StudyCache(_fresh(ctx, "import-index")) as cache:
            t0 = now()
            indexed = _parse_and_index(cache, files)
            times["index"].append(now() - t0)
        t0 = now()
        _pydicom_loop(files)
        times["peer"].append(now() - t0)
        if indexed != n:
            raise RuntimeError(f"{label}: indexed {indexed} of {n}")
        if k >= ctx.sizes.repeats:
            continue
        with StudyCache(_fresh(ctx, "import-run")) as cache:
            t0 = now()
            report = import_paths(cache, files)
            times["import"].append(now() - t0)
        if report.imported != n:
            raise RuntimeError(f"{label}: imported {report.imported} of {n} ({len(report.rejected)} rejected)")
        t0 = now()
        _durable_copy_floor(files, _fresh(ctx, "import-floor"))
        times["floor"].append(now() - t0)
    for name in ("index", "run", "floor"):
        shutil.rmtree(ctx.scratch / f"import-{name}", ignore_errors=True)
    rate = {key: n / min(values) for key, values in times.items()}
    peer = f"pydicom {pydicom.__version__} dcmread(stop_before_pixels) loop"
    rounds, full = len(times["index"]), len(times["import"])
    # The same statistic both sides: the full import's peer is the best of the rounds run beside it.
    peer_full = n / min(times["peer"][:full])
    ratio = "ratio = Cauri files/s / peer files/s, target >= 2"
    return [
        Measurement(
            CASE, f"{label} ({n} files): parse + index", "files/s", rate["index"], peer, rate["peer"],
            note=f"import {label}, parse + index: the importer's first read, tag scan, chunked index screen and "
            f"batched, durable (fsynced) index commit into an empty cache, timed on their own (the importer has "
            f"no index-only mode: it indexes a file only once the cache holds its flushed copy); on a busy disk "
            f"that commit's fsync weighs on a small set; one thread each; best of {rounds} interleaved "
            f"rounds, the peer's too; {ratio}",
        ),
        Measurement(
            CASE, f"{label} ({n} files): full import (copy, flush, index)", "files/s", rate["import"], peer,
            peer_full,
            note=f"import {label}, full import: import_paths into an empty cache (parse, copy, flush, rename, "
            f"index); the bare kernel floor of a durable copy of these files (sendfile, sync, rename, sync; "
            f"nothing else) ran at {rate['floor']:.0f} files/s in the same run: Cauri reaches "
            f"{rate['import'] / rate['floor']:.2f}x of it; Cauri with its copy and flush threads, the peer on one; "
            f"best of the same {full} interleaved rounds for Cauri, the floor and the peer; {ratio}",
        ),
    ]
