"""Prefetch of priors against a real Orthanc holding one patient's studies at several dates and modalities."""

from __future__ import annotations

import pytest

from viewer.net.nodes import NetworkConfig, Node
from viewer.net.prefetch import ANY, DEFAULT_RULE, PriorRule, enqueue_priors, prior_studies
from viewer.net.queue import DONE, PRIOR, RetrieveQueue
from viewer.net.retrieve import retrieve_study

from .orthanc import OrthancServer, free_port, orthanc_binary
from .synth import write_study

pytestmark = pytest.mark.timeout(60)

PATIENT = "PRI-001"
# name -> (study date, modality, issuer of patient ID)
STUDIES = {
    "current": ("20240601", "CT", "HOSP-A"),
    "ct_2022": ("20220301", "CT", "HOSP-A"),
    "mr_2023": ("20230115", "MR", "HOSP-A"),
    "ct_2021": ("20210110", "CT", ""),  # issuer unknown: same patient ID on the same archive
    "ct_2015": ("20150101", "CT", "HOSP-A"),  # older than 5 years
    "ct_later": ("20240901", "CT", "HOSP-A"),  # after the opened study: not a prior
    "ct_issuer_b": ("20230601", "CT", "HOSP-B"),  # same ID from another issuer: another patient
}


@pytest.fixture(scope="module")
def priors(tmp_path_factory):
    """An Orthanc of its own (the session archive's contents stay as other tests expect them)."""
    if orthanc_binary() is None:
        pytest.skip("the Orthanc binary is not installed (Debian: apt-get install orthanc orthanc-dicomweb)")
    scp_port = free_port()
    server = OrthancServer(tmp_path_factory.mktemp("orthanc-priors"), modalities={"cauri": ("CAURI", scp_port)}).start()
    data = tmp_path_factory.mktemp("priors-data")
    studies = {}
    for name, (day, modality, issuer) in STUDIES.items():
        studies[name] = write_study(data / name, slices_per_series=(2,), size=16, patient_id=PATIENT, study_date=day,
                                    modality=modality, issuer=issuer, accession=name.upper()[:16])
    other = write_study(data / "other", slices_per_series=(1,), size=16, patient_id="PRI-002", study_date="20230101")
    server.upload([f for s in studies.values() for f in s.files] + other.files)
    config = NetworkConfig()
    config.workstation.ae_title = "CAURI"
    config.workstation.storage_port = scp_port
    config.workstation.min_free_mb = 0
    config.add(Node(name="old", ae_title=server.aet, host="127.0.0.1", port=server.dicom_port,
                    dicomweb_url=server.dicomweb))
    config.add(Node(name="web", dicomweb_url=server.dicomweb))
    yield config, studies
    server.stop()


@pytest.fixture
def opened(priors, tmp_path):
    """The current study, retrieved into a fresh cache and read back as the viewer sees it."""
    from viewer.store.cache import StudyCache

    config, studies = priors
    with StudyCache(tmp_path / "store") as cache:
        uid = studies["current"].study_uid
        assert retrieve_study(cache, config, config.node("old"), uid, method="get").complete
        yield cache, cache.study(uid)


def _names(rows, studies) -> list[str]:
    by_uid = {s.study_uid: name for name, s in studies.items()}
    return [by_uid.get(r["study_uid"], "?") for r in rows]


def test_rule_picks_the_right_priors(priors, opened):
    config, studies = priors
    _cache, record = opened
    assert record.issuer == "HOSP-A" and record.modalities == ("CT",)
    dimse_node, web_node = config.node("old"), config.node("web")
    assert _names(prior_studies(config, dimse_node, record), studies) == ["ct_2022", "ct_2021"]
    assert _names(prior_studies(config, web_node, record), studies) == ["ct_2022", "ct_2021"]  # QIDO-RS alike
    assert _names(prior_studies(config, dimse_node, record, PriorRule(modality=ANY)), studies) == ["mr_2023", "ct_2022"]
    assert _names(prior_studies(config, dimse_node, record, PriorRule(max_priors=5, max_age_years=3)), studies) \
        == ["ct_2022"]
    assert _names(prior_studies(config, dimse_node, record, PriorRule(max_priors=10, max_age_years=20, modality=ANY)),
                  studies) == ["mr_2023", "ct_2022", "ct_2021", "ct_2015"]
    assert prior_studies(config, dimse_node, record, PriorRule(max_priors=0)) == []
    # A study row from the archive works as well as a cache record.
    row = {"study_uid": record.study_uid, "patient_id": PATIENT, "study_date": "20240601", "modalities": ["CT"],
           "issuer": "HOSP-A"}
    assert _names(prior_studies(config, dimse_node, row), studies) == ["ct_2022", "ct_2021"]


def test_enqueue_priors_fetches_them_at_low_priority(priors, opened):
    config, studies = priors
    cache, record = opened
    with RetrieveQueue(cache, config) as queue:
        items = enqueue_priors(queue, "old", record)
        assert [i.priority for i in items] == [PRIOR, PRIOR]
        assert queue.wait_idle(30)
        done = {i.study_uid: i.state for i in queue.items()}
        assert done == {studies["ct_2022"].study_uid: DONE, studies["ct_2021"].study_uid: DONE}
        assert cache.study(studies["ct_2022"].study_uid).instance_count == 2
        assert enqueue_priors(queue, "old", record) == []  # already complete here: nothing to fetch
        # Evicted since: its index rows say 2 images, its files are gone; it is fetched again.
        from viewer.store import eviction

        evicted = studies["ct_2022"].study_uid
        eviction.evict(cache, [evicted])
        assert cache.study(evicted).on_archive and cache.study(evicted).instance_count == 2
        again = enqueue_priors(queue, "old", record)
        assert [i.study_uid for i in again] == [evicted]
        assert queue.wait_idle(30)
        assert not cache.study(evicted).on_archive
        files = [i.path for s in cache.series_of(evicted) for i in cache.instances_of(s.series_uid)]
        assert len(files) == 2 and all(p.exists() for p in files)


def test_rule_is_data():
    assert PriorRule.from_json(DEFAULT_RULE.to_json()) == DEFAULT_RULE == PriorRule(2, 5.0, "same")
    assert PriorRule.from_json({"max_priors": 1, "modality": "any", "unknown": 1}) == PriorRule(1, 5.0, "any")
    with pytest.raises(ValueError):
        PriorRule.from_json({"modality": "MR"})
