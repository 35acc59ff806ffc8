"""One benchmark figure, side by side with its peer, and how the suite prints and saves them.

JSON schema (a list of objects): ``case``, ``metric``, ``unit``, ``cauri``, ``peer``, ``peer_value``,
``ratio`` (Cauri's figure / the peer's, in the metric's unit), plus ``note`` (free text: what was
measured, why a figure is missing). A figure that could not be measured is ``null`` and the note says
why; a skipped case is one row with metric ``"skipped"``. Nothing is silently left out.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import asdict, dataclass
from pathlib import Path

SCHEMA_KEYS = ("case", "metric", "unit", "cauri", "peer", "peer_value", "ratio", "note")

# A note says in capitals when a figure cannot be trusted: the pixels or results are wrong, a frame is blank, a
# run did not finish. The words live here, once: ``correctness_flags`` finds them in a note, the plumbing test
# fails on any of them, and it also fails when a bench module writes a capitalised word that is in neither this
# list nor its list of plain words (so a new flag cannot slip past unnoticed).
FLAG_WORDS = ("DIFFER", "BLANK", "SHAPE", "INCOMPLETE", "DISAGREE", "WRONG", "MISSING", "FAILED", "CHOSE")
_FLAG = re.compile(r"\b(" + "|".join(FLAG_WORDS) + r")\b")


@dataclass
class Measurement:
    case: str
    metric: str
    unit: str
    cauri: float | None
    peer: str  # who the peer is, in words ("SimpleITK 2.5.7 ImageSeriesReader (GDCM)", "none: ...")
    peer_value: float | None = None
    ratio: float | None = None
    note: str = ""

    def __post_init__(self) -> None:
        self.cauri = _finite(self.cauri)
        self.peer_value = _finite(self.peer_value)
        if self.ratio is None and self.cauri is not None and self.peer_value:
            self.ratio = self.cauri / self.peer_value
        self.ratio = _finite(self.ratio)

    def to_json(self) -> dict:
        row = asdict(self)
        return {k: row[k] for k in SCHEMA_KEYS}


def correctness_flags(note: str) -> list[str]:
    """The flag words in ``note`` (empty when the row's figures can be trusted)."""
    return _FLAG.findall(note or "")


def skipped(case: str, why: str) -> Measurement:
    return Measurement(case, "skipped", "", None, "none", note=why)


def failed(case: str, exc: BaseException) -> Measurement:
    text = str(exc).strip().splitlines()
    return Measurement(case, "failed", "", None, "none", note=f"{type(exc).__name__}: {text[0] if text else ''}"[:300])


def _finite(x: float | None) -> float | None:
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def write_json(rows: list[Measurement], path: str | Path) -> None:
    Path(path).write_text(json.dumps([r.to_json() for r in rows], indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _num(x: float | None) -> str:
    if x is None:
        return "-"
    if x == 0:
        return "0"
    if abs(x) >= 100:
        return f"{x:.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    if abs(x) >= 0.1:
        return f"{x:.2f}"
    return f"{x:.3g}"


def format_table(rows: list[Measurement]) -> str:
    """A plain-text table; notes follow it, numbered, so the columns stay narrow."""
    header = ("case", "metric", "unit", "cauri", "peer", "peer value", "ratio", "note")
    body, notes = [], []
    for r in rows:
        mark = ""
        if r.note:
            notes.append(r.note)
            mark = f"[{len(notes)}]"
        body.append((r.case, r.metric, r.unit, _num(r.cauri), r.peer, _num(r.peer_value), _num(r.ratio), mark))
    limits = (9, 50, 9, 9, 50, 10, 7, 5)
    widths = [min(lim, max(len(h), *(len(b[i]) for b in body))) if body else len(h) for i, (h, lim) in enumerate(zip(header, limits))]

    def line(cells) -> str:
        out = []
        for i, (c, w) in enumerate(zip(cells, widths)):
            c = c if len(c) <= w else c[: w - 1] + "…"
            out.append(c.rjust(w) if i in (3, 5, 6) else c.ljust(w))
        return "  ".join(out).rstrip()

    lines = [line(header), line(["-" * w for w in widths])]
    lines += [line(b) for b in body]
    if notes:
        lines.append("")
        lines += [f"[{i}] {n}" for i, n in enumerate(notes, 1)]
    return "\n".join(lines)
