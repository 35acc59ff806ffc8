"""The archive side of the workstation: the retrieve queue (resumed at start from its file), the storage
listener that receives pushes and C-MOVE retrieves, and the background prefetch of priors.

The network modules are imported where they are first needed: DICOMweb's client and pynetdicom cost about
0.25 s of start-up (measured with -X importtime), which a workstation without any archive never pays.
"""

from __future__ import annotations

import logging
import threading
from typing import Callable

from viewer.dicom.integrity import judging_second_copies
from viewer.net.nodes import NetworkConfig
from viewer.net.prefetch import enqueue_priors
from viewer.net.queue import RetrieveQueue
from viewer.net.storage_scp import StorageSCP
from viewer.store.cache import StudyCache
from viewer.workstation.events import Event

log = logging.getLogger(__name__)


class Transfers:
    def __init__(self, home, store_root, post: Callable) -> None:
        self.home = home
        self.store_root = store_root
        self.post = post
        self.queue = None
        self.scp = None
        self.arrived = 0  # instances the listener stored (counted on its threads)
        self._seen = 0
        self.queue_changed = Event("queue_changed")  # (QueueItem), on the owner's thread
        self.listener_down = Event("listener_down")  # (port, OSError)

    def ensure_queue(self):
        """The retrieve queue, started once an archive is configured (None before); resumes unfinished
        retrieves. Its own cache connection: retrieves write while the owner's thread queries."""
        if self.queue is None and NetworkConfig.load(self.home).nodes:

            cache = judging_second_copies(StudyCache(self.store_root))
            self.queue = RetrieveQueue(cache, lambda: NetworkConfig.load(self.home), on_change=self._changed,
                                       scp=self.scp).start()
        return self.queue

    def _changed(self, item) -> None:  # called on queue worker threads
        self.post(lambda: self.queue_changed.emit(item))

    def start_listener(self):
        """Receive pushes from modalities and archives while the workstation runs (configured peers only).
        The listener, or None (no archive configured, or its port could not be opened: ``listener_down``)."""

        config = NetworkConfig.load(self.home)
        if not config.nodes:
            return None
        try:
            self.scp = StorageSCP(judging_second_copies(StudyCache(self.store_root)), config,
                                  on_instance=self._stored).start()
        except OSError as exc:
            log.warning("storage listener not started on port %d (%s)", config.workstation.storage_port,
                        type(exc).__name__)
            self.listener_down.emit(config.workstation.storage_port, exc)
            return None
        if self.queue is not None:
            self.queue.scp = self.scp  # C-MOVE retrieves land on the application's own listener
        return self.scp

    def _stored(self, _uid) -> None:  # on the listener's threads
        self.arrived += 1

    def new_arrivals(self) -> bool:
        """Whether instances arrived since the last call (polled: pushes come in bursts of hundreds)."""
        if self.arrived == self._seen:
            return False
        self._seen = self.arrived
        return True

    def prefetch_priors(self, node_name: str, study) -> None:
        """Queue the study's priors without holding the owner's thread on the archive."""

        queue = self.queue

        def run():
            try:
                enqueue_priors(queue, node_name, study)
            except Exception as exc:  # an unreachable archive only means no priors today
                log.info("prefetch skipped: %s", type(exc).__name__)

        threading.Thread(target=run, name="cauri-prefetch", daemon=True).start()

    def stop(self) -> None:
        """Unfinished retrieves stay on file and resume at the next start."""
        if self.queue is not None:
            self.queue.stop(timeout=10)
            self.queue.cache.close()
            self.queue = None

    def stop_listener(self) -> None:
        if self.scp is not None:
            self.scp.stop()
            self.scp = None
