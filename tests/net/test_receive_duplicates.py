"""A second copy of an instance received over the network (DCMTK storescu pushing into Cauri's storage
listener): the copy that decodes is the one the cache keeps, as for an import. A damaged stored copy gives
way to a good received one; a good stored copy is never replaced by a damaged one. Expected pixels are the
array the test wrote (tests/test_duplicate_copies.py makes the copies)."""

from __future__ import annotations

import os
import subprocess

import numpy as np
import pytest

from test_duplicate_copies import PIXELS, copies, stored_pixels  # noqa: F401 (copies: a fixture)
from viewer.dicom.integrity import judging_second_copies
from viewer.net.nodes import NetworkConfig, Node
from viewer.net.storage_scp import StorageSCP
from viewer.store.cache import StudyCache
from viewer.store.importer import import_paths

from .orthanc import free_port

DCMTK_ENV = dict(os.environ, TCP_NODELAY="1")


def _config() -> NetworkConfig:
    cfg = NetworkConfig()
    cfg.workstation.ae_title = "CAURI"
    cfg.workstation.storage_port = free_port()
    cfg.workstation.min_free_mb = 0
    cfg.add(Node(name="modality", ae_title="STORESCU", host="127.0.0.1", port=104))
    return cfg


def _push(cache: StudyCache, path) -> StorageSCP:
    with StorageSCP(cache, _config(), bind="127.0.0.1") as scp:
        done = subprocess.run(["storescu", "-xr", "-aet", "STORESCU", "-aec", "CAURI", "127.0.0.1", str(scp.port), str(path)],
                              capture_output=True, text=True, env=DCMTK_ENV, timeout=30)
        assert done.returncode == 0, done.stderr
        assert scp.writer.flush(timeout=20)
    return scp


@pytest.mark.parametrize("damaged", ["cut", "garbage"])
def test_a_good_copy_pushed_replaces_a_damaged_stored_one(tmp_path, copies, damaged):  # noqa: F811
    with judging_second_copies(StudyCache(tmp_path / "cache")) as cache:
        assert import_paths(cache, [copies[damaged]]).imported == 1  # the damaged copy arrived first
        scp = _push(cache, copies["good"])
        assert scp.writer.counts.replaced == 1 and not scp.writer.counts.rejected
        pixels, files = stored_pixels(cache)
        np.testing.assert_array_equal(pixels, PIXELS)
        assert files == 1  # the damaged file is gone, no temp or stray copy left in the store
        assert not any((cache.root / "files").rglob("*.part"))


def test_a_damaged_copy_pushed_never_replaces_a_good_stored_one(tmp_path, copies):  # noqa: F811
    with judging_second_copies(StudyCache(tmp_path / "cache")) as cache:
        assert import_paths(cache, [copies["good"]]).imported == 1
        scp = _push(cache, copies["cut"])
        assert scp.writer.counts.replaced == 0 and scp.writer.counts.already_present == 1
        pixels, files = stored_pixels(cache)
        np.testing.assert_array_equal(pixels, PIXELS)
        assert files == 1


def test_without_a_judge_the_listener_keeps_the_first_copy(tmp_path, copies):  # noqa: F811
    """The store alone cannot decode (the decoders live above it): without the application's judge the
    first copy stays, as an import without one does."""
    with StudyCache(tmp_path / "cache") as cache:
        import_paths(cache, [copies["cut"]])
        scp = _push(cache, copies["good"])
        assert scp.writer.counts.replaced == 0 and scp.writer.counts.already_present == 1
        with pytest.raises(Exception):
            stored_pixels(cache)[0].sum()
