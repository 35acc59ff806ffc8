"""The public surface for Cauri plugins.

A plugin is a distribution that declares an entry point in the ``cauri.plugins`` group pointing at a
callable ``register(api: PluginAPI) -> None``. Cauri's own built-ins (``plugins/cauri_builtins``)
use exactly this API, which keeps it sufficient and honest.

Only names exported here are stable for plugins.

Texts a plugin shows the reader (a display set's warnings, its reason) are made with ``msg(template,
**params)``: the English text, which the UI says in its own language. French for them comes from the
plugin, at ``register`` time: ``add_translations("fr", {"echo {value}": "écho {value}"})`` (English template
-> French template with the same parameter names); a template without an entry stays English.
"""

from __future__ import annotations

from viewer.core.messages import Message, add_translations, msg  # noqa: F401
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
    "Message",
    "PluginAPI",
    "SeriesInput",
    "WindowPreset",
    "add_translations",
    "msg",
]
