"""The public surface for Cauri plugins.

A plugin is a distribution that declares an entry point in the ``cauri.plugins`` group pointing at a
callable ``register(api: PluginAPI) -> None``. Cauri's own built-ins (``plugins/cauri_builtins``)
use exactly this API, which keeps it sufficient and honest.

Only names exported here are stable for plugins.
"""

from __future__ import annotations

from viewer.model.displaysets import (  # noqa: F401
    DisplaySet,
    DisplaySetHandler,
    ImageStack,
    SeriesInput,
)
from viewer.model.presets import WindowPreset  # noqa: F401
from viewer.model.registry import PluginAPI  # noqa: F401

ENTRY_POINT_GROUP = "cauri.plugins"

__all__ = [
    "ENTRY_POINT_GROUP",
    "DisplaySet",
    "DisplaySetHandler",
    "ImageStack",
    "PluginAPI",
    "SeriesInput",
    "WindowPreset",
]
