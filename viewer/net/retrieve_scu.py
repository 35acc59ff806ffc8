"""The lean upper layer's SCU (see ``viewer.net.ul`` for why not pynetdicom): what a retrieve asks an archive,
the image-level C-FIND that lists what it holds, C-GET and C-MOVE.

C-GET: the archive's C-STORE sub-operations are read, filed and answered in the one thread that owns
the association. Each received dataset goes to a ``CacheWriter`` as it came (``ul_store``); the C-STORE
response is sent as soon as the header is parsed and the instance queued for the disk, so the archive
never waits on our fsyncs.

The inventory C-FIND asks only for UIDs and instance numbers, so its answers are decoded without any
character set concern; pynetdicom took ~0.3 s for the 300 answers of a CT series that Orthanc sends in
~50 ms, time a retrieve (and its first image) waited for.

Every failure to reach the archive is a ``NetError``; once an association is made, a lost connection
is reported in the ``RetrieveOutcome``.
"""

from __future__ import annotations

import io
import itertools
import ssl
import struct
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable

from pydicom.dataset import Dataset
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian
from pynetdicom.dsutils import decode, encode
from pynetdicom.sop_class import (
    StudyRootQueryRetrieveInformationModelFind as FIND_MODEL,
)
from pynetdicom.sop_class import StudyRootQueryRetrieveInformationModelGet as GET_MODEL
from pynetdicom.sop_class import StudyRootQueryRetrieveInformationModelMove as MOVE_MODEL

from viewer.net import NetError, ul, ul_assoc
from viewer.net.contexts import UNCOMPRESSED, storage_contexts
from viewer.net.dimse_common import ACSE_TIMEOUT, DIMSE_TIMEOUT, PENDING, require_address, tls_context
from viewer.net.ingest import CacheWriter
from viewer.net.nodes import Node, Workstation
from viewer.net.ul_store import file_request

C_FIND_RQ, C_FIND_RSP = 0x0020, 0x8020
_MESSAGE_IDS = itertools.count(1)
_SYNTAXES = {ImplicitVRLittleEndian: True, ExplicitVRLittleEndian: False}  # -> is implicit VR


@dataclass
class RetrieveOutcome:
    """What one C-GET/C-MOVE request reported (sub-operation counts from the final response)."""

    status: int | None = None
    completed: int = 0
    failed: int = 0
    warning: int = 0
    received: int = 0  # C-STORE requests our handler accepted on this association (C-GET)
    error: str = ""


def retrieve_identifier(study_uid: str, series_uid: str | None, sop_uids: list[str] | None) -> Dataset:
    ds = Dataset()
    ds.StudyInstanceUID = study_uid
    if sop_uids:
        ds.QueryRetrieveLevel = "IMAGE"
        ds.SeriesInstanceUID = series_uid or ""
        ds.SOPInstanceUID = list(sop_uids) if len(sop_uids) > 1 else sop_uids[0]  # UID list matching
    elif series_uid:
        ds.QueryRetrieveLevel = "SERIES"
        ds.SeriesInstanceUID = series_uid
    else:
        ds.QueryRetrieveLevel = "STUDY"
    return ds


def _tls(node: Node) -> tuple[ssl.SSLContext, str] | None:
    """What ``ul_assoc.request`` needs to reach ``node`` over TLS (None: in the clear)."""
    require_address(node)
    ctx = tls_context(node)
    return (ctx, node.host) if ctx is not None else None


@contextmanager
def _net_errors(ws: Workstation, node: Node):
    """Failures to reach ``node`` as plain ``NetError``s."""
    try:
        yield
    except ul_assoc.Rejected:
        raise NetError(f"{node.name} rejected the association (is our AE title {ws.ae_title!r} known there?)") from None
    except (OSError, ssl.SSLError) as exc:
        raise NetError(f"could not connect to {node.name} ({type(exc).__name__})") from None
    except ul.ULError as exc:
        raise NetError(f"{node.name}: {exc}") from None


def _request(ws: Workstation, node: Node, contexts, tls, roles=()):
    link, agreed = ul_assoc.request(node.host, node.port, ws.ae_title, node.ae_title, contexts, ws.max_pdu,
                                    ACSE_TIMEOUT, scp_roles=list(roles), tls=tls,
                                    max_dataset=ws.max_instance_mb << 20)
    link.sock.settimeout(DIMSE_TIMEOUT)
    return link, agreed


def _send_request(link: ul.Link, cid: int, syntax: str, model: str, field: int, identifier: Dataset,
                  extra: dict | None = None) -> int:
    message_id = next(_MESSAGE_IDS) % 65535 + 1
    command = ul.encode_command({
        ul.AFFECTED_SOP_CLASS: model,
        ul.COMMAND_FIELD: field,
        ul.MESSAGE_ID: message_id,
        ul.PRIORITY: 0,
        ul.DATASET_TYPE: 0x0000,
        **(extra or {}),
    })
    link.send_message(cid, command, encode(identifier, _SYNTAXES[syntax], True))
    return message_id


# -- C-FIND: the retrieve's inventory ---------------------------------------------------------------


def image_inventory(ws: Workstation, node: Node, study_uid: str, series_uid: str | None = None) -> list[dict]:
    """``{"series_uid", "sop_uid", "instance_number"}`` for every instance the archive holds of the study (or
    series): the same answer as an IMAGE-level ``dimse.find``, several times faster (UIDs only).

    Study Root is hierarchical: the series are listed first, then each series' instances, all on one
    association. Raises ``NetError``.
    """
    tls = _tls(node)
    with _net_errors(ws, node):
        return _inventory(ws, node, study_uid, series_uid, tls)


def _inventory(ws: Workstation, node: Node, study_uid: str, series_uid: str | None, tls) -> list[dict]:
    link, agreed = _request(ws, node, [(FIND_MODEL, UNCOMPRESSED)], tls)
    try:
        found = agreed.context_for(FIND_MODEL)
        if found is None:
            raise ul.ULError("the archive does not offer C-FIND (Study Root)")
        cid, syntax = found
        if series_uid:
            series = [series_uid]
        else:
            series = [d.get("SeriesInstanceUID", "") for d in _find(link, cid, syntax, _query("SERIES", study_uid))]
        out: list[dict] = []
        for se in dict.fromkeys(s for s in series if s):
            for d in _find(link, cid, syntax, _query("IMAGE", study_uid, se)):
                out.append({"series_uid": d.get("SeriesInstanceUID") or se, "sop_uid": d.get("SOPInstanceUID", ""),
                            "instance_number": _number(d.get("InstanceNumber"))})
        link.release()
        return out
    except BaseException:
        link.abort()
        raise


def _number(text: str | None) -> int | None:
    try:
        return int(float(text)) if text else None
    except ValueError:  # an archive's odd Instance Number only changes the order of the requests
        return None


def _query(level: str, study_uid: str, series_uid: str | None = None) -> Dataset:
    ds = Dataset()
    ds.QueryRetrieveLevel = level
    ds.StudyInstanceUID = study_uid
    ds.SeriesInstanceUID = series_uid or ""
    if level == "IMAGE":
        ds.SOPInstanceUID = ""
        ds.InstanceNumber = ""
    return ds


def _find(link: ul.Link, cid: int, syntax: str, identifier: Dataset) -> list[dict]:
    _send_request(link, cid, syntax, FIND_MODEL, C_FIND_RQ, identifier)
    out = []
    while True:
        msg = link.read_message()
        if msg.field != C_FIND_RSP:
            raise ul.ULError(f"unexpected command 0x{msg.field:04X} during C-FIND")
        code = int(msg.command.get(ul.STATUS, 0))
        if code in PENDING:
            if msg.dataset is not None:
                row = _answer_uids(msg.dataset, _SYNTAXES[syntax])
                if row is None:  # something the walker does not follow: let pydicom read it
                    ds = decode(io.BytesIO(msg.dataset), _SYNTAXES[syntax], True)
                    row = {k: str(ds.get(k, "") or "").strip() for k in _ANSWER_TAGS.values()}
                out.append(row)
            continue
        if code != 0x0000:
            raise ul.ULError(f"the archive answered the query with status 0x{code:04X}")
        return out


_ANSWER_TAGS = {0x0020000E: "SeriesInstanceUID", 0x00080018: "SOPInstanceUID", 0x00200013: "InstanceNumber"}
_EXPLICIT_LONG = {b"OB", b"OD", b"OF", b"OL", b"OV", b"OW", b"SQ", b"SV", b"UC", b"UN", b"UR", b"UT", b"UV"}


def _answer_uids(data: bytes, implicit: bool) -> dict[str, str] | None:
    """The three inventory values of a C-FIND answer, read from its top-level elements, or None.

    Pydicom built a whole dataset per answer (~0.1 ms each, 300 for a CT series) to read three
    ASCII values; this walks the element headers. Undefined lengths (sequences) return None.
    """
    data = bytes(data)  # an answer is small; its VR bytes are looked up in a set
    row = dict.fromkeys(_ANSWER_TAGS.values(), "")
    pos, n = 0, len(data)
    try:
        while pos + 8 <= n:
            group, elem = struct.unpack_from("<HH", data, pos)
            if implicit:
                length, start = struct.unpack_from("<L", data, pos + 4)[0], pos + 8
            elif data[pos + 4:pos + 6] in _EXPLICIT_LONG:
                length, start = struct.unpack_from("<L", data, pos + 8)[0], pos + 12
            else:
                length, start = struct.unpack_from("<H", data, pos + 6)[0], pos + 8
            if length == 0xFFFFFFFF or start + length > n:
                return None
            name = _ANSWER_TAGS.get(group << 16 | elem)
            if name is not None:
                row[name] = data[start:start + length].decode("ascii").replace("\x00", "").strip()
            pos = start + length
    except (struct.error, UnicodeDecodeError):
        return None
    return row if pos == n else None


# -- C-MOVE ---------------------------------------------------------------------------------------


def c_move(ws: Workstation, node: Node, study_uid: str, series_uid: str | None = None,
           sop_uids: list[str] | None = None, destination: str | None = None,
           cancel: Callable[[], bool] | None = None) -> RetrieveOutcome:
    """C-MOVE to ``destination`` (our own AE title by default): our storage SCP receives them.

    pynetdicom's association kept a reactor thread polling for the whole move (~1 ms of CPU per image
    received meanwhile, on the same two cores as our storage SCP); here the thread just waits for the
    archive's responses. Raises ``NetError`` when no association could be made.
    """
    outcome = RetrieveOutcome()
    tls = _tls(node)
    with _net_errors(ws, node):
        _move(ws, node, retrieve_identifier(study_uid, series_uid, sop_uids), destination or ws.ae_title, outcome,
              cancel, tls)
    return outcome


def _move(ws: Workstation, node: Node, identifier: Dataset, destination: str, outcome: RetrieveOutcome,
          cancel: Callable[[], bool] | None, tls) -> None:
    link, agreed = _request(ws, node, [(MOVE_MODEL, UNCOMPRESSED)], tls)
    try:
        if not _ask(link, agreed, MOVE_MODEL, ul.C_MOVE_RQ, identifier, outcome, f"{node.name} does not offer C-MOVE",
                    {ul.MOVE_DESTINATION: destination}):
            link.release()
            return
        while True:
            msg = link.read_message()
            if msg.field != ul.C_MOVE_RSP:
                raise ul.ULError(f"unexpected command 0x{msg.field:04X} during C-MOVE")
            if _counts(msg, outcome) in PENDING:
                if cancel is not None and cancel():
                    _cancelled(link, outcome)
                    return
                continue
            break
    except ul.ReleaseRequested:
        link.send_release_rp()
        link.close()
        outcome.error = outcome.error or "the archive ended the association before the retrieve finished"
        return
    except ul.ULError:
        outcome.error = outcome.error or "association lost during the retrieve"
        link.close()
        return
    link.release()


def _ask(link: ul.Link, agreed: ul_assoc.Negotiated, model: str, field: int, identifier, outcome, refusal: str,
         extra: dict | None = None) -> bool:
    """Send a retrieve request on the context agreed for ``model``; False (and ``outcome.error``) without one."""
    found = agreed.context_for(model)
    if found is None:
        outcome.error = refusal + " (Study Root)"
        return False
    _send_request(link, found[0], found[1], model, field, identifier, extra)
    return True


def _counts(msg: ul.Message, outcome) -> int:
    """Take a C-GET/C-MOVE response's status and sub-operation counts into ``outcome``; its status."""
    code = int(msg.command.get(ul.STATUS, 0))
    outcome.status = code
    outcome.completed = int(msg.command.get(ul.COMPLETED, outcome.completed) or 0)
    outcome.failed = int(msg.command.get(ul.FAILED, outcome.failed) or 0)
    outcome.warning = int(msg.command.get(ul.WARNING, outcome.warning) or 0)
    if code not in PENDING and code not in (0x0000, 0xB000):
        outcome.error = f"archive answered with status 0x{code:04X}"
    return code


# -- C-GET ------------------------------------------------------------------------------------------


def c_get(ws: Workstation, node: Node, writer: CacheWriter, study_uid: str, series_uid: str | None = None,
          sop_uids: list[str] | None = None, on_instance: Callable[[], None] | None = None,
          cancel: Callable[[], bool] | None = None) -> RetrieveOutcome:
    """C-GET into the cache: the archive sends C-STORE requests back on the same association.

    Raises ``NetError`` when no association could be made; once it is made, a lost connection is
    reported in the outcome's ``error``.
    """
    with GetSession(ws, node) as session:
        return session.get(writer, study_uid, series_uid, sop_uids, on_instance, cancel)


class GetSession:
    """One C-GET association that carries successive requests.

    Negotiating the ~130 presentation contexts a C-GET needs costs ~40 ms on each side, as much as
    receiving 20 CT images, so a retrieve split into several requests opens it once per worker. The
    association is opened on the first ``get`` and again after one that lost it.
    """

    def __init__(self, ws: Workstation, node: Node):
        self.ws, self.node = ws, node
        self.tls = _tls(node)
        self._link: ul.Link | None = None
        self._agreed: ul_assoc.Negotiated | None = None

    def open(self) -> None:
        """Make the association now (it is made by the first ``get`` otherwise); raises ``NetError``."""
        with _net_errors(self.ws, self.node):
            self._open()

    def open_quietly(self) -> None:
        """Make the association ahead of the first ``get`` (while the inventory runs); a failure here is
        left for ``get`` to meet again and report."""
        try:
            self._open()
        except Exception:
            pass

    def _open(self) -> None:
        if self._link is None or self._link.closed:
            contexts = [(GET_MODEL, UNCOMPRESSED)] + storage_contexts(127)
            roles = dict.fromkeys(uid for uid, _ in contexts[1:])
            self._link, self._agreed = _request(self.ws, self.node, contexts, self.tls, roles)

    def get(self, writer: CacheWriter, study_uid: str, series_uid: str | None = None, sop_uids: list[str] | None = None,
            on_instance: Callable[[], None] | None = None, cancel: Callable[[], bool] | None = None) -> RetrieveOutcome:
        """As ``c_get``, on this session's association (made again if the last request lost it)."""
        outcome = RetrieveOutcome()
        with _net_errors(self.ws, self.node):
            self._open()
            link, agreed = self._link, self._agreed
            try:
                if not _ask(link, agreed, GET_MODEL, ul.C_GET_RQ, retrieve_identifier(study_uid, series_uid, sop_uids),
                            outcome, f"{self.node.name} does not offer C-GET"):
                    self.close()
                    return outcome
                _receive(link, agreed, writer, outcome, on_instance, cancel)
            except ul.ULError:
                outcome.error = "association lost during the retrieve" if not outcome.error else outcome.error
                link.close()
        return outcome

    def close(self) -> None:
        link, self._link = self._link, None
        if link is not None and not link.closed:
            try:
                link.release()
            except Exception:  # releasing is a courtesy: the link is closed whatever the peer does
                pass

    def __enter__(self) -> "GetSession":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _receive(link: ul.Link, agreed: ul_assoc.Negotiated, writer: CacheWriter, outcome, on_instance, cancel) -> None:
    while True:
        try:
            msg = link.read_message()
        except ul.ReleaseRequested:
            link.send_release_rp()
            link.close()
            outcome.error = outcome.error or "the archive ended the association before the retrieve finished"
            return
        field = msg.field
        if field == ul.C_STORE_RQ:
            status = file_request(msg, agreed, writer, source_aet=agreed.called_ae)
            link.send_message(msg.context_id, ul.store_response(msg, status))
            if status == 0x0000:
                outcome.received += 1
                if on_instance is not None:
                    on_instance()
            if cancel is not None and cancel():
                _cancelled(link, outcome)
                return
        elif field == ul.C_GET_RSP:
            if _counts(msg, outcome) in PENDING:
                if cancel is not None and cancel():
                    _cancelled(link, outcome)
                    return
                continue
            return
        else:
            raise ul.ULError(f"unexpected command 0x{field:04X} during C-GET")


def _cancelled(link: ul.Link, outcome) -> None:
    link.abort()  # the archive stops sending; what arrived is kept
    outcome.error = "cancelled"
