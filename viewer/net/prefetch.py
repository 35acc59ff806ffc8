"""Prefetch of priors: when a study is opened, fetch the same patient's earlier studies, by rule.

The rule is data (``PriorRule``, JSON-ready for the preferences): how many priors at most, how old at
most, and whether their modality must match the opened study's. The default is what a reading room
compares with: the 2 most recent earlier studies of the same modality within 5 years.

The archive is asked by Patient ID (C-FIND, or QIDO-RS for a DICOMweb-only node) for studies before
the opened one's date; the Issuer of Patient ID is compared where both sides give one, since the same
ID from another issuer is another patient. Priors go into the retrieve queue at ``PRIOR`` priority,
behind anything the user asks for. Talks to the network: call it off the UI thread.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, fields
from datetime import date, timedelta

from viewer.net import dicomweb, dimse
from viewer.net.nodes import NetworkConfig, Node
from viewer.net.query import RemoteQuery
from viewer.net.queue import PRIOR, QueueItem, RetrieveQueue

log = logging.getLogger(__name__)

SAME, ANY = "same", "any"


@dataclass(frozen=True)
class PriorRule:
    max_priors: int = 2
    max_age_years: float = 5.0  # before the opened study's date
    modality: str = SAME  # "same": share a modality with the opened study; "any"

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, raw: dict | None) -> "PriorRule":
        known = {f.name for f in fields(cls)}
        rule = cls(**{k: v for k, v in (raw or {}).items() if k in known})
        if rule.modality not in (SAME, ANY) or rule.max_priors < 0 or rule.max_age_years < 0:
            raise ValueError("a prior rule has max_priors >= 0, max_age_years >= 0 and modality 'same' or 'any'")
        return rule


DEFAULT_RULE = PriorRule()


def prior_studies(config: NetworkConfig, node: Node, study_record, rule: PriorRule = DEFAULT_RULE) -> list[dict]:
    """The opened study's priors on ``node`` that ``rule`` selects, newest first (study-level rows).

    ``study_record``: a cache ``StudyRecord``, or a study row from ``dimse.find`` (dict). No priors
    when the study has no Patient ID or no date (nothing can be said to be earlier).
    """
    study_uid = _field(study_record, "study_uid")
    patient_id = _field(study_record, "patient_id")
    study_date = _field(study_record, "study_date")
    if not patient_id or not _is_date(study_date) or rule.max_priors == 0:
        return []
    oldest = _years_before(study_date, rule.max_age_years)
    q = RemoteQuery(patient_id=patient_id, date_from=oldest, date_to=study_date, issuer="")
    rows = dimse.find(config.workstation, node, q) if node.has_dimse else dicomweb.Client(node).search(q)
    issuer = _field(study_record, "issuer")
    wanted = {m.upper() for m in _modalities(study_record)}
    time_of_study = _field(study_record, "study_time")
    picked = []
    for row in rows:
        if row.get("study_uid") in ("", None, study_uid) or row.get("patient_id") != patient_id:
            continue  # an archive may match IDs loosely (case, wildcards): only this exact ID
        if issuer and row.get("issuer") and row["issuer"] != issuer:
            continue
        if not _earlier(row, study_date, time_of_study):
            continue
        if rule.modality == SAME and wanted and not wanted & {m.upper() for m in row.get("modalities") or []}:
            continue
        picked.append(row)
    picked.sort(key=lambda r: (r.get("study_date") or "", r.get("study_time") or ""), reverse=True)
    return picked[: rule.max_priors]


def enqueue_priors(queue: RetrieveQueue, node_name: str, study_record, rule: PriorRule = DEFAULT_RULE
                   ) -> list[QueueItem]:
    """Queue the retrieves of the opened study's priors (those not already complete in the cache)."""
    config = queue.current_config()
    node = config.node(node_name)
    items = []
    for row in prior_studies(config, node, study_record, rule):
        held = queue.cache.study(row["study_uid"])
        if held is not None and not held.on_archive and row.get("instance_count") \
                and held.instance_count >= int(row["instance_count"]):
            continue  # already here in full
        items.append(queue.enqueue(node_name, row["study_uid"], priority=PRIOR))
    log.info("prefetch: %d prior(s) queued", len(items))
    return items


def _field(record, name: str):
    if isinstance(record, dict):
        return record.get(name) or ""
    return getattr(record, name, "") or ""


def _modalities(record) -> list[str]:
    found = _field(record, "modalities")
    if isinstance(found, str):
        return [m for m in found.replace(",", "\\").split("\\") if m]
    return list(found or [])


def _is_date(text: str) -> bool:
    try:
        date(int(text[:4]), int(text[4:6]), int(text[6:8]))
        return len(text) == 8
    except (ValueError, TypeError):
        return False


def _years_before(yyyymmdd: str, years: float) -> str:
    day = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    return (day - timedelta(days=round(365.25 * years))).strftime("%Y%m%d")


def _earlier(row: dict, study_date: str, study_time: str) -> bool:
    d = row.get("study_date") or ""
    if not _is_date(d):
        return False
    if d != study_date:
        return d < study_date
    return bool(study_time) and (row.get("study_time") or "") < study_time  # same day: an earlier study
