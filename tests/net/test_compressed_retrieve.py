"""Retrieve over a slow link, against a real Orthanc: lossless compressed transfer syntaxes by C-GET and
WADO-RS (pixels checked against the originals, decoded by GDCM), the fallback when the archive refuses one,
and the order that brings the image the reader will see first."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pydicom
import pytest
from pydicom.pixels import pixel_array
from pydicom.uid import ExplicitVRLittleEndian, HTJ2KLossless, JPEG2000Lossless, JPEGLSLossless

from viewer.model.registry import load_plugins
from viewer.model.studies import study_display_sets
from viewer.net import dicomweb
from viewer.net.ingest import CacheWriter
from viewer.net.retrieve import retrieve_study
from viewer.presentation.windows import opening_state
from viewer.store.cache import StudyCache

from .conftest import OUR_AET
from .orthanc import OrthancServer, free_port, orthanc_binary
from .synth import write_study

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def jpegls_archive(tmp_path_factory):
    """An Orthanc that stores what it receives as JPEG-LS lossless (IngestTranscoding), with one CT series."""
    if orthanc_binary() is None:
        pytest.skip("the Orthanc binary is not installed")
    work = tmp_path_factory.mktemp("orthanc-jpegls")
    server = OrthancServer(work, modalities={"cauri": (OUR_AET, free_port())},
                           extra={"IngestTranscoding": str(JPEGLSLossless)}).start()
    study = write_study(tmp_path_factory.mktemp("jpegls-ct"), slices_per_series=(5,))
    server.upload(study.files)
    yield server, study
    server.stop()


def _stored(root) -> dict[str, pydicom.Dataset]:
    """SOP Instance UID -> dataset of every DICOM file under the cache folder."""
    return {str(ds.SOPInstanceUID): ds for ds in (pydicom.dcmread(p) for p in root.rglob("*")
                                                   if p.is_file() and pydicom.misc.is_dicom(p))}


def _assert_same_pixels_as(originals, stored: dict[str, pydicom.Dataset], syntax: str) -> None:
    assert len(stored) == len(originals)
    for path in originals:
        original = pydicom.dcmread(path)
        got = stored[str(original.SOPInstanceUID)]
        assert got.file_meta.TransferSyntaxUID == syntax
        # GDCM decodes the received file: an independent decoder, against the uncompressed original.
        assert np.array_equal(pixel_array(got, decoding_plugin="gdcm"), original.pixel_array)


def _node_config(config, server, **changes):
    node = replace(config.nodes[0], host="127.0.0.1", port=server.dicom_port, dicomweb_url=server.dicomweb, **changes)
    return replace(config, nodes=[node]), node


@pytest.mark.parametrize("method", ["get", "move"])
def test_dimse_takes_the_archives_jpeg_ls_as_stored(jpegls_archive, config, tmp_path, method):
    # C-GET: our proposed contexts include JPEG-LS; C-MOVE: our storage SCP accepts the JPEG-LS context
    # Orthanc proposes. Either way the images travel as the archive stores them.
    server, study = jpegls_archive
    cfg, node = _node_config(config, server)
    cfg = replace(cfg, workstation=replace(cfg.workstation, storage_port=server.modalities["cauri"][1]))
    with StudyCache(tmp_path / "cache") as cache:
        report = retrieve_study(cache, cfg, node, study.study_uid, method=method)
    assert report.complete and report.imported == 5, report
    _assert_same_pixels_as(study.files, _stored(tmp_path / "cache"), JPEGLSLossless)


def test_wado_asks_the_archive_for_jpeg_ls(archive, config, cache):
    # The session's archive stores uncompressed: Orthanc transcodes because the Accept header asks it to.
    ct = archive.ct
    report = retrieve_study(cache, config, config.nodes[0], ct.study_uid, method="wado")
    assert report.complete and report.imported == len(ct.files), report
    _assert_same_pixels_as(ct.files, _stored(cache.root), JPEGLSLossless)


def test_wado_falls_back_to_as_stored_when_the_syntaxes_are_refused(archive, config, cache, monkeypatch):
    # Orthanc 1.10 answers HTTP 400 to HTJ2K and 500 to JPEG 2000 (it cannot encode them): each refused
    # once, then the images come as the archive stores them.
    monkeypatch.setattr(dicomweb, "LOSSLESS_WIRE", [HTJ2KLossless, JPEG2000Lossless])
    monkeypatch.setattr(dicomweb, "_REFUSED", {})
    ct = archive.ct
    report = retrieve_study(cache, config, config.nodes[0], ct.study_uid, method="wado")
    assert report.complete and report.imported == len(ct.files), report
    _assert_same_pixels_as(ct.files, _stored(cache.root), ExplicitVRLittleEndian)
    client = dicomweb.Client(config.nodes[0])
    assert client.wire_accepts()[0].endswith("transfer-syntax=*")  # not asked again


def test_a_node_set_as_stored_does_not_ask_for_compression(archive, config, cache):
    cfg, node = _node_config(config, archive.server, wire_compression=False)
    ct = archive.accented
    report = retrieve_study(cache, cfg, node, ct.study_uid, method="wado")
    assert report.complete, report
    _assert_same_pixels_as(ct.files, _stored(cache.root), ExplicitVRLittleEndian)


def test_the_image_the_viewer_opens_on_arrives_first(archive, config, cache, monkeypatch):
    # The first series has 12 slices, instance numbers 1..12 at z = 0..11 mm: a viewport opens a stack on
    # its middle (12 // 2 = index 6). With a viewer waiting, that image is the first to come off the wire.
    ct = archive.ct
    se = ct.series_uids[0]
    arrivals: list[str] = []  # SOP Instance UIDs in the order the C-STORE sub-operations came
    store = CacheWriter.store

    def recording(self, sop_class, sop_uid, *args, **kwargs):
        arrivals.append(str(sop_uid))
        return store(self, sop_class, sop_uid, *args, **kwargs)

    monkeypatch.setattr(CacheWriter, "store", recording)
    report = retrieve_study(cache, config, config.nodes[0], ct.study_uid, method="get", first_series=se, parallel=2)
    assert report.complete, report
    assert len(arrivals) == len(ct.files)
    first = arrivals[0]
    assert pydicom.dcmread(ct.files[ct.sop_uids.index(first)]).InstanceNumber == 7  # the middle of 12 (1-based)
    stacks = [d for d in study_display_sets(cache, ct.study_uid, load_plugins().display_set_handlers())
              if d.kind == "stack" and d.series_uid == se]
    state = opening_state(stacks[0])
    assert stacks[0].frames[state.index].sop_uid == first  # the whole stack opens on the image that came first


def test_cli_node_add_as_stored_turns_wire_compression_off(tmp_path):
    import json
    import subprocess
    import sys

    home = str(tmp_path / "home")
    base = [sys.executable, "-m", "viewer", "node", "add"]
    for name, extra in (("slow", []), ("lan", ["--as-stored"])):
        done = subprocess.run(base + [name, "--dicomweb", "http://127.0.0.1:1/dicom-web", *extra, "--home", home],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
    listed = subprocess.run([sys.executable, "-m", "viewer", "node", "list", "--json", "--home", home],
                            capture_output=True, text=True, timeout=60)
    nodes = {n["name"]: n for n in json.loads(listed.stdout)}
    assert nodes["slow"]["wire_compression"] is True and nodes["lan"]["wire_compression"] is False
