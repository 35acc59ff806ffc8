"""User settings: a small JSON document written atomically, over the machine's defaults (``core.machine``)."""

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
    # Chosen in the first-run wizard (or deployed by IT): where the study cache lives ("" = the user's data
    # folder; read by core.paths) and how large it may grow in GB (0 = no limit; past it, store.eviction).
    cache_dir: str = ""
    cache_limit_gb: float = 0.0
    # Memory for decoded images (frames, MPR/3-D volumes, thumbnails of every open study and prior together),
    # in MB; 0 = automatic, a quarter of the machine's RAM (core.memory). What does not fit is read again from
    # the cache when shown; a volume that does not fit is refused with its reason.
    memory_budget_mb: int = 0
    setup_done: bool = False  # the first-run wizard was finished or skipped (or IT configured the machine)

    @classmethod
    def load(cls, path: Path) -> "Settings":
        from viewer.core.machine import section, typed_values

        machine = typed_values(cls, section("settings"), "machine settings")
        try:
            raw = json.loads(Path(path).read_text(encoding="utf-8"))
            if not isinstance(raw, dict):
                raise ValueError("not an object")
        except FileNotFoundError:
            raw = None
        except (OSError, ValueError) as exc:
            # A damaged settings file must never keep the workstation from starting.
            log.warning("settings file unreadable (%s); using defaults", type(exc).__name__)
            raw = {}
        known = {f.name for f in fields(cls)}
        user = {k: v for k, v in (raw or {}).items() if k in known}
        if raw is not None:
            user.setdefault("setup_done", True)  # a reader who used Cauri before the first-run wizard existed
        settings = cls(**{**machine, **user})
        settings._machine = machine
        return settings

    def save(self, path: Path) -> None:
        # What equals the machine's value is left to the machine: a value IT changes later reaches this user.
        machine = getattr(self, "_machine", {})
        doc = {k: v for k, v in asdict(self).items() if k not in machine or machine[k] != v}
        atomic_write_bytes(Path(path), json.dumps(doc, indent=2).encode("utf-8"))
