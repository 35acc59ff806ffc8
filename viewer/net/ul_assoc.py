"""Association negotiation for the lean upper layer (``viewer.net.ul``), both as requestor and acceptor.

The A-ASSOCIATE PDUs are encoded and decoded by pynetdicom's own PDU classes (the fiddly part of the
protocol), with two exceptions on the requestor's side, where a retrieve waits for them: the request
for a given set of contexts is encoded once and kept (a C-GET proposes ~130 contexts and as many role
selections: ~15 ms of pynetdicom each time), and the answer is read by ``_accepted``, which takes from
it only the context results and the peer's maximum PDU length.
"""

from __future__ import annotations

import functools
import socket
import ssl
import struct
from dataclasses import dataclass, field

from pynetdicom import PYNETDICOM_IMPLEMENTATION_UID, PYNETDICOM_IMPLEMENTATION_VERSION
from pynetdicom.pdu import A_ASSOCIATE_AC as AcPDU
from pynetdicom.pdu import A_ASSOCIATE_RJ as RjPDU
from pynetdicom.pdu import A_ASSOCIATE_RQ as RqPDU
from pynetdicom.pdu_primitives import (
    A_ASSOCIATE,
    ImplementationClassUIDNotification,
    ImplementationVersionNameNotification,
    MaximumLengthNotification,
    SCP_SCU_RoleSelectionNegotiation,
)
from pynetdicom.presentation import PresentationContext

from viewer.net import ul

APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1"
ACCEPTED = 0
ABSTRACT_NOT_SUPPORTED, SYNTAX_NOT_SUPPORTED = 3, 4
# A-ASSOCIATE-RJ (result, source, reason) as PS3.8 9.3.4 numbers them
REJECT_PERMANENT, REJECT_TRANSIENT = 1, 2
SOURCE_USER, SOURCE_PROVIDER_PRESENTATION = 1, 3
REASON_CALLING_AE, REASON_CALLED_AE, REASON_LOCAL_LIMIT = 3, 7, 2


class Rejected(ul.ULError):
    def __init__(self, result: int, source: int, reason: int):
        super().__init__(f"association rejected (result {result}, source {source}, reason {reason})")
        self.result, self.source, self.reason = result, source, reason


@dataclass
class Negotiated:
    """What was agreed: context ID -> (abstract syntax, transfer syntax), and the peer's maximum PDU."""

    contexts: dict[int, tuple[str, str]] = field(default_factory=dict)
    peer_max_pdu: int = 16384
    calling_ae: str = ""
    called_ae: str = ""

    def context_for(self, abstract_syntax: str) -> tuple[int, str] | None:
        for cid, (abstract, syntax) in self.contexts.items():
            if abstract == abstract_syntax:
                return cid, syntax
        return None


# -- requestor ------------------------------------------------------------------------------------


def request(host: str, port: int, calling_ae: str, called_ae: str, contexts: list[tuple[str, list[str]]],
            max_pdu: int, timeout: float, scp_roles: list[str] = (), tls: tuple[ssl.SSLContext, str] | None = None,
            max_dataset: int = 0) -> tuple[ul.Link, Negotiated]:
    """Connect and negotiate; returns the link and what was accepted. Raises ``Rejected``, ``ULError``, ``OSError``."""
    sock = socket.create_connection((host, port), timeout=timeout)
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if tls is not None:
            sock = tls[0].wrap_socket(sock, server_hostname=tls[1])
        link = ul.Link(sock, max_pdu_in=max_pdu, max_dataset=max_dataset)
    except BaseException:
        sock.close()
        raise
    try:
        pdu, proposed = _encoded_request(calling_ae, called_ae, tuple((a, tuple(t)) for a, t in contexts), max_pdu,
                                         tuple(scp_roles))
        link.send(pdu)
        kind, raw = link.read_pdu()
        if kind == ul.A_ASSOCIATE_RJ:
            rj = RjPDU()
            rj.decode(raw)
            raise Rejected(rj.result, rj.source, rj.reason_diagnostic)
        if kind == ul.A_ABORT:
            raise ul.PeerAborted("the peer aborted the association request")
        if kind != ul.A_ASSOCIATE_AC:
            raise ul.ULError(f"unexpected answer to the association request (PDU 0x{kind:02X})")
        results, peer_max_pdu = _accepted(raw)
        agreed = Negotiated(calling_ae=calling_ae, called_ae=called_ae, peer_max_pdu=peer_max_pdu)
        for cid, (result, syntax) in results.items():
            if result == ACCEPTED and cid in proposed and syntax:
                agreed.contexts[cid] = (proposed[cid], syntax)
        link.peer_max_pdu = agreed.peer_max_pdu
        return link, agreed
    except BaseException:
        link.close()
        raise


@functools.lru_cache(maxsize=32)
def _encoded_request(calling_ae: str, called_ae: str, contexts: tuple, max_pdu: int,
                     scp_roles: tuple) -> tuple[bytes, dict[int, str]]:
    """The A-ASSOCIATE-RQ PDU and the proposed context IDs -> abstract syntax (same input, same bytes)."""
    prim = A_ASSOCIATE()
    prim.application_context_name = APPLICATION_CONTEXT
    prim.calling_ae_title = calling_ae
    prim.called_ae_title = called_ae
    proposed: dict[int, str] = {}
    for index, (abstract, syntaxes) in enumerate(contexts):
        cx = PresentationContext()
        cx.context_id = 2 * index + 1
        cx.abstract_syntax = abstract
        cx.transfer_syntax = list(syntaxes)
        prim.presentation_context_definition_list.append(cx)
        proposed[cx.context_id] = abstract
    prim.user_information = _user_information(max_pdu)
    for uid in scp_roles:
        role = SCP_SCU_RoleSelectionNegotiation()
        role.sop_class_uid = uid
        role.scu_role = True
        role.scp_role = True
        prim.user_information.append(role)
    return RqPDU(prim).encode(), proposed


_ITEM_HEAD = struct.Struct(">BxH")


def _accepted(raw: bytes) -> tuple[dict[int, tuple[int, str]], int]:
    """From an A-ASSOCIATE-AC PDU (header included): context ID -> (result, transfer syntax), and the
    peer's maximum PDU length (0: no limit; 16384 when it says nothing). PS3.8 9.3.3."""
    results: dict[int, tuple[int, str]] = {}
    peer_max_pdu = 16384
    try:
        pos, end = 6 + 68, len(raw)  # PDU header; version, reserved, AE titles, reserved
        while pos < end:
            kind, length = _ITEM_HEAD.unpack_from(raw, pos)
            body = raw[pos + 4:pos + 4 + length]
            if len(body) != length:
                raise ul.ULError("malformed association answer")
            if kind == 0x21 and length >= 4:  # presentation context result
                cid, result = body[0], body[2]
                syntax = ""
                sub = 4
                while sub + 4 <= length:
                    sub_kind, sub_length = _ITEM_HEAD.unpack_from(body, sub)
                    if sub_kind == 0x40:
                        syntax = body[sub + 4:sub + 4 + sub_length].decode("ascii").rstrip("\x00 ")
                    sub += 4 + sub_length
                results[cid] = (result, syntax)
            elif kind == 0x50:  # user information: only the maximum length matters here
                sub = 0
                while sub + 4 <= length:
                    sub_kind, sub_length = _ITEM_HEAD.unpack_from(body, sub)
                    if sub_kind == 0x51 and sub_length == 4:
                        peer_max_pdu = struct.unpack_from(">L", body, sub + 4)[0]
                    sub += 4 + sub_length
            pos += 4 + length
    except (struct.error, UnicodeDecodeError):
        raise ul.ULError("malformed association answer") from None
    return results, peer_max_pdu


# -- acceptor -------------------------------------------------------------------------------------


def read_request(link: ul.Link) -> A_ASSOCIATE:
    kind, raw = link.read_pdu()
    if kind != ul.A_ASSOCIATE_RQ:
        raise ul.ULError(f"expected an association request, got PDU 0x{kind:02X}")
    rq = RqPDU()
    try:
        rq.decode(raw)
        primitive = rq.to_primitive()
        str(primitive.calling_ae_title), str(primitive.called_ae_title)  # noqa: B018 - decodable?
    except Exception:  # pynetdicom raises whatever its parsing of hostile bytes runs into
        raise MalformedRequest("malformed A-ASSOCIATE-RQ") from None
    return primitive


class MalformedRequest(ul.ULError):
    """An A-ASSOCIATE-RQ that cannot be decoded: one warning line, never a traceback."""


def accept(link: ul.Link, rq: A_ASSOCIATE, supported: dict[str, frozenset[str]], max_pdu: int) -> Negotiated:
    """Answer A-ASSOCIATE-AC: each proposed context whose abstract syntax we support is accepted with
    the first of its proposed transfer syntaxes we take (the requestor lists its preference first)."""
    agreed = Negotiated(calling_ae=str(rq.calling_ae_title).strip(), called_ae=str(rq.called_ae_title).strip())
    for item in rq.user_information:
        if isinstance(item, MaximumLengthNotification):
            agreed.peer_max_pdu = int(item.maximum_length_received or 0)
    ac = A_ASSOCIATE()
    ac.application_context_name = APPLICATION_CONTEXT
    ac.calling_ae_title = rq.calling_ae_title
    ac.called_ae_title = rq.called_ae_title
    ac.result = 0
    for cx in rq.presentation_context_definition_list:
        offered = [str(s) for s in cx.transfer_syntax]
        allowed = supported.get(str(cx.abstract_syntax))
        answer = PresentationContext()
        answer.context_id = cx.context_id
        answer.abstract_syntax = cx.abstract_syntax
        choice = next((s for s in offered if allowed is not None and s in allowed), None)
        if allowed is None:
            answer.result = ABSTRACT_NOT_SUPPORTED
        elif choice is None:
            answer.result = SYNTAX_NOT_SUPPORTED
        else:
            answer.result = ACCEPTED
            agreed.contexts[cx.context_id] = (str(cx.abstract_syntax), choice)
        answer.transfer_syntax = [choice or (offered[0] if offered else "1.2.840.10008.1.2")]
        ac.presentation_context_definition_results_list.append(answer)
    ac.user_information = _user_information(max_pdu)
    link.send(AcPDU(ac).encode())
    link.peer_max_pdu = agreed.peer_max_pdu
    return agreed


def reject(link: ul.Link, result: int, source: int, reason: int) -> None:
    prim = A_ASSOCIATE()
    prim.result = result
    prim.result_source = source
    prim.diagnostic = reason
    try:
        link.send(RjPDU(prim).encode())
    except ul.ULError:
        pass


def _user_information(max_pdu: int) -> list:
    length = MaximumLengthNotification()
    length.maximum_length_received = max_pdu
    impl = ImplementationClassUIDNotification()
    impl.implementation_class_uid = PYNETDICOM_IMPLEMENTATION_UID
    version = ImplementationVersionNameNotification()
    version.implementation_version_name = PYNETDICOM_IMPLEMENTATION_VERSION
    return [length, impl, version]
