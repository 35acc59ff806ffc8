"""Whole-slide microscopy: a series of VL Whole Slide Microscopy images (the levels of one pyramid) becomes a
display set of kind "slide", shown by a viewport that pans and zooms across the levels reading only the tiles on
screen (``pyramid``, ``paint``, ``view``); Microscopy Bulk Simple Annotations become "slide-annotations", drawn
on the slide they were made on."""

from __future__ import annotations

from cauri_builtins.lazy import lazy

from viewer.plugin_api import InstanceSet, SeriesInput, msg

KIND = "slide"
ANNOTATIONS = "slide-annotations"


def _facts(instances) -> tuple[dict, tuple]:
    from cauri_builtins.slide.pyramid import DicomSlide, SlideError

    try:
        slide = DicomSlide([i.path for i in instances])
    except SlideError as exc:
        return {}, (exc.args[0],)
    level0 = slide.levels[0]
    return {
        "levels": [{"columns": lv.width, "rows": lv.height, "tile": [lv.tile_width, lv.tile_height],
                    "tiles": len(lv.frames)} for lv in slide.levels],
        "pixel_spacing_um": [round(v * 1000, 4) for v in level0.spacing] if level0.spacing else None,
        "other_images": len(slide.others),  # label and overview photographs
    }, ()


def _annotation_facts(instances) -> tuple[dict, tuple]:
    from cauri_builtins.slide.annotations import read_annotations

    groups, left_out = [], 0
    for inst in instances:
        try:
            found, skipped = read_annotations(inst.path)
        except Exception as exc:  # noqa: BLE001 - listed with its reason, never a crash
            return {}, (f"{type(exc).__name__}",)
        groups += found
        left_out += skipped
    return {"annotation_groups": [{"label": g.label, "graphic_type": g.graphic_type, "annotations": len(g.shapes)}
                                  for g in groups], "annotations_left_out": left_out}, ()


class SlideHandler:
    name = "slide"

    def make_display_sets(self, series: SeriesInput):
        from cauri_builtins.slide.pyramid import ANNOTATION_CLASS, SLIDE_CLASS

        classes = {i.sop_class for i in series.instances}
        if classes == {SLIDE_CLASS}:
            kind, (facts, warnings) = KIND, _facts(series.instances)
        elif classes == {ANNOTATION_CLASS}:
            kind, (facts, warnings) = ANNOTATIONS, _annotation_facts(series.instances)
        else:
            return None
        return [InstanceSet(uid=series.series_uid, study_uid=series.study_uid, series_uid=series.series_uid,
                            modality=series.modality, number=series.number, description=series.description,
                            kind=kind, instances=series.instances, warnings=warnings,
                            extra={"facts": facts, "caption": _caption(kind, facts)})]


def _caption(kind: str, facts: dict):
    if kind == ANNOTATIONS:
        n = sum(g["annotations"] for g in facts.get("annotation_groups", []))
        return msg("slide annotations ({count})", count=n)
    n = len(facts.get("levels", []))
    return msg("slide, {levels} {levels:level|levels}", levels=n)


def register(api) -> None:
    api.add_display_set_handler(SlideHandler(), priority=10)
    api.add_viewport(KIND, lazy("cauri_builtins.slide.view", "SlideViewport"),
                     picture=lazy("cauri_builtins.slide.view", "render_slide"))
