"""User settings: a small JSON document written atomically."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from viewer.core.atomic import atomic_write_bytes

log = logging.getLogger(__name__)


@dataclass
class Settings:
    language: str = "auto"  # "auto" follows the system locale; "fr" or "en" forces one
    grid_rows: int = 1
    grid_cols: int = 1
    overlays_visible: bool = True
    cine_fps: int = 15
    idle_lock_minutes: float = 10  # patient data hidden after this long without input (0: never)
    screen_layouts: list = field(default_factory=list)  # [rows, cols] of the 2nd, 3rd... monitor's grid
    screen_mode: str = "windows"  # several monitors: "windows" (one window each) or "span" (one window over all)
    browser_screen: int = 0  # the monitor (0: the first) that holds the study list
    overlay_font_pt: float = 0  # corner text size in points (0: follows the screen's DPI)
    # The reader's profile: who signs a report, as printed and sent (Preferences, "Profil")
    reader_name: str = ""  # "KOUASSI^Awa" (DICOM person name: family^given) or plain text
    reader_credentials: str = ""  # "Dr, radiologue"
    reader_id: str = ""  # the reader's code at the RIS (HL7 OBR-32), optional
    institution_name: str = ""  # the header of the printed report
    extra: dict = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> "Settings":
        try:
            raw = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            # A damaged settings file must never keep the workstation from starting.
            log.warning("settings file unreadable (%s); using defaults", type(exc).__name__)
            return cls()
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in raw.items() if k in known})

    def save(self, path: Path) -> None:
        atomic_write_bytes(Path(path), json.dumps(asdict(self), indent=2).encode("utf-8"))
