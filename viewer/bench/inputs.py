"""The suite's inputs, generated on demand under a scratch folder and reused while it lives.

With ``--home DIR`` the scratch folder is ``DIR/bench`` and survives the run (a second run skips the
generation); without it the runner uses a temporary folder and removes it. Nothing goes into the
home's own study cache: the benchmark imports into ``<scratch>/home``, its own Cauri home, so that a
workstation's study list never fills with synthetic patients.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from viewer.bench.synthetic_ct import Series, write_ct_series
from viewer.core.paths import resolve_paths
from viewer.store.cache import StudyCache
from viewer.store.importer import import_paths

INPUTS_VERSION = 1
# The real-DICOM corpus, where the tests look for it too (README, "Test data").
_CORPUS = Path(os.environ.get("CAURI_TEST_DATA") or Path(__file__).resolve().parents[3] / "shared" / "data" / "dicom")
REAL_MR = _CORPUS / "gh-datalad-example-dicom-structural" / "dicoms"


@dataclass(frozen=True)
class Compressor:
    key: str
    label: str  # the transfer syntax, as the table names it
    command: tuple[str, ...]  # input and output file are appended
    syntax_uid: str


# Lossless syntaxes a PACS actually sends; each made by the tool peers use to make them.
COMPRESSORS = (
    Compressor("jpeg-lossless", "JPEG lossless SV1", ("dcmcjpeg", "+e1"), "1.2.840.10008.1.2.4.70"),
    Compressor("jpeg-ls", "JPEG-LS lossless", ("dcmcjpls", "+el"), "1.2.840.10008.1.2.4.80"),
    Compressor("jpeg2000", "JPEG 2000 lossless", ("gdcmconv", "--j2k"), "1.2.840.10008.1.2.4.90"),
    Compressor("rle", "RLE lossless", ("dcmcrle",), "1.2.840.10008.1.2.5"),
)


class InputUnavailable(RuntimeError):
    """An input cannot be made here (a tool is missing); the case says so and skips."""


class Inputs:
    def __init__(self, root: Path, log=print) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.log = log

    # -- plain synthetic CT ---------------------------------------------------------------------------

    def ct(self, slices: int) -> Series:
        folder = self.root / f"ct-{slices}"
        found = _load_marker(folder)
        if found:
            return found
        shutil.rmtree(folder, ignore_errors=True)
        self.log(f"generating a synthetic CT series of {slices} slices 512x512...")
        series = write_ct_series(folder, slices, patient_id=f"BENCH-CT-{slices}")
        _save_marker(series)
        return series

    # -- compressed copies ---------------------------------------------------------------------------

    def compressed(self, comp: Compressor, source: Series, count: int) -> Series:
        """The first ``count`` slices of ``source`` re-encoded by ``comp`` (same UIDs, same pixels)."""
        tool = shutil.which(comp.command[0])
        if tool is None:
            raise InputUnavailable(f"{comp.command[0]} is not installed (needed to make {comp.label} files)")
        folder = self.root / f"{source.folder.name}-{comp.key}-{count}"
        found = _load_marker(folder)
        if found:
            return found
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        self.log(f"encoding {count} slices as {comp.label} with {comp.command[0]}...")
        pairs = [(src, folder / src.name) for src in source.files[:count]]

        def encode(pair):
            src, dst = pair
            proc = subprocess.run([tool, *comp.command[1:], str(src), str(dst)], capture_output=True, text=True)
            if proc.returncode != 0 or not dst.exists():
                raise InputUnavailable(f"{comp.command[0]} failed: {(proc.stderr or proc.stdout).strip()[:200]}")

        # One encoder process per core: the encoders are single-threaded.
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            list(pool.map(encode, pairs))
        _check_syntax(pairs[0][1], comp)
        series = Series(folder, tuple(dst for _, dst in pairs), source.study_uid, source.series_uid)
        _save_marker(series)
        return series

    # -- real data -----------------------------------------------------------------------------------

    def real_mr(self, wanted: bool = True) -> Series | None:
        """The shared 384-slice T1 MR series (384x274 int16, implicit VR), when this machine has it."""
        if not wanted or not REAL_MR.is_dir():
            return None
        import pydicom

        files = tuple(sorted(p for p in REAL_MR.iterdir() if p.is_file()))
        if not files:
            return None
        first = pydicom.dcmread(files[0], stop_before_pixels=True)
        return Series(REAL_MR, files, str(first.StudyInstanceUID), str(first.SeriesInstanceUID), int(first.Rows), int(first.Columns))

    # -- the scratch Cauri home with series imported ---------------------------------------------------

    @property
    def home(self) -> Path:
        return self.root / "home"

    def store(self) -> Path:
        return resolve_paths(self.home).ensure().store

    def imported(self, series: Series) -> Path:
        """Import ``series`` into the scratch home's cache (once); returns the cache root."""

        store = self.store()
        with StudyCache(store) as cache:
            if len(cache.instances_of(series.series_uid)) == len(series.files):
                return store
            self.log(f"importing {len(series.files)} files into the scratch cache...")
            report = import_paths(cache, [str(p) for p in series.files])
            if report.rejected:
                raise InputUnavailable(f"the scratch cache refused {len(report.rejected)} file(s): {report.rejected[0].reason}")
        return store


def _check_syntax(path: Path, comp: Compressor) -> None:
    import pydicom

    ts = str(pydicom.dcmread(path, stop_before_pixels=True).file_meta.TransferSyntaxUID)
    if ts != comp.syntax_uid:
        raise InputUnavailable(f"{comp.command[0]} wrote {ts}, not {comp.label} ({comp.syntax_uid})")


def _marker(folder: Path) -> Path:
    return folder / "series.json"


def _load_marker(folder: Path) -> Series | None:
    try:
        data = json.loads(_marker(folder).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("version") != INPUTS_VERSION:
        return None
    files = tuple(folder / name for name in data["files"])
    if not all(f.exists() for f in files):
        return None
    return Series(folder, files, data["study_uid"], data["series_uid"], data["rows"], data["columns"])


def _save_marker(series: Series) -> None:
    # Written last: a run killed mid-generation leaves no marker, and the next run starts over.
    data = {
        "version": INPUTS_VERSION,
        "files": [f.name for f in series.files],
        "study_uid": series.study_uid,
        "series_uid": series.series_uid,
        "rows": series.rows,
        "columns": series.columns,
    }
    _marker(series.folder).write_text(json.dumps(data), encoding="utf-8")
