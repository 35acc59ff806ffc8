"""A folder made by ``media.write_media`` as an ISO 9660 image to burn (pycdlib: pure Python, no mkisofs).

The primary tree is ISO 9660 level 1, as DICOM PS3.12 (Annex F, CD-R) asks, with the File-set ID as the
volume identifier: the DICOM part's names are 8.3 upper case already. Rock Ridge is always added: it costs
nothing to readers that ignore it (Windows), and on Linux and macOS it keeps the names exactly as written
(without it Linux shows "dicomdir" and "dicom/pt000000", and a case-sensitive reader then misses the files
the DICOMDIR names) and keeps the portable viewer's execute bits. With the viewer a UDF 2.60 tree is added too
(a "UDF bridge" disc, as DVD burners make): the portable build's names are long and mixed-case (up to 86
characters in the PyInstaller build: licence files), beyond what level 1 holds and beyond Joliet's 64
characters, and Windows (since Vista) and macOS read UDF first. In the primary tree those files get
made-up 8.3 names (V0000001 ...), which nobody needs to read.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pycdlib

from viewer.core.messages import msg

_LEVEL1 = re.compile(r"^[A-Z0-9_]{1,8}(\.[A-Z0-9_]{0,3})?$")


class IsoError(Exception):
    pass


def write_iso(tree: Path, image: Path, volume_id: str, *, rich: bool,
              progress: Callable[[int, int], None] | None = None) -> None:
    iso = pycdlib.PyCdlib()
    iso.new(interchange_level=1, vol_ident=volume_id[:32], sys_ident="", app_ident_str="CAURI",
            rock_ridge="1.09", udf="2.60" if rich else None)
    names = _Names()
    try:
        for folder, dirs, files in os.walk(tree):
            dirs.sort()
            rel = Path(folder).relative_to(tree)
            for d in dirs:
                iso_path, full = names.path(rel / d, directory=True)
                iso.add_directory(iso_path, rr_name=d, udf_path=full if rich else None, file_mode=0o40555)
            for f in sorted(files):
                local = Path(folder, f)
                iso_path, full = names.path(rel / f, directory=False)
                if local.is_symlink():
                    target = os.readlink(local)
                    iso.add_symlink(symlink_path=iso_path, rr_symlink_name=f, rr_path=target,
                                    udf_symlink_path=full if rich else None, udf_target=target if rich else None)
                    continue
                mode = 0o100555 if os.access(local, os.X_OK) and local.stat().st_mode & 0o111 else 0o100444
                iso.add_file(str(local), iso_path=iso_path, rr_name=f, udf_path=full if rich else None,
                             file_mode=mode)
        iso.write(str(image), progress_cb=(lambda done, total, _: progress(done, total)) if progress else None)
    except pycdlib.pycdlibexception.PyCdlibException as exc:
        raise IsoError(msg("the ISO image could not be made ({reason})", reason=str(exc))) from None
    finally:
        iso.close()


class _Names:
    """ISO 9660 level 1 names: kept as they are where they already fit (the DICOM part, the pages),
    otherwise made up, one per folder or file, stable within one image."""

    def __init__(self) -> None:
        self.made: dict[Path, str] = {}
        self.count = 0

    def path(self, rel: Path, directory: bool) -> tuple[str, str]:
        parts = []
        for i in range(1, len(rel.parts) + 1):
            sub = Path(*rel.parts[:i])
            is_dir = directory or i < len(rel.parts)
            parts.append(self._name(sub, is_dir))
        iso_path = "/" + "/".join(parts) + ("" if directory else ";1")
        return iso_path, "/" + "/".join(rel.parts)

    def _name(self, sub: Path, is_dir: bool) -> str:
        if sub in self.made:
            return self.made[sub]
        name = sub.name
        if is_dir:
            fits = _LEVEL1.match(name) and "." not in name
        else:
            fits = _LEVEL1.match(name)
        if fits:
            made = name if is_dir or "." in name else name + "."
        else:
            self.count += 1
            made = f"V{self.count:07d}" + ("" if is_dir else ".")
        self.made[sub] = made
        return made
