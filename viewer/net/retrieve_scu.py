"""A retrieve's own DIMSE operations on the lean upper layer (see ``viewer.net.ul`` for why not pynetdicom):
the image-level C-FIND that lists what the archive holds, and C-GET.

C-GET: the archive's C-STORE sub-operations are read, filed and answered in the one thread that owns
the association. Each received dataset goes to a ``CacheWriter`` as it came; the C-STORE response is
sent as soon as the header is parsed and the instance queued for the disk, so the archive never waits
on our fsyncs.

The inventory C-FIND asks only for UIDs and instance numbers, so its answers are decoded without any
character set concern; pynetdicom took ~0.3 s for the 300 answers of a CT series that Orthanc sends in
~50 ms, time a retrieve (and its first image) waited for.
"""

from __future__ import annotations

import io
import itertools
import struct
from typing import Callable

from pydicom.dataset import Dataset
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian
from pynetdicom.dsutils import decode, encode
from pynetdicom.sop_class import (
    StudyRootQueryRetrieveInformationModelFind as FIND_MODEL,
)
from pynetdicom.sop_class import StudyRootQueryRetrieveInformationModelGet as GET_MODEL
from pynetdicom.sop_class import StudyRootQueryRetrieveInformationModelMove as MOVE_MODEL

from viewer.net import ul, ul_assoc
from viewer.net.contexts import UNCOMPRESSED, storage_contexts
from viewer.net.ingest import CacheWriter, DiskFull, NotImportable
from viewer.net.nodes import Node, Workstation

STATUS_OUT_OF_RESOURCES = 0xA700
STATUS_CANNOT_UNDERSTAND = 0xC000
PENDING = (0xFF00, 0xFF01)
C_FIND_RQ, C_FIND_RSP = 0x0020, 0x8020
_MESSAGE_IDS = itertools.count(1)
_SYNTAXES = {ImplicitVRLittleEndian: True, ExplicitVRLittleEndian: False}  # -> is implicit VR


def _request(ws: Workstation, node: Node, contexts, timeouts, tls, roles=()):
    acse_timeout, dimse_timeout = timeouts
    link, agreed = ul_assoc.request(node.host, node.port, ws.ae_title, node.ae_title, contexts, ws.max_pdu,
                                    acse_timeout, scp_roles=list(roles), tls=tls,
                                    max_dataset=ws.max_instance_mb << 20)
    link.sock.settimeout(dimse_timeout)
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


def image_inventory(ws: Workstation, node: Node, study_uid: str, series_uid: str | None = None,
                    timeouts: tuple[float, float] = (15, 120), tls=None) -> list[dict]:
    """``{"series_uid", "sop_uid", "instance_number"}`` for every instance of the study (or series).

    Study Root is hierarchical: the series are listed first, then each series' instances, all on one
    association. Raises like ``c_get``; a failed query raises ``ul.ULError``.
    """
    link, agreed = _request(ws, node, [(FIND_MODEL, UNCOMPRESSED)], timeouts, tls)
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


def c_move(ws: Workstation, node: Node, identifier, destination: str, outcome,
           cancel: Callable[[], bool] | None = None, timeouts: tuple[float, float] = (15, 120), tls=None) -> None:
    """Run one C-MOVE of ``identifier`` to ``destination``; fills ``outcome`` as ``c_get`` does.

    pynetdicom's association kept a reactor thread polling for the whole move (~1 ms of CPU per image
    received meanwhile, on the same two cores as our storage SCP); here the thread just waits for the
    archive's responses.
    """
    link, agreed = _request(ws, node, [(MOVE_MODEL, UNCOMPRESSED)], timeouts, tls)
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


def c_get(ws: Workstation, node: Node, writer: CacheWriter, identifier, outcome,
          on_instance: Callable[[], None] | None = None, cancel: Callable[[], bool] | None = None,
          timeouts: tuple[float, float] = (15, 120), tls=None) -> None:
    """Run one C-GET of ``identifier`` (a pydicom Dataset); fills ``outcome`` (a ``RetrieveOutcome``).

    Raises ``ul_assoc.Rejected`` or ``OSError``/``ULError`` when no association could be made; once it
    is made, a lost connection is reported in ``outcome.error``.
    """
    session = GetSession(ws, node, timeouts, tls)
    try:
        session.get(writer, identifier, outcome, on_instance, cancel)
    finally:
        session.close()


class GetSession:
    """One C-GET association that carries successive requests.

    Negotiating the ~130 presentation contexts a C-GET needs costs ~40 ms on each side, as much as
    receiving 20 CT images, so a retrieve split into several requests opens it once per worker. The
    association is opened on the first ``get`` and again after one that lost it.
    """

    def __init__(self, ws: Workstation, node: Node, timeouts: tuple[float, float] = (15, 120), tls=None):
        self.ws, self.node, self.timeouts, self.tls = ws, node, timeouts, tls
        self._link: ul.Link | None = None
        self._agreed: ul_assoc.Negotiated | None = None

    def open(self) -> None:
        """Make the association now (it is made by the first ``get`` otherwise); raises as ``c_get``."""
        if self._link is None or self._link.closed:
            contexts = [(GET_MODEL, UNCOMPRESSED)] + storage_contexts(127)
            roles = dict.fromkeys(uid for uid, _ in contexts[1:])
            self._link, self._agreed = _request(self.ws, self.node, contexts, self.timeouts, self.tls, roles)

    def get(self, writer: CacheWriter, identifier, outcome, on_instance=None, cancel=None) -> None:
        """As ``c_get``; raises the same when the association cannot be (re)made."""
        self.open()
        link, agreed = self._link, self._agreed
        try:
            if not _ask(link, agreed, GET_MODEL, ul.C_GET_RQ, identifier, outcome, f"{self.node.name} does not offer C-GET"):
                self.close()
                return
            _receive(link, agreed, writer, outcome, on_instance, cancel)
        except ul.ULError:
            outcome.error = "association lost during the retrieve" if not outcome.error else outcome.error
            link.close()

    def close(self) -> None:
        link, self._link = self._link, None
        if link is not None and not link.closed:
            link.release()


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
            status = _store(msg, agreed, writer)
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


def _store(msg: ul.Message, agreed: ul_assoc.Negotiated, writer: CacheWriter) -> int:
    context = agreed.contexts.get(msg.context_id)
    if context is None or msg.dataset is None:
        return STATUS_CANNOT_UNDERSTAND
    sop_class = str(msg.command.get(ul.AFFECTED_SOP_CLASS, "") or context[0])
    sop_uid = str(msg.command.get(ul.AFFECTED_SOP_INSTANCE, ""))
    try:
        writer.store(sop_class, sop_uid, context[1], msg.dataset, source_aet=agreed.called_ae)
    except DiskFull:
        return STATUS_OUT_OF_RESOURCES
    except NotImportable:
        return STATUS_CANNOT_UNDERSTAND
    except OSError:
        return STATUS_OUT_OF_RESOURCES
    return 0x0000


def _cancelled(link: ul.Link, outcome) -> None:
    link.abort()  # the archive stops sending; what arrived is kept
    outcome.error = "cancelled"
