"""Series of the reading's own objects, as what they are: measurements (SR), presentation states (GSPS and the
other presentation states), key images (KO). Before, they fell to the fallback and the study browser showed
them as black "not displayable" tiles beside the images they belong to.

An SR series counts as measurements when its document is an Imaging Measurement Report (TID 1500, the one
Cauri writes; highdicom's too): read from the first instance's Concept Name (one short header read per SR
series, at study open). Any other SR is a structured report. A series mixing kinds is left to the fallback.
"""

from __future__ import annotations

from dataclasses import dataclass

from viewer.core.messages import msg
from viewer.dicom.findings import common
from viewer.model.displaysets import DisplaySet, SeriesInput

MEASUREMENTS, PRESENTATION_STATES, KEY_IMAGES, REPORT = "measurements", "presentation_states", "key_images", "report"
LABELS = {  # said in the reader's language where shown (in_language)
    MEASUREMENTS: msg("Measurements"),
    PRESENTATION_STATES: msg("Presentation states"),
    KEY_IMAGES: msg("Key images"),
    REPORT: msg("Structured report"),
}
_PRESENTATION_STATE_PREFIX = "1.2.840.10008.5.1.4.1.1.11."
_MEASUREMENT_REPORT = ("126000", "DCM")  # TID 1500 "Imaging Measurement Report"


@dataclass(frozen=True)
class FindingsSet(DisplaySet):
    kind: str = "findings"
    content: str = REPORT  # MEASUREMENTS, PRESENTATION_STATES, KEY_IMAGES or REPORT
    objects: int = 0  # instances in the series

    @property
    def label(self) -> str:
        return LABELS[self.content]


class FindingsHandler:
    name = "findings"

    def make_display_sets(self, series: SeriesInput) -> list[DisplaySet] | None:
        content = _content(series)
        if content is None:
            return None
        return [FindingsSet(
            uid=series.series_uid, study_uid=series.study_uid, series_uid=series.series_uid,
            modality=series.modality, number=series.number, description=series.description,
            reason=LABELS[content], content=content, objects=len(series.instances),
        )]


def _content(series: SeriesInput) -> str | None:
    classes = {i.sop_class for i in series.instances}
    if not classes:
        return None
    if classes == {common.KO_CLASS}:
        return KEY_IMAGES
    if all(c.startswith(_PRESENTATION_STATE_PREFIX) for c in classes):
        return PRESENTATION_STATES
    if all(c.startswith(common.SR_CLASS_PREFIX) and c != common.KO_CLASS for c in classes):
        return MEASUREMENTS if _is_measurement_report(series.instances[0].path) else REPORT
    return None


def _is_measurement_report(path) -> bool:
    import pydicom

    try:
        ds = pydicom.dcmread(path, stop_before_pixels=True, specific_tags=[0x0040A043])
        code = ds.ConceptNameCodeSequence[0]
        return (str(code.CodeValue), str(code.CodingSchemeDesignator)) == _MEASUREMENT_REPORT
    except Exception:  # unreadable or no title: a report, shown as such
        return False
