"""Where Cauri keeps its files.

Everything lives under the platform's user directories, or under one folder given by ``--home`` /
``CAURI_HOME`` so that tests, scripts and portable media runs never touch the user's real profile.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from viewer import APP_NAME
from viewer.core.private import owner_only, private_dir

HOME_ENV = "CAURI_HOME"


@dataclass(frozen=True)
class AppPaths:
    data: Path
    config: Path
    cache: Path
    logs: Path
    store_dir: Path | None = None  # the cache location chosen in the settings (``cache_dir``), if any

    @property
    def store(self) -> Path:
        """The study cache: the SQLite index and the instance files."""
        return self.store_dir or self.data / "store"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    def ensure(self) -> "AppPaths":
        owner_only()
        for p in (self.data, self.config, self.cache, self.logs, self.store):
            private_dir(p)  # owner-only, an older home's 0755 folders included
        return self


def resolve_paths(home: str | os.PathLike | None = None) -> AppPaths:
    """Every command and the window agree on where things are, the study cache included: the settings'
    ``cache_dir`` (the reader's, else the machine's; under a home only the home's own) moves it."""
    home = home or os.environ.get(HOME_ENV) or None
    if home:
        root = Path(home).expanduser().resolve()
        config = root / "config"
        return AppPaths(root / "data", config, root / "cache", root / "logs", _chosen_store(config, machine=False))
    config = Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    return AppPaths(
        Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        config,
        Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        _chosen_store(config, machine=True),
    )


def _chosen_store(config: Path, machine: bool) -> Path | None:
    """``cache_dir`` from the user's settings file, else (``machine``) from the machine's file."""
    import json

    from viewer.core.machine import section

    try:
        chosen = json.loads((config / "settings.json").read_text(encoding="utf-8")).get("cache_dir")
    except (OSError, ValueError, AttributeError):
        chosen = None
    if chosen is None and machine:
        chosen = section("settings").get("cache_dir")
    return Path(chosen).expanduser().resolve() if isinstance(chosen, str) and chosen.strip() else None
