"""MLLP (HL7 Minimal Lower Layer Protocol): one message framed <VT> message <FS><CR> on a TCP connection,
one reply framed the same way. Every wait has a timeout: a RIS that accepts and never answers costs a
retry, not a hung workstation."""

from __future__ import annotations

import socket

from viewer.core.messages import msg

START, END = b"\x0b", b"\x1c\x0d"
MAX_REPLY = 1 << 20


class MllpError(ConnectionError):
    pass


def parse_target(text: str) -> tuple[str, int]:
    host, sep, port = str(text or "").strip().rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(msg("the HL7 target is HOST:PORT (for example ris.hopital.bj:2575)"))
    return host.strip("[]"), int(port)


def frame(message: str) -> bytes:
    return START + message.encode("utf-8") + END


def exchange(host: str, port: int, message: str, timeout: float = 10.0) -> str:
    """Send ``message`` and return the reply's text; ``MllpError`` when the link fails or closes first."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.settimeout(timeout)
            sock.sendall(frame(message))
            buf = b""
            while END not in buf:
                chunk = sock.recv(65536)
                if not chunk:
                    raise MllpError(msg("the HL7 receiver closed the connection before answering"))
                buf += chunk
                if len(buf) > MAX_REPLY:
                    raise MllpError(msg("the HL7 receiver's answer is too long"))
    except socket.timeout:
        raise MllpError(msg("the HL7 receiver did not answer in time")) from None
    except OSError as exc:
        if isinstance(exc, MllpError):
            raise
        raise MllpError(msg("the HL7 receiver cannot be reached ({error})", error=type(exc).__name__)) from None
    start = buf.find(START)
    return buf[start + 1 if start >= 0 else 0: buf.index(END)].decode("utf-8", errors="replace")
