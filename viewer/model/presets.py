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

