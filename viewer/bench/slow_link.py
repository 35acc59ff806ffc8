"""A slow wide-area link on loopback: a TCP proxy with a bandwidth limit, a one-way delay and stalls.

The CI kernel has no ``tc netem``, so the link between a site and a central archive is played by this
proxy: every connection to ``port`` is forwarded to the target, and each direction of the link (shared by
all its connections, as a site's line is) passes bytes through

- a token bucket of ``mbit_s`` (burst ``BURST`` bytes): the bandwidth;
- a delay of ``rtt_ms / 2`` added to each chunk from the moment it was read: the round trip adds up to
  ``rtt_ms`` over both directions, and chunks in flight pipeline as on a real line (a reader thread and a
  writer thread per direction, so the delay does not cap the throughput at chunk / delay);
- stalls: every ``stall_every_s`` seconds the link passes nothing for ``stall_s`` (a flaky radio link);
  bytes wait, none is lost.

Bytes are counted per direction as they leave the proxy (``down``: from the target, ``up``: to it).
Each direction buffers at most ``QUEUE_BYTES`` (the router's queue): beyond it the proxy stops reading,
so the sender feels the link through TCP's flow control as it would a real one.
"""

from __future__ import annotations

import queue
import socket
import threading
import time
from dataclasses import dataclass

BURST = 16 << 10  # bytes the bucket holds: a few packets at once, as a router's line card sends them
CHUNK = 16 << 10  # read size; a chunk is delayed and paced as a whole (paced in PIECE bytes)
PIECE = 4 << 10
QUEUE_BYTES = 256 << 10


@dataclass(frozen=True)
class Profile:
    """A link: bandwidth (Mbit/s), round-trip time (ms), and optional stalls (every s, lasting s)."""

    name: str
    mbit_s: float
    rtt_ms: float
    stall_every_s: float = 0.0
    stall_s: float = 0.0

    def describe(self) -> str:
        text = f"{self.mbit_s:g} Mbit/s, {self.rtt_ms:g} ms RTT"
        if self.stall_s and self.stall_every_s:
            text += f", {self.stall_s:g} s stall every {self.stall_every_s:g} s"
        return text


class _Direction:
    """One direction of the link: its bucket, its delay, its stalls and its byte count."""

    def __init__(self, profile: Profile, start: float):
        self.rate = profile.mbit_s * 1e6 / 8.0  # bytes per second
        self.delay = profile.rtt_ms / 2000.0
        self.every, self.stall = profile.stall_every_s, profile.stall_s
        self.start = start
        self.tokens = float(BURST)
        self.last = start
        self.lock = threading.Lock()
        self.bytes = 0

    def wait_stall(self) -> None:
        if not (self.every > 0 and self.stall > 0):
            return
        while True:
            phase = (time.monotonic() - self.start) % self.every
            if phase >= self.every - self.stall:  # the stall ends each period: the link first works
                time.sleep(self.every - phase)
            else:
                return

    def take(self, n: int) -> None:
        """Wait until the bucket holds ``n`` bytes and take them (all connections share it, in turn)."""
        with self.lock:
            while True:
                t = time.monotonic()
                self.tokens = min(float(BURST), self.tokens + (t - self.last) * self.rate)
                self.last = t
                if self.tokens >= n:
                    self.tokens -= n
                    self.bytes += n
                    return
                time.sleep((n - self.tokens) / self.rate)


class SlowLink:
    """Listen on a loopback port and forward to ``target`` over a link of ``profile``. A context manager."""

    def __init__(self, target_port: int, profile: Profile, target_host: str = "127.0.0.1"):
        self.target = (target_host, target_port)
        self.profile = profile
        start = time.monotonic()
        self._down, self._up = _Direction(profile, start), _Direction(profile, start)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._closed = threading.Event()
        self._sockets: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, name="slow-link", daemon=True)
        self._thread.start()

    @property
    def down_bytes(self) -> int:
        """Bytes the link carried from the target to the clients."""
        return self._down.bytes

    @property
    def up_bytes(self) -> int:
        return self._up.bytes

    @property
    def total_bytes(self) -> int:
        return self._down.bytes + self._up.bytes

    def reset_counts(self) -> None:
        self._down.bytes = self._up.bytes = 0

    def _serve(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.target, timeout=10)
                server.settimeout(None)
            except OSError:
                client.close()
                continue
            for s in (client, server):
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                self._sockets.append(s)
            done = threading.Barrier(2, action=lambda c=client, s=server: _close(c, s))
            self._forward(client, server, self._up, done)
            self._forward(server, client, self._down, done)

    def _forward(self, src: socket.socket, dst: socket.socket, way: _Direction, done: threading.Barrier) -> None:
        chunks: queue.Queue = queue.Queue(maxsize=max(2, QUEUE_BYTES // CHUNK))
        threading.Thread(target=_read, args=(src, chunks), name="slow-link-in", daemon=True).start()
        threading.Thread(target=_write, args=(dst, chunks, way, done), name="slow-link-out", daemon=True).start()

    def close(self) -> None:
        self._closed.set()
        self._listener.close()
        for s in self._sockets:
            _close(s)

    def __enter__(self) -> "SlowLink":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _read(src: socket.socket, chunks: queue.Queue) -> None:
    try:
        while True:
            data = src.recv(CHUNK)
            if not data:
                break
            chunks.put((time.monotonic(), data))
    except OSError:
        pass
    chunks.put((time.monotonic(), b""))  # end of stream (or a broken connection): half-close onwards


def _write(dst: socket.socket, chunks: queue.Queue, way: _Direction, done: threading.Barrier) -> None:
    try:
        while True:
            read_at, data = chunks.get()
            wait = read_at + way.delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            if not data:
                dst.shutdown(socket.SHUT_WR)
                break
            for at in range(0, len(data), PIECE):
                piece = data[at:at + PIECE]
                way.wait_stall()
                way.take(len(piece))
                dst.sendall(piece)
    except OSError:
        _close(dst)
        # The reader of this direction may wait on a full queue: drain it so that it sees its socket end.
        while True:
            try:
                if not chunks.get(timeout=1.0)[1]:
                    break
            except queue.Empty:
                break
    try:
        done.wait(timeout=600)  # both directions finished: the sockets can go
    except threading.BrokenBarrierError:
        pass


def _close(*socks: socket.socket) -> None:
    for s in socks:
        try:
            s.close()
        except OSError:
            pass
