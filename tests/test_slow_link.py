"""The slow-link proxy of ``cauri bench link`` keeps to functional facts: what goes in comes out unchanged
and counted, through stalls, in both directions and over several connections at once. (Its pace is a
timing: the bench's note reports the rate it measured, no test asserts one.)"""

from __future__ import annotations

import hashlib
import os
import socket
import threading

import pytest

from viewer.bench.slow_link import Profile, SlowLink

pytestmark = pytest.mark.timeout(60)

FAST = Profile("test", mbit_s=400.0, rtt_ms=4.0)
STALLING = Profile("stalls", mbit_s=400.0, rtt_ms=4.0, stall_every_s=0.15, stall_s=0.05)


class EchoSink:
    """A server that answers each connection with the SHA-256 of what it received, then ``reply`` bytes."""

    def __init__(self, reply: bytes):
        self.reply = reply
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn: socket.socket) -> None:
        digest = hashlib.sha256()
        with conn:
            while data := conn.recv(65536):
                digest.update(data)
            conn.sendall(digest.digest() + self.reply)

    def close(self) -> None:
        self.sock.close()


def _exchange(port: int, payload: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(payload)
        s.shutdown(socket.SHUT_WR)
        got = bytearray()
        while data := s.recv(65536):
            got += data
    return bytes(got)


@pytest.mark.parametrize("profile", [FAST, STALLING], ids=["plain", "stalls"])
def test_bytes_pass_unchanged_and_counted_both_ways(profile):
    up, down = os.urandom(700_000), os.urandom(1_300_000)
    sink = EchoSink(down)
    try:
        with SlowLink(sink.port, profile) as link:
            got = _exchange(link.port, up)
            assert got[:32] == hashlib.sha256(up).digest()  # the server saw every byte sent, in order
            assert got[32:] == down  # and the client every byte of the answer
            assert link.up_bytes == len(up)
            assert link.down_bytes == 32 + len(down)
    finally:
        sink.close()


def test_connections_at_once_share_the_link_without_mixing_bytes():
    down = os.urandom(400_000)
    sink = EchoSink(down)
    payloads = [os.urandom(200_000 + k) for k in range(3)]
    results: dict[int, bytes] = {}
    try:
        with SlowLink(sink.port, STALLING) as link:
            threads = [threading.Thread(target=lambda k=k: results.__setitem__(k, _exchange(link.port, payloads[k])))
                       for k in range(3)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(30)
            for k, payload in enumerate(payloads):
                assert results[k] == hashlib.sha256(payload).digest() + down
            assert link.up_bytes == sum(map(len, payloads))
            assert link.down_bytes == 3 * (32 + len(down))
    finally:
        sink.close()


def test_a_closed_target_closes_the_client_side():
    sock = socket.create_server(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there any more
    with SlowLink(port, FAST) as link:
        with socket.create_connection(("127.0.0.1", link.port), timeout=10) as s:
            assert s.recv(10) == b""  # the proxy could not reach the target: the client sees the end
