"""Cauri's built-in capabilities, shipped as a plugin through the public ``viewer.plugin_api``.

If something here needs more than the public API offers, the API is what must grow.
"""

from __future__ import annotations

from cauri_builtins.messages_fr import FRENCH
from cauri_builtins.slide import register as register_slides
from cauri_builtins.stacks import ImageStackHandler
from cauri_builtins.video import KIND as VIDEO, VideoHandler, video_viewport
from cauri_builtins.waveform import register as register_waveforms
from cauri_builtins.window_presets import CT_PRESETS

from viewer.plugin_api import PluginAPI, add_translations


def register(api: PluginAPI) -> None:
    api.add_window_presets("CT", CT_PRESETS)
    api.add_display_set_handler(ImageStackHandler(), priority=0)
    api.add_display_set_handler(VideoHandler(), priority=5)  # before the stacks: a video is not a cine stack
    api.add_viewport(VIDEO, video_viewport)
    register_waveforms(api)
    register_slides(api)
    add_translations("fr", FRENCH)
