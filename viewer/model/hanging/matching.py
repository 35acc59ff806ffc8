"""Which protocol fits a study, and what each viewport of one of its stages shows.

The facts come from the cache's index (study and series records) and the display sets: no file is read.
Matching, highest score wins (ties: the reader's protocols, then plugins', then Cauri's, then by id):
- modality, frames and priors are requirements (a protocol for CT never hangs an MR);
- body part, study description and series descriptions add to the score; a protocol that names any of
  them needs at least one to match, and a study description equal to a pattern counts more (a reader's
  layout saved for this kind of study). Patterns match the start of a word, case and accents ignored, so
  "thorac" finds "TDM THORACIQUE" and "Thorax", "crane" finds "CRÂNE".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from viewer.model.hanging.protocol import MAX_GRID, MonitorLayout, Protocol, SeriesRule, ViewportSpec

SCORE = {"modality": 10, "body_part": 6, "study_description": 5, "series_description": 3, "priors": 2,
         "exact_description": 4}
SOURCE_RANK = {"user": 0, "plugin": 1, "builtin": 2}


def fold(text: str) -> str:
    """Accents, case and punctuation ignored: "CRÂNE / Encéphale" -> "crane encephale"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain).split())


def matches(patterns, text: str) -> bool:
    """Whether any pattern starts a word of ``text`` (a pattern of several words: at a word start)."""
    folded = " " + fold(text)
    return any(fold(p) and (" " + fold(p)) in folded for p in patterns)


@dataclass(frozen=True)
class StudyFacts:
    """What matching needs of one study: its record's fields, its series' body parts and its image stacks
    (display sets of kind "stack")."""

    study_uid: str
    study_date: str = ""
    modalities: tuple[str, ...] = ()
    description: str = ""
    body_parts: tuple[str, ...] = ()
    stacks: tuple = ()

    @classmethod
    def of(cls, study, series_records, display_sets) -> "StudyFacts":
        stacks = tuple(ds for ds in display_sets if ds.kind == "stack" and ds.frame_count > 0)
        mods = tuple(m.upper() for m in (study.modalities or ())) or tuple(dict.fromkeys(d.modality.upper() for d in stacks))
        parts = tuple(dict.fromkeys(s.body_part for s in series_records if getattr(s, "body_part", "")))
        return cls(study.study_uid, study.study_date or "", mods, study.description or "", parts, stacks)


@dataclass(frozen=True)
class Scored:
    protocol: Protocol
    score: int
    reasons: tuple[str, ...]


def score(protocol: Protocol, study: StudyFacts, prior_count: int) -> Scored | None:
    """The protocol's score for the study, or None when a requirement fails."""
    rules, reasons, total = protocol.match, [], 0
    if rules.modality:
        if not set(rules.modality) & set(study.modalities):
            return None
        total += SCORE["modality"]
        reasons.append("modality")
    frames = max((d.frame_count for d in study.stacks), default=0)
    if (rules.min_frames is not None and frames < rules.min_frames) or \
            (rules.max_frames is not None and frames > rules.max_frames):
        return None
    if (rules.priors == "required" and prior_count == 0) or (rules.priors == "none" and prior_count > 0):
        return None
    anatomy = [(name, pats, texts) for name, pats, texts in (
        ("body_part", rules.body_part, study.body_parts),
        ("study_description", rules.study_description, (study.description,)),
        ("series_description", rules.series_description, tuple(d.description for d in study.stacks)),
    ) if pats]
    hits = [name for name, pats, texts in anatomy if any(matches(pats, t) for t in texts)]
    if anatomy and not hits:
        return None
    total += sum(SCORE[h] for h in hits)
    reasons.extend(hits)
    if study.description and any(fold(p) == fold(study.description) for p in rules.study_description):
        total += SCORE["exact_description"]  # a protocol written for exactly this study (the reader's saved layout)
        reasons.append("exact_description")
    if prior_count and protocol.wants_priors():
        total += SCORE["priors"]
        reasons.append("priors")
    return Scored(protocol, total, tuple(reasons))


def best_protocol(protocols, study: StudyFacts, prior_count: int) -> Scored | None:
    scored = [s for s in (score(p, study, prior_count) for p in protocols) if s is not None]
    if not scored:
        return None
    return min(scored, key=lambda s: (-s.score, SOURCE_RANK.get(s.protocol.source.split(":")[0], 3), s.protocol.id))


def pick_series(rule: SeriesRule, stacks, used: set[str], reuse: bool = True, modality: tuple = ()):
    """The stack a viewport shows under ``rule`` (None: none fits). A stack already shown in the stage is
    taken again only when nothing else fits and ``reuse`` (the viewport shows it in another window: the
    lung beside the mediastinum of one CT); four copies of one MR series would only crowd the screen.
    A rule naming no modality takes the protocol's (``modality``): a CT chest's lung window never shows the
    study's MR."""
    allowed = tuple(m.upper() for m in (rule.modality or modality))
    fit = [d for d in stacks
           if (not allowed or d.modality.upper() in allowed)
           and (rule.min_frames is None or d.frame_count >= rule.min_frames)
           and (rule.max_frames is None or d.frame_count <= rule.max_frames)
           and not (rule.exclude and matches(rule.exclude, d.description))]
    viewed = [d for d in fit if rule.view and (getattr(d, "extra", None) or {}).get("view") in rule.view]
    if viewed:  # the images' own headers say the view: no need to guess it from a description
        fit = viewed
    elif rule.description:
        named = [d for d in fit if matches(rule.description, d.description)]
        if named or rule.required:
            fit = named
    if not reuse:
        fit = [d for d in fit if d.uid not in used]
    if not fit:
        return None
    return min(fit, key=lambda d: (d.uid in used, -d.frame_count, d.number if d.number is not None else 1 << 30, d.uid))


@dataclass(frozen=True)
class AppliedViewport:
    """What one viewport of a stage shows. ``role``: "current" or "prior"; ``display_set`` None with a
    ``missing`` reason ("no prior", "no series") when the protocol asked for what the study lacks."""

    monitor: int
    row: int
    col: int
    spec: ViewportSpec
    role: str = "current"
    prior: int = 0
    study_uid: str = ""
    study_date: str = ""
    display_set: object = None
    missing: str = ""

    def to_json(self) -> dict:
        ds = self.display_set
        return {
            "monitor": self.monitor, "row": self.row, "col": self.col, "role": self.role, "prior": self.prior,
            "study_uid": self.study_uid, "study_date": self.study_date,
            "series_uid": ds.series_uid if ds is not None else None,
            "display_set": ds.uid if ds is not None else None,
            "series_number": ds.number if ds is not None else None,
            "series_description": ds.description if ds is not None else None,
            "frames": ds.frame_count if ds is not None else 0,
            "preset": self.spec.preset, "view": self.spec.view, "plane": self.spec.plane,
            "flip_h": self.spec.flip_h, "cine": self.spec.cine, "link": self.spec.link.to_json(),
            "fuse": self.spec.fuse.to_json() if self.spec.fuse is not None else None,
            "slab": {"mm": self.spec.slab_mm, "mode": self.spec.slab_mode} if self.spec.slab_mm > 0 else None,
            "missing": self.missing or None,
        }


@dataclass(frozen=True)
class AppliedStage:
    """A stage resolved for a study: per monitor its grid and viewports (``monitors``), and the one grid
    a workstation with fewer screens shows (``rows``, ``cols``, ``viewports`` in row order; see ``fold_monitors``).
    ``rows`` 0: the reader's own layout, filled as without a protocol (``Stage.reader_layout``)."""

    protocol: Protocol
    index: int
    monitors: tuple[tuple[MonitorLayout, tuple[AppliedViewport, ...]], ...]
    rows: int = 1
    cols: int = 1
    viewports: tuple[AppliedViewport | None, ...] = ()
    dropped: int = 0  # viewports that no grid of at most 3 x 3 could hold once folded
    notes: tuple[str, ...] = field(default=())

    @property
    def stage_count(self) -> int:
        return len(self.protocol.stages)

    def stage_name(self, language: str) -> str:
        name = self.protocol.stages[self.index].name
        return name.get(language) or name.get("en") or f"{self.index + 1}"

    def to_json(self, language: str = "en") -> dict:
        return {
            "protocol": self.protocol.id, "protocol_name": self.protocol.label(language),
            "source": self.protocol.source, "stage": self.index + 1, "stages": self.stage_count,
            "stage_name": self.stage_name(language), "rows": self.rows, "cols": self.cols,
            "monitors": [{"monitor": m.monitor, "rows": m.rows, "cols": m.cols} for m, _ in self.monitors],
            "viewports": [v.to_json() if v is not None else None for v in self.viewports],
            "dropped": self.dropped,
        }


def resolve_stage(protocol: Protocol, index: int, study: StudyFacts, priors: list[StudyFacts],
                  screens: int = 1) -> AppliedStage:
    """Stage ``index`` (wrapped around) of ``protocol`` for ``study`` and its ``priors`` (newest first)."""
    index %= len(protocol.stages)
    stage = protocol.stages[index]
    used: dict[str, set[str]] = {}
    monitors = []
    for layout in stage.monitors:
        applied = []
        for i, spec in enumerate(layout.viewports):
            row, col = divmod(i, layout.cols)
            if spec.study == 0:
                facts, role = study, "current"
            elif spec.study <= len(priors):
                facts, role = priors[spec.study - 1], "prior"
            else:
                applied.append(AppliedViewport(layout.monitor, row, col, spec, "prior", spec.study, missing="no prior"))
                continue
            taken = used.setdefault(facts.study_uid, set())
            # A series shown again with another window, or with a layer fused over it, is a view of its own.
            ds = pick_series(spec.series, facts.stacks, taken, reuse=spec.preset is not None or spec.fuse is not None,
                             modality=tuple(protocol.match.modality))
            if ds is not None:
                taken.add(ds.uid)
            applied.append(AppliedViewport(layout.monitor, row, col, spec, role, spec.study, facts.study_uid,
                                           facts.study_date, ds, "" if ds is not None else "no series"))
        # A monitor given only to priors the patient does not have stays dark rather than empty cells.
        if not all(v.missing == "no prior" for v in applied) or not applied:
            monitors.append((layout, tuple(applied)))
    if stage.reader_layout or not monitors:
        return AppliedStage(protocol, index, tuple(monitors), 0, 0, (), 0)
    rows, cols, cells, dropped = fold_monitors(monitors, screens)
    return AppliedStage(protocol, index, tuple(monitors), rows, cols, tuple(cells), dropped)


def fold_monitors(monitors, screens: int = 1):
    """One grid for the monitors this workstation has (``screens``), the rule docs/hanging_protocols.md
    states: monitor indices at or past ``screens`` join the first monitor; joined grids sit side by side
    (columns add) when that stays within 3 columns, else one under the other (rows add) within 3 rows, else
    the smallest grid of at most 3 x 3 takes their viewports in order; what still does not fit is dropped.
    Returns (rows, cols, viewports in row order (None: an empty cell), dropped)."""
    first = [(m, vps) for m, vps in monitors if m.monitor == 0 or m.monitor >= max(1, screens)]
    if not first:
        first = [monitors[0]]
    if len(first) == 1:
        m, vps = first[0]
        cells: list = [None] * (m.rows * m.cols)
        for v in vps:
            cells[v.row * m.cols + v.col] = v
        return m.rows, m.cols, cells, 0
    total_cols = sum(m.cols for m, _ in first)
    total_rows = sum(m.rows for m, _ in first)
    if total_cols <= MAX_GRID:
        rows = max(m.rows for m, _ in first)
        cells = [None] * (rows * total_cols)
        offset = 0
        for m, vps in first:
            for v in vps:
                cells[v.row * total_cols + offset + v.col] = v
            offset += m.cols
        return rows, total_cols, cells, 0
    if total_rows <= MAX_GRID:
        cols = max(m.cols for m, _ in first)
        cells = [None] * (total_rows * cols)
        offset = 0
        for m, vps in first:
            for v in vps:
                cells[(offset + v.row) * cols + v.col] = v
            offset += m.rows
        return total_rows, cols, cells, 0
    flat = [v for _, vps in first for v in vps]
    n = min(len(flat), MAX_GRID * MAX_GRID)
    rows, cols = next((r, c) for r, c in ((1, 1), (1, 2), (2, 2), (2, 3), (3, 3)) if r * c >= n)
    return rows, cols, flat[:n] + [None] * (rows * cols - n), len(flat) - n
