"""The DICOM Upper Layer on a plain blocking socket: the bulk path that receives instances.

pynetdicom moves every PDU from a polling reactor thread through an event queue and a state machine
to a second polling thread. DCMTK-based archives (Orthanc among them) send P-DATA in 16 kB PDUs
whatever maximum we advertise, so a 512x512 CT image is 32 PDUs, and that machinery alone caps a C-GET
at ~270 images/s on the 2-core reference machine with nothing stored at all: well under half of DCMTK
``getscu``. The loops that receive instances (our C-GET SCU, the storage SCP) therefore read the
socket themselves, in the thread that owns the association, through one buffered reader: a PDU costs
two buffered reads and one copy into the message. pynetdicom still encodes and decodes the
association PDUs (``viewer.net.ul_assoc``), which happen once per association, and, in a room of its
own (``viewer.net.dimse``), C-ECHO, the searches' C-FIND and sending. A retrieve's inventory C-FIND runs
here too (``retrieve_scu``): it waits on it before the first image.

Limits a peer cannot exceed: the PDU length we advertised, and the dataset size the caller allows.
"""

from __future__ import annotations

import socket
import struct
from collections import deque
from dataclasses import dataclass

A_ASSOCIATE_RQ, A_ASSOCIATE_AC, A_ASSOCIATE_RJ = 0x01, 0x02, 0x03
P_DATA_TF, A_RELEASE_RQ, A_RELEASE_RP, A_ABORT = 0x04, 0x05, 0x06, 0x07

# Command Field values (PS3.7 E.1)
C_STORE_RQ, C_STORE_RSP = 0x0001, 0x8001
C_GET_RQ, C_GET_RSP = 0x0010, 0x8010
C_MOVE_RQ, C_MOVE_RSP = 0x0021, 0x8021
C_ECHO_RQ, C_ECHO_RSP = 0x0030, 0x8030
C_CANCEL_RQ = 0x0FFF
NO_DATASET = 0x0101

# Command elements (group 0000) by element number
AFFECTED_SOP_CLASS, COMMAND_FIELD, MESSAGE_ID, RESPONDED_TO = 0x0002, 0x0100, 0x0110, 0x0120
PRIORITY, DATASET_TYPE, STATUS, AFFECTED_SOP_INSTANCE = 0x0700, 0x0800, 0x0900, 0x1000
REMAINING, COMPLETED, FAILED, WARNING = 0x1020, 0x1021, 0x1022, 0x1023
MOVE_ORIGINATOR_AET, MOVE_ORIGINATOR_ID = 0x1030, 0x1031
MOVE_DESTINATION = 0x0600
_US_ELEMENTS = {COMMAND_FIELD, MESSAGE_ID, RESPONDED_TO, PRIORITY, DATASET_TYPE, STATUS,
                REMAINING, COMPLETED, FAILED, WARNING, MOVE_ORIGINATOR_ID}

_PDU_HEAD = struct.Struct(">BBL")
_PDV_HEAD = struct.Struct(">LBB")
_ELEMENT = struct.Struct("<HHL")
_RX_BUFFER = 1 << 20
_SEND_CHUNK = 1 << 20  # PDV size when the peer sets no maximum
_MAX_CONTROL_PDU = 1 << 20  # association PDUs are small; a peer may not make us buffer more


class ULError(Exception):
    """The association cannot go on (closed, aborted, protocol error); the message carries no PHI."""


class PeerAborted(ULError):
    pass


class ReleaseRequested(Exception):
    """The peer asked to release the association (A-RELEASE-RQ)."""


class LimitExceeded(ULError):
    """The peer sent a PDU or dataset beyond what we allow."""


@dataclass
class Message:
    context_id: int
    command: dict[int, object]  # element number -> int (US) or str
    dataset: bytes | None

    @property
    def field(self) -> int:
        return int(self.command.get(COMMAND_FIELD, 0) or 0)


class Link:
    """One association's socket: PDU framing, message assembly and sending."""

    def __init__(self, sock: socket.socket, max_pdu_in: int = 0, max_dataset: int = 0):
        self.sock = sock
        self.max_pdu_in = max_pdu_in  # what we advertised (0: no limit)
        self.max_dataset = max_dataset  # largest dataset a peer may send us (0: no limit)
        self.peer_max_pdu = 16384  # set from the peer's A-ASSOCIATE
        self._rx = sock.makefile("rb", buffering=_RX_BUFFER)
        self._pdvs: deque[tuple[int, int, memoryview]] = deque()
        self._size_hint = 64 << 10  # bytes of the last dataset received (first: a guess)
        self.closed = False

    # -- receiving --------------------------------------------------------------------------------

    def read_pdu(self) -> tuple[int, bytes]:
        """The next whole PDU (header included), for the association phase."""
        head = self._read(6)
        kind, _, length = _PDU_HEAD.unpack(head)
        if length > max(self.max_pdu_in, _MAX_CONTROL_PDU):
            raise LimitExceeded("PDU longer than allowed")
        return kind, head + self._read(length)

    def read_message(self) -> Message:
        """The next DIMSE message: its command set, and its dataset when it has one.

        Raises ``ReleaseRequested`` on A-RELEASE-RQ, ``PeerAborted`` on A-ABORT, ``ULError`` otherwise.
        """
        command = bytearray()
        context_id = None
        while True:
            pc, control, data = self._next_pdv()
            if context_id is None:
                context_id = pc
            elif pc != context_id:
                raise ULError("message fragments on different presentation contexts")
            if not control & 0x01:
                raise ULError("dataset fragment before its command")
            command += data
            if control & 0x02:
                break
        fields = decode_command(command)
        if fields.get(DATASET_TYPE, NO_DATASET) == NO_DATASET:
            return Message(context_id, fields, None)
        return Message(context_id, fields, self._read_dataset(context_id))

    def _read_dataset(self, context_id: int) -> bytearray:
        """The fragments of one dataset, read straight into one buffer.

        Archives send a dataset as ~16 kB PDUs of one fragment each: the fragment of such a PDU is read
        from the socket's buffer into its place (one copy, no object per PDU), which made the C-GET
        receive loop a third cheaper than joining the fragments at the end. The buffer starts at the
        size of this association's previous dataset and doubles when that is not enough.
        """
        buf = bytearray(self._size_hint)
        size, limit = 0, self.max_dataset
        while True:
            if self._pdvs:  # the rest of a PDU that carried several fragments
                pc, control, data = self._pdvs.popleft()
                n = len(data)
            else:
                length = self._data_pdu_length()
                item, pc, control = _PDV_HEAD.unpack(self._read(6))
                if item < 2 or 4 + item > length:
                    raise ULError("malformed P-DATA-TF")
                n, data = item - 2, None
            if pc != context_id or control & 0x01:
                raise ULError("command fragment inside a dataset")
            if limit and size + n > limit:
                raise LimitExceeded("dataset larger than allowed")
            if size + n > len(buf):
                buf.extend(bytes(max(n, len(buf))))
            if data is None:
                self._read_into(memoryview(buf)[size:size + n])
                if 4 + item < length:
                    self._split(memoryview(self._read(length - 4 - item)))
            else:
                buf[size:size + n] = data
            size += n
            if control & 0x02:
                del buf[size:]
                self._size_hint = max(size, 1)
                return buf

    def _next_pdv(self) -> tuple[int, int, memoryview]:
        pdvs = self._pdvs
        while not pdvs:
            length = self._data_pdu_length()
            self._split(memoryview(self._read(length)))
        return pdvs.popleft()

    def _data_pdu_length(self) -> int:
        """Read PDU headers until a P-DATA-TF's (its length); other PDUs raise as ``read_message`` says."""
        kind, length = _PDU_HEAD.unpack(self._read(6))[0::2]
        if kind == P_DATA_TF:
            if self.max_pdu_in and length > self.max_pdu_in:
                raise LimitExceeded("PDU longer than the maximum we advertised")
            if length < 6:
                raise ULError("malformed P-DATA-TF")
            return length
        if length > _MAX_CONTROL_PDU:
            raise LimitExceeded("PDU longer than allowed")
        self._read(length)
        if kind == A_RELEASE_RQ:
            raise ReleaseRequested()
        if kind == A_ABORT:
            raise PeerAborted("the peer aborted the association")
        raise ULError(f"unexpected PDU type 0x{kind:02X}")

    def _split(self, body: memoryview) -> None:
        """Queue the fragments (PDVs) of a P-DATA-TF body."""
        at, length = 0, len(body)
        while at + 6 <= length:
            item, pc, control = _PDV_HEAD.unpack_from(body, at)
            if item < 2 or at + 4 + item > length:
                raise ULError("malformed P-DATA-TF")
            self._pdvs.append((pc, control, body[at + 6:at + 4 + item]))
            at += 4 + item

    def _read_into(self, view: memoryview) -> None:
        at, n = 0, len(view)
        try:
            while at < n:
                got = self._rx.readinto(view[at:])
                if not got:
                    raise ULError("the peer closed the connection")
                at += got
        except (OSError, ValueError) as exc:  # ValueError: reader closed under us (cancel, stop)
            raise ULError(f"connection lost ({type(exc).__name__})") from None

    def _read(self, n: int) -> bytes:
        try:
            data = self._rx.read(n)
        except (OSError, ValueError) as exc:  # ValueError: reader closed under us (cancel, stop)
            raise ULError(f"connection lost ({type(exc).__name__})") from None
        if len(data) < n:
            raise ULError("the peer closed the connection")
        return data

    # -- sending ----------------------------------------------------------------------------------

    def send(self, data: bytes) -> None:
        try:
            self.sock.sendall(data)
        except OSError as exc:
            raise ULError(f"connection lost ({type(exc).__name__})") from None

    def send_message(self, context_id: int, command: bytes, dataset: bytes | None = None) -> None:
        """Send a command set (and dataset) as P-DATA-TF PDUs within the peer's maximum length."""
        room = (self.peer_max_pdu - 6) if self.peer_max_pdu else _SEND_CHUNK
        room = max(room, 2)
        out = []
        for payload, is_command in ((command, True), (dataset, False)):
            if payload is None:
                continue
            view = memoryview(payload)
            total = len(view)
            at = 0
            while True:
                piece = view[at:at + room]
                at += len(piece)
                control = (0x01 if is_command else 0x00) | (0x02 if at >= total else 0x00)
                out.append(_PDU_HEAD.pack(P_DATA_TF, 0, len(piece) + 6)
                           + _PDV_HEAD.pack(len(piece) + 2, context_id, control) + piece)
                if at >= total:
                    break
        self.send(b"".join(out))

    def send_release_rq(self) -> None:
        self.send(_PDU_HEAD.pack(A_RELEASE_RQ, 0, 4) + b"\x00" * 4)

    def send_release_rp(self) -> None:
        self.send(_PDU_HEAD.pack(A_RELEASE_RP, 0, 4) + b"\x00" * 4)

    def abort(self, source: int = 0, reason: int = 0) -> None:
        """Send A-ABORT (best effort) and close."""
        try:
            self.sock.sendall(_PDU_HEAD.pack(A_ABORT, 0, 4) + bytes([0, 0, source, reason]))
        except OSError:
            pass
        self.close()

    def release(self) -> None:
        """A-RELEASE-RQ, then wait for the A-RELEASE-RP (or the peer closing), then close."""
        try:
            self.send_release_rq()
            while True:
                kind, _ = self.read_pdu()
                if kind in (A_RELEASE_RP, A_ABORT):
                    break
        except (ULError, OSError):
            pass
        finally:
            self.close()

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        for thing in (self._rx, self.sock):
            try:
                thing.close()
            except OSError:
                pass


# -- command sets (always Implicit VR Little Endian) ------------------------------------------------


def decode_command(raw: bytes | bytearray) -> dict[int, object]:
    out: dict[int, object] = {}
    at, end = 0, len(raw)
    view = memoryview(raw)
    while at + 8 <= end:
        group, elem, length = _ELEMENT.unpack_from(raw, at)
        at += 8
        if at + length > end:
            raise ULError("malformed command set")
        value = view[at:at + length]
        at += length
        if group != 0x0000 or elem == 0x0000:
            continue
        if elem in _US_ELEMENTS and length == 2:
            out[elem] = value[0] | value[1] << 8
        else:
            out[elem] = bytes(value).decode("ascii", "replace").rstrip("\x00 ").strip()
    return out


def encode_command(fields: dict[int, object]) -> bytes:
    """Encode ``{element number: value}``: ints as US, strings as UI/AE (padded to even length)."""
    body = []
    for elem in sorted(fields):
        value = fields[elem]
        if isinstance(value, int):
            raw = struct.pack("<H", value)
        else:
            raw = str(value).encode("ascii")
            if len(raw) % 2:
                raw += b"\x00" if elem in (AFFECTED_SOP_CLASS, AFFECTED_SOP_INSTANCE) else b" "
        body.append(_ELEMENT.pack(0x0000, elem, len(raw)) + raw)
    payload = b"".join(body)
    return _ELEMENT.pack(0x0000, 0x0000, 4) + struct.pack("<L", len(payload)) + payload


def store_response(request: Message, status: int) -> bytes:
    fields: dict[int, object] = {
        COMMAND_FIELD: C_STORE_RSP,
        RESPONDED_TO: int(request.command.get(MESSAGE_ID, 0) or 0),
        DATASET_TYPE: NO_DATASET,
        STATUS: status,
    }
    for elem in (AFFECTED_SOP_CLASS, AFFECTED_SOP_INSTANCE):
        if request.command.get(elem):
            fields[elem] = request.command[elem]
    return encode_command(fields)
