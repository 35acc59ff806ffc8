"""A real MLLP listener for the report tests: a TCP server on a loopback port that reads framed HL7
messages and answers each with an ACK (MSA-1 "AA", MSA-2 = the message's MSH-10), or drops the
connection without answering for the next ``drop_next`` messages (a cut link after the RIS got the
bytes), or answers "AE". It can be stopped and started again on the same port (a RIS restart)."""

from __future__ import annotations

import socket
import threading
from datetime import datetime

START, END = b"\x0b", b"\x1c\x0d"


def _field(message: str, segment: str, index: int) -> str:
    for line in message.split("\r"):
        parts = line.split("|")
        if parts[0] == segment:
            # MSH-1 is the field separator itself: MSH-n is parts[n-1]
            i = index - 1 if segment == "MSH" else index
            return parts[i] if i < len(parts) else ""
    return ""


class MllpListener:
    def __init__(self, port: int = 0) -> None:
        self.port = port
        self.received: list[str] = []  # every message read, in order (duplicates included)
        self.acked: list[str] = []  # control IDs answered AA
        self.drop_next = 0
        self.answer = "AA"
        self._sock = None
        self._thread = None
        self._stop = threading.Event()
        self.lock = threading.Lock()

    def start(self) -> "MllpListener":
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", self.port))
        s.listen(8)
        s.settimeout(0.2)
        self.port = s.getsockname()[1]
        self._sock = s
        self._stop.clear()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(5)
        if self._sock:
            self._sock.close()
        self._sock = None

    @property
    def target(self) -> str:
        return f"127.0.0.1:{self.port}"

    def control_ids(self) -> list[str]:
        with self.lock:
            return [_field(m, "MSH", 10) for m in self.received]

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except (socket.timeout, OSError):
                continue
            with conn:
                conn.settimeout(5)
                buf = b""
                try:
                    while END not in buf:
                        chunk = conn.recv(65536)
                        if not chunk:
                            break
                        buf += chunk
                except OSError:
                    continue
                if END not in buf:
                    continue
                message = buf[buf.index(START) + 1: buf.index(END)].decode("utf-8")
                with self.lock:
                    self.received.append(message)
                    if self.drop_next > 0:
                        self.drop_next -= 1
                        continue  # closed without an answer: the link was cut after the bytes arrived
                    code = self.answer
                control = _field(message, "MSH", 10)
                now = datetime.now().strftime("%Y%m%d%H%M%S")
                ack = (f"MSH|^~\\&|RIS|HOSP|CAURI||{now}||ACK^R01^ACK|A{control[:18]}|P|2.5\r"
                       f"MSA|{code}|{control}|{'ok' if code == 'AA' else 'refused'}\r")
                conn.sendall(START + ack.encode("utf-8") + END)
                if code == "AA":
                    with self.lock:
                        self.acked.append(control)
