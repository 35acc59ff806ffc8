"""Waveforms (12-lead and general ECG, hemodynamic, respiratory...): a display set of kind "waveform" and its
viewport, the calibrated ECG paper (``layout``, ``paint``, ``viewport``), registered through the public plugin API."""

from __future__ import annotations

from viewer.plugin_api import InstanceSet, SeriesInput

KIND = "waveform"


class WaveformHandler:
    name = "waveform"

    def make_display_sets(self, series: SeriesInput):
        from cauri_builtins.waveform.reading import (
            WAVEFORM_CLASSES,
            WaveformError,
            waveform_facts,
        )

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
                            warnings=warnings, extra={"facts": facts})]


def _viewport(display_set, host):
    from cauri_builtins.waveform.viewport import (
        WaveformViewport,  # Qt only once a waveform is shown
    )

    return WaveformViewport(display_set, host)


def _picture(display_set, size, language):
    from cauri_builtins.waveform.viewport import render_waveform

    return render_waveform(display_set, size, language)


def register(api) -> None:
    api.add_display_set_handler(WaveformHandler(), priority=10)
    api.add_viewport(KIND, _viewport, picture=_picture)
