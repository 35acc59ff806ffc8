"""The package file: a ZIP encrypted with AES-256 (WinZip AE-2, pyzipper), holding ``manifest.json`` and
DICOM files. A standard AES ZIP opens with 7-Zip or WinZip when Cauri is not at hand, and needs nothing but a
password given by telephone; a public-key scheme (age) would first need the expert's key at the hospital.

The manifest names each file with its SHA-256: reading checks every file (the password, the ZIP's own
authentication, the digests) before anything is imported, so a wrong password or a damaged or truncated
package is told plainly and leaves the cache as it was.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pyzipper

from viewer.core.messages import msg

FORMAT = "cauri-second-opinion"
VERSION = 1
MANIFEST = "manifest.json"
MIN_PASSWORD = 8


class PackageError(RuntimeError):
    """A package that cannot be used, with the reason in the reader's words."""


@dataclass
class Package:
    manifest: dict
    files: dict[str, bytes] = field(default_factory=dict)  # name in the package -> bytes, DICOM files only


def check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise PackageError(msg("the password must have at least {n} characters", n=MIN_PASSWORD))


def write_package(path: Path, manifest, files, password: str) -> int:
    """Write the package from ``files`` ((name, bytes) pairs, streamed: a 500-image CT is never held whole in
    memory), manifest last (a dict, or a function giving it once every file is written); to a temporary name, then renamed: a failed write leaves no package. Its size."""
    check_password(password)
    digests = {}
    path = Path(path)
    tmp = path.with_name(f".{path.name}.part")
    try:
        with pyzipper.AESZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1,
                                 encryption=pyzipper.WZ_AES) as zf:
            zf.setpassword(password.encode("utf-8"))
            zf.setencryption(pyzipper.WZ_AES, nbits=256)
            for name, data in files:
                digests[name] = hashlib.sha256(data).hexdigest()
                zf.writestr(name, data)
            manifest = dict(manifest() if callable(manifest) else manifest, format=FORMAT, version=VERSION, files=digests)
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path.stat().st_size


def read_package(path: Path, password: str, kind: str | None = None) -> Package:
    """The package's manifest and files, every file checked; ``PackageError`` says what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise PackageError(msg("no such package: {path}", path=str(path)))
    try:
        with pyzipper.AESZipFile(path) as zf:
            zf.setpassword((password or "").encode("utf-8"))
            names = zf.namelist()
            if MANIFEST not in names:
                raise PackageError(msg("this file is not a Cauri second-opinion package"))
            manifest = json.loads(zf.read(MANIFEST).decode("utf-8"))
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise PackageError(msg("this file is not a Cauri second-opinion package"))
            if int(manifest.get("version", 0)) > VERSION:
                raise PackageError(msg("this package was made by a newer Cauri; update Cauri to open it"))
            if kind is not None and manifest.get("kind") != kind:
                raise PackageError(msg("this package is a {found}, not a {wanted}", found=_kind_name(manifest.get("kind")),
                                       wanted=_kind_name(kind)))
            files = {}
            for name, digest in (manifest.get("files") or {}).items():
                if name not in names:
                    raise PackageError(msg("the package is damaged or incomplete: a file is missing"))
                data = zf.read(name)
                if hashlib.sha256(data).hexdigest() != digest:
                    raise PackageError(msg("the package is damaged: a file does not match its checksum"))
                files[name] = data
    except PackageError:
        raise
    except RuntimeError as exc:
        if "password" in str(exc).lower():
            raise PackageError(msg("wrong password for this package")) from None
        raise PackageError(msg("the package cannot be read ({error})", error=type(exc).__name__)) from None
    except Exception as exc:
        # Whatever the zip library meets in a damaged file (BadZipFile, zlib.error before a member's
        # authentication code is checked, struct.error in a member's encryption header, EOFError, ...): a
        # reason, never a traceback.
        if "password" in str(exc).lower():
            raise PackageError(msg("wrong password for this package")) from None
        what = "zlib" if isinstance(exc, zlib.error) else type(exc).__name__
        raise PackageError(msg("the package is damaged or incomplete ({error})", error=what)) from None
    return Package(manifest, files)


def _kind_name(kind) -> str:
    return str(msg("reply")) if kind == "reply" else str(msg("request"))


def as_stream(data: bytes) -> io.BytesIO:
    return io.BytesIO(data)
