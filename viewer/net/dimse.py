"""The pynetdicom room: DIMSE operations a reader starts one at a time, as an SCU through pynetdicom's ``AE``:
C-ECHO, C-FIND (Study Root) for searches, and C-STORE for sending.

Every function opens its own association and closes it, so callers may run several in parallel
threads (one association each). Nothing here logs identifiers. Retrieving and receiving (C-GET,
C-MOVE, the storage SCP) run on the lean upper layer instead (``retrieve_scu``, ``storage_scp``).
"""

from __future__ import annotations

import itertools
import logging
import os
import socket
import ssl
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from pydicom.dataset import Dataset
from pynetdicom import AE
from pynetdicom.sop_class import (
    StudyRootQueryRetrieveInformationModelFind as FIND_MODEL,
)
from pynetdicom.sop_class import (
    Verification,
)

from viewer.net import NetError, quiet_pynetdicom
from viewer.net.contexts import UNCOMPRESSED
from viewer.net.dimse_common import ACSE_TIMEOUT, DIMSE_TIMEOUT, NETWORK_TIMEOUT, PENDING, require_address, tls_context
from viewer.net.nodes import Node, Workstation
from viewer.net.query import KEYS, LEVELS, RemoteQuery, date_range, name_pattern

log = logging.getLogger(__name__)

UTF8 = "ISO_IR 192"
DUL_POLL_SECONDS = 0.0001

_MESSAGE_IDS = itertools.count(1)


# -- associations ---------------------------------------------------------------------------------


def make_ae(ws: Workstation) -> AE:
    quiet_pynetdicom()
    ae = AE(ae_title=ws.ae_title)
    ae.maximum_pdu_size = ws.max_pdu
    ae.acse_timeout = ACSE_TIMEOUT
    ae.dimse_timeout = DIMSE_TIMEOUT
    ae.network_timeout = NETWORK_TIMEOUT
    return ae


def associate(ae: AE, node: Node, handlers=None, ext_neg=None):
    require_address(node)
    ctx = tls_context(node)
    kwargs = {"ae_title": node.ae_title, "evt_handlers": handlers or [], "ext_neg": ext_neg}
    if ctx is not None:
        kwargs["tls_args"] = (ctx, node.host)
    try:
        assoc = ae.associate(node.host, node.port, **kwargs)
    except (OSError, ssl.SSLError) as exc:
        raise NetError(f"could not connect to {node.name} ({type(exc).__name__})") from exc
    if assoc.is_established:
        tune_reactor(assoc)
        return assoc
    if assoc.is_rejected:
        raise NetError(f"{node.name} rejected the association (is our AE title {ae.ae_title!r} known there?)")
    if assoc.is_aborted:
        raise NetError(_abort_message(ae, node))
    raise NetError(f"no answer from {node.name} at {node.host}:{node.port}")


def _abort_message(ae: AE, node: Node) -> str:
    """Say why an association ended before it began, as far as the socket can tell.

    pynetdicom reports a refused TCP connection as an abort, and so too an A-ASSOCIATE-RJ when the
    peer closes its socket before the reject is read (Orthanc does, under load). A plain connect
    tells the two apart: nobody listening, or a peer that listens but would not talk to us, most
    often because it does not know our AE title.
    """
    try:
        with socket.create_connection((node.host, node.port), timeout=3):
            pass
    except OSError:
        return f"could not connect to {node.name} at {node.host}:{node.port} (nobody listening)"
    return (f"{node.name} at {node.host}:{node.port} closed the association at once: it likely rejected "
            f"it (is our AE title {ae.ae_title!r} known there?)")


def tune_reactor(assoc) -> None:
    """Shorten pynetdicom's idle poll (1 ms by default) on a bulk association (sending a study).

    Its DUL thread sleeps that long whenever the socket has nothing ready; a C-STORE of a 512x512 CT
    image crosses that gap several times (PDUs, the C-STORE response), which caps a single
    association far below the link's speed while the CPU is mostly idle. A shorter poll costs a
    little CPU while the association is open and wins most of that latency back.
    """
    delay = float(os.environ.get("CAURI_DUL_POLL", DUL_POLL_SECONDS))
    dul = getattr(assoc, "dul", None)
    if dul is not None and hasattr(dul, "_run_loop_delay"):
        dul._run_loop_delay = delay


# -- C-ECHO ---------------------------------------------------------------------------------------


def echo(ws: Workstation, node: Node) -> float:
    """Seconds a C-ECHO round trip took (association included)."""
    ae = make_ae(ws)
    ae.add_requested_context(Verification)
    start = time.perf_counter()
    assoc = associate(ae, node)
    try:
        status = assoc.send_c_echo()
    finally:
        _release(assoc)
    code = getattr(status, "Status", None)
    if code != 0x0000:
        raise NetError(f"{node.name} answered C-ECHO with status {_hex(code)}")
    return time.perf_counter() - start


# -- C-FIND ---------------------------------------------------------------------------------------


def build_identifier(q: RemoteQuery) -> Dataset:
    level = q.level.upper()
    ds = Dataset()
    ds.SpecificCharacterSet = UTF8  # so accented names go out and come back intact
    ds.QueryRetrieveLevel = level
    for keyword in KEYS[level]:
        setattr(ds, keyword, "")
    ds.StudyInstanceUID = q.study_uid or ""
    if level == "STUDY":
        ds.PatientName = name_pattern(q.name) if q.name else ""
        ds.PatientID = q.patient_id or ""
        ds.PatientBirthDate = q.birth_date or ""
        ds.StudyDate = date_range(q.date_from, q.date_to)
        ds.AccessionNumber = q.accession or ""
        ds.StudyDescription = q.description or ""
        ds.ModalitiesInStudy = q.modality or ""
        if q.issuer is not None:
            ds.IssuerOfPatientID = q.issuer
    elif level == "SERIES":
        ds.Modality = q.modality or ""
        ds.SeriesInstanceUID = q.series_uid or ""
        ds.SeriesDescription = q.description or ""
    else:
        ds.SeriesInstanceUID = q.series_uid or ""
    return ds


def find(ws: Workstation, node: Node, q: RemoteQuery) -> list[dict]:
    """Matches of ``q`` at its level, as plain dicts (keys: see ``STUDY_KEYS`` etc.)."""
    level = q.level.upper()
    if level not in LEVELS:
        raise NetError(f"level is one of {', '.join(l.lower() for l in LEVELS)}")
    ae = make_ae(ws)
    ae.add_requested_context(FIND_MODEL, UNCOMPRESSED)
    assoc = associate(ae, node)
    try:
        return _find_hierarchical(assoc, node, q, level)
    finally:
        _release(assoc)


def _find_hierarchical(assoc, node: Node, q: RemoteQuery, level: str) -> list[dict]:
    # Study Root is hierarchical: below STUDY a strict archive needs the parent's UID, so the
    # study (then series) is found first when the caller did not name it.
    if level == "STUDY":
        return _c_find(assoc, node, build_identifier(q), q.limit)
    if q.study_uid:
        studies = [q.study_uid]
    else:
        studies = [s["study_uid"] for s in _c_find(assoc, node, build_identifier(_as_level(q, "STUDY")), q.limit)]
    if level == "SERIES":
        out: list[dict] = []
        for uid in studies:
            out += _c_find(assoc, node, build_identifier(_as_level(q, "SERIES", study_uid=uid)))
        return out
    out = []
    for uid in studies:
        if q.series_uid:
            series = [q.series_uid]
        else:
            series = [s["series_uid"] for s in _c_find(assoc, node, build_identifier(_as_level(q, "SERIES", study_uid=uid)))]
        for se in series:
            out += _c_find(assoc, node, build_identifier(_as_level(q, "IMAGE", study_uid=uid, series_uid=se)))
    return out


def _as_level(q: RemoteQuery, level: str, **changes) -> RemoteQuery:
    from dataclasses import replace

    return replace(q, level=level, **changes)


def _c_find(assoc, node: Node, identifier: Dataset, limit: int | None = None) -> list[dict]:
    level = identifier.QueryRetrieveLevel
    keys = KEYS[level]
    out: list[dict] = []
    cancelled = False
    msg_id = next(_MESSAGE_IDS) % 65535 + 1
    for status, found in assoc.send_c_find(identifier, FIND_MODEL, msg_id=msg_id):
        code = getattr(status, "Status", None)
        if code is None:
            raise NetError(f"{node.name} stopped answering the query (association lost)")
        if code in PENDING and found is not None:
            if cancelled:
                continue  # answers already in flight when the cancel arrived
            row = _as_dict(found, keys)
            if level == "STUDY" and "IssuerOfPatientID" in identifier:
                row["issuer"] = str(found.get("IssuerOfPatientID", "") or "").strip()
            out.append(row)
            if limit and len(out) >= limit:
                # Enough: ask the archive to stop, and read on to its final (cancel) response so that
                # the association is clean for the next query.
                assoc.send_c_cancel(msg_id, query_model=FIND_MODEL)
                cancelled = True
        elif code == 0xFE00 or (code != 0x0000 and cancelled):
            break
        elif code != 0x0000:
            raise NetError(f"{node.name} answered the query with status {_hex(code)}")
    return out[:limit] if limit else out


def _as_dict(ds: Dataset, keys: dict[str, str]) -> dict:
    out: dict = {}
    for keyword, name in keys.items():
        value = ds.get(keyword)  # by keyword: the value itself
        if value is None or value == "":
            numeric = name.endswith("count") or name in ("number", "instance_number")
            out[name] = None if numeric else ([] if name == "modalities" else "")
        elif name == "modalities":
            out[name] = list(value) if not isinstance(value, str) else [v for v in value.split("\\") if v]
        elif name.endswith("count") or name in ("number", "instance_number"):
            try:
                out[name] = int(value)
            except (TypeError, ValueError):
                out[name] = None
        else:
            out[name] = str(value)
    return out


# -- C-STORE (send) -------------------------------------------------------------------------------


@dataclass
class SendOutcome:
    sent: int = 0
    failed: int = 0
    errors: list[str] | None = None


def c_store(ws: Workstation, node: Node, files: Iterable[tuple[Path, str, str]],
            progress: Callable[[int], None] | None = None) -> SendOutcome:
    """Send ``(path, sop_class, transfer_syntax)`` files as they are stored (no re-encoding)."""
    from pynetdicom import _config

    # Sent from the file in chunks, without decoding it: every send Cauri makes is from a stored file.
    _config.STORE_SEND_CHUNKED_DATASET = True
    files = list(files)
    outcome = SendOutcome(errors=[])
    ae = make_ae(ws)
    pairs = sorted({(c, t) for _, c, t in files})
    if len(pairs) > 128:
        raise NetError("too many kinds of objects for one association; send fewer series at a time")
    for sop_class, syntax in pairs:
        ae.add_requested_context(sop_class, [syntax])
    assoc = associate(ae, node)
    try:
        for i, (path, _c, _t) in enumerate(files, 1):
            try:
                status = assoc.send_c_store(Path(path))
            except Exception as exc:  # one unreadable file must not stop the rest
                outcome.failed += 1
                outcome.errors.append(f"instance {i}: {type(exc).__name__}")
                if not assoc.is_established:
                    outcome.errors.append("association lost")
                    outcome.failed += len(files) - i
                    break
                continue
            code = getattr(status, "Status", None)
            if code in (0x0000, 0xB000, 0xB007, 0xB006):
                outcome.sent += 1
            else:
                outcome.failed += 1
                outcome.errors.append(f"instance {i}: status {_hex(code)}")
                if code is None:
                    outcome.failed += len(files) - i
                    break
            if progress is not None:
                progress(i)
    finally:
        _release(assoc)
    return outcome


def _release(assoc) -> None:
    if assoc.is_established:
        assoc.release()


def _hex(code) -> str:
    return "none" if code is None else f"0x{int(code):04X}"
