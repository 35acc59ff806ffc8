"""The lean upper layer's reader on a socket pair: fragments in every arrangement give the same message,
and a peer cannot make it hold more than the limits."""

from __future__ import annotations

import socket
import struct

import pytest

from viewer.net import ul

pytestmark = pytest.mark.timeout(30)


def _pdu(*pdvs: tuple[int, int, bytes]) -> bytes:
    body = b"".join(struct.pack(">LBB", len(data) + 2, pc, control) + data for pc, control, data in pdvs)
    return struct.pack(">BBL", ul.P_DATA_TF, 0, len(body)) + body


def _command(with_dataset: bool = True) -> bytes:
    return ul.encode_command({ul.AFFECTED_SOP_CLASS: "1.2.840.10008.5.1.4.1.1.2", ul.COMMAND_FIELD: ul.C_STORE_RQ,
                              ul.MESSAGE_ID: 7, ul.DATASET_TYPE: 0x0000 if with_dataset else ul.NO_DATASET})


def _link(wire: bytes, **limits) -> ul.Link:
    ours, theirs = socket.socketpair()
    theirs.sendall(wire)
    theirs.close()
    return ul.Link(ours, **limits)


def test_fragments_in_any_arrangement_make_the_same_dataset():
    data = bytes(range(256)) * 300  # 76.8 kB: several fragments, more than the first buffer guess
    cmd = _command()
    one_per_pdu = [_pdu((1, 0x03, cmd))] + [_pdu((1, 0x02 if at + 10000 >= len(data) else 0x00, data[at:at + 10000]))
                                            for at in range(0, len(data), 10000)]
    packed = [_pdu((1, 0x03, cmd), (1, 0x00, data[:5]), (1, 0x00, data[5:40000])),
              _pdu((1, 0x00, data[40000:40001]), (1, 0x02, data[40001:]), (1, 0x03, _command(False)))]
    for wire in (b"".join(one_per_pdu) * 2, b"".join(packed)):
        link = _link(wire)
        first = link.read_message()
        assert first.field == ul.C_STORE_RQ and first.context_id == 1 and bytes(first.dataset) == data
        second = link.read_message()  # the next message, from the same PDU or the next ones
        assert second.field == ul.C_STORE_RQ
        if second.dataset is not None:
            assert bytes(second.dataset) == data
        link.close()


def test_limits_and_aborts():
    data = b"\x01" * 50000
    wire = _pdu((1, 0x03, _command())) + _pdu((1, 0x00, data[:30000])) + _pdu((1, 0x02, data[30000:]))
    with pytest.raises(ul.LimitExceeded):
        _link(wire, max_dataset=40000).read_message()
    with pytest.raises(ul.LimitExceeded):
        _link(wire, max_pdu_in=20000).read_message()
    assert bytes(_link(wire, max_dataset=50000, max_pdu_in=30012).read_message().dataset) == data
    aborted = _pdu((1, 0x03, _command())) + _pdu((1, 0x00, data[:100])) + struct.pack(">BBL", ul.A_ABORT, 0, 4) + bytes(4)
    with pytest.raises(ul.PeerAborted):
        _link(aborted).read_message()
    with pytest.raises(ul.ULError):  # the peer went away in the middle of a fragment
        _link(wire[:-1000]).read_message()
    with pytest.raises(ul.ULError):  # a fragment longer than its PDU
        _link(_pdu((1, 0x03, _command())) + struct.pack(">BBL", ul.P_DATA_TF, 0, 8) + struct.pack(">LBB", 50, 1, 0)
              + b"xx").read_message()
