"""The storage SCP: a C-STORE (and C-ECHO) receiver running in a background thread.

It accepts only configured peers: the calling AE title must belong to a node whose host is the
address the connection comes from; anyone else gets A-ASSOCIATE-RJ (rejected-permanent, calling AE
title not recognized). Instances are written as received into the cache through a ``CacheWriter``;
below the configured free-space floor it answers 0xA700 (out of resources) instead of filling the
disk. The PDU size we accept is bounded; so is the size of one instance.
"""

from __future__ import annotations

import logging
import threading
from typing import Callable

from pynetdicom import AE, evt
from pynetdicom.sop_class import Verification

from viewer.net import quiet_pynetdicom
from viewer.net.contexts import STORAGE_CLASSES, storage_contexts
from viewer.net.dimse import STATUS_CANNOT_UNDERSTAND, STATUS_OUT_OF_RESOURCES, tune_reactor
from viewer.net.ingest import CacheWriter, DiskFull
from viewer.net.nodes import NetworkConfig
from viewer.store.cache import StudyCache

log = logging.getLogger(__name__)

REJECT_PERMANENT, SOURCE_SERVICE_USER, REASON_CALLING_AE = 0x01, 0x01, 0x03
_ALL_SYNTAXES = None  # pynetdicom's default list: accept whatever the peer offers that we know


class StorageSCP:
    """``start()`` listens on ``config.workstation.storage_port``; ``stop()`` closes it."""

    def __init__(self, cache: StudyCache, config: NetworkConfig, bind: str = "",
                 on_instance: Callable[[str], None] | None = None):
        self.cache = cache
        self.config = config
        self.bind = bind  # "" = all interfaces: modalities on the LAN push here
        self.on_instance = on_instance
        ws = config.workstation
        self.writer = CacheWriter(cache, min_free_bytes=ws.min_free_mb << 20)
        self.max_instance_bytes = ws.max_instance_mb << 20
        self.rejected_peers = 0
        self.refused_full = 0
        self._server = None
        self._lock = threading.Lock()
        self._buffered: dict[int, int] = {}  # association -> P-DATA bytes since its last C-STORE

    @property
    def port(self) -> int:
        return self._server.server_address[1] if self._server else self.config.workstation.storage_port

    def start(self) -> "StorageSCP":
        quiet_pynetdicom()
        ws = self.config.workstation
        ae = AE(ae_title=ws.ae_title)
        ae.maximum_pdu_size = ws.max_pdu
        ae.require_called_aet = True  # a push addressed to another AE title is a misconfiguration
        ae.maximum_associations = 8
        ae.network_timeout = 60
        ae.dimse_timeout = 60
        ae.add_supported_context(Verification)
        for uid in dict.fromkeys(uid for uid, _ in storage_contexts(10_000)):
            ae.add_supported_context(uid, _ALL_SYNTAXES)
        handlers = [
            (evt.EVT_REQUESTED, self._check_peer),
            (evt.EVT_C_STORE, self._on_store),
            (evt.EVT_C_ECHO, lambda event: 0x0000),
            (evt.EVT_PDU_RECV, self._check_pdu),
            (evt.EVT_ESTABLISHED, lambda event: tune_reactor(event.assoc)),  # C-MOVE bursts: see tune_reactor
            (evt.EVT_RELEASED, self._forget),
            (evt.EVT_ABORTED, self._forget),
        ]
        self._server = ae.start_server((self.bind, ws.storage_port), block=False, evt_handlers=handlers)
        log.info("storage SCP listening on port %d", self.port)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server = None
        self.writer.close()

    def __enter__(self) -> "StorageSCP":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def reload(self, config: NetworkConfig) -> None:
        """New peers take effect for the next association (port and AE title need a restart)."""
        self.config = config

    # -- handlers (pynetdicom's threads) ------------------------------------------------------------

    def _check_peer(self, event) -> None:
        assoc = event.assoc
        calling = assoc.requestor.primitive.calling_ae_title
        host = assoc.requestor.address
        if self.config.peer_allowed(calling, host) is None:
            with self._lock:
                self.rejected_peers += 1
            log.warning("storage SCP: association from an unknown peer refused")
            assoc.acse.send_reject(REJECT_PERMANENT, SOURCE_SERVICE_USER, REASON_CALLING_AE)
            # As pynetdicom does for its own rejections: wait until the DUL has sent the A-ASSOCIATE-RJ
            # (and the peer has closed), otherwise the socket is shut before the RJ leaves.
            assoc.kill()

    def _check_pdu(self, event) -> None:
        # pynetdicom buffers a whole message before our C-STORE handler sees it. A peer that ignores
        # the maximum PDU we advertised, or streams one instance beyond the size limit, is aborted
        # here, PDU by PDU, before it can make us hold more than that in memory.
        pdu = event.pdu
        if type(pdu).__name__ != "P_DATA_TF":
            return
        length = getattr(pdu, "pdu_length", 0) or 0
        key = id(event.assoc)
        with self._lock:
            total = self._buffered.get(key, 0) + length
            self._buffered[key] = total
        if length > self.config.workstation.max_pdu + 6 or total > self.max_instance_bytes + (1 << 20):
            log.warning("storage SCP: peer exceeded the PDU or instance size limit; association aborted")
            event.assoc.abort()

    def _forget(self, event) -> None:
        with self._lock:
            self._buffered.pop(id(event.assoc), None)

    def _on_store(self, event) -> int:
        with self._lock:
            self._buffered.pop(id(event.assoc), None)
        data = event.request.DataSet
        if data is None:
            return STATUS_CANNOT_UNDERSTAND
        buffer = data.getbuffer()
        if len(buffer) > self.max_instance_bytes:
            return STATUS_OUT_OF_RESOURCES
        try:
            self.writer.write_dataset(event.file_meta, buffer)
        except DiskFull:
            with self._lock:
                self.refused_full += 1
            return STATUS_OUT_OF_RESOURCES
        except OSError:
            return STATUS_OUT_OF_RESOURCES
        except Exception:
            return STATUS_CANNOT_UNDERSTAND
        if self.on_instance is not None:
            self.on_instance(str(event.request.AffectedSOPInstanceUID))
        return 0x0000


def known_storage_classes() -> list[str]:
    return list(STORAGE_CLASSES)
