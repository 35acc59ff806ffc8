"""DICOMweb client on the standard library: QIDO-RS search, WADO-RS retrieve, STOW-RS send.

Written on urllib rather than ``dicomweb-client`` so that WADO-RS responses are streamed part by part
straight to temp files (that library assembles each response in memory and decodes every instance
with pydicom, the needless decode/re-encode a slow workstation cannot afford) and no dependency is
added. Multipart bodies are parsed with a small incremental reader; STOW bodies are streamed from
the stored files.
"""

from __future__ import annotations

import base64
import json
import ssl
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

from viewer.net import NetError
from viewer.net.contexts import LOSSLESS_WIRE
from viewer.net.ingest import CacheWriter, DiskFull, NotImportable
from viewer.net.nodes import Node
from viewer.net.query import IMAGE_KEYS, SERIES_KEYS, STUDY_KEYS, RemoteQuery, date_range, name_pattern
from viewer.store.matching import fold

TIMEOUT = 60
_CHUNK = 1 << 20
_MAX_PART_IN_MEMORY = 64 << 20  # larger parts (big multi-frame objects) are streamed to a temp file
_ACCEPT_DICOM = 'multipart/related; type="application/dicom"; transfer-syntax={}'
_ACCEPT_DICOM_PLAIN = 'multipart/related; type="application/dicom"'
# Answers that mean "not in that transfer syntax" (PS3.18 says 406; 400 from servers that do not parse the
# parameter; Orthanc 1.10 answers 500 to a syntax it cannot encode, and 415 is seen too): the next is asked.
_REFUSALS = ("HTTP 406", "HTTP 400", "HTTP 415", "HTTP 500", "HTTP 501")
_REFUSED: dict[str, set[str]] = {}  # base URL -> Accept values refused there, not asked again this session

# DICOM JSON is keyed by tag; these are the tags of the keywords the DIMSE side uses.
_TAGS = {
    "PatientName": "00100010",
    "PatientID": "00100020",
    "PatientBirthDate": "00100030",
    "PatientSex": "00100040",
    "StudyInstanceUID": "0020000D",
    "StudyDate": "00080020",
    "StudyTime": "00080030",
    "AccessionNumber": "00080050",
    "StudyDescription": "00081030",
    "ModalitiesInStudy": "00080061",
    "NumberOfStudyRelatedSeries": "00201206",
    "NumberOfStudyRelatedInstances": "00201208",
    "SeriesInstanceUID": "0020000E",
    "Modality": "00080060",
    "SeriesNumber": "00200011",
    "SeriesDescription": "0008103E",
    "BodyPartExamined": "00180015",
    "NumberOfSeriesRelatedInstances": "00201209",
    "SOPInstanceUID": "00080018",
    "SOPClassUID": "00080016",
    "InstanceNumber": "00200013",
}


class Client:
    def __init__(self, node: Node):
        if not node.has_dicomweb:
            raise NetError(f"node {node.name!r} has no DICOMweb URL")
        self.node = node
        self.base = node.dicomweb_url.rstrip("/")
        self._ssl = None
        if self.base.startswith("https://"):
            self._ssl = ssl.create_default_context(cafile=node.tls_ca or None)
            if node.tls_cert:
                self._ssl.load_cert_chain(node.tls_cert, node.tls_key or None)

    # -- plumbing ---------------------------------------------------------------------------------

    def _headers(self, extra: dict | None = None) -> dict:
        h = dict(extra or {})
        if self.node.auth == "basic":
            token = base64.b64encode(f"{self.node.username}:{self.node.secret}".encode("utf-8")).decode("ascii")
            h["Authorization"] = f"Basic {token}"
        elif self.node.auth == "bearer":
            h["Authorization"] = f"Bearer {self.node.secret}"
        return h

    def _open(self, path: str, headers: dict | None = None, data=None, method: str | None = None):
        req = urllib.request.Request(self.base + path, data=data, headers=self._headers(headers), method=method)
        try:
            return urllib.request.urlopen(req, timeout=TIMEOUT, context=self._ssl)
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code in (401, 403):
                raise NetError(f"{self.node.name} refused the credentials (HTTP {exc.code})") from None
            raise NetError(f"{self.node.name} answered HTTP {exc.code}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise NetError(f"could not reach {self.node.name} ({type(getattr(exc, 'reason', exc)).__name__})") from None

    def _json(self, path: str) -> list:
        with self._open(path, {"Accept": "application/dicom+json"}) as r:
            body = r.read()
        if not body.strip():
            return []  # 204 No Content: no match
        return json.loads(body)

    # -- QIDO-RS ----------------------------------------------------------------------------------

    def ping(self) -> None:
        self._json("/studies?limit=1")

    def search(self, q: RemoteQuery) -> list[dict]:
        level = q.level.upper()
        if level == "STUDY":
            params, typed = _study_params(q)
            rows = self._json("/studies?" + params + ("&includefield=00100021" if q.issuer is not None else ""))
            out = [_as_dict(d, STUDY_KEYS) for d in rows]
            if q.issuer is not None:
                for row, d in zip(out, rows):
                    row["issuer"] = str(((d.get("00100021") or {}).get("Value") or [""])[0]).strip()
            return [row for row in out if all(_matches(row.get(STUDY_KEYS[k]) or "", v, k == "PatientName")
                                              for k, v in typed.items())]
        studies = [q.study_uid] if q.study_uid else [s["study_uid"] for s in self.search(_with(q, level="STUDY"))]
        out: list[dict] = []
        for uid in studies:
            st = urllib.parse.quote(uid)
            if level == "SERIES":
                params = _params({"Modality": q.modality, "SeriesInstanceUID": q.series_uid}, SERIES_KEYS)
                found = [_as_dict(d, SERIES_KEYS) for d in self._json(f"/studies/{st}/series?{params}")]
            else:
                path = f"/studies/{st}/series/{urllib.parse.quote(q.series_uid)}/instances" if q.series_uid \
                    else f"/studies/{st}/instances"
                found = [_as_dict(d, IMAGE_KEYS) for d in self._json(path + "?" + _params({}, IMAGE_KEYS))]
            for d in found:
                d["study_uid"] = d.get("study_uid") or uid
            out += found
        return out

    # -- WADO-RS ----------------------------------------------------------------------------------

    def retrieve(self, writer: CacheWriter, study_uid: str, series_uid: str | None = None,
                 sop_uid: str | None = None, on_instance: Callable[[], None] | None = None,
                 cancel: Callable[[], bool] | None = None) -> int:
        """Stream a study, series or instance into ``writer``; returns how many parts arrived."""
        path = f"/studies/{urllib.parse.quote(study_uid)}"
        if series_uid:
            path += f"/series/{urllib.parse.quote(series_uid)}"
            if sop_uid:
                path += f"/instances/{urllib.parse.quote(sop_uid)}"
        response = self._negotiated(path)
        with response:
            boundary = _boundary(response.headers.get("Content-Type", ""))
            count = 0
            for _headers in _parts(response, boundary, writer, cancel):
                count += 1
                if on_instance is not None:
                    on_instance()
        return count

    def wire_accepts(self) -> list[str]:
        """The Accept values a WADO-RS retrieve tries, in order: lossless compressed syntaxes (smallest
        first) when the node asks for them, then "as stored" (``*``), then no parameter at all."""
        wanted = LOSSLESS_WIRE if self.node.wire_compression else []
        accepts = [_ACCEPT_DICOM.format(ts) for ts in wanted] + [_ACCEPT_DICOM.format("*"), _ACCEPT_DICOM_PLAIN]
        refused = _REFUSED.get(self.base, set())
        return [a for a in accepts if a not in refused] or [_ACCEPT_DICOM_PLAIN]

    def _negotiated(self, path: str):
        """The response to the first Accept value the archive takes; what it refused is remembered for the
        base URL, so a retrieve split into many requests pays each refusal once."""
        accepts = self.wire_accepts()
        for k, accept in enumerate(accepts):
            try:
                return self._open(path, {"Accept": accept})
            except NetError as exc:
                if k == len(accepts) - 1 or not any(code in str(exc) for code in _REFUSALS):
                    raise
                _REFUSED.setdefault(self.base, set()).add(accept)
        raise AssertionError("unreachable")

    # -- STOW-RS ----------------------------------------------------------------------------------

    def store(self, files: list[Path], study_uid: str | None = None) -> "StowOutcome":
        boundary = uuid.uuid4().hex
        heads = [f"--{boundary}\r\nContent-Type: application/dicom\r\n\r\n".encode("ascii") for _ in files]
        tail = f"\r\n--{boundary}--\r\n".encode("ascii")
        length = sum(len(h) for h in heads) + sum(Path(f).stat().st_size for f in files) \
            + 2 * (len(files) - 1) + len(tail)

        def body() -> Iterator[bytes]:
            for i, (head, f) in enumerate(zip(heads, files)):
                yield (b"\r\n" + head) if i else head
                with open(f, "rb") as fh:
                    while chunk := fh.read(_CHUNK):
                        yield chunk
            yield tail

        path = "/studies" + (f"/{urllib.parse.quote(study_uid)}" if study_uid else "")
        headers = {
            "Content-Type": f'multipart/related; type="application/dicom"; boundary={boundary}',
            "Content-Length": str(length),
            "Accept": "application/dicom+json",
        }
        with self._open(path, headers, data=body(), method="POST") as r:
            raw = r.read()
        doc = json.loads(raw) if raw.strip() else {}
        stored = len((doc.get("00081199") or {}).get("Value") or [])
        failed = len((doc.get("00081198") or {}).get("Value") or [])
        return StowOutcome(stored=stored, failed=failed if stored + failed else len(files) - stored)


@dataclass
class StowOutcome:
    stored: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


# -- multipart/related, incrementally ---------------------------------------------------------------


def _boundary(content_type: str) -> bytes:
    for piece in content_type.split(";"):
        key, _, value = piece.strip().partition("=")
        if key.lower() == "boundary" and value:
            return value.strip('"').encode("ascii")
    raise NetError("the archive answered without a multipart boundary")


def _parts(stream: BinaryIO, boundary: bytes, writer: CacheWriter, cancel=None) -> Iterator[dict]:
    """Hand each part of a multipart body to ``writer``; yield its headers.

    A part announced with its Content-Length (Orthanc does) is read in one piece and filed from memory,
    with no delimiter search over its bytes; one without is streamed to a temp file while looking for
    the delimiter. Memory stays bounded either way (``_MAX_PART_IN_MEMORY``, else the read size).
    """
    delimiter = b"\r\n--" + boundary
    buf = b"\r\n" + _read_until(stream, b"--" + boundary, b"")  # the first delimiter has no CRLF before it
    buf = buf[buf.index(b"--" + boundary) - 2:]
    while True:
        # buf starts at a delimiter: CRLF--boundary, then "--" (end) or CRLF (a part follows).
        buf = _fill(stream, buf, len(delimiter) + 2)
        if not buf.startswith(delimiter):
            raise NetError("malformed multipart answer from the archive")
        after = buf[len(delimiter): len(delimiter) + 2]
        if after == b"--" or len(buf) < len(delimiter) + 2:
            return
        buf = buf[len(delimiter):]
        buf = _read_until(stream, b"\r\n\r\n", buf)
        head, _, buf = buf.partition(b"\r\n\r\n")
        headers = _part_headers(head)
        if not writer.has_room():
            raise DiskFull()
        if cancel is not None and cancel():
            raise NetError("cancelled")
        length = _content_length(headers)
        if length is not None:
            if len(buf) >= length:
                body, buf = buf[:length], buf[length:]
            else:
                body, buf = _read_exact(stream, length, buf), b""
            try:
                writer.store_part10(body)
            except NotImportable:
                pass  # counted as rejected by the writer; the retrieve reports it missing
            yield headers
            continue
        buf = yield from _stream_part(stream, buf, delimiter, writer, cancel, headers)


def _stream_part(stream: BinaryIO, buf: bytes, delimiter: bytes, writer: CacheWriter, cancel, headers: dict):
    path = writer.new_temp()
    ok = False
    try:
        with open(path, "wb") as out:
            while True:
                at = buf.find(delimiter)
                if at >= 0:
                    out.write(buf[:at])
                    buf = buf[at:]
                    break
                keep = len(delimiter) - 1
                if len(buf) > keep:
                    out.write(buf[:-keep])
                    buf = buf[-keep:]
                chunk = stream.read(_CHUNK)
                if not chunk:
                    raise NetError("the archive closed the connection in the middle of an instance")
                buf += chunk
                if cancel is not None and cancel():
                    raise NetError("cancelled")
        ok = True
    finally:
        if not ok:
            Path(path).unlink(missing_ok=True)
    writer.submit(path)
    yield headers
    return buf


def _content_length(headers: dict) -> int | None:
    try:
        length = int(headers.get("content-length", ""))
    except ValueError:
        return None
    return length if 0 < length <= _MAX_PART_IN_MEMORY else None


def _read_exact(stream: BinaryIO, n: int, head: bytes = b"") -> bytearray:
    """``head`` and then the stream's next ``n - len(head)`` bytes, read straight into one buffer: an
    instance is copied once out of the socket, not once per chunk joined and sliced."""
    body = bytearray(n)
    view = memoryview(body)
    view[:len(head)] = head
    at = len(head)
    while at < n:
        try:
            got = stream.readinto(view[at:])
        except OSError as exc:
            raise NetError(f"connection to the archive lost ({type(exc).__name__})") from None
        if not got:
            raise NetError("the archive closed the connection in the middle of an instance")
        at += got
    return body


def _fill(stream: BinaryIO, buf: bytes, n: int) -> bytes:
    # Only what is asked for: reading ahead here made every later slice of ``buf`` copy a megabyte.
    while len(buf) < n:
        chunk = stream.read(n - len(buf))
        if not chunk:
            break
        buf += chunk
    return buf


def _read_until(stream: BinaryIO, marker: bytes, buf: bytes, limit: int = 64 << 10) -> bytes:
    while marker not in buf:
        if len(buf) > limit:
            raise NetError("malformed multipart answer from the archive")
        chunk = stream.read(8192)
        if not chunk:
            raise NetError("the archive's answer ended early")
        buf += chunk
    return buf


def _part_headers(head: bytes) -> dict:
    out = {}
    for line in head.decode("latin-1").split("\r\n"):
        key, _, value = line.partition(":")
        if key.strip():
            out[key.strip().lower()] = value.strip()
    return out


# -- QIDO helpers -----------------------------------------------------------------------------------


# QIDO-RS carries match values in the URL. Orthanc 1.10 (DICOMweb plugin 1.7) matches nothing for a value
# holding any percent-encoded character (a space, an accent, even "%49" for "I") and refuses them unencoded,
# so "KOFFI^Aïcha Élodie" found nobody. A value that is not plain URL-safe ASCII goes out loosened, each run
# of other characters a "*" (a wider match any server reads alike), and the answers are then held to the
# value as typed here (``_matches``).
_URL_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~^*?")


def _loosened(value: str) -> str:
    out = []
    for c in value:
        c = c if c in _URL_SAFE else "*"
        if not (c == "*" and out and out[-1] == "*"):
            out.append(c)
    return "".join(out)


def _matches(value: str, pattern: str, person_name: bool) -> bool:
    """DICOM wildcard matching (PS3.4 C.2.2.2.4): "*" any run, "?" one character; person names without
    regard to case (as Orthanc and most archives match them)."""
    import re


    if person_name:
        value, pattern = fold(value), fold(pattern)
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, re.S) is not None


def _study_params(q: RemoteQuery) -> tuple[str, dict[str, str]]:
    """The query string, and the values sent loosened (by keyword) that the answers must still match."""
    filters = {
        "PatientName": name_pattern(q.name) if q.name else None,
        "PatientID": q.patient_id,
        "PatientBirthDate": q.birth_date,
        "StudyDate": date_range(q.date_from, q.date_to) or None,
        "ModalitiesInStudy": q.modality,
        "AccessionNumber": q.accession,
        "StudyDescription": q.description,
        "StudyInstanceUID": q.study_uid,
    }
    extra = {"limit": str(q.limit)} if q.limit else {}
    typed = {k: v for k, v in filters.items() if v and k in STUDY_KEYS and _loosened(v) != v}
    filters.update({k: _loosened(v) for k, v in typed.items()})
    return _params(filters, STUDY_KEYS, extra), typed


def _params(filters: dict, keys: dict, extra: dict | None = None) -> str:
    pairs = [(k, v) for k, v in filters.items() if v]
    pairs += [("includefield", k) for k in keys if k not in filters]
    pairs += list((extra or {}).items())
    # Wildcards and the PN component separator stay literal: Orthanc (1.10 + DICOMweb 1.7) takes any
    # percent-encoded character literally ("%2A" a star, not a wildcard; "%5E" no "^"), and then matches
    # nothing (see _loosened).
    return urllib.parse.urlencode(pairs, safe="*?^")


def _with(q: RemoteQuery, **changes) -> RemoteQuery:
    from dataclasses import replace

    return replace(q, **changes)


def _as_dict(item: dict, keys: dict[str, str]) -> dict:
    out: dict = {}
    for keyword, name in keys.items():
        values = (item.get(_TAGS[keyword]) or {}).get("Value") or []
        numeric = name.endswith("count") or name in ("number", "instance_number")
        if not values:
            out[name] = None if numeric else ([] if name == "modalities" else "")
        elif name == "modalities":
            out[name] = [str(v) for v in values]
        elif numeric:
            try:
                out[name] = int(values[0])
            except (TypeError, ValueError):
                out[name] = None
        elif isinstance(values[0], dict):  # person name
            out[name] = str(values[0].get("Alphabetic", ""))
        else:
            out[name] = str(values[0])
    return out


