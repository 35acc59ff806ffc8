"""RIS/HIS launch: find the study a request names, in the cache or else on the archive, fetch it.

A request names one of: a Study Instance UID, an Accession Number, a Patient ID (her newest study).
"""

from __future__ import annotations

from dataclasses import dataclass

from viewer.net import NetError, dicomweb, dimse
from viewer.net.query import RemoteQuery
from viewer.store.records import StudyQuery


@dataclass(frozen=True)
class OpenRequest:
    study_uid: str | None = None
    accession: str | None = None
    patient_id: str | None = None
    node: str | None = None

    def to_json(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v}

    @classmethod
    def from_json(cls, data: dict) -> "OpenRequest":
        return cls(**{k: (str(v) if v else None) for k, v in data.items() if k in cls.__dataclass_fields__})

    def describe(self) -> str:
        """UIDs and accession numbers only: never a name, so this can go to logs and status lines."""
        if self.study_uid:
            return f"study {self.study_uid}"
        if self.accession:
            return f"accession {self.accession}"
        return "patient's newest study"


def find_local(cache, request: OpenRequest) -> str | None:
    if request.study_uid:
        return request.study_uid if cache.study(request.study_uid) else None
    q = StudyQuery(accession=request.accession, patient_id=request.patient_id, limit=1)
    if not (request.accession or request.patient_id):
        return None
    found = cache.find_studies(q)
    return found[0].study_uid if found else None


def find_remote(config, node, request: OpenRequest) -> str | None:
    """The Study Instance UID the archive holds for the request (newest first for a patient)."""

    q = RemoteQuery(study_uid=request.study_uid, accession=request.accession, patient_id=request.patient_id)
    rows = dimse.find(config.workstation, node, q) if node.has_dimse else dicomweb.Client(node).search(q)
    rows = [r for r in rows if r.get("study_uid")]
    if not rows:
        return None
    rows.sort(key=lambda r: (r.get("study_date") or "", r.get("study_time") or ""), reverse=True)
    return rows[0]["study_uid"]


def find_on_nodes(config, request: OpenRequest, node_name: str | None = None) -> tuple[str | None, str | None, list[str]]:
    """Ask the named node, else every configured node in turn: (Study Instance UID, the node that has it,
    the errors of the nodes that could not answer); (None, None, errors) when none has it."""

    nodes = [config.node(node_name)] if node_name else list(config.nodes)
    errors = []
    for node in nodes:
        try:
            uid = find_remote(config, node, request)
        except NetError as exc:
            errors.append(f"{node.name}: {exc}")
            continue
        if uid:
            return uid, node.name, errors
    return None, None, errors


def pick_node(config, name: str | None):
    if name:
        return config.node(name)
    return config.nodes[0] if config.nodes else None
