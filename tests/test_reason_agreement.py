"""Issue 19: ``import`` and ``info`` give the same verdict and the same reason for the same damaged file,
pixel data completeness included (a deflated dataset too), over a deterministic set of mutated real files
made by the robustness campaign's own mutator (``tools.robustness.mutations``)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import DeflatedExplicitVRLittleEndian, SecondaryCaptureImageStorage, generate_uid

from conftest import SHARED_DATA
from viewer.model.loose_files import open_paths
from viewer.store.cache import StudyCache
from viewer.store.importer import import_paths

pytestmark = pytest.mark.timeout(300)


def _verdicts(tmp_path, files, monkeypatch):
    with StudyCache(tmp_path / "store") as cache:
        report = import_paths(cache, [str(f) for f in files])
    imported = {r.source: r.reason for r in report.rejected}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        monkeypatch.setenv("CAURI_HOME", str(tmp_path / "home"))
        with open_paths([str(f) for f in files]) as loose:
            info = {p.source: p.reason for p in loose.problems + loose.skipped}
    return imported, info


def test_deflated_dataset_with_short_pixel_data_is_refused_by_both(tmp_path, monkeypatch):
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = DeflatedExplicitVRLittleEndian
    ds.SOPClassUID = SecondaryCaptureImageStorage
    ds.SOPInstanceUID = generate_uid()
    ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.Modality = generate_uid(), generate_uid(), "OT"
    ds.Rows = ds.Columns = 64
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 0
    ds.PixelData = np.zeros(64 * 64 - 100, np.uint16).tobytes()  # 200 bytes short
    path = tmp_path / "short_deflated.dcm"
    ds.save_as(path, enforce_file_format=True)
    imported, info = _verdicts(tmp_path, [path], monkeypatch)
    short = "image data is shorter than its header says (damaged or truncated file)"
    assert imported == {str(path): short} and info == {str(path): short}


def test_import_and_info_agree_on_mutated_real_files(tmp_path, monkeypatch):
    if not SHARED_DATA.exists():
        pytest.skip(f"needs the shared DICOM corpus at {SHARED_DATA}")
    from tools.robustness import mutations

    seeds = mutations.seeds()
    files = []
    for number in range(300):
        case = mutations.make(number, seeds, tmp_path / "cases" / str(number), base_seed=7)
        if case.kind == "file":
            files.append(tmp_path / "cases" / str(number) / "case.dcm")
    assert len(files) > 200
    imported, info = _verdicts(tmp_path, files, monkeypatch)
    assert len(imported) > 50  # most mutations do break the file
    # Refusals by the cache (a mutated copy's series already filed under another study) are about the other
    # files of the set, not about this one: info, which reads no cache, has nothing to say there.
    imported = {f: r for f, r in imported.items() if "in the cache" not in r}
    disagree = {f: (imported.get(f), info.get(f)) for f in set(imported) | set(info)
                if imported.get(f) != info.get(f)
                and (info.get(f) or "").split(";")[0] != "same SOP instance as"}
    # Copies of one seed share a SOP Instance UID: info shows the second once ("same SOP instance as ..."),
    # import counts it as already present; those are not verdicts on the file.
    disagree = {f: v for f, v in disagree.items() if not (v[0] is None and (v[1] or "").startswith("same SOP"))}
    assert disagree == {}
