"""What plugins contribute, and the loading of the ``cauri.plugins`` entry points."""

from __future__ import annotations

import logging
from importlib.metadata import entry_points

from viewer.model.contributions import (
    DataFile,
    Exporter,
    KeyMapContribution,
    check_exporter,
    check_key_map,
    read_data_files,
)
from viewer.model.displaysets import DisplaySetHandler, UnsupportedHandler
from viewer.model.findings_sets import FindingsHandler
from viewer.model.hanging.protocol import Protocol, ProtocolError
from viewer.model.presets import WindowPreset
from viewer.model.segments import SegmentationHandler

log = logging.getLogger(__name__)
ENTRY_POINT_GROUP = "cauri.plugins"
# Drawn by the image viewport itself ("stack"), or not drawn in a viewport at all.
RESERVED_KINDS = frozenset({"stack", "findings", "unsupported"})


class PluginAPI:
    """Handed to each plugin's ``register``; the only way plugins change Cauri.

    A contribution that cannot be used (a missing or damaged data file, an exporter without a name) raises
    ``ValueError`` from the call that made it: the plugin is then listed in ``failed`` with the reason, and
    what it registered before stays."""

    def __init__(self) -> None:
        self._presets: dict[str, list[WindowPreset]] = {}
        self._handlers: list[tuple[int, int, DisplaySetHandler]] = []
        self._protocols: list[DataFile] = []
        self._templates: list[DataFile] = []
        self._exporters: dict[str, Exporter] = {}
        self._key_maps: dict[str, KeyMapContribution] = {}
        self._viewports: dict[str, object] = {}
        self._pictures: dict[str, object] = {}
        self.plugin = ""  # the entry point registering now: each contribution remembers it
        self.loaded: list[str] = []
        self.failed: list[tuple[str, str]] = []

    def add_window_presets(self, modality: str, presets: list[WindowPreset]) -> None:
        """Presets offered, in order, on the number keys for images of ``modality`` (e.g. "CT")."""
        self._presets.setdefault(modality.upper(), []).extend(presets)

    def add_display_set_handler(self, handler: DisplaySetHandler, priority: int = 0) -> None:
        """Handlers are asked in decreasing priority; the first that claims a series wins."""
        self._handlers.append((-priority, len(self._handlers), handler))
        self._handlers.sort(key=lambda t: t[:2])

    def add_hanging_protocols(self, source) -> None:
        """Hanging protocols as JSON files: ``source`` is one file or a folder of them, a path or package data
        (``importlib.resources.files(__package__) / "protocols"``). Each must hold a JSON object; the
        hanging-protocol engine decides what it means. Each is checked against the protocol format here
        (``model.hanging.protocol``), so a damaged one names itself and its plugin at start-up."""
        files = read_data_files(source, self.plugin)
        for f in files:
            try:
                Protocol.from_json(f.data, f"plugin:{f.plugin}", f.source)
            except ProtocolError as exc:
                raise ValueError(f"{f.source}: not a hanging protocol ({exc})") from None
        self._protocols.extend(files)

    def add_report_templates(self, source) -> None:
        """Report templates as JSON files, given as ``add_hanging_protocols`` takes them."""
        self._templates.extend(read_data_files(source, self.plugin))

    def add_exporter(self, exporter: Exporter) -> None:
        """An export format (``contributions.Exporter``: name, label, suffix, ``export(job)``); names are unique."""
        check_exporter(exporter, self._exporters)
        self._exporters[exporter.name] = exporter

    def add_key_map(self, name: str, label: str, changes: dict) -> None:
        """A named key and mouse map: ``changes`` as a reader's ``keymap.json`` writes them (only what differs
        from the default map); ``label`` is what the reader chooses it by (a ``msg``). A later map of the
        same name replaces the earlier one."""
        check_key_map(name, changes)
        self._key_maps[name] = KeyMapContribution(self.plugin, name, label, changes)

    def add_viewport(self, kind: str, factory, picture=None) -> None:
        """The viewport that shows display sets of ``kind`` (a video, a waveform, a slide...): ``factory(
        display_set, host)`` returns the widget (a PySide6 ``QWidget``) drawn inside a reading viewport in
        place of the image; ``host`` is the viewport (``ViewportHost`` in ``viewer.plugin_api``). Cauri's own
        kinds cannot be taken; a later registration of a kind replaces the earlier one. ``picture(display_set,
        (width, height), language)``, when given, returns the ``QImage`` that ``cauri render`` writes for the kind
        (drawn without a window: the headless render cannot build the widget)."""
        if not kind or kind in RESERVED_KINDS:
            raise ValueError(f"viewport kind {kind!r} is Cauri's own or empty")
        if not callable(factory):
            raise ValueError(f"viewport for {kind!r} is not callable")
        if picture is not None and not callable(picture):
            raise ValueError(f"picture for {kind!r} is not callable")
        self._viewports[kind] = factory
        if picture is not None:
            self._pictures[kind] = picture

    # -- read side (used by Cauri, not by plugins) --
    def window_presets(self, modality: str) -> list[WindowPreset]:
        return list(self._presets.get((modality or "").upper(), []))

    def display_set_handlers(self) -> list[DisplaySetHandler]:
        # Segmentations first: they hold pixels, and an image handler would take a SEG's masks for a stack
        # of its own, while they are drawn over the images they were made on (model.segments). The reading's
        # own objects (SR, presentation states, KO) after the plugins' handlers; the fallback always comes
        # last, so that no series silently disappears.
        return [SegmentationHandler()] + [h for *_, h in self._handlers] + [FindingsHandler(), UnsupportedHandler()]

    def hanging_protocols(self) -> list[DataFile]:
        return list(self._protocols)

    def report_templates(self) -> list[DataFile]:
        return list(self._templates)

    def exporters(self) -> list[Exporter]:
        return list(self._exporters.values())

    def key_maps(self) -> dict[str, KeyMapContribution]:
        return dict(self._key_maps)

    def viewports(self) -> dict[str, object]:
        """Display-set kind -> factory of the widget that shows it (``add_viewport``)."""
        return dict(self._viewports)

    def pictures(self) -> dict[str, object]:
        """Display-set kind -> the function drawing its ``cauri render`` picture (``add_viewport``'s ``picture``)."""
        return dict(self._pictures)


def load_plugins(api: PluginAPI | None = None) -> PluginAPI:
    api = api or PluginAPI()
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        api.plugin = ep.name
        try:
            ep.load()(api)
            api.loaded.append(ep.name)
        except Exception as exc:  # a broken third-party plugin must not stop the workstation
            log.exception("plugin %s failed to load", ep.name)
            api.failed.append((ep.name, f"{type(exc).__name__}: {exc}"))
    api.plugin = ""
    return api
