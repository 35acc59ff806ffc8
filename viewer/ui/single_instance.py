"""One running workstation per Cauri home: later launches hand their request to it.

A RIS launching ``cauri open --accession ...`` for each patient must not pile up windows. The first
instance listens on a local socket (a named pipe on Windows) named after its home folder; a later
``cauri open`` connects, sends one JSON line and exits.
"""

from __future__ import annotations

import hashlib
import json
import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)


def server_name(paths) -> str:
    return "cauri-" + hashlib.sha1(str(paths.data).encode("utf-8")).hexdigest()[:16]


def send_to_running(paths, message: dict, timeout_ms: int = 1500) -> bool:
    """True when a running instance took the message."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(paths))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(json.dumps(message).encode("utf-8") + b"\n")
    socket.flush()
    socket.waitForBytesWritten(timeout_ms)  # False when already written: only the acknowledgement counts
    # Wait for the acknowledgement so the caller knows the request was read, not just sent.
    ok = socket.waitForReadyRead(timeout_ms) and bytes(socket.readAll()).startswith(b"ok")
    socket.disconnectFromServer()
    return bool(ok)


class InstanceServer(QObject):
    request = Signal(dict)

    def __init__(self, paths, parent=None) -> None:
        super().__init__(parent)
        self._server = QLocalServer(self)
        name = server_name(paths)
        if not self._server.listen(name):
            # A crashed instance can leave a stale socket file behind (POSIX): clear it and retry.
            QLocalServer.removeServer(name)
            if not self._server.listen(name):
                log.warning("single-instance listener unavailable: %s", self._server.errorString())
        self._server.newConnection.connect(self._on_connection)
        self._buffers: dict = {}

    @property
    def listening(self) -> bool:
        return self._server.isListening()

    def _on_connection(self) -> None:
        while self._server.hasPendingConnections():
            sock = self._server.nextPendingConnection()
            self._buffers[sock] = b""
            sock.readyRead.connect(lambda s=sock: self._read(s))
            sock.disconnected.connect(lambda s=sock: self._buffers.pop(s, None))
            if sock.bytesAvailable():  # the line may have arrived before readyRead was connected
                self._read(sock)

    def _read(self, sock) -> None:
        self._buffers[sock] = self._buffers.get(sock, b"") + bytes(sock.readAll())
        if b"\n" not in self._buffers[sock]:
            return
        line = self._buffers[sock].split(b"\n", 1)[0]
        try:
            message = json.loads(line.decode("utf-8"))
            if not isinstance(message, dict):
                raise ValueError("not an object")
        except ValueError:
            sock.write(b"error\n")
            sock.flush()
            return
        sock.write(b"ok\n")
        sock.flush()
        self.request.emit(message)
