"""The hospital's side: make a request package (``create_request``) and take the reply back onto the
original patient and study (``import_reply``)."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pydicom
from pydicom.dataset import Dataset
from pydicom.multival import MultiValue

from viewer.core.messages import msg
from viewer.distribute.deid import Deidentifier, DeidOptions, PseudonymMap, load_profile
from viewer.distribute.deid.burned import Rect, black_out, needs_review, outside_regions
from viewer.distribute.second_opinion.common import import_datasets, parse_all, to_bytes
from viewer.distribute.second_opinion.package import (
    PackageError,
    check_password,
    read_package,
    write_package,
)
from viewer.store.study_flags import EXTERNAL_OPINION, StudyFlags

# The reply's objects carry the pseudonymised identity; these say so and must not stay once it is restored.
DEID_MARKS = ("PatientIdentityRemoved", "DeidentificationMethod", "DeidentificationMethodCodeSequence",
              "LongitudinalTemporalInformationModified")
RESTORED = ("PatientName", "PatientID", "PatientBirthDate", "PatientSex", "IssuerOfPatientID", "StudyDate", "StudyTime",
            "AccessionNumber", "StudyID", "StudyDescription", "ReferringPhysicianName")


@dataclass
class Request:
    study_uid: str
    question: str
    physician: str
    deadline: str = ""  # YYYY-MM-DD
    series_uids: list[str] | None = None  # None: every series
    key_images: list[str] | None = None  # SOP Instance UIDs; None: every image of the chosen series
    deidentify: bool = True
    profile: str = "second-opinion"
    options: DeidOptions | None = None  # overrides the profile
    masks: dict[str, list[Rect]] = field(default_factory=dict)  # original series UID -> regions to black out
    accept_burned_in: bool = False  # the reader looked and saw no text in the flagged images


@dataclass
class Created:
    path: Path
    size: int
    instances: int
    package_id: str
    flagged: list[str]  # series UIDs flagged for burned-in text (masked or accepted)


class BurnedInText(PackageError):
    """Images that may show the patient's name in their pixels, neither blacked out nor accepted."""

    def __init__(self, message, series: list[tuple[str, str]]):
        super().__init__(message)
        self.series = series  # (series UID, reason)


def flagged_series(cache, study_uid: str, series_uids=None, clean_pixel_data: bool = False) -> list[tuple[str, str]]:
    """(series UID, reason) of the study's series whose images may carry burned-in text; with
    ``clean_pixel_data``, images whose layout the header declares are cleaned on the way out, not flagged."""
    out = []
    for s in cache.series_of(study_uid):
        if series_uids is not None and s.series_uid not in series_uids:
            continue
        for inst in cache.instances_of(s.series_uid):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ds = pydicom.dcmread(inst.path, stop_before_pixels=True)
            ds.PixelData = b""  # needs_review asks whether there are pixels at all
            reason = needs_review(ds)
            if reason and clean_pixel_data and outside_regions(ds) is not None:
                continue
            if reason:
                out.append((s.series_uid, reason))  # a message: each side shows it in its language
                break
    return out


def create_request(cache, paths, req: Request, password: str, out: Path,
                   progress: Callable[[int, int], None] | None = None) -> Created:
    check_password(password)
    if cache.study(req.study_uid) is None:
        raise PackageError(msg("no such study in the cache"))
    instances = []
    for s in cache.series_of(req.study_uid):
        if req.series_uids is not None and s.series_uid not in req.series_uids:
            continue
        for inst in cache.instances_of(s.series_uid):
            if req.key_images is None or inst.sop_uid in req.key_images:
                instances.append((s.series_uid, inst))
    if not instances:
        raise PackageError(msg("nothing to send: no image of the study was chosen"))
    options = req.options or load_profile(req.profile)
    flagged = flagged_series(cache, req.study_uid, {s for s, _ in instances}, options.clean_pixel_data and req.deidentify)
    unmasked = [(s, r) for s, r in flagged if not req.masks.get(s)]
    if unmasked and not req.accept_burned_in:
        raise BurnedInText(msg("{n} {n:series may show|series may show} text burned into the pixels (such as the "
                               "patient's name): black it out or confirm there is none", n=len(unmasked)), unmasked)
    pseudonyms = PseudonymMap.open(paths)
    deid = Deidentifier(options, pseudonyms, purpose="second-opinion")
    first: list[Dataset] = []
    flagged_uids = {s for s, _ in flagged}

    def files():
        for i, (series_uid, inst) in enumerate(instances):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ds = pydicom.dcmread(inst.path)
            if req.masks.get(series_uid):
                ds = black_out(ds, req.masks[series_uid])
            elif series_uid in flagged_uids and req.accept_burned_in:
                ds.BurnedInAnnotation = "NO"  # the reader looked: no text in the pixels
            if req.deidentify:
                out_ds = deid.apply(ds)
            else:
                deid.remember_study(ds)
                out_ds = ds
            if not first:
                first.append(out_ds)
            if progress is not None:
                progress(i + 1, len(instances))
            yield f"DICOM/{i + 1:05d}.dcm", to_bytes(out_ds)

    manifest = {
        "kind": "request", "package_id": deid.export_id,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "question": req.question, "physician": req.physician, "deadline": req.deadline,
        "deidentified": req.deidentify, "profile": req.profile if req.options is None else "custom",
        "instances": len(instances),
    }

    def final_manifest() -> dict:  # once every file is written: the first gives the study as the expert sees it
        manifest["study_uid"] = str(first[0].StudyInstanceUID)
        manifest["patient_id"] = str(first[0].get("PatientID", ""))
        pseudo_of = {orig: pseudo for pseudo, orig in deid.export.record["uids"].items()}
        manifest["masks"] = {pseudo_of.get(s, s): [r.__dict__ for r in rects] for s, rects in req.masks.items() if rects}
        deid.export.record["request"] = {k: manifest[k] for k in ("question", "physician", "deadline", "created")}
        return manifest

    size = write_package(Path(out), final_manifest, files(), password)
    pseudonyms.save()  # only once the package exists: the link back is kept for a package that left
    return Created(Path(out), size, len(instances), deid.export_id, sorted(flagged_uids))


@dataclass
class Imported:
    study_uid: str  # the original study
    patient_id: str
    instances: int
    answer: str
    expert: str


def import_reply(cache, paths, package: Path, password: str) -> Imported:
    """Put the expert's reply on the original patient and study; nothing is imported unless all of it can be."""
    pkg = read_package(package, password, kind="reply")
    pseudonyms = PseudonymMap.open(paths)
    export = pseudonyms.export(str(pkg.manifest.get("in_reply_to", "")))
    if export is None:
        raise PackageError(msg("this reply answers a request this workstation did not send (unknown pseudonym): "
                               "it was not imported"))
    reverse = export.record.get("uids", {})
    datasets = parse_all(pkg.files)
    originals = {}
    for ds in datasets:
        study = reverse.get(str(ds.get("StudyInstanceUID", "")), str(ds.get("StudyInstanceUID", "")))
        if study not in export.record.get("studies", {}):
            raise PackageError(msg("the reply refers to a study that was not part of the request: it was not imported"))
        originals[id(ds)] = study
    for ds in datasets:
        _restore_uids(ds, reverse)
        header = export.record["studies"][originals[id(ds)]]
        for key in RESTORED:
            if header.get(key):
                setattr(ds, key, header[key])
            elif key in ds:
                del ds[key]
        for key in DEID_MARKS:
            if key in ds:
                del ds[key]
        if getattr(ds, "file_meta", None) is not None:
            ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    import_datasets(cache, datasets)
    study_uid = originals[id(datasets[0])] if datasets else ""
    received = datetime.now(UTC).isoformat(timespec="seconds")
    for uid in dict.fromkeys(originals.values()):
        StudyFlags(cache.root).set(uid, EXTERNAL_OPINION, {"received": received, "expert": pkg.manifest.get("expert", ""),
                                                           "package": export.export_id})
    header = export.record["studies"].get(study_uid, {})
    return Imported(study_uid, header.get("PatientID", ""), len(datasets), str(pkg.manifest.get("answer", "")),
                    str(pkg.manifest.get("expert", "")))


def _restore_uids(ds: Dataset, reverse: dict) -> None:
    for elem in ds:
        if elem.VR == "SQ":
            for item in elem.value:
                _restore_uids(item, reverse)
        elif elem.VR == "UI" and elem.value:
            if isinstance(elem.value, (list, MultiValue)):
                elem.value = [reverse.get(str(v), str(v)) for v in elem.value]
            else:
                elem.value = reverse.get(str(elem.value), str(elem.value))
