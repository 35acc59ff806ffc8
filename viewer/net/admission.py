"""Who may hold a connection to the storage listener, and for how long before saying who they are.

Without limits, eight TCP connections that sent nothing took every association slot for the 30 s of the
ACSE timeout, and the modality behind them could not store anything. Three rules now:

- ARTIM (PS3.8 9.1.5): a connection has ``artim`` seconds (a few) to complete its TLS handshake and its
  whole A-ASSOCIATE-RQ; a reader that sends one byte a second is cut at the deadline like a silent one.
- Per address: at most ``per_address`` connections (waiting or associated) from one IP address.
- In total: at most ``total`` connections from the configured peers' addresses, and a small separate
  pool (``STRANGERS``) for everyone else, who is answered A-ASSOCIATE-RJ anyway: a flood from unknown
  addresses can never crowd out a configured modality or archive.

Connections over a limit are closed at once, before anything is read. Refusals are counted and summed
up in one WARNING line a minute at most (a flood must not fill the log either).
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from typing import Callable

log = logging.getLogger(__name__)

ARTIM_SECONDS = 5.0
STRANGERS = 4  # connections from addresses no configured node has, all together
STRANGERS_PER_ADDRESS = 1
_REPORT_EVERY = 60.0


class Admission:
    """Counts connections per address; ``admit`` at accept, ``release`` when the connection ends."""

    def __init__(self, known: Callable[[str], bool], per_address: int, total: int):
        self._known = known
        self.per_address = max(1, per_address)
        self.total = max(1, total)
        self._lock = threading.Lock()
        self._by_address: dict[str, int] = {}
        self._peers = 0  # connections from known addresses
        self._strangers = 0
        self.refused = 0  # over a limit, closed unread
        self.timed_out = 0  # ARTIM expired
        self._last_report = 0.0
        self._reported = (0, 0)

    def admit(self, address: str) -> bool:
        known = self._known(address)
        with self._lock:
            here = self._by_address.get(address, 0)
            if known:
                ok = here < self.per_address and self._peers < self.total
            else:
                ok = here < STRANGERS_PER_ADDRESS and self._strangers < STRANGERS
            if not ok:
                self.refused += 1
                self._report()
                return False
            self._by_address[address] = here + 1
            if known:
                self._peers += 1
            else:
                self._strangers += 1
            return True

    def release(self, address: str, known: bool) -> None:
        with self._lock:
            left = self._by_address.get(address, 0) - 1
            if left > 0:
                self._by_address[address] = left
            else:
                self._by_address.pop(address, None)
            if known:
                self._peers -= 1
            else:
                self._strangers -= 1

    def is_known(self, address: str) -> bool:
        return self._known(address)

    def expired(self) -> None:
        with self._lock:
            self.timed_out += 1
            self._report()

    def _report(self) -> None:
        now = time.monotonic()
        if now - self._last_report < _REPORT_EVERY:
            return
        refused, timed_out = self.refused - self._reported[0], self.timed_out - self._reported[1]
        self._last_report, self._reported = now, (self.refused, self.timed_out)
        log.warning("storage SCP: %d connection(s) over the per-address or total limit closed, %d that did not "
                    "ask for an association within %g s cut (counts since the last report)",
                    refused, timed_out, ARTIM_SECONDS)


class Artim:
    """The association request timer of one connection: shuts the socket down at the deadline, which
    ends the read the serving thread is blocked in. ``stop()`` once the request is in."""

    def __init__(self, sock: socket.socket, seconds: float, on_expiry: Callable[[], None]):
        self._sock = sock
        self._on_expiry = on_expiry
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._done = threading.Lock()
        self.expired = False
        self._timer.start()

    def stop(self) -> bool:
        """Disarm; False when the deadline had already passed (the socket is being shut)."""
        self._timer.cancel()
        with self._done:
            return not self.expired

    def _expire(self) -> None:
        with self._done:
            self.expired = True
        self._on_expiry()
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


class KnownHosts:
    """The IP addresses of the configured DIMSE nodes, resolved once and again every minute (a DNS
    lookup per connection would let a flood drive the resolver)."""

    def __init__(self, hosts: Callable[[], list[str]], refresh: float = 60.0):
        self._hosts = hosts
        self._refresh = refresh
        self._lock = threading.Lock()
        self._addresses: set[str] = set()
        self._at = -refresh

    def reset(self) -> None:
        with self._lock:
            self._at = -self._refresh

    def __call__(self, address: str) -> bool:
        with self._lock:
            if time.monotonic() - self._at >= self._refresh:
                self._addresses = _resolve(self._hosts())
                self._at = time.monotonic()
            return address in self._addresses


def _resolve(hosts: list[str]) -> set[str]:
    out: set[str] = set()
    for host in hosts:
        host = host.strip()
        if not host:
            continue
        out.add(host)
        try:
            out.update(info[4][0] for info in socket.getaddrinfo(host, None))
        except OSError:
            continue
    return out
