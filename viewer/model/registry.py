"""What plugins contribute, and the loading of the ``cauri.plugins`` entry points."""

from __future__ import annotations

import logging
from importlib.metadata import entry_points

from viewer.model.displaysets import DisplaySetHandler, UnsupportedHandler
from viewer.model.findings_sets import FindingsHandler
from viewer.model.presets import WindowPreset

log = logging.getLogger(__name__)
ENTRY_POINT_GROUP = "cauri.plugins"


class PluginAPI:
    """Handed to each plugin's ``register``; the only way plugins change Cauri."""

    def __init__(self) -> None:
        self._presets: dict[str, list[WindowPreset]] = {}
        self._handlers: list[tuple[int, int, DisplaySetHandler]] = []
        self.loaded: list[str] = []
        self.failed: list[tuple[str, str]] = []

    def add_window_presets(self, modality: str, presets: list[WindowPreset]) -> None:
        """Presets offered, in order, on the number keys for images of ``modality`` (e.g. "CT")."""
        self._presets.setdefault(modality.upper(), []).extend(presets)

    def add_display_set_handler(self, handler: DisplaySetHandler, priority: int = 0) -> None:
        """Handlers are asked in decreasing priority; the first that claims a series wins."""
        self._handlers.append((-priority, len(self._handlers), handler))
        self._handlers.sort(key=lambda t: t[:2])

    # -- read side (used by Cauri, not by plugins) --
    def window_presets(self, modality: str) -> list[WindowPreset]:
        return list(self._presets.get((modality or "").upper(), []))

    def display_set_handlers(self) -> list[DisplaySetHandler]:
        # The reading's own objects (SR, presentation states, KO) after the plugins' handlers; the fallback
        # always comes last, so that no series silently disappears.
        return [h for *_, h in self._handlers] + [FindingsHandler(), UnsupportedHandler()]


def load_plugins(api: PluginAPI | None = None) -> PluginAPI:
    api = api or PluginAPI()
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        try:
            ep.load()(api)
            api.loaded.append(ep.name)
        except Exception as exc:  # a broken third-party plugin must not stop the workstation
            log.exception("plugin %s failed to load", ep.name)
            api.failed.append((ep.name, f"{type(exc).__name__}: {exc}"))
    return api
