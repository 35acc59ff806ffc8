"""The public surface for Cauri plugins.

A plugin is a distribution that declares an entry point in the ``cauri.plugins`` group pointing at a
callable ``register(api: PluginAPI) -> None``. Cauri's own built-ins (``plugins/cauri_builtins``)
use exactly this API, which keeps it sufficient and honest: a plugin imports nothing else of Cauri
(``tests/test_import_rooms.py``).

Only names exported here are stable for plugins.

What a plugin can add, through the ``PluginAPI`` handed to ``register``:

- ``add_display_set_handler(handler, priority=0)``: turns a series (``SeriesInput``) into display sets
  (``ImageStack`` for images, ``DisplaySet`` otherwise); handlers are asked in decreasing priority, the
  first that returns display sets wins, Cauri's findings handler and the "unsupported" fallback come last.
  Stacks are built with ``split_stacks``/``sort_stack`` and enhanced multi-frame objects read per frame
  with ``frame_attributes``, as the built-in handler does.
- ``add_window_presets(modality, [WindowPreset...])``: the number keys' presets for a modality.
- ``add_hanging_protocols(source)``: hanging protocols as JSON files (one file, or a folder; a path or the
  plugin's package data, ``importlib.resources.files(__package__) / "protocols"``). Each holds one protocol
  in the format of docs/hanging_protocols.md, checked when the plugin registers; at equal scores a plugin's
  protocol outranks Cauri's and the reader's own outranks both.
- ``add_report_templates(source)``: report templates, as JSON files given the same way.
- ``add_exporter(exporter)``: an export format: ``name`` (unique), ``label`` (a ``msg``), ``suffix``
  (".png") and ``export(job: ExportJob) -> [paths written]``; the job holds the display set, its frames in
  display order and the folder to write into.
- ``add_key_map(name, label, changes)``: a named key and mouse map (a theatre mode, a touch mode) in the
  form of a reader's ``keymap.json``, only what differs from the default map.
- ``add_viewport(kind, factory)``: the viewport of a display-set kind that is not an image stack (a video, a
  waveform, a slide): a handler returns ``InstanceSet(kind=..., instances=...)`` and ``factory(display_set,
  host)`` builds the PySide6 widget shown inside the reading viewport (plugins may import PySide6 for it).
  ``host`` is a ``ViewportHost``: ``language`` ("fr"/"en"), ``activate()`` (make this viewport the one the
  window's commands act on), ``say(text)`` (a line in the window's status bar), ``export_picture()`` (the
  window's « Exporter l'image… » for this viewport, which saves the widget's ``picture()``), ``related()``
  (the display sets of the same study: a slide finds the annotation objects drawn on it). The viewport keeps its
  frame, its place in the layout, drag-and-drop and the patient strip above the widget (name, ID, series:
  which patient is on screen is never left to the plugin). Optional widget methods: ``release()`` (the
  viewport shows something else or closes: stop players, free files), ``picture()`` -> ``QImage`` (what
  the reader exports or prints; the widget's grab otherwise), ``is_ready()`` (tests and screenshots wait
  for it). ``add_viewport(kind, factory, picture=draw)``: ``draw(display_set, (width, height), language)`` ->
  ``QImage`` is what ``cauri render`` writes for the kind, drawn without a window. An ``InstanceSet``'s
  ``extra`` may hold ``facts`` (plain data ``cauri info`` reports: channels, levels...) and ``caption`` (a
  ``msg`` the study browser writes under its thumbnail).
A contribution that cannot be used raises ``ValueError`` from the call; the plugin is then reported as
failed, with the reason, and the workstation starts without what it had not yet registered.

Videos (the MPEG-2, H.264 and HEVC transfer syntaxes): ``read_video_info(path)`` gives a file's codec, frames,
frame rate and size (None when it is not a video), ``VideoReader(path, info)`` its frames as RGB arrays,
decoded as they are asked for with a bounded memory, ``VideoError`` a damaged stream's reason (a ``msg``).

Texts a plugin shows the reader (a display set's warnings, its reason, an exporter's label) are made with
``msg(template, **params)``: the English text, which the UI says in its own language; a plugin's widget
says them itself with ``in_language(text, host.language)``. French for them comes
from the plugin, at ``register`` time: ``add_translations("fr", {"echo {value}": "écho {value}"})`` (English
template -> French template with the same parameter names); a template without an entry stays English.
"""

from __future__ import annotations

from typing import Protocol

from viewer.core.messages import Message, add_translations, in_language, msg  # noqa: F401
from viewer.dicom.geometry import frame_attributes, sort_stack, split_stacks  # noqa: F401
from viewer.model.contributions import DataFile, Exporter, ExportJob, KeyMapContribution  # noqa: F401
from viewer.model.displaysets import (  # noqa: F401
    DisplaySet,
    DisplaySetHandler,
    FrameRef,
    ImageStack,
    InstanceInput,
    InstanceSet,
    SeriesInput,
    UnsupportedHandler,
)
from viewer.dicom.video import (  # noqa: F401
    VideoError,
    VideoInfo,
    VideoReader,
    read_video_info,
)
from viewer.model.presets import WindowPreset  # noqa: F401
from viewer.model.registry import PluginAPI  # noqa: F401

ENTRY_POINT_GROUP = "cauri.plugins"


class ViewportHost(Protocol):
    """What a viewport of a plugin's kind is given by the reading viewport that holds it (``add_viewport``)."""

    language: str

    def activate(self) -> None: ...

    def say(self, text: str) -> None: ...

    def export_picture(self) -> None: ...

    def related(self) -> list[DisplaySet]: ...

    # The workstation's memory budget for decoded images (``admit(key, nbytes, kind, evict, force)``,
    # ``touch(key)``, ``release(key)``): a viewport that decodes (a slide's tiles) accounts its pixels there,
    # and gives them up when ``evict`` is called. None where there is none (a picture drawn headless).
    memory: object


__all__ = [
    "ENTRY_POINT_GROUP",
    "DataFile",
    "DisplaySet",
    "DisplaySetHandler",
    "ExportJob",
    "Exporter",
    "FrameRef",
    "ImageStack",
    "InstanceInput",
    "InstanceSet",
    "ViewportHost",
    "KeyMapContribution",
    "Message",
    "PluginAPI",
    "SeriesInput",
    "UnsupportedHandler",
    "VideoError",
    "VideoInfo",
    "VideoReader",
    "WindowPreset",
    "add_translations",
    "in_language",
    "frame_attributes",
    "msg",
    "read_video_info",
    "sort_stack",
    "split_stacks",
]
