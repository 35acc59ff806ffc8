"""A study's priors in the cache and its reading plan: which protocol, and what each stage shows. The
window (``workstation.reading``), ``cauri protocols`` and the bench ask the same questions here."""

from __future__ import annotations

from dataclasses import dataclass

from viewer.model.hanging.matching import AppliedStage, Scored, StudyFacts, best_protocol, resolve_stage
from viewer.model.patients import PatientIdentity, same_patient
from viewer.model.studies import study_display_sets
from viewer.store.records import StudyQuery


@dataclass(frozen=True)
class Prior:
    """An earlier study of the open study's patient: where it is ("local", or the archive node's name)."""

    study_uid: str
    study_date: str
    study_time: str
    modalities: tuple[str, ...]
    description: str
    where: str = "local"
    instance_count: int = 0

    def to_json(self) -> dict:
        return {"study_uid": self.study_uid, "study_date": self.study_date, "modalities": list(self.modalities),
                "description": self.description, "where": self.where, "instances": self.instance_count}


def earlier(record, study) -> bool:
    """Whether ``record`` was done before ``study`` (date, then time on the same day)."""
    d, t = record.study_date or "", record.study_time or ""
    return bool(d and study.study_date) and (d, t) < (study.study_date or "", study.study_time or "")


ON_ARCHIVE = "archive"  # ``Prior.where`` of an evicted prior whose archive is not known: the default one


def local_priors(cache, study) -> list[Prior]:
    """The cache's earlier studies of the same patient (same Patient ID and issuer, a name and birth date
    that agree: ``model.patients``), newest first; evicted ones are on their archive (``Prior.where``)."""
    if study is None or not study.patient_id:
        return []
    me = PatientIdentity.of(study)
    # An evicted prior is listed where it is now, its archive: protocols lay out the priors whose images
    # are here, and the reading fetches it back (its index rows alone would lay out empty views).
    found = [Prior(r.study_uid, r.study_date, r.study_time or "", tuple(r.modalities or ()), r.description or "",
                   (r.source_node or ON_ARCHIVE) if r.on_archive else "local", r.instance_count)
             for r in cache.find_studies(StudyQuery(patient_id=study.patient_id))
             if r.study_uid != study.study_uid and earlier(r, study) and same_patient(me, PatientIdentity.of(r))]
    return sorted(found, key=lambda p: (p.study_date, p.study_time), reverse=True)


def study_facts(cache, handlers, study_uid: str, display_sets=None) -> StudyFacts | None:
    study = cache.study(study_uid)
    if study is None:
        return None
    sets = display_sets if display_sets is not None else study_display_sets(cache, study_uid, handlers)
    return StudyFacts.of(study, cache.series_of(study_uid), sets)


@dataclass(frozen=True)
class ReadingPlan:
    scored: Scored
    priors: tuple[Prior, ...]
    stages: tuple[AppliedStage, ...]


def reading_plan(cache, handlers, protocols, study_uid: str, screens: int = 1) -> ReadingPlan | None:
    """The protocol the study gets with its cached priors, and every stage resolved (None: no such study,
    or no protocol at all)."""
    facts = study_facts(cache, handlers, study_uid)
    if facts is None:
        return None
    priors = local_priors(cache, cache.study(study_uid))
    prior_facts = [f for f in (study_facts(cache, handlers, p.study_uid) for p in priors) if f is not None]
    scored = best_protocol(protocols, facts, len(prior_facts))
    if scored is None:
        return None
    stages = tuple(resolve_stage(scored.protocol, i, facts, prior_facts, screens)
                   for i in range(len(scored.protocol.stages)))
    return ReadingPlan(scored, tuple(priors), stages)
