"""PS3.15 Table E.1-1 as data (``table_e11.tsv``, its source said in its first line and in
``tools/gen_deid_table.py``): for an attribute, the Basic Profile action and what each option changes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TABLE_FILE = Path(__file__).with_name("table_e11.tsv")


@dataclass(frozen=True)
class Rule:
    tag: str  # GGGGEEEE, "x" for a repeating nibble
    action: str  # D, Z, X, U, K, C or a choice such as X/Z/D
    vr: str
    keyword: str
    options: dict  # option column -> action (K or C)
    name: str


@dataclass(frozen=True)
class Table:
    exact: dict  # int tag -> Rule
    masked: tuple  # (mask, value, Rule) for the repeating groups (overlays, curves)

    def rule(self, tag: int) -> Rule | None:
        found = self.exact.get(tag)
        if found is not None:
            return found
        for mask, value, rule in self.masked:
            if tag & mask == value:
                return rule
        return None

    def __len__(self) -> int:
        return len(self.exact) + len(self.masked)

    def rules(self) -> list[Rule]:
        return list(self.exact.values()) + [r for _, _, r in self.masked]


@lru_cache(maxsize=1)
def load_table() -> Table:
    exact, masked = {}, []
    for line in TABLE_FILE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("tag\t"):
            continue
        tag, action, vr, keyword, options, name = line.split("\t")
        opts = dict(o.split("=") for o in options.split(",") if o)
        rule = Rule(tag, action, vr, keyword, opts, name)
        if "x" in tag:
            mask = int("".join("0" if c == "x" else "F" for c in tag), 16)
            masked.append((mask, int(tag.replace("x", "0"), 16), rule))
        else:
            exact[int(tag, 16)] = rule
    return Table(exact, tuple(masked))
