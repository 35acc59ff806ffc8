"""What Cauri's two DIMSE stacks (pynetdicom in ``dimse``, the lean upper layer in ``ul``) agree on: how long
a peer may keep us waiting, the statuses we answer with, and how we reach a node (its DICOM address, TLS).
"""

from __future__ import annotations

import ssl

from viewer.net import NetError
from viewer.net.nodes import Node

ACSE_TIMEOUT = 15
DIMSE_TIMEOUT = 120  # a C-GET/C-MOVE response may wait for a slow archive to read its disk
NETWORK_TIMEOUT = 60

PENDING = (0xFF00, 0xFF01)
STATUS_OUT_OF_RESOURCES = 0xA700
STATUS_CANNOT_UNDERSTAND = 0xC000


def require_address(node: Node) -> None:
    if not node.has_dimse:
        raise NetError(f"node {node.name!r} has no DICOM address (AE title, host, port)")


def tls_context(node: Node) -> ssl.SSLContext | None:
    """The client side of a TLS association to ``node``, or None when it is reached in the clear."""
    if not node.uses_tls:
        return None
    ctx = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=node.tls_ca or None)
    if node.tls_cert:
        ctx.load_cert_chain(node.tls_cert, node.tls_key or None)
    return ctx
