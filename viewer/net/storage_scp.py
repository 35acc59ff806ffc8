"""The storage SCP: a C-STORE (and C-ECHO) receiver running in background threads.

It accepts only configured peers: the calling AE title must belong to a node whose host is the
address the connection comes from; anyone else gets A-ASSOCIATE-RJ (rejected-permanent, calling AE
title not recognized), as does an association addressed to another AE title than ours. Instances are
filed as received through a ``CacheWriter`` (no decode, no re-encode); below the configured free-space
floor it answers 0xA700 (out of resources) instead of filling the disk. A peer that sends PDUs longer
than the maximum we advertised, or one instance beyond the size limit, is aborted before we hold it.

With a certificate and key configured (``cauri config set tls_cert|tls_key``) it speaks only TLS
(1.2 or later): a plain TCP association to that port fails its handshake and is closed before anything
is read. With a CA bundle as well (``tls_ca``), a peer must also present a client certificate that the
CA signed; the AE title and host check still applies on top.

Connections are admitted by ``viewer.net.admission``: a few seconds (ARTIM) to send the A-ASSOCIATE-RQ, a
cap per address and in total for the configured peers' addresses, and a small separate pool for everyone
else, so idle or one-byte-a-second sockets cannot lock a modality out. It listens on ``storage_bind``
(all interfaces by default).

It runs on the lean upper layer (``viewer.net.ul``): one thread per association reads, files and
answers, which is what makes C-MOVE as fast as C-GET. An A-RELEASE-RP is sent only once everything
received is on disk and indexed, so a sender that saw its association released cleanly can trust it.
"""

from __future__ import annotations

import logging
import socket
import ssl
import struct
import threading
import time
from typing import Callable

from pydicom.uid import AllTransferSyntaxes
from pynetdicom.sop_class import Verification

from viewer.core import audit
from viewer.net import quiet_pynetdicom, ul, ul_assoc
from viewer.net.admission import ARTIM_SECONDS, Admission, Artim, KnownHosts
from viewer.net.contexts import STORAGE_CLASSES, storage_contexts
from viewer.net.ingest import CacheWriter
from viewer.net.nodes import NetworkConfig
from viewer.net.ul_store import file_request
from viewer.store.cache import StudyCache

log = logging.getLogger(__name__)

NETWORK_TIMEOUT = 60
_SYNTAXES = frozenset(str(s) for s in AllTransferSyntaxes)
SUPPORTED = {str(uid): _SYNTAXES for uid, _ in storage_contexts(10_000)}
SUPPORTED[str(Verification)] = frozenset({"1.2.840.10008.1.2", "1.2.840.10008.1.2.1"})
_ABORT_SOURCE_PROVIDER = 2


class StorageSCP:
    """``start()`` listens on ``config.workstation.storage_port``; ``stop()`` closes it."""

    def __init__(self, cache: StudyCache, config: NetworkConfig, bind: str | None = None,
                 on_instance: Callable[[str], None] | None = None):
        self.cache = cache
        self.config = config
        # "" = all interfaces (modalities on the LAN push here); None: the ``storage_bind`` setting
        self.bind = config.workstation.storage_bind if bind is None else bind
        self.on_instance = on_instance  # called with the SOP Instance UID once an instance is indexed
        ws = config.workstation
        self.writer = CacheWriter(cache, min_free_bytes=ws.min_free_mb << 20, on_stored=self._stored)
        self.max_instance_bytes = ws.max_instance_mb << 20
        self.rejected_peers = 0
        self.refused_full = 0
        self.refused_tls = 0  # connections closed because their TLS handshake failed
        self._listener: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._links: set[ul.Link] = set()
        self._workers: set[threading.Thread] = set()
        self._stopping = False
        self._tls: ssl.SSLContext | None = None
        self.artim_seconds = ARTIM_SECONDS
        self._studies_of: dict[str, tuple[str, str]] = {}  # SOP UID -> (study UID, accession), for the audit
        self._known = KnownHosts(lambda: [n.host for n in self.config.nodes if n.has_dimse])
        self.admission = Admission(self._known, ws.max_per_address, ws.max_associations)

    @property
    def uses_tls(self) -> bool:
        return self._tls is not None

    @property
    def port(self) -> int:
        return self._listener.getsockname()[1] if self._listener else self.config.workstation.storage_port

    def start(self) -> "StorageSCP":
        quiet_pynetdicom()
        ws = self.config.workstation
        try:
            self._tls = server_tls_context(ws)
            self._listener = socket.create_server((self.bind, ws.storage_port), backlog=128)
        except BaseException:
            self.writer.close()  # not listening: no filing threads left behind either
            raise
        self._thread = threading.Thread(target=self._accept_loop, name="cauri-scp-listen", daemon=True)
        self._thread.start()
        log.info("storage SCP listening on %s port %d%s", self.bind or "all interfaces", self.port,
                 " (TLS)" if self._tls else "")
        return self

    def stop(self) -> None:
        self._stopping = True
        if self._listener is not None:
            try:
                self._listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self._listener.close()
            if self._thread is not None:
                self._thread.join(5)
            self._listener = None
        with self._lock:
            links, workers = list(self._links), list(self._workers)
        for link in links:
            link.abort(_ABORT_SOURCE_PROVIDER)
        for worker in workers:
            worker.join(5)
        self.writer.close()

    def __enter__(self) -> "StorageSCP":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def reload(self, config: NetworkConfig) -> None:
        """New peers take effect for the next association (port and AE title need a restart)."""
        self.config = config
        self._known.reset()

    # -- associations ------------------------------------------------------------------------------

    def _accept_loop(self) -> None:
        listener = self._listener
        while not self._stopping:
            try:
                sock, address = listener.accept()
            except OSError:
                if self._stopping:
                    return  # closed by stop()
                time.sleep(0.05)  # out of file descriptors under a flood: let some close, never exit
                continue
            if not self.admission.admit(address[0]):
                _close_now(sock)
                continue
            worker = threading.Thread(target=self._serve, args=(sock, address[0]), name="cauri-scp-assoc",
                                      daemon=True)
            with self._lock:
                self._workers.add(worker)
            worker.start()

    def _serve(self, sock: socket.socket, host: str) -> None:
        ws = self.config.workstation
        known = self.admission.is_known(host)
        link = None
        artim = Artim(sock, self.artim_seconds, self.admission.expired)
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.settimeout(self.artim_seconds + 1)
            if self._tls is not None:
                secured = self._handshake(sock)
                if secured is None:
                    return
                sock = secured
            link = ul.Link(sock, max_pdu_in=ws.max_pdu, max_dataset=self.max_instance_bytes)
            with self._lock:
                self._links.add(link)
            try:
                rq = ul_assoc.read_request(link)
            finally:
                if not artim.stop():
                    return  # too slow to say who it is: the socket is shut already
            refusal = self._refusal(rq, host)
            if refusal is not None:
                ul_assoc.reject(link, *refusal)
                _close_after_reject(link)
                return
            agreed = ul_assoc.accept(link, rq, SUPPORTED, ws.max_pdu)
            sock.settimeout(NETWORK_TIMEOUT)
            received: list[str] = []
            try:
                self._messages(link, agreed, received)
            finally:
                self._audit(agreed.calling_ae, received)
        except ul.LimitExceeded:
            log.warning("storage SCP: peer exceeded the PDU or instance size limit; association aborted")
            if link is not None:
                link.abort(_ABORT_SOURCE_PROVIDER)
        except ul_assoc.MalformedRequest:
            log.warning("storage SCP: malformed A-ASSOCIATE-RQ refused")
            if link is not None:
                link.abort(_ABORT_SOURCE_PROVIDER)
        except (ul.ULError, OSError):
            pass  # the peer went away or aborted: what was complete is kept
        except Exception:
            log.exception("storage SCP: association failed")
            if link is not None:
                link.abort(_ABORT_SOURCE_PROVIDER)
        finally:
            artim.stop()
            if link is not None:
                link.close()
            else:
                sock.close()
            with self._lock:
                self._links.discard(link)
                self._workers.discard(threading.current_thread())
            self.admission.release(host, known)

    def _handshake(self, sock: socket.socket) -> ssl.SSLSocket | None:
        """The TLS side of an accepted connection, or None (closed) when the handshake fails."""
        try:
            return self._tls.wrap_socket(sock, server_side=True)
        except (ssl.SSLError, OSError) as exc:
            with self._lock:
                self.refused_tls += 1
            # The reason (no client certificate, unknown CA, not TLS at all) says what to fix; no PHI in it.
            log.warning("storage SCP: TLS handshake failed (%s)", getattr(exc, "reason", None) or type(exc).__name__)
            sock.close()
            return None

    def _refusal(self, rq, host: str) -> tuple[int, int, int] | None:
        called = str(rq.called_ae_title).strip()
        calling = str(rq.calling_ae_title).strip()
        if called != self.config.workstation.ae_title:
            log.warning("storage SCP: association addressed to another AE title refused")
            return ul_assoc.REJECT_PERMANENT, ul_assoc.SOURCE_USER, ul_assoc.REASON_CALLED_AE
        if self.config.peer_allowed(calling, host) is None:
            with self._lock:
                self.rejected_peers += 1
            log.warning("storage SCP: association from an unknown peer refused")
            return ul_assoc.REJECT_PERMANENT, ul_assoc.SOURCE_USER, ul_assoc.REASON_CALLING_AE
        return None

    def _messages(self, link: ul.Link, agreed: ul_assoc.Negotiated, received: list[str]) -> None:
        while True:
            try:
                msg = link.read_message()
            except ul.ReleaseRequested:
                self.writer.flush()  # released means stored: nothing acknowledged is still only in memory
                link.send_release_rp()
                return
            if msg.field == ul.C_STORE_RQ:
                status = self._store(msg, agreed)
                link.send_message(msg.context_id, ul.store_response(msg, status))
                if status == 0x0000:
                    received.append(str(msg.command.get(ul.AFFECTED_SOP_INSTANCE, "")))
            elif msg.field == ul.C_ECHO_RQ:
                link.send_message(msg.context_id, ul.encode_command({
                    ul.AFFECTED_SOP_CLASS: str(Verification),
                    ul.COMMAND_FIELD: ul.C_ECHO_RSP,
                    ul.RESPONDED_TO: int(msg.command.get(ul.MESSAGE_ID, 0) or 0),
                    ul.DATASET_TYPE: ul.NO_DATASET,
                    ul.STATUS: 0x0000,
                }))
            elif msg.field == ul.C_CANCEL_RQ:
                continue
            else:
                raise ul.ULError(f"unsupported command 0x{msg.field:04X}")

    def _store(self, msg: ul.Message, agreed: ul_assoc.Negotiated) -> int:
        return file_request(msg, agreed, self.writer, agreed.calling_ae, STORAGE_CLASSES_SET, self._disk_full)

    def _disk_full(self) -> None:
        with self._lock:
            self.refused_full += 1

    def _stored(self, header) -> None:
        with self._lock:
            self._studies_of[header.sop_uid] = (header.study_uid, header.accession)
        if self.on_instance is not None:
            self.on_instance(header.sop_uid)

    def _audit(self, calling_ae: str, received: list[str]) -> None:
        """One audit record per study the association brought (once its instances are indexed)."""
        if not received:
            return
        self.writer.flush(timeout=30)
        studies: dict[str, tuple[str, int]] = {}
        with self._lock:
            for sop in received:
                found = self._studies_of.pop(sop, None)
                if found is not None:
                    accession, n = studies.get(found[0], (found[1], 0))
                    studies[found[0]] = (accession, n + 1)
        audit.record_many("receive", studies, peer=calling_ae, store=self.cache.root)


def server_tls_context(ws) -> ssl.SSLContext | None:
    """The storage SCP's TLS context from the workstation settings, or None when TLS is off.

    Raises ``TLSSetupError`` (settings that do not go together, an unreadable or mismatched certificate
    or key), so the caller reports it instead of listening unprotected.
    """
    if not (ws.tls_cert or ws.tls_key or ws.tls_ca):
        return None
    problem = ws.tls_problem()
    if problem:
        raise TLSSetupError(problem)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        ctx.load_cert_chain(ws.tls_cert, ws.tls_key)
        if ws.tls_ca:
            ctx.load_verify_locations(cafile=ws.tls_ca)
            ctx.verify_mode = ssl.CERT_REQUIRED
    except (ssl.SSLError, OSError) as exc:
        raise TLSSetupError(f"the storage port's TLS certificate, key or CA cannot be used ({type(exc).__name__})") from None
    return ctx


class TLSSetupError(OSError):
    """The storage SCP's TLS settings cannot be used; an ``OSError`` like every other reason it cannot
    listen, so callers that report a busy port report this too (with this message)."""


STORAGE_CLASSES_SET = frozenset(str(uid) for uid, _ in storage_contexts(10_000))


def _close_after_reject(link: ul.Link) -> None:
    """Let the A-ASSOCIATE-RJ reach the peer before the socket goes: half-close, wait for its close."""
    try:
        link.sock.shutdown(socket.SHUT_WR)
        link.sock.settimeout(2)
        while link.sock.recv(4096):
            pass
    except OSError:
        pass
    link.close()


def _close_now(sock: socket.socket) -> None:
    """Close a connection over the limits without a TIME_WAIT on our side (RST, nothing read)."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    sock.close()


def known_storage_classes() -> list[str]:
    return list(STORAGE_CLASSES)
