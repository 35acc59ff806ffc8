"""Send a cached study or series to a node: C-STORE SCU or STOW-RS, files as they are stored.

Instances whose UIDs Cauri derived (their files had none, or invalid ones) stay here: sent as they are
they would reach the archive without valid UIDs, and sent with ours an archive would take them for
the originals. They are counted as failed, with a message that says why.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field

from viewer.core import audit
from viewer.core.messages import msg
from viewer.net import NetError, dicomweb, dimse
from viewer.net.nodes import NetworkConfig, Node
from viewer.store.cache import StudyCache
from viewer.store.study_flags import SENT, StudyFlags

_STOW_BATCH = 50  # instances per STOW request: a failure costs one batch, not the study


@dataclass
class SendReport:
    method: str
    total: int = 0
    sent: int = 0
    failed: int = 0
    refused: int = 0  # of ``failed``: instances with derived UIDs, never sent
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


def send_study(cache: StudyCache, config: NetworkConfig, node: Node, study_uid: str,
               series_uid: str | None = None, method: str | None = None, progress=None) -> SendReport:
    method = method or ("store" if node.has_dimse else "stow")
    series = [s.series_uid for s in cache.series_of(study_uid)]
    if series_uid:
        if series_uid not in series:
            raise NetError("that series is not in the local cache")
        series = [series_uid]
    if not series:
        raise NetError("that study is not in the local cache")
    if method not in ("store", "stow"):
        raise NetError("method is store or stow")
    instances = [i for se in series for i in cache.instances_of(se)]
    report = SendReport(method=method, total=len(instances))
    made_up = [i for i in instances if i.derived]
    if made_up:
        instances = [i for i in instances if not i.derived]
        report.refused = report.failed = len(made_up)
        report.errors.append(msg("{count} instance(s) not sent: Cauri derived their UIDs (the files have none, or "
                                 "invalid ones), and an archive must not take them for the originals",
                                 count=len(made_up)))
    start = time.perf_counter()
    if not instances:
        pass
    elif method == "store":
        out = dimse.c_store(config.workstation, node, [(i.path, i.sop_class, i.transfer_syntax) for i in instances],
                            progress=progress)
        report.sent, report.failed = out.sent, report.failed + out.failed
        report.errors += out.errors or []
    else:
        client = dicomweb.Client(node)
        for k in range(0, len(instances), _STOW_BATCH):
            batch = instances[k:k + _STOW_BATCH]
            try:
                out = client.store([i.path for i in batch], study_uid)
                report.sent += out.stored
                report.failed += out.failed
            except NetError as exc:
                report.failed += len(batch)
                report.errors.append(str(exc))
            if progress is not None:
                progress(min(k + _STOW_BATCH, len(instances)))
    report.seconds = time.perf_counter() - start

    if report.sent and not report.failed:
        # On the archive now: what the reader made of the study before this may leave the cache
        # (workstation.cache_keeper compares it with when findings and reports last changed).
        flags = StudyFlags(cache.root)
        at = time.time()
        whole = at if not series_uid else flags.of(study_uid).get(SENT, {}).get("whole_at", 0)
        flags.set(study_uid, SENT, {"at": at, "whole_at": whole, "node": node.name})
    study = cache.study(study_uid)
    audit.record("send", study_uid, accession=study.accession if study else "", count=report.sent, peer=node.name,
                 outcome="success" if not report.failed else f"{report.failed} failed", store=cache.root)
    return report
