"""CycloneDX SBOM and licence texts of a frozen build, from what the build actually holds.

    python installers/sbom.py dist/cauri        (run by build-portable.sh/.ps1 with the build's Python)

Writes ``dist/cauri/sbom.cdx.json`` (CycloneDX 1.5) and ``dist/cauri/licenses/<component>/``. Every file
of the build and every module of its Python archive is traced to the distribution that installed it in the
build environment (its RECORD), to CPython, or, for a library PyInstaller copied from the build machine's
system, to the Debian package that owns it (``dpkg -S``). What cannot be traced is listed under
``unattributed`` in the SBOM's properties and printed, so a new dependency is never shipped unnoticed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import uuid
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import portable_manifest as manifest  # noqa: E402

LICENCE_FILE = re.compile(r"^(licen[cs]e|copying|notice|authors|copyright)([._-].*)?$", re.IGNORECASE)
# Common licence names (the "License" field or a classifier) written as SPDX identifiers.
SPDX = {
    "mit": "MIT", "mit license": "MIT", "bsd": "BSD-3-Clause", "bsd license": "BSD-3-Clause",
    "bsd-3-clause": "BSD-3-Clause", "bsd 3-clause": "BSD-3-Clause", "bsd-2-clause": "BSD-2-Clause",
    "apache 2.0": "Apache-2.0", "apache-2.0": "Apache-2.0", "apache software license": "Apache-2.0",
    "apache license 2.0": "Apache-2.0", "python software foundation license": "PSF-2.0",
    "gnu lesser general public license v3 (lgplv3)": "LGPL-3.0-only", "lgpl-3.0-only": "LGPL-3.0-only",
    "mozilla public license 2.0 (mpl 2.0)": "MPL-2.0", "isc license (iscl)": "ISC",
}
WINDOWS_RUNTIME = re.compile(r"^(api-ms-win-|vcruntime|msvcp|ucrtbase|concrt|vcomp)[^/]*\.dll$", re.IGNORECASE)
SYSTEM_LIB_DIRS = ("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/usr/lib", "/lib")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


class Environment:
    """Who installed what in the build environment: file paths and import names to distributions."""

    def __init__(self) -> None:
        self.dists: dict[str, metadata.Distribution] = {}
        self.by_path: dict[str, str] = {}
        self.by_basename: dict[str, set[str]] = {}
        for dist in metadata.distributions():
            name = dist.metadata["Name"]
            if not name or _norm(name) in self.dists:
                continue
            key = _norm(name)
            self.dists[key] = dist
            for f in dist.files or ():
                rel = f.as_posix()
                self.by_path.setdefault(rel, key)
                self.by_basename.setdefault(rel.rsplit("/", 1)[-1], set()).add(key)
        self.by_module = {top: [_norm(d) for d in ds] for top, ds in metadata.packages_distributions().items()}

    def owner_of_file(self, rel: str) -> str | None:
        if rel in self.by_path:
            return self.by_path[rel]
        owners = self.by_basename.get(rel.rsplit("/", 1)[-1], set())
        return next(iter(owners)) if len(owners) == 1 else None

    def candidates(self, rel: str) -> set[str]:
        return self.by_basename.get(rel.rsplit("/", 1)[-1], set())

    def owner_of_module(self, module: str) -> str | None:
        owners = self.by_module.get(module.split(".", 1)[0], [])
        return owners[0] if owners else None


def _from_python_install(basename: str) -> bool:
    base = Path(sys.base_prefix)
    return sys.platform == "win32" and any((base / folder / basename).is_file() for folder in ("DLLs", "."))


def pyz_modules(executable: Path) -> list[str]:
    """The modules in the executable's embedded Python archive (PyInstaller's PYZ)."""
    from PyInstaller.archive.readers import CArchiveReader

    archive = CArchiveReader(str(executable))
    return sorted(archive.open_embedded_archive("PYZ.pyz").toc) if "PYZ.pyz" in archive.toc else []


def debian_package(basename: str) -> tuple[str, str] | None:
    """(package, version) owning a system library of that name on the build machine, or None."""
    if not shutil.which("dpkg"):
        return None
    for folder in SYSTEM_LIB_DIRS:
        path = Path(folder) / basename
        if not path.exists():
            continue
        out = subprocess.run(["dpkg", "-S", str(path)], capture_output=True, text=True)
        if out.returncode != 0:
            out = subprocess.run(["dpkg", "-S", str(path.resolve())], capture_output=True, text=True)
        if out.returncode == 0:
            package = out.stdout.split(":", 1)[0].strip()
            version = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True,
                                     text=True).stdout.strip()
            return package, version
    return None


def licence_of(dist: metadata.Distribution) -> list[dict]:
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return [{"expression": expression.strip()}]
    names = []
    text = (meta.get("License") or "").strip()
    if text and "\n" not in text and len(text) <= 80:
        names.append(text)
    for classifier in meta.get_all("Classifier") or []:
        if classifier.startswith("License ::") and not classifier.endswith(":: OSI Approved"):
            names.append(classifier.rsplit("::", 1)[-1].strip())
    out, seen = [], set()
    for name in names:
        spdx = SPDX.get(name.lower())
        item = {"license": {"id": spdx}} if spdx else {"license": {"name": name}}
        key = json.dumps(item, sort_keys=True)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def copy_dist_licences(dist: metadata.Distribution, target: Path) -> int:
    copied = 0
    for f in dist.files or ():
        path = f.as_posix()
        if f.suffix in (".py", ".pyc", ".so", ".pyd", ".dll"):
            continue  # a module named like a licence (packaging.licenses) is code
        if LICENCE_FILE.match(f.name) or ".dist-info/licenses/" in path or ".dist-info/license_files/" in path:
            source = Path(dist.locate_file(f))
            if source.is_file():
                dest = target / f.as_posix().replace("/", "__")
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, dest)
                copied += 1
    return copied


COMMON_LICENCES = Path("/usr/share/common-licenses")  # Debian's full texts of the common licences
COMMON_TEXT = (("LGPL-3", "LGPL-3"), ("LGPLV3", "LGPL-3"), ("LGPL-2.1", "LGPL-2.1"), ("GPL-3", "GPL-3"),
               ("GPLV3", "GPL-3"), ("GPL V3", "GPL-3"), ("GPL-2", "GPL-2"), ("APACHE-2.0", "Apache-2.0"),
               ("MPL-2.0", "MPL-2.0"))


def homepages(dist: metadata.Distribution) -> list[str]:
    meta = dist.metadata
    urls = [meta.get("Home-page")] + [u.split(",", 1)[-1].strip() for u in meta.get_all("Project-URL") or []]
    return [u for u in dict.fromkeys(urls) if u]


def write_notice(dist: metadata.Distribution, licences: list[dict], target: Path) -> None:
    """For a distribution whose wheel carries no licence file: what its metadata declares, where its
    sources are, and the full text of a copyleft or Apache licence it names (from Debian's common texts)."""
    declared = [item.get("expression") or item["license"].get("id") or item["license"].get("name")
                for item in licences]
    target.mkdir(parents=True, exist_ok=True)
    lines = [f"{dist.metadata['Name']} {dist.version}", "",
             "The wheel this build was made from carries no licence file.",
             "Licence declared in its metadata: " + ("; ".join(declared) or "none"),
             "Sources: " + (", ".join(homepages(dist)) or "see PyPI"), ""]
    (target / "NOTICE.txt").write_text("\n".join(lines), encoding="utf-8")
    upper = " ".join(declared).upper()
    for key, text in COMMON_TEXT:
        if key in upper and (COMMON_LICENCES / text).is_file():
            shutil.copyfile(COMMON_LICENCES / text, target / f"{text}.txt")


def build(folder: Path) -> dict:
    internal = folder / "_internal" if (folder / "_internal").is_dir() else folder
    executable = next((p for p in (folder / "cauri", folder / "cauri.exe") if p.is_file()), None)
    env = Environment()
    licences = folder / "licenses"
    if licences.exists():
        shutil.rmtree(licences)
    used: dict[str, int] = {}  # distribution -> files and modules traced to it
    system: dict[str, tuple[str, int]] = {}  # Debian package -> (version, files)
    cpython, windows_runtime, unattributed = 0, 0, []
    ambiguous: list[tuple[str, set[str]]] = []  # a vendored library several wheels carry (libXau: Pillow, av)
    stdlib = {Path(sysconfig.get_paths()["stdlib"]).name}
    for path in sorted(p for p in internal.rglob("*") if p.is_file() or p.is_symlink()):
        rel = path.relative_to(internal).as_posix()
        if rel.split("/", 1)[0].startswith(manifest.APP + "-") and ".dist-info/" in rel:
            continue  # Cauri's own metadata, made from pyproject.toml by the spec
        owner = env.owner_of_file(rel)
        if owner is None and "/" in rel and ".dist-info/" not in rel:
            owner = env.owner_of_module(rel.split("/", 1)[0])
        if owner is None and len(env.candidates(rel)) > 1:
            ambiguous.append((rel, env.candidates(rel)))
        elif owner is not None:
            used[owner] = used.get(owner, 0) + 1
        elif rel == "base_library.zip" or rel.startswith(tuple(f"{s}/" for s in stdlib)) or \
                re.match(r"^(lib)?python3[0-9.]*\.(so|dll)", rel) or rel.startswith("lib-dynload/"):
            cpython += 1
        elif _from_python_install(rel.rsplit("/", 1)[-1]):
            cpython += 1  # CPython's own DLLs (Windows: libssl, libffi, sqlite3 beside python3XX.dll)
        elif WINDOWS_RUNTIME.match(rel):
            windows_runtime += 1
        elif (deb := debian_package(rel.rsplit("/", 1)[-1])) is not None:
            version, count = system.get(deb[0], (deb[1], 0))
            system[deb[0]] = (version, count + 1)
        elif not rel.startswith(("resources/", "cauri_builtins")):
            unattributed.append(rel)
    for rel, candidates in ambiguous:  # the wheel whose own files are in the build brought it
        bundled = sorted(c for c in candidates if c in used)
        for owner in bundled:  # several in the build (libXau: Pillow and av both): the one copy is each one's
            used[owner] += 1
        if not bundled:
            unattributed.append(rel)
    for module in pyz_modules(executable) if executable else []:
        top = module.split(".", 1)[0]
        if top in ("viewer", "cauri_builtins", "cauri_entry"):
            continue
        owner = env.owner_of_module(top)
        if owner is not None:
            used[owner] = used.get(owner, 0) + 1
        else:
            cpython += 1  # the standard library
    components, sources = [], []
    for key in sorted(used):
        dist = env.dists[key]
        name, version = dist.metadata["Name"], dist.version
        n = copy_dist_licences(dist, licences / f"{name}-{version}")
        if n == 0:
            write_notice(dist, licence_of(dist), licences / f"{name}-{version}")
        sources.append(f"{name} {version}: " + (", ".join(homepages(dist)) or f"https://pypi.org/project/{name}/"))
        component = {"type": "library", "bom-ref": f"pkg:pypi/{_norm(name)}@{version}", "name": name,
                     "version": version, "purl": f"pkg:pypi/{_norm(name)}@{version}",
                     "licenses": licence_of(dist),
                     "properties": [{"name": "cauri:files", "value": str(used[key])},
                                    {"name": "cauri:licence-files", "value": str(n)}]}
        if not component["licenses"]:
            del component["licenses"]
        components.append(component)
    py_version = ".".join(map(str, sys.version_info[:3]))
    python_licence = Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt"
    if python_licence.is_file():
        (licences / f"CPython-{py_version}").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(python_licence, licences / f"CPython-{py_version}" / "LICENSE.txt")
    components.append({"type": "library", "bom-ref": f"pkg:generic/cpython@{py_version}", "name": "CPython",
                       "version": py_version, "purl": f"pkg:generic/cpython@{py_version}",
                       "licenses": [{"license": {"id": "PSF-2.0"}}],
                       "properties": [{"name": "cauri:files", "value": str(cpython)}]})
    if windows_runtime:
        components.append({"type": "library", "bom-ref": "pkg:generic/microsoft-vc-runtime", "name":
                           "Microsoft Visual C++ runtime", "properties": [
                               {"name": "cauri:files", "value": str(windows_runtime)},
                               {"name": "cauri:origin", "value": "redistributable DLLs beside Python"}]})
    for package, (version, count) in sorted(system.items()):
        copyright_file = Path("/usr/share/doc") / package / "copyright"
        if copyright_file.is_file():
            (licences / f"debian-{package}").mkdir(parents=True, exist_ok=True)
            shutil.copyfile(copyright_file, licences / f"debian-{package}" / "copyright")
        components.append({"type": "library", "bom-ref": f"pkg:deb/debian/{package}@{version}", "name": package,
                           "version": version, "purl": f"pkg:deb/debian/{package}@{version}?arch=amd64",
                           "properties": [{"name": "cauri:files", "value": str(count)},
                                          {"name": "cauri:origin", "value": "build machine's system library"}]})
    app_licence = manifest.ROOT / "LICENSE"
    if app_licence.is_file():
        (licences / manifest.APP).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(app_licence, licences / manifest.APP / "LICENSE")
    # Where each bundled component's sources are: the offer copyleft licences (Qt's LGPL, libjpeg's GPL) ask for.
    (licences / "SOURCES.txt").write_text("\n".join(sources) + "\n", encoding="utf-8")
    bom = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "serialNumber": f"urn:uuid:{uuid.uuid4()}",
        "version": 1,
        "metadata": {
            "timestamp": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "tools": {"components": [{"type": "application", "name": "cauri installers/sbom.py"}]},
            "component": {"type": "application", "bom-ref": f"pkg:generic/cauri@{manifest.app_version()}",
                          "name": manifest.APP, "version": manifest.app_version(),
                          "licenses": [{"license": {"id": "BSD-3-Clause"}}]},
            "properties": [{"name": "cauri:unattributed", "value": path} for path in unattributed],
        },
        "components": components,
        "dependencies": [{"ref": f"pkg:generic/cauri@{manifest.app_version()}",
                          "dependsOn": [c["bom-ref"] for c in components]}],
    }
    if not bom["metadata"]["properties"]:
        del bom["metadata"]["properties"]
    (folder / "sbom.cdx.json").write_text(json.dumps(bom, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return bom


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        print("usage: python installers/sbom.py dist/cauri", file=sys.stderr)
        return 2
    bom = build(Path(argv[0]))
    unattributed = [p["value"] for p in bom["metadata"].get("properties", [])]
    print(f"sbom: {len(bom['components'])} components -> {os.path.join(argv[0], 'sbom.cdx.json')}")
    for path in unattributed:
        print(f"sbom: not traced to any component: {path}", file=sys.stderr)
    return 1 if unattributed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
