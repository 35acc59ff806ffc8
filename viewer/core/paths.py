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

    @property
    def store(self) -> Path:
        """The study cache: the SQLite index and the instance files."""
        return self.data / "store"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    def ensure(self) -> "AppPaths":
        owner_only()
        for p in (self.data, self.config, self.cache, self.logs, self.store):
            private_dir(p)  # owner-only, an older home's 0755 folders included
        return self


def resolve_paths(home: str | os.PathLike | None = None) -> AppPaths:
    home = home or os.environ.get(HOME_ENV) or None
    if home:
        root = Path(home).expanduser().resolve()
        return AppPaths(root / "data", root / "config", root / "cache", root / "logs")
    return AppPaths(
        Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
    )
