"""C-ECHO, C-FIND and C-GET/C-MOVE against a real Orthanc."""

from __future__ import annotations

import pytest

from viewer.net import dimse
from viewer.net import NetError
from viewer.net.query import RemoteQuery
from viewer.net.nodes import Node
from viewer.net.retrieve import retrieve_study

pytestmark = pytest.mark.timeout(60)


def test_echo(config):
    assert dimse.echo(config.workstation, config.node("pacs")) > 0  # answered with success; its time: `cauri bench retrieve`


def test_echo_unknown_peer_is_refused(config, archive):
    # Orthanc knows no "STRANGER": the association is rejected and the message says so.
    config.workstation.ae_title = "STRANGER"
    with pytest.raises(NetError, match="rejected"):
        dimse.echo(config.workstation, config.node("pacs"))


def test_echo_nobody_listening(config):
    from .orthanc import free_port

    dead = Node(name="dead", ae_title="X", host="127.0.0.1", port=free_port())
    with pytest.raises(NetError):
        dimse.echo(config.workstation, dead)


def test_find_study_filters(config, archive):
    ws, pacs = config.workstation, config.node("pacs")
    by_id = dimse.find(ws, pacs, RemoteQuery(patient_id="NET-001"))
    assert [s["study_uid"] for s in by_id] == [archive.ct.study_uid]
    assert by_id[0]["instance_count"] == 20 and by_id[0]["modalities"] == ["CT"]
    assert {s["study_uid"] for s in dimse.find(ws, pacs, RemoteQuery(name="koffi"))} == {archive.ct.study_uid}
    assert {s["study_uid"] for s in dimse.find(ws, pacs, RemoteQuery(date_from="20240101", date_to="20241231"))} \
        == {archive.ct.study_uid}
    assert {s["study_uid"] for s in dimse.find(ws, pacs, RemoteQuery(date_to="20231231"))} \
        == {archive.accented.study_uid}
    assert {s["study_uid"] for s in dimse.find(ws, pacs, RemoteQuery(accession="ACC002"))} \
        == {archive.accented.study_uid}
    assert {s["study_uid"] for s in dimse.find(ws, pacs, RemoteQuery(modality="CT"))} \
        == {archive.ct.study_uid, archive.accented.study_uid}
    assert dimse.find(ws, pacs, RemoteQuery(modality="MR")) == []
    assert len(dimse.find(ws, pacs, RemoteQuery(modality="CT", limit=1))) == 1
    assert {s["study_uid"] for s in dimse.find(ws, pacs, RemoteQuery(description="IRM*"))} \
        == {archive.accented.study_uid}


def test_find_accents_round_trip(config, archive):
    ws, pacs = config.workstation, config.node("pacs")
    found = dimse.find(ws, pacs, RemoteQuery(name="DÉSIRÉ*"))
    assert [s["patient_name"] for s in found] == ["DÉSIRÉ^Aké Françoise"]
    found = dimse.find(ws, pacs, RemoteQuery(study_uid=archive.accented.study_uid))
    assert found[0]["patient_name"] == "DÉSIRÉ^Aké Françoise"


def test_find_series_and_image_levels(config, archive):
    ws, pacs = config.workstation, config.node("pacs")
    series = dimse.find(ws, pacs, RemoteQuery(level="SERIES", study_uid=archive.ct.study_uid))
    assert sorted(s["series_uid"] for s in series) == sorted(archive.ct.series_uids)
    assert sorted(s["instance_count"] for s in series) == [8, 12]
    # Without a study UID the study filters pick the studies first (hierarchical Study Root).
    series = dimse.find(ws, pacs, RemoteQuery(level="SERIES", patient_id="NET-002"))
    assert [s["series_uid"] for s in series] == archive.accented.series_uids
    images = dimse.find(ws, pacs, RemoteQuery(level="IMAGE", study_uid=archive.ct.study_uid))
    assert sorted(i["sop_uid"] for i in images) == sorted(archive.ct.sop_uids)
    one = dimse.find(ws, pacs, RemoteQuery(level="IMAGE", study_uid=archive.ct.study_uid,
                                           series_uid=archive.ct.series_uids[1]))
    assert len(one) == 8


@pytest.mark.parametrize("method", ["get", "move", "wado"])
def test_retrieve_study(method, cache, config, archive):
    report = retrieve_study(cache, config, config.node("pacs"), archive.ct.study_uid, method=method)
    assert report.complete, report
    assert report.expected == 20 and report.imported == 20 and report.missing == 0
    assert cache.counts()["instance"] == 20
    assert {i.sop_uid for se in archive.ct.series_uids for i in cache.instances_of(se)} == set(archive.ct.sop_uids)
    # Nothing left to do the second time.
    again = retrieve_study(cache, config, config.node("pacs"), archive.ct.study_uid, method=method)
    assert again.complete and again.requested == 0 and again.received == 0


def test_retrieve_accented_series(cache, config, archive):
    report = retrieve_study(cache, config, config.node("pacs"), archive.accented.study_uid, method="get",
                            series_uid=archive.accented.series_uids[0])
    assert report.complete and report.imported == 3
    assert cache.study(archive.accented.study_uid).patient_name == "DÉSIRÉ^Aké Françoise"


def test_inventory_answers_read_without_pydicom_match_pydicom():
    """The inventory reads C-FIND answers with a small element walker; pydicom's reading is the reference."""
    from pydicom.dataset import Dataset
    from pydicom.sequence import Sequence
    from pynetdicom.dsutils import encode

    from viewer.net.retrieve_scu import _answer_uids

    ds = Dataset()
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.QueryRetrieveLevel = "IMAGE"
    ds.SOPInstanceUID = "1.2.826.0.1.3680043.8.498.1"
    ds.StudyInstanceUID = "1.2.3"
    ds.SeriesInstanceUID = "1.2.3.4"
    ds.InstanceNumber = "12"
    ds.RetrieveAETitle = "ORTHANC"
    for implicit in (True, False):
        row = _answer_uids(encode(ds, implicit, True), implicit)
        assert row == {"SeriesInstanceUID": "1.2.3.4", "SOPInstanceUID": "1.2.826.0.1.3680043.8.498.1",
                       "InstanceNumber": "12"}
    nested = Dataset()
    nested.ReferencedSOPSequence = Sequence([Dataset()])
    nested.SOPInstanceUID = "1.2.3.5"
    assert _answer_uids(encode(nested, True, True), True) == {"SeriesInstanceUID": "", "SOPInstanceUID": "1.2.3.5",
                                                              "InstanceNumber": ""}
    assert _answer_uids(encode(ds, True, True)[:-3], True) is None  # cut short: pydicom decides


def test_association_answer_read_like_pynetdicom():
    """The requestor reads A-ASSOCIATE-AC itself; pynetdicom's encoder writes the answers it must understand."""
    from pynetdicom.pdu import A_ASSOCIATE_AC
    from pynetdicom.pdu_primitives import A_ASSOCIATE
    from pynetdicom.presentation import PresentationContext

    from viewer.net import ul, ul_assoc

    for max_pdu in (0, 16384, 1 << 20):
        ac = A_ASSOCIATE()
        ac.application_context_name = ul_assoc.APPLICATION_CONTEXT
        ac.calling_ae_title, ac.called_ae_title, ac.result = "CAURI", "ORTHANC", 0
        for cid, result, syntax in ((1, 0, "1.2.840.10008.1.2.1"), (3, 3, "1.2.840.10008.1.2"), (5, 0, "1.2.840.10008.1.2")):
            cx = PresentationContext()
            cx.context_id, cx.result, cx.transfer_syntax = cid, result, [syntax]
            ac.presentation_context_definition_results_list.append(cx)
        ac.user_information = ul_assoc._user_information(max_pdu)
        results, peer_max = ul_assoc._accepted(A_ASSOCIATE_AC(ac).encode())
        assert results == {1: (0, "1.2.840.10008.1.2.1"), 3: (3, "1.2.840.10008.1.2"), 5: (0, "1.2.840.10008.1.2")}
        assert peer_max == max_pdu
    with pytest.raises(ul.ULError):
        ul_assoc._accepted(A_ASSOCIATE_AC(ac).encode()[:-3])
