"""The expert's side: open a request package into the local cache (``open_request``), and make the reply
(``make_reply``): the answer as a text SR, the expert's measurements as SR (TID 1500) and GSPS, key images as
KO, written by the same code as any save of findings in Cauri (``model.measure.findings_io``)."""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pydicom

from viewer.core.atomic import atomic_write_bytes
from viewer.core.messages import msg
from viewer.core.private import private_dir
from viewer.distribute.second_opinion.answer_sr import build_answer_sr
from viewer.distribute.second_opinion.common import import_datasets, parse_all, to_bytes
from viewer.distribute.second_opinion.package import (
    PackageError,
    check_password,
    read_package,
    write_package,
)
from viewer.model.annotation_store import AnnotationStore
from viewer.model.measure.findings_io import save_findings


def received_folder(paths) -> Path:
    return private_dir(Path(paths.data) / "second-opinion" / "received")


@dataclass
class Opened:
    manifest: dict
    instances: int


def open_request(cache, paths, package: Path, password: str) -> Opened:
    """Import the request's images into this cache and keep its question for the reply."""
    pkg = read_package(package, password, kind="request")
    datasets = parse_all(pkg.files)
    import_datasets(cache, datasets)
    manifest = {k: v for k, v in pkg.manifest.items() if k != "files"}
    atomic_write_bytes(received_folder(paths) / f"{_safe(manifest['package_id'])}.json",
                       json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
    return Opened(manifest, len(datasets))


def received_requests(paths) -> list[dict]:
    out = []
    for f in sorted(received_folder(paths).glob("*.json")):
        try:
            out.append(json.loads(f.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    return out


def find_request(paths, package_id: str | None = None, study_uid: str | None = None) -> dict:
    for rec in received_requests(paths):
        if (package_id and rec.get("package_id") == package_id) or (study_uid and rec.get("study_uid") == study_uid):
            return rec
    raise PackageError(msg("no request opened here has this identifier; open the request package first"))


def make_reply(cache, paths, request: dict, answer: str, expert: str, password: str, out: Path,
               institution: str = "") -> int:
    """Write the reply package; its size. The expert's measurements and key images are those kept for the
    study in this cache (drawn in the viewer); the answer text is required."""
    check_password(password)
    if not (answer or "").strip():
        raise PackageError(msg("the answer is empty"))
    study_uid = request["study_uid"]
    if cache.study(study_uid) is None:
        raise PackageError(msg("the request's study is no longer in this cache; open the request package again"))
    store = AnnotationStore(cache.root)
    notes: list[str] = []
    sops = save_findings(cache, study_uid, store.load(study_uid), store.load_key_images(study_uid),
                         observer_name=expert, notes=notes)
    first = cache.instances_of(cache.series_of(study_uid)[0].series_uid)[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        header = pydicom.dcmread(first.path, stop_before_pixels=True)
    answer_sr = build_answer_sr(header, str(request.get("question", "")), answer, expert, institution)
    import_datasets(cache, [answer_sr])  # the expert keeps what was sent
    files = {"DICOM/00001.dcm": to_bytes(answer_sr)}
    for i, sop in enumerate(sops, start=2):
        files[f"DICOM/{i:05d}.dcm"] = Path(cache.instance_path(sop)).read_bytes()
    parse_all(files)
    manifest = {"kind": "reply", "in_reply_to": request["package_id"], "study_uid": study_uid,
                "patient_id": request.get("patient_id", ""), "answer": answer, "expert": expert,
                "created": datetime.now(UTC).isoformat(timespec="seconds"), "notes": [str(n) for n in notes]}
    return write_package(Path(out), manifest, files.items(), password)


def _safe(text: str) -> str:
    return "".join(c for c in str(text) if c.isalnum())[:64] or "request"
