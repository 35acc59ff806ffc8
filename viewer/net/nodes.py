"""Archive nodes and the workstation's own network identity, kept in ``<config>/network.json``.

One small JSON document written atomically (temp file, fsync, rename), so the GUI preferences and the
CLI edit the same file and a power cut never leaves it half written. The file may hold DICOMweb
credentials, so it is made readable by its owner only.
"""

from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from viewer.core.atomic import atomic_write_bytes
from viewer.core.audit import check_syslog_target
from viewer.core.paths import resolve_paths

log = logging.getLogger(__name__)

FILE_NAME = "network.json"
METHODS = ("get", "move", "wado")
AUTH_KINDS = ("none", "basic", "bearer")
_AET_RE = re.compile(r"^[\x20-\x5b\x5d-\x7e]{1,16}$")  # default character repertoire, no backslash


class ConfigError(ValueError):
    """A value the user gave cannot be used; ``str(exc)`` says why in plain words."""


def check_ae_title(value: str) -> str:
    value = (value or "").strip()
    if not _AET_RE.match(value):
        raise ConfigError("an AE title is 1 to 16 printable ASCII characters, without backslash")
    return value


def check_port(value) -> int:
    try:
        port = int(value)
    except (TypeError, ValueError):
        raise ConfigError("a port is a number from 1 to 65535") from None
    if not 1 <= port <= 65535:
        raise ConfigError("a port is a number from 1 to 65535")
    return port


@dataclass
class Node:
    """A remote archive (PACS) or modality Cauri queries, retrieves from, or sends to."""

    name: str
    ae_title: str = ""
    host: str = ""
    port: int = 0
    tls_ca: str = ""  # CA bundle that signs the peer's certificate; TLS is on when set
    tls_cert: str = ""  # our client certificate (PEM), when the peer asks for one
    tls_key: str = ""
    dicomweb_url: str = ""  # base URL of the DICOMweb service, e.g. http://pacs:8042/dicom-web
    auth: str = "none"  # "basic" or "bearer" for DICOMweb
    username: str = ""
    secret: str = ""  # password (basic) or token (bearer)
    retrieve_method: str = "get"
    # WADO-RS asks the archive for a lossless compressed transfer syntax (it transcodes if it stores the
    # images otherwise): ~0.4x the bytes of a CT on a slow link. Off where the link is fast and the
    # archive's CPU is the limit. DIMSE needs no switch: its compressed contexts are always proposed.
    wire_compression: bool = True

    @property
    def has_dimse(self) -> bool:
        return bool(self.ae_title and self.host and self.port)

    @property
    def has_dicomweb(self) -> bool:
        return bool(self.dicomweb_url)

    @property
    def uses_tls(self) -> bool:
        return bool(self.tls_ca or self.tls_cert)

    def validate(self) -> "Node":
        if not self.name.strip() or len(self.name) > 64 or any(c in self.name for c in "/\\\n\r\t"):
            raise ConfigError("a node name is 1 to 64 characters, no slash or control character")
        if not (self.ae_title or self.host or self.port or self.dicomweb_url):
            raise ConfigError("a node needs an AE title, host and port, or a DICOMweb URL (or both)")
        if self.ae_title or self.host or self.port:
            check_ae_title(self.ae_title)
            if not self.host.strip():
                raise ConfigError("a DICOM node needs a host")
            self.port = check_port(self.port)
        if self.dicomweb_url and not self.dicomweb_url.startswith(("http://", "https://")):
            raise ConfigError("the DICOMweb URL starts with http:// or https://")
        if self.auth not in AUTH_KINDS:
            raise ConfigError(f"authentication is one of {', '.join(AUTH_KINDS)}")
        if not isinstance(self.wire_compression, bool):
            raise ConfigError("wire_compression is true or false")
        if self.retrieve_method not in METHODS:
            raise ConfigError(f"the retrieve method is one of {', '.join(METHODS)}")
        if self.retrieve_method == "wado" and not self.dicomweb_url:
            raise ConfigError("retrieve by WADO-RS needs a DICOMweb URL")
        if self.retrieve_method in ("get", "move") and not self.has_dimse:
            self.retrieve_method = "wado"  # a DICOMweb-only node can retrieve only one way
        if bool(self.tls_cert) != bool(self.tls_key):
            raise ConfigError("a client certificate needs its key, and a key its certificate")
        return self

    def public_dict(self) -> dict:
        """What ``node list`` shows: everything but the secret."""
        d = asdict(self)
        d["secret"] = "***" if self.secret else ""
        return d


@dataclass
class Workstation:
    """Cauri's own identity on the network and the limits of its storage SCP."""

    ae_title: str = "CAURI"
    storage_port: int = 11112
    min_free_mb: int = 1024  # the SCP answers "out of resources" below this much free disk
    max_pdu: int = 1 << 20  # largest PDU we accept (and advertise): bounds what a peer makes us buffer
    max_instance_mb: int = 2048  # largest single instance the SCP keeps
    # TLS on the storage SCP: on when a certificate (PEM) and its key are set; with a CA bundle as well,
    # a peer must present a client certificate that it signed.
    tls_cert: str = ""
    tls_key: str = ""
    tls_ca: str = ""
    # Where the storage SCP listens ("" = every interface) and how many connections it holds: in total from
    # the configured peers' addresses, and from any one address (viewer.net.admission).
    storage_bind: str = ""
    max_associations: int = 16
    max_per_address: int = 8
    # Where the audit trail's records also go (RFC 5424 syslog): "udp://host:514", "tcp://host:601", "" = nowhere
    audit_syslog: str = ""
    # Where finished reports go as HL7 v2.5 ORU^R01 over MLLP: "ris.hopital.bj:2575", "" = nowhere
    hl7_target: str = ""
    hl7_facility: str = ""  # MSH-4, the sending facility the RIS knows this hospital by

    KEYS = ("ae_title", "storage_port", "min_free_mb", "max_pdu", "max_instance_mb", "tls_cert", "tls_key", "tls_ca",
            "storage_bind", "max_associations", "max_per_address", "audit_syslog", "hl7_target", "hl7_facility")
    _FILES = ("tls_cert", "tls_key", "tls_ca")

    @property
    def uses_tls(self) -> bool:
        return bool(self.tls_cert)

    def tls_problem(self) -> str | None:
        """Why the storage SCP's TLS settings cannot work together, or None."""
        if bool(self.tls_cert) != bool(self.tls_key):
            return "the storage port's certificate needs its key, and the key its certificate"
        if self.tls_ca and not self.tls_cert:
            return "requiring client certificates (tls_ca) needs the storage port's own certificate and key"
        return None

    def set(self, key: str, value: str) -> None:
        if key not in self.KEYS:
            raise ConfigError(f"unknown setting {key!r}; known: {', '.join(self.KEYS)}")
        if key == "ae_title":
            self.ae_title = check_ae_title(value)
        elif key == "storage_port":
            self.storage_port = check_port(value)
        elif key in self._FILES:
            setattr(self, key, _check_pem_file(value))
        elif key == "storage_bind":
            self.storage_bind = _check_bind(value)
        elif key == "hl7_target":
            self.hl7_target = _check_hl7_target(value)
        elif key == "hl7_facility":
            self.hl7_facility = value.strip()[:180]
        elif key == "audit_syslog":

            try:
                self.audit_syslog = check_syslog_target(value)
            except ValueError as exc:
                raise ConfigError(str(exc)) from None
        else:
            try:
                number = int(value)
            except ValueError:
                raise ConfigError(f"{key} is a whole number") from None
            if number < 0 or (key == "max_pdu" and not 4096 <= number <= 64 << 20) or (
                    key in ("max_associations", "max_per_address") and not 1 <= number <= 1000):
                raise ConfigError(f"{key} is out of range")
            setattr(self, key, number)


def _check_hl7_target(value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    host, sep, port = value.rpartition(":")
    if not sep or not host.strip("[]") or not port.isdigit() or not 0 < int(port) < 65536:
        raise ConfigError("hl7_target is HOST:PORT (for example ris.hopital.bj:2575), or empty")
    return value


@dataclass
class NetworkConfig:
    workstation: Workstation = field(default_factory=Workstation)
    nodes: list[Node] = field(default_factory=list)

    def node(self, name: str) -> Node:
        for n in self.nodes:
            if n.name == name:
                return n
        raise ConfigError(f"no node named {name!r} (see `cauri node list`)")

    def add(self, node: Node, replace_existing: bool = False) -> None:
        node.validate()
        for i, n in enumerate(self.nodes):
            if n.name == node.name:
                if not replace_existing:
                    raise ConfigError(f"a node named {node.name!r} exists already (use --replace)")
                self.nodes[i] = node
                return
        self.nodes.append(node)

    def remove(self, name: str) -> None:
        self.node(name)
        self.nodes = [n for n in self.nodes if n.name != name]

    def peer_allowed(self, ae_title: str, host: str) -> Node | None:
        """The configured node a peer (calling AE title, IP address) stands for, or None."""
        for n in self.nodes:
            if n.has_dimse and n.ae_title == ae_title.strip() and _same_host(n.host, host):
                return n
        return None

    # -- persistence ------------------------------------------------------------------------------

    @classmethod
    def load(cls, home=None) -> "NetworkConfig":
        """The user's file over the machine's defaults (``core.machine``): workstation keys one by one,
        archives by name."""
        machine = _machine_layer()
        path = config_path(home)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raw = {}
        except (OSError, ValueError) as exc:
            # A damaged file must not stop the workstation; it is kept until the next save.
            log.warning("network settings unreadable (%s); using defaults", type(exc).__name__)
            raw = {}
        nodes = {d["name"]: d for d in machine["nodes"]}
        for d in raw.get("nodes") or []:
            if isinstance(d, dict) and d.get("name"):
                nodes[d["name"]] = d
        config = cls(
            workstation=_from_dict(Workstation, {**machine["workstation"], **(raw.get("workstation") or {})}),
            nodes=[_from_dict(Node, d) for d in nodes.values()],
        )
        config._machine = machine
        return config

    def save(self, home=None) -> Path:
        """Only what differs from the machine's defaults: an archive or port IT changes later reaches this
        user unless the user changed it too."""
        machine = getattr(self, "_machine", None) or {"workstation": {}, "nodes": []}
        given = machine["workstation"]
        workstation = {k: v for k, v in asdict(self.workstation).items() if k not in given or given[k] != v}
        deployed = {d["name"]: asdict(_from_dict(Node, d)) for d in machine["nodes"]}
        nodes = [asdict(n) for n in self.nodes if deployed.get(n.name) != asdict(n)]
        path = config_path(home)
        doc = {"workstation": workstation, "nodes": nodes}
        atomic_write_bytes(path, json.dumps(doc, indent=2, ensure_ascii=False).encode("utf-8"))
        try:
            os.chmod(path, 0o600)  # DICOMweb passwords/tokens may be in it
        except OSError:
            pass
        return path


def _machine_layer() -> dict:
    """The machine file's ``network`` section, with values of the right types only."""
    from viewer.core.machine import section, typed_values

    raw = section("network")
    where = "machine settings (network)"
    nodes = [typed_values(Node, d, where) for d in raw.get("nodes") or [] if isinstance(d, dict)]
    return {"workstation": typed_values(Workstation, raw.get("workstation") or {}, where),
            "nodes": [d for d in nodes if isinstance(d.get("name"), str) and d["name"].strip()]}


def _check_pem_file(value: str) -> str:
    """An existing, readable file as an absolute path ("" turns the setting off)."""
    value = (value or "").strip()
    if not value:
        return ""
    path = Path(value).expanduser().resolve()
    try:
        with open(path, "rb") as fh:
            fh.read(1)
    except OSError:
        raise ConfigError(f"cannot read the file {value!r}") from None
    return str(path)


def config_path(home=None) -> Path:
    return resolve_paths(home).config / FILE_NAME


def _from_dict(cls, raw: dict):
    known = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in raw.items() if k in known})


def _check_bind(value: str) -> str:
    """"" (every interface) or one of this machine's IP addresses."""
    import ipaddress

    value = (value or "").strip()
    if value:
        try:
            ipaddress.ip_address(value)
        except ValueError:
            raise ConfigError("storage_bind is an IP address of this machine (empty: every interface)") from None
    return value


def _same_host(configured: str, address: str) -> bool:
    """True when ``address`` (the peer's IP) is the configured host, by name or address."""
    import socket

    configured = configured.strip()
    if configured == address:
        return True
    try:
        infos = socket.getaddrinfo(configured, None)
    except OSError:
        return False
    return any(info[4][0] == address for info in infos)
