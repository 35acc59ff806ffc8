"""Waveforms (12-lead and general ECG, hemodynamic, respiratory...): a display set of kind "waveform" and its
viewport, the calibrated ECG paper (``layout``, ``paint``, ``viewport``), registered through the public plugin API."""

from __future__ import annotations

from cauri_builtins.lazy import lazy

from viewer.plugin_api import InstanceSet, SeriesInput, msg

KIND = "waveform"


class WaveformHandler:
    name = "waveform"

    def make_display_sets(self, series: SeriesInput):
        from cauri_builtins.waveform.reading import WAVEFORM_CLASSES, WaveformError, waveform_facts

        waves = tuple(i for i in series.instances if i.sop_class in WAVEFORM_CLASSES)
        if not waves or len(waves) != len(series.instances):
            return None
        waves = tuple(sorted(waves, key=lambda i: (i.instance_number is None, i.instance_number or 0)))
        try:
            facts, warnings = waveform_facts(waves[0].path), ()
        except WaveformError as exc:  # still a waveform: its viewport says why it cannot be drawn
            facts, warnings = {}, (exc.args[0],)
        return [InstanceSet(uid=series.series_uid, study_uid=series.study_uid, series_uid=series.series_uid,
                            modality=series.modality, number=series.number,
                            description=series.description, kind=KIND, instances=waves,
                            warnings=warnings, extra={"facts": facts, "caption": _caption(facts)})]


def _caption(facts: dict):
    if not facts:
        return msg("waveform")
    return msg("waveform, {channels} {channels:channel|channels}, {seconds:g} s", channels=len(facts["channels"]),
               seconds=facts["duration_s"])


def register(api) -> None:
    api.add_display_set_handler(WaveformHandler(), priority=10)
    api.add_viewport(KIND, lazy("cauri_builtins.waveform.viewport", "WaveformViewport"),
                     picture=lazy("cauri_builtins.waveform.viewport", "render_waveform"))
