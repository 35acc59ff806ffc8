"""Cauri's licence and those of the libraries it ships with, read from the installed distributions' own
metadata (what pip installed is what the About box says), never from a list kept by hand."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import metadata

DISTRIBUTION = "cauri"
# What the wheels are called when the requirement names a meta-package (PySide6-Essentials has the Qt libs).
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass(frozen=True)
class Licence:
    name: str
    version: str
    licence: str  # an SPDX expression, the License field, or the classifiers' words; "" when none says


def licence_of(dist_name: str) -> Licence | None:
    try:
        meta = metadata.metadata(dist_name)
    except metadata.PackageNotFoundError:
        return None
    text = (meta.get("License-Expression") or "").strip()
    if not text:
        field = (meta.get("License") or "").strip()
        text = field if field and "\n" not in field and len(field) <= 60 else ""  # not a whole licence's text
    if not text:
        words = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
        text = ", ".join(w for w in words if w != "OSI Approved")
    return Licence(meta.get("Name") or dist_name, meta.get("Version") or "", text)


def requirement_names(dist_name: str = DISTRIBUTION) -> list[str]:
    """The distributions Cauri requires to run (not its test or fuzzing extras)."""
    try:
        required = metadata.requires(dist_name) or []
    except metadata.PackageNotFoundError:
        return []
    names = []
    for req in required:
        if "extra ==" in req:
            continue
        m = _NAME.match(req.strip())
        if m and m.group(0) not in names:
            names.append(m.group(0))
    return names


def bundled_licences() -> list[Licence]:
    """Cauri first, then each library it requires, as installed."""
    found = [licence_of(DISTRIBUTION)] + [licence_of(n) for n in requirement_names()]
    return [x for x in found if x is not None]
