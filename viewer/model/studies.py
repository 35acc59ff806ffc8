"""Turning what the cache holds for a study into display sets and overlay context."""

from __future__ import annotations

from dataclasses import dataclass

from viewer.model.displaysets import (
    DisplaySet,
    InstanceInput,
    SeriesInput,
    build_display_sets,
)


@dataclass(frozen=True)
class PatientContext:
    """Study/series facts for the overlay corners (from the cache index, not re-read per frame)."""

    patient_name: str = ""
    patient_id: str = ""
    birth_date: str = ""
    sex: str = ""
    study_date: str = ""
    study_time: str = ""
    study_description: str = ""
    series_number: int | None = None
    series_description: str = ""
    modality: str = ""


def series_inputs(cache, study_uid: str) -> list[SeriesInput]:
    out = []
    for series in cache.series_of(study_uid):
        instances = [
            InstanceInput(sop_uid=sop, path=path, sop_class=sop_class, instance_number=number, frames=frames or 1,
                          rows=rows, columns=columns, position=position, orientation=orientation)
            for sop, path, sop_class, number, frames, rows, columns, position, orientation
            in cache.instance_inputs(series.series_uid)
        ]
        out.append(
            SeriesInput(
                study_uid=study_uid,
                series_uid=series.series_uid,
                modality=series.modality,
                number=series.number,
                description=series.description,
                instances=tuple(instances),
            )
        )
    return out


def study_display_sets(cache, study_uid: str, handlers) -> list[DisplaySet]:
    result: list[DisplaySet] = []
    for series in series_inputs(cache, study_uid):
        result.extend(build_display_sets(series, handlers))
    return result


def patient_context(study, display_set: DisplaySet | None) -> PatientContext:
    if study is None:
        return PatientContext()
    return PatientContext(
        patient_name=study.patient_name,
        patient_id=study.patient_id,
        birth_date=study.birth_date,
        sex=study.sex,
        study_date=study.study_date,
        study_time=study.study_time,
        study_description=study.description,
        series_number=display_set.number if display_set else None,
        series_description=display_set.description if display_set else "",
        modality=display_set.modality if display_set else "",
    )
