"""What the frozen one-folder build (``installers/cauri.spec``) holds and leaves out, as plain data.

Read by the PyInstaller spec, by ``installers/sbom.py`` and by ``tests/test_portable_recipes.py`` (which
checks it against the code without building), so the three cannot disagree. No PyInstaller import here.

Entry points vanish from frozen applications unless their distribution's metadata travels with them:
pydicom finds pylibjpeg's codecs (libjpeg, openjpeg, rle) through pylibjpeg's entry-point groups, and Cauri
finds its built-in plugin through ``cauri.plugins``. The modules they name are imported by name at run
time, which PyInstaller's import analysis cannot see. Both are derived here from the build environment and
from ``pyproject.toml``, never listed by hand.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = "cauri"

# Entry-point groups read at run time by Cauri or by a library it bundles (prefixes end with ".").
RUNTIME_ENTRY_POINT_GROUPS = ("cauri.plugins", "pylibjpeg.")

# Left out of the build. Each is either unused by the viewer (checked by the test against every import in
# viewer/ and plugins/) or a test/development tool.
EXCLUDES = (
    # 264 MB: the bench's load peer, the automatic registration of priors and fusion resampling (each says
    # it is missing and offers its fallback, « Synchroniser ici »). The disc/USB build leaves it out to fit a
    # CD with a study; the reading-room variant (VARIANTS) carries it.
    "SimpleITK",
    "matplotlib",  # pulled in by `import vtk` (vtkRenderingMatplotlib), which Cauri no longer does
    "vtk",  # the all-modules package; viewer.render.vtk_classes imports the modules it draws with
    "vtkmodules.all",
    "vtkmodules.qt",  # QVTKRenderWindowInteractor: Cauri paints offscreen renders into plain widgets
    "vtkmodules.web",
    "vtkmodules.test",
    "vtkmodules.vtkRenderingMatplotlib",
    "tkinter",
    "pytest",
    "pytestqt",
    "_pytest",
    "IPython",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtOpenGL",  # the viewer never draws through Qt's OpenGL (VTK renders offscreen)
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtTest",
)

# Builds: "portable" goes on patients' discs and USB keys (lean); "reading-room" is installed on the
# radiologists' workstations (automatic registration of priors, fusion): what each brings back from EXCLUDES.
VARIANTS = {"portable": (), "reading-room": ("SimpleITK",)}


def excludes(variant: str = "portable") -> tuple[str, ...]:
    """EXCLUDES less what ``variant`` carries; an unknown variant is an error (a typo must not ship)."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown build variant {variant!r} (known: {', '.join(VARIANTS)})")
    return tuple(e for e in EXCLUDES if e not in VARIANTS[variant])


# Files the build must not carry even when a hook collects them (pattern on the destination path).
DROP_DATA = (
    re.compile(r"(^|/)tests?/"),
    re.compile(r"PySide6/(Qt/)?translations/(?!qtbase_fr\.qm$|qt_fr\.qm$)"),  # French is all Cauri asks of Qt
    # pydicom's sample DICOM files (charsets, colour palettes Cauri never asks for by name): on a patient's
    # disc with the viewer, any reader walking the disc (Cauri's import, another vendor's) would take them
    # for the patient's images. The build carries no DICOM file.
    re.compile(r"pydicom/data/(test_files|charset_files|palettes)/"),
)

# Qt plugins kept: the windowing systems a reading-room PC or a laptop uses (X11, Wayland, Windows, macOS),
# the offscreen one for --screenshot on a server, image formats for icons. EGLFS/LinuxFB/VNC, the GTK theme
# (it brings GTK, Cairo and Pango along), TIFF/WebP/ICNS readers are left out.
QT_PLUGIN_KEEP = re.compile(
    r"PySide6/(Qt/)?plugins/(platforms/(lib)?q(xcb|offscreen|wayland[^/]*|windows|cocoa|minimal)\.|"
    r"xcbglintegrations/|wayland-[^/]+/|platformthemes/libqxdgdesktopportal|platforminputcontexts/|"
    r"imageformats/(lib)?q(ico|jpeg|gif|svg)|iconengines/|styles/|tls/|networkinformation/|generic/)"
)


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def app_version() -> str:
    return _pyproject()["project"]["version"]


def app_entry_points() -> dict[str, dict[str, str]]:
    """Cauri's own entry points, from pyproject.toml (group -> name -> "module:attr")."""
    return {g: dict(eps) for g, eps in _pyproject()["project"].get("entry-points", {}).items()}


def _wanted(group: str) -> bool:
    return any(group == g or (g.endswith(".") and group.startswith(g)) for g in RUNTIME_ENTRY_POINT_GROUPS)


def runtime_entry_points() -> list[tuple[str, str, str]]:
    """``(distribution, group, "module:attr")`` for every entry point of a run-time group in the build
    environment, Cauri's own (from pyproject.toml) included."""
    found = []
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if not name or _normal(name) == APP:
            continue
        for ep in dist.entry_points:
            if _wanted(ep.group):
                found.append((name, ep.group, ep.value))
    for group, eps in app_entry_points().items():
        if _wanted(group):
            found.extend((APP, group, value) for value in eps.values())
    return sorted(set(found))


def entry_point_modules() -> list[str]:
    """Modules imported by name through entry points: hidden imports for PyInstaller."""
    return sorted({value.split(":", 1)[0].strip() for _dist, _group, value in runtime_entry_points()})


def entry_point_distributions() -> list[str]:
    """Distributions whose metadata (entry_points.txt) must travel in the build; Cauri's is generated."""
    return sorted({dist for dist, _group, _value in runtime_entry_points() if dist != APP})


def write_app_metadata(target: Path) -> Path:
    """A minimal ``cauri-<version>.dist-info`` (METADATA, entry_points.txt) from pyproject.toml, so that
    ``importlib.metadata`` finds Cauri's plugins in the frozen build whatever installed the build tree."""
    project = _pyproject()["project"]
    folder = target / f"{APP}-{project['version']}.dist-info"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {APP}\nVersion: {project['version']}\n"
        f"Summary: {project['description']}\nLicense: {project.get('license', {}).get('text', '')}\n",
        encoding="utf-8")
    lines = []
    for group, eps in app_entry_points().items():
        lines.append(f"[{group}]")
        lines.extend(f"{name} = {value}" for name, value in eps.items())
        lines.append("")
    (folder / "entry_points.txt").write_text("\n".join(lines), encoding="utf-8")
    return folder


def app_translations() -> list[Path]:
    """Cauri's compiled catalogues (``resources/translations/*.qm``)."""
    return sorted((ROOT / "resources" / "translations").glob("*.qm"))


# The ``resources/`` folders the viewer reads at run time (``viewer.core.resources.resource``), whole:
# hanging protocols, report templates, the spelling word lists. Translations go as compiled catalogues only.
RESOURCE_FOLDERS = ("hanging_protocols", "report_templates", "spell")


def app_resources() -> list[tuple[str, str]]:
    """(file, folder in the build) for every file of ``RESOURCE_FOLDERS``."""
    out = []
    for name in RESOURCE_FOLDERS:
        for path in sorted((ROOT / "resources" / name).rglob("*")):
            if path.is_file():
                out.append((str(path), str(Path("resources") / path.parent.relative_to(ROOT / "resources"))))
    return out


# Libraries taken from the target system, never bundled: the C++ runtime must be the one the system's
# OpenGL driver (Mesa, NVIDIA) was built against, or the driver fails to load and VTK has no OpenGL.
SYSTEM_LIBRARIES = re.compile(r"^(libstdc\+\+\.so|libgcc_s\.so|libGL|libEGL|libGLX|libGLdispatch|libOpenGL|libgbm|libdrm)")

# Stripped of their static symbol tables after the build (Linux): VTK's libraries and Python modules, and
# a libpython built from source (pyenv's carries 16 MB of symbols).
STRIP = re.compile(r"^(libvtk[^/]*\.so|vtkmodules/[^/]*\.so|libpython3[^/]*\.so[.0-9]*)$")


def keep_file(dest: str) -> bool:
    """Whether a file PyInstaller collected (binary or data, by its destination) stays in the build."""
    dest = dest.replace("\\", "/")
    if SYSTEM_LIBRARIES.match(dest.rsplit("/", 1)[-1]):
        return False
    if re.search(r"PySide6/(Qt/)?plugins/", dest):  # Qt/ on Linux and macOS, not on Windows
        return bool(QT_PLUGIN_KEEP.search(dest))
    return not any(p.search(dest) for p in DROP_DATA)


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()
