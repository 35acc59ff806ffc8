"""The portable build's recipe agrees with the code, checked without building it (a PyInstaller build takes
longer than CI's budget: installers/check-portable.sh builds and runs it before a release).

- nothing the viewer imports is left out of the build, unless the import is optional (inside
  ``try: ... except ImportError``);
- every codec pydicom is told to prefer (``dicom.decode.PREFERRED_PLUGINS``) reaches the build: pylibjpeg
  finds its codecs through entry points, which the build carries with their modules;
- Cauri's built-in plugin is an entry point the build carries;
- VTK is imported through ``render.vtk_classes`` only (the build carries only the modules imported);
- the Qt plugins and translations kept are the ones the window needs;
- the SBOM generator traces files to their distributions and writes a CycloneDX document.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "installers"))
import portable_manifest as manifest  # noqa: E402


def _imports(tree: ast.AST):
    """(top-level module, optional) for every import; optional: inside a try that catches ImportError."""
    guarded: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(
                isinstance(h.type, ast.Name) and h.type.id in ("ImportError", "ModuleNotFoundError") for h in node.handlers):
            guarded.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, id(node) in guarded
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, id(node) in guarded


def _sources():
    for folder in ("viewer", "plugins"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def _excluded(module: str) -> bool:
    return any(module == e or module.startswith(e + ".") for e in manifest.EXCLUDES)


def test_nothing_the_viewer_imports_is_left_out_of_the_build_unless_optional():
    wrong = [f"{path.relative_to(ROOT)}: {module}" for path, tree in _sources()
             for module, optional in _imports(tree) if _excluded(module) and not optional]
    assert wrong == []


def test_vtk_is_imported_module_by_module_through_vtk_classes_only():
    whole = [f"{path.relative_to(ROOT)}: {module}" for path, tree in _sources() for module, _ in _imports(tree)
             if module == "vtk" or module.startswith("vtk.")
             or (module.startswith("vtkmodules") and path.name != "vtk_classes.py")]
    assert whole == []


def test_every_preferred_pylibjpeg_codec_is_reached_through_an_entry_point_the_build_carries():
    from viewer.dicom.decode import PREFERRED_PLUGINS

    wanted = {str(uid) for uid, plugins in PREFERRED_PLUGINS.items() if plugins[0] == "pylibjpeg"}
    provided = {}
    for dist in metadata.distributions():
        for ep in dist.entry_points:
            if ep.group == "pylibjpeg.pixel_data_decoders":
                provided[ep.name] = (dist.metadata["Name"], ep.value.split(":")[0])
    missing = sorted(uid for uid in wanted if uid not in provided)
    assert missing == [], "no installed pylibjpeg codec decodes these preferred syntaxes"
    for uid in wanted:
        dist, module = provided[uid]
        assert dist in manifest.entry_point_distributions(), f"{dist}'s metadata (entry points) not carried"
        assert module in manifest.entry_point_modules(), f"{module} not a hidden import"


def test_the_builtin_plugin_is_an_entry_point_the_build_carries(tmp_path):
    assert "cauri_builtins" in manifest.entry_point_modules()
    folder = manifest.write_app_metadata(tmp_path)
    found = metadata.PathDistribution(folder)
    assert found.version == manifest.app_version()
    assert [ep.value for ep in found.entry_points.select(group="cauri.plugins")] == ["cauri_builtins:register"]


@pytest.mark.parametrize("dest, kept", [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6/plugins/platforms/qwindows.dll", True),  # Windows: no Qt/ folder, no "lib" prefix
    ("PySide6/plugins/platforms/qdirect2d.dll", False),
    ("PySide6/translations/qtbase_fr.qm", True),
    ("PySide6/translations/qtbase_ja.qm", False),
    ("PySide6/plugins/imageformats/qjpeg.dll", True),
    ("PySide6/Qt/plugins/imageformats/libqtiff.so", False),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
    ("PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so", True),
    ("PySide6/Qt/translations/qtbase_fr.qm", True),
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("libstdc++.so.6", False),
    ("libGL.so.1", False),
    ("libQt6Core.so.6", True),
    ("resources/translations/cauri_fr.qm", True),
    ("pydicom/data/test_files/CT_small.dcm", False),
    ("pydicom/data/charset_files/chrH31.dcm", False),
    ("pydicom/data/palettes/hotiron.dcm", False),
])
def test_the_qt_plugins_translations_and_libraries_kept(dest, kept):
    assert manifest.keep_file(dest) is kept


def test_every_resources_folder_the_viewer_reads_travels_with_the_build():
    """``resource("report_templates", ...)`` and the like: a folder the viewer reads that the build leaves out
    breaks the frozen viewer at the first study it opens (the report panel looked for its template)."""
    import re

    read = set()
    for path, _tree in _sources():
        read |= set(re.findall(r'resource\(\s*"([a-z_]+)"', path.read_text(encoding="utf-8")))
    assert read - {"translations"} <= set(manifest.RESOURCE_FOLDERS), read
    carried = {dest for _src, dest in manifest.app_resources()}
    for name in manifest.RESOURCE_FOLDERS:
        assert f"resources/{name}" in carried, name
    spec = (ROOT / "installers" / "cauri.spec").read_text(encoding="utf-8")
    assert "manifest.app_resources()" in spec


def test_cauri_s_translations_travel_with_the_build():
    names = {p.name for p in manifest.app_translations()}
    assert {"cauri_fr.qm", "cauri_en.qm", "qt_extra_fr.qm"} <= names


def test_the_recipes_are_shell_and_powershell_that_parse():
    for script in sorted((ROOT / "installers").rglob("*.sh")):
        assert subprocess.run(["bash", "-n", str(script)], capture_output=True).returncode == 0, script
    iss = (ROOT / "installers" / "windows" / "cauri.iss").read_text(encoding="utf-8")
    assert r"..\..\dist\cauri\*" in iss and "cauri.exe" in iss
    ps1 = (ROOT / "installers" / "build-portable.ps1").read_text(encoding="utf-8")
    assert "installers\\cauri.spec" in ps1 and "installers\\sbom.py" in ps1


def test_the_reading_room_variant_carries_simpleitk_and_the_disc_build_does_not():
    assert "SimpleITK" in manifest.excludes("portable") and "SimpleITK" not in manifest.excludes("reading-room")
    assert set(manifest.excludes("reading-room")) == set(manifest.EXCLUDES) - {"SimpleITK"}
    with pytest.raises(ValueError):
        manifest.excludes("readingroom")  # a typo must not ship a build nobody asked for
    done = subprocess.run(["bash", str(ROOT / "installers" / "build-portable.sh"), "--nonsense"], cwd=ROOT,
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 2 and "unknown option" in done.stderr  # refused before anything is built
    spec = (ROOT / "installers" / "cauri.spec").read_text(encoding="utf-8")
    assert 'manifest.excludes(os.environ.get("CAURI_BUILD_VARIANT", "portable"))' in spec


def test_the_sbom_traces_files_to_their_distributions(tmp_path):
    import numpy

    import sbom

    build = tmp_path / "cauri"
    internal = build / "_internal"
    (internal / "numpy").mkdir(parents=True)
    (internal / "numpy" / "__init__.py").write_bytes(Path(numpy.__file__).read_bytes())
    (internal / "mystery.bin").write_bytes(b"?")
    bom = sbom.build(build)
    names = {c["name"] for c in bom["components"]}
    assert "numpy" in names
    numpy_component = next(c for c in bom["components"] if c["name"] == "numpy")
    assert numpy_component["version"] == numpy.__version__
    assert numpy_component["purl"] == f"pkg:pypi/numpy@{numpy.__version__}"
    assert [p["value"] for p in bom["metadata"]["properties"]] == ["mystery.bin"]
    written = json.loads((build / "sbom.cdx.json").read_text())
    assert (written["bomFormat"], written["specVersion"]) == ("CycloneDX", "1.5")
    assert any((build / "licenses").glob(f"numpy-{numpy.__version__}/*"))


def test_a_library_two_wheels_vendor_goes_to_the_one_in_the_build(tmp_path):
    """Pillow and PyAV both vendor libXau under the same name: the one whose modules are bundled owns it."""
    import PIL

    import sbom

    vendored = next(Path(PIL.__file__).parents[1].glob("pillow.libs/libXau-*"), None)
    if vendored is None:
        pytest.skip("this Pillow wheel vendors no libXau")
    internal = tmp_path / "cauri" / "_internal"
    (internal / "PIL").mkdir(parents=True)
    (internal / "PIL" / "__init__.py").write_bytes(Path(PIL.__file__).read_bytes())
    (internal / vendored.name).write_bytes(vendored.read_bytes())
    bom = sbom.build(tmp_path / "cauri")
    assert "properties" not in bom["metadata"]  # nothing unattributed
    pillow = next(c for c in bom["components"] if c["name"].lower() == "pillow")
    assert {"name": "cauri:files", "value": "2"} in pillow["properties"]
    # Both wheels in the build (the viewer now plays videos with av and applies ICC profiles with Pillow):
    # the one copy at the top is attributed to each, nothing left unattributed.
    import av

    (internal / "av").mkdir()
    (internal / "av" / "__init__.py").write_bytes(Path(av.__file__).read_bytes())
    both = sbom.build(tmp_path / "cauri")
    assert "properties" not in both["metadata"]
    owners = {c["name"].lower() for c in both["components"]}
    assert {"pillow", "av"} <= owners
