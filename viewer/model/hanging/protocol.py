"""A hanging protocol as data: match rules, then stages; per stage the monitors' grids and per viewport the
series rule, the study (current or prior N), the window preset, the view kind, flips, cine and the
synchronisation groups it joins (``link``).

Read from JSON objects (``Protocol.from_json``) and written back (``to_json``) so that a protocol saved by
the reader reads again as it was. A file that does not fit raises ``ProtocolError`` naming what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field

VIEWS = ("2d", "mpr", "3d")
PRIORS = ("any", "required", "none")
LINKS = ("scroll", "zoom", "window")
MAX_GRID = 3  # the workstation's grid: 1x1 up to 3x3 per monitor


class ProtocolError(ValueError):
    """A protocol file that does not fit the format (the text names the field)."""


def _texts(raw, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if isinstance(raw, str):
        return (raw,)
    if isinstance(raw, list) and all(isinstance(t, str) for t in raw):
        return tuple(raw)
    raise ProtocolError(f"{where}: a text or a list of texts")


def _int(raw, where: str, low: int = 0, default=None):
    if raw is None:
        return default
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < low:
        raise ProtocolError(f"{where}: a whole number >= {low}")
    return raw


def _label(raw, where: str) -> dict:
    if isinstance(raw, str):
        return {"en": raw}
    if isinstance(raw, dict) and raw and all(isinstance(v, str) for v in raw.values()):
        return dict(raw)
    raise ProtocolError(f"{where}: a text or {{\"fr\": ..., \"en\": ...}}")


@dataclass(frozen=True)
class MatchRules:
    """What a study must have (modality, frames, priors) and what makes it a better fit (body part,
    descriptions: patterns, any of which may appear in the text, case and accents ignored)."""

    modality: tuple[str, ...] = ()
    body_part: tuple[str, ...] = ()
    study_description: tuple[str, ...] = ()
    series_description: tuple[str, ...] = ()
    min_frames: int | None = None  # of the study's largest image stack
    max_frames: int | None = None
    priors: str = "any"

    @classmethod
    def from_json(cls, raw, where: str) -> "MatchRules":
        raw = raw or {}
        if not isinstance(raw, dict):
            raise ProtocolError(f"{where}: an object")
        unknown = set(raw) - {"modality", "body_part", "study_description", "series_description", "min_frames",
                              "max_frames", "priors"}
        if unknown:
            raise ProtocolError(f"{where}: unknown field {sorted(unknown)[0]}")
        priors = raw.get("priors", "any")
        if priors not in PRIORS:
            raise ProtocolError(f"{where}.priors: one of {', '.join(PRIORS)}")
        return cls(tuple(m.upper() for m in _texts(raw.get("modality"), f"{where}.modality")),
                   _texts(raw.get("body_part"), f"{where}.body_part"),
                   _texts(raw.get("study_description"), f"{where}.study_description"),
                   _texts(raw.get("series_description"), f"{where}.series_description"),
                   _int(raw.get("min_frames"), f"{where}.min_frames"), _int(raw.get("max_frames"), f"{where}.max_frames"),
                   priors)

    def to_json(self) -> dict:
        out = {k: list(v) for k, v in (("modality", self.modality), ("body_part", self.body_part),
                                        ("study_description", self.study_description),
                                        ("series_description", self.series_description)) if v}
        if self.min_frames is not None:
            out["min_frames"] = self.min_frames
        if self.max_frames is not None:
            out["max_frames"] = self.max_frames
        if self.priors != "any":
            out["priors"] = self.priors
        return out


@dataclass(frozen=True)
class SeriesRule:
    """Which series of the chosen study a viewport shows: the image stacks that pass the filters; among them
    one not yet shown in the stage first, then the one with most images. ``description`` falls back to any
    stack of the study unless ``required``."""

    modality: tuple[str, ...] = ()
    description: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    min_frames: int | None = None
    max_frames: int | None = None
    required: bool = False
    view: tuple[str, ...] = ()  # mammography: "R CC", "L MLO"... as the images' headers say (before descriptions)

    @classmethod
    def from_json(cls, raw, where: str) -> "SeriesRule":
        raw = raw or {}
        if not isinstance(raw, dict):
            raise ProtocolError(f"{where}: an object")
        unknown = set(raw) - {"modality", "description", "exclude", "min_frames", "max_frames", "required", "view"}
        if unknown:
            raise ProtocolError(f"{where}: unknown field {sorted(unknown)[0]}")
        return cls(tuple(m.upper() for m in _texts(raw.get("modality"), f"{where}.modality")),
                   _texts(raw.get("description"), f"{where}.description"), _texts(raw.get("exclude"), f"{where}.exclude"),
                   _int(raw.get("min_frames"), f"{where}.min_frames"), _int(raw.get("max_frames"), f"{where}.max_frames"),
                   bool(raw.get("required", False)), tuple(v.upper() for v in _texts(raw.get("view"), f"{where}.view")))

    def to_json(self) -> dict:
        out = {k: list(v) for k, v in (("modality", self.modality), ("description", self.description),
                                        ("exclude", self.exclude), ("view", self.view)) if v}
        for name in ("min_frames", "max_frames"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        if self.required:
            out["required"] = True
        return out


@dataclass(frozen=True)
class LinkSpec:
    """The synchronisation groups a viewport joins: ``{"scroll": "g", "zoom": "g", "window": "g"}``; views
    with the same group name for one of them move together. Stored here, applied by the synchronisation."""

    scroll: str | None = None
    zoom: str | None = None
    window: str | None = None

    @classmethod
    def from_json(cls, raw, where: str) -> "LinkSpec":
        raw = raw or {}
        if not isinstance(raw, dict) or set(raw) - set(LINKS) or \
                not all(v is None or isinstance(v, str) for v in raw.values()):
            raise ProtocolError(f"{where}: an object of scroll, zoom, window -> group name")
        return cls(**raw)

    def to_json(self) -> dict:
        return {k: getattr(self, k) for k in LINKS if getattr(self, k)}


SLAB_MODES = ("mip", "minip", "avg")  # as model.mpr names them


def _slab(raw, where: str) -> tuple[float, str]:
    """``{"mm": 400, "mode": "mip"}`` -> (400.0, "mip"); none -> a thin plane."""
    if raw is None:
        return 0.0, "mip"
    mm, mode = raw.get("mm") if isinstance(raw, dict) else None, raw.get("mode", "mip") if isinstance(raw, dict) else None
    if not isinstance(mm, (int, float)) or mm < 0 or mode not in SLAB_MODES:
        raise ProtocolError(f"{where}: {{\"mm\": a thickness, \"mode\": one of {', '.join(SLAB_MODES)}}}")
    return float(mm), mode


@dataclass(frozen=True)
class ViewportSpec:
    series: SeriesRule = SeriesRule()
    study: int = 0  # 0: the current study; N: the N-th prior (1: the latest before it)
    preset: str | None = None  # a window preset key ("ct.lung"), as the model's presets name them
    view: str = "2d"
    plane: str | None = None  # for view "mpr": axial, coronal, sagittal (the plane to activate)
    flip_h: bool = False
    cine: bool = False
    link: LinkSpec = LinkSpec()
    fuse: SeriesRule | None = None  # a series laid over this one (PET over CT: workstation.fusion)
    slab_mm: float = 0.0  # for view "mpr": a thick slab (a PET MIP), with ``slab_mode``
    slab_mode: str = "mip"

    @classmethod
    def from_json(cls, raw, where: str) -> "ViewportSpec":
        if not isinstance(raw, dict):
            raise ProtocolError(f"{where}: an object")
        unknown = set(raw) - {"series", "study", "preset", "view", "plane", "flip_h", "cine", "link", "fuse", "slab"}
        if unknown:
            raise ProtocolError(f"{where}: unknown field {sorted(unknown)[0]}")
        study = raw.get("study", "current")
        if study == "current":
            n = 0
        elif isinstance(study, str) and study.startswith("prior"):
            tail = study[5:].lstrip(":") or "1"
            if not tail.isdigit() or int(tail) < 1:
                raise ProtocolError(f"{where}.study: current, prior, or prior:N")
            n = int(tail)
        else:
            raise ProtocolError(f"{where}.study: current, prior, or prior:N")
        view = raw.get("view", "2d")
        if view not in VIEWS:
            raise ProtocolError(f"{where}.view: one of {', '.join(VIEWS)}")
        preset = raw.get("preset")
        if preset is not None and not isinstance(preset, str):
            raise ProtocolError(f"{where}.preset: a preset key")
        plane = raw.get("plane")
        if plane not in (None, "axial", "coronal", "sagittal"):
            raise ProtocolError(f"{where}.plane: axial, coronal or sagittal")
        return cls(SeriesRule.from_json(raw.get("series"), f"{where}.series"), n, preset, view, plane,
                   bool(raw.get("flip_h", False)), bool(raw.get("cine", False)),
                   LinkSpec.from_json(raw.get("link"), f"{where}.link"),
                   SeriesRule.from_json(raw["fuse"], f"{where}.fuse") if raw.get("fuse") is not None else None,
                   *_slab(raw.get("slab"), f"{where}.slab"))

    def to_json(self) -> dict:
        out: dict = {"series": self.series.to_json(), "study": "current" if self.study == 0 else f"prior:{self.study}"}
        if self.preset:
            out["preset"] = self.preset
        if self.view != "2d":
            out["view"] = self.view
        if self.plane:
            out["plane"] = self.plane
        if self.flip_h:
            out["flip_h"] = True
        if self.cine:
            out["cine"] = True
        if self.fuse is not None:
            out["fuse"] = self.fuse.to_json()
        if self.slab_mm > 0:
            out["slab"] = {"mm": self.slab_mm, "mode": self.slab_mode}
        link = self.link.to_json()
        if link:
            out["link"] = link
        return out


@dataclass(frozen=True)
class MonitorLayout:
    monitor: int
    rows: int
    cols: int
    viewports: tuple[ViewportSpec, ...]

    @classmethod
    def from_json(cls, raw, where: str) -> "MonitorLayout":
        if not isinstance(raw, dict):
            raise ProtocolError(f"{where}: an object")
        rows = _int(raw.get("rows", 1), f"{where}.rows", 1)
        cols = _int(raw.get("cols", 1), f"{where}.cols", 1)
        if rows > MAX_GRID or cols > MAX_GRID:
            raise ProtocolError(f"{where}: at most {MAX_GRID} x {MAX_GRID}")
        vps = raw.get("viewports") or []
        if not isinstance(vps, list) or len(vps) > rows * cols:
            raise ProtocolError(f"{where}.viewports: a list of at most rows x cols viewports")
        return cls(_int(raw.get("monitor", 0), f"{where}.monitor"), rows, cols,
                   tuple(ViewportSpec.from_json(v, f"{where}.viewports[{i}]") for i, v in enumerate(vps)))

    def to_json(self) -> dict:
        return {"monitor": self.monitor, "rows": self.rows, "cols": self.cols,
                "viewports": [v.to_json() for v in self.viewports]}


@dataclass(frozen=True)
class Stage:
    """``reader_layout``: the reader's own grid, each viewport the study's next series (what Cauri did before
    protocols; the fallback's stage)."""

    name: dict
    monitors: tuple[MonitorLayout, ...]
    reader_layout: bool = False

    @classmethod
    def from_json(cls, raw, where: str) -> "Stage":
        if not isinstance(raw, dict):
            raise ProtocolError(f"{where}: an object")
        reader = bool(raw.get("reader_layout", False))
        monitors = raw.get("monitors", [] if reader else None)
        if not isinstance(monitors, list) or not (monitors or reader):
            raise ProtocolError(f"{where}.monitors: a list of at least one monitor")
        return cls(_label(raw.get("name", where), f"{where}.name"),
                   tuple(MonitorLayout.from_json(m, f"{where}.monitors[{i}]") for i, m in enumerate(monitors)), reader)

    def to_json(self) -> dict:
        out = {"name": dict(self.name), "monitors": [m.to_json() for m in self.monitors]}
        if self.reader_layout:
            out["reader_layout"] = True
        return out


@dataclass(frozen=True)
class Protocol:
    id: str
    name: dict
    match: MatchRules
    stages: tuple[Stage, ...]
    source: str = field(default="builtin", compare=False)  # builtin, user, or plugin:NAME
    path: str = field(default="", compare=False)
    # Theatre options (docs/theatre.md): {"theatre": true, "theatre_drag": "scroll"|"window"}; empty: none.
    theatre: dict = field(default_factory=dict, compare=False)

    @classmethod
    def from_json(cls, raw, source: str = "builtin", path: str = "") -> "Protocol":
        where = path or "protocol"
        if not isinstance(raw, dict):
            raise ProtocolError(f"{where}: a JSON object")
        pid = raw.get("id")
        if not isinstance(pid, str) or not pid.strip():
            raise ProtocolError(f"{where}.id: a non-empty text")
        stages = raw.get("stages")
        if not isinstance(stages, list) or not stages:
            raise ProtocolError(f"{where}.stages: a list of at least one stage")
        theatre = {k: raw[k] for k in ("theatre", "theatre_drag") if k in raw}
        if not isinstance(theatre.get("theatre", False), bool) or \
                theatre.get("theatre_drag", "scroll") not in ("scroll", "window"):
            raise ProtocolError(f"{where}.theatre: true or false; theatre_drag: \"scroll\" or \"window\"")
        return cls(pid, _label(raw.get("name", pid), f"{where}.name"), MatchRules.from_json(raw.get("match"), f"{where}.match"),
                   tuple(Stage.from_json(s, f"{where}.stages[{i}]") for i, s in enumerate(stages)), source, path,
                   theatre if theatre.get("theatre") else {})

    def to_json(self) -> dict:
        return {"id": self.id, "name": dict(self.name), "match": self.match.to_json(),
                "stages": [s.to_json() for s in self.stages]}

    def label(self, language: str) -> str:
        return self.name.get(language) or self.name.get("en") or self.id

    def wants_priors(self) -> int:
        """The highest prior any viewport asks for (0: none)."""
        return max((v.study for s in self.stages for m in s.monitors for v in m.viewports), default=0)
