"""Window/level presets: data, contributed by plugins per modality."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class WindowPreset:
    key: str  # stable identifier, e.g. "ct.brain"
    width: float
    center: float
    labels: dict = field(default_factory=dict, compare=False, hash=False)  # {"fr": "Cérébral", "en": "Brain"}

    def label(self, language: str) -> str:
        return self.labels.get(language) or self.labels.get("en") or self.key


# PET opens in inverted grey, uptake black on white, as OHIF's PT viewports (voiInverted) and most PET
# reading stations do; the reader's invert key turns it back.
INVERTED_BY_DEFAULT = frozenset({"PT"})


def default_invert(modality: str) -> bool:
    return (modality or "").upper() in INVERTED_BY_DEFAULT
