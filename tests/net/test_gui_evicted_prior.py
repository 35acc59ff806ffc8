"""An evicted prior that the hanging protocol asks for (issue 20): the protocol lays out what is here, the
prior is fetched back from its archive (a real Orthanc) and laid out beside the current study as it arrives;
it is never laid out as empty views from its index rows."""

from __future__ import annotations

import json

import pytest
from gui_helpers import make_window, wait_ready, widget_pixels

from net.synth import write_study

pytestmark = [pytest.mark.gui, pytest.mark.timeout(180)]

COMPARE = {
    "id": "test-knee-compare", "name": {"fr": "Genou comparé", "en": "Knee compared"},
    "match": {"modality": "CT", "study_description": ["genou"]},
    "stages": [{"name": {"fr": "Actuel et antérieur", "en": "Current and prior"},
                "monitors": [{"monitor": 0, "rows": 1, "cols": 2, "viewports": [
                    {"series": {"modality": ["CT"]}, "study": "current"},
                    {"series": {"modality": ["CT"]}, "study": "prior:1"}]}]}],
}


def test_an_evicted_prior_a_protocol_wants_is_fetched_and_laid_out(qtbot, net_home, archive, tmp_path):
    from viewer.core.paths import resolve_paths
    from viewer.model.hanging.library import user_folder
    from viewer.net.nodes import NetworkConfig
    from viewer.net.retrieve import retrieve_study
    from viewer.store import eviction
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    prior_uid = archive.accented.study_uid  # DÉSIRÉ Aké Françoise, 10/03/2023, on the archive
    current = write_study(tmp_path / "current", slices_per_series=(4,), patient_id="NET-002",
                          patient_name="DÉSIRÉ^Aké Françoise", study_date="20240310", accession="ACC009",
                          description="IRM GENOU")
    paths = resolve_paths(net_home).ensure()
    with StudyCache(paths.store) as cache:
        config = NetworkConfig.load(net_home)
        assert retrieve_study(cache, config, config.node("pacs"), prior_uid).complete
        eviction.evict(cache, [prior_uid])
        assert cache.study(prior_uid).on_archive
        import_paths(cache, [str(tmp_path / "current")])
    folder = user_folder(paths.config)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "test-knee-compare.json").write_text(json.dumps(COMPARE), encoding="utf-8")

    window = make_window(qtbot, net_home, language="fr", protocols=True)
    window.open_study(current.study_uid)
    prior = next(p for p in window.ws.reading.priors if p.study_uid == prior_uid)
    assert prior.where == "pacs"  # listed on its archive, not as a study whose images are here
    left, right = window.grid.visible_viewports()
    assert left.state.display_set.study_uid == current.study_uid
    qtbot.waitUntil(lambda: right.state.display_set is not None and right.state.display_set.study_uid == prior_uid
                    and not window.ws.cache.study(prior_uid).on_archive, timeout=60000)
    qtbot.waitUntil(lambda: not window.ws.retrieving_studies(), timeout=60000)
    wait_ready(qtbot, window)
    assert right.state.count == 3 and widget_pixels(right)[:, :, 0].std() > 10
    assert window.ws.study.study_uid == current.study_uid  # the prior came beside, the current study stayed
