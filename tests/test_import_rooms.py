"""Who may import whom, read from the source (imports inside functions included): DICOM files are read in one
place below everyone (``viewer.dicom``), no module takes part in an import cycle, the network package stays
below the commands and the window, its two DIMSE stacks keep to their own rooms, and the built-in plugin
reaches Cauri only through ``viewer.plugin_api``."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT if path.is_relative_to(ROOT / "viewer") else ROOT / "plugins").with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module ``path`` imports, anywhere in it, as absolute names (``from a import b``: ``a`` and ``a.b``)."""
    package = _module_name(path).rsplit(".", 0 if path.name == "__init__.py" else 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def modules(package: str) -> dict[str, Path]:
    top = ROOT / "plugins" if not package.startswith("viewer") else ROOT
    folder = top.joinpath(*package.split("."))
    files = [folder.with_suffix(".py")] if folder.with_suffix(".py").exists() else sorted(folder.rglob("*.py"))
    return {_module_name(p): p for p in files}


def within(*packages: str):
    """A test of an imported name: outside Cauri, Cauri's root package (``from viewer import __version__``), or in
    one of ``packages``."""
    return lambda imp: imp.split(".")[0] != "viewer" or imp in ("viewer", "viewer.__version__") or any(
        imp == p or imp.startswith(p + ".") for p in packages)


def _offending(package: str, allowed) -> list[str]:
    return sorted(f"{name} imports {imp}" for name, path in modules(package).items() for imp in imports_of(path)
                  if not allowed(imp))


def test_the_import_reader_sees_imports_inside_functions_and_relative_ones():
    found = imports_of(ROOT / "viewer" / "dicom" / "pixels.py")
    assert "viewer.dicom.decode" in found or "viewer.dicom.decode.decode_frame" in found
    assert "viewer.core.messages" in imports_of(ROOT / "viewer" / "net" / "send.py")


def module_graph(package: str = "viewer") -> dict[str, set[str]]:
    """Module -> the modules of ``package`` it imports (``from a import b`` of a name in ``a``: ``a``)."""
    known = modules(package)
    graph = {}
    for name, path in known.items():
        deps = set()
        for imp in imports_of(path):
            while imp and imp not in known:
                imp = imp.rpartition(".")[0]
            if imp and imp != name:
                deps.add(imp)
        graph[name] = deps
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_cycle_finder_finds_one():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_takes_part_in_an_import_cycle():
    # The frame loader (model.frames) and the decode workers (then model.decoding) imported each other.
    assert cycles(module_graph()) == []


def test_dicom_reading_sits_below_everyone_that_reads_files():
    assert _offending("viewer.dicom", within("viewer.core", "viewer.dicom")) == []
    graph = module_graph()
    # The frame loader uses the decode workers and the frame header; neither knows the loader.
    assert {"viewer.dicom.decoding", "viewer.dicom.frame_header"} <= graph["viewer.model.frames"]
    # The store indexes and the network receives through the same header reading.
    assert "viewer.dicom.header" in graph["viewer.store.importer"] and "viewer.dicom.header" in graph["viewer.net.ingest"]


def test_the_network_package_imports_nothing_above_the_store():
    # net sits beside store: the workstation and the commands use it, never the other way round.
    assert _offending("viewer.net", within("viewer.core", "viewer.dicom", "viewer.store", "viewer.net")) == []


LEAN = ("viewer.net.ul", "viewer.net.ul_assoc", "viewer.net.ul_store", "viewer.net.retrieve_scu",
        "viewer.net.storage_scp")
# What the lean upper layer takes from pynetdicom: codecs and constants, never its AE or reactor threads.
LEAN_PYNETDICOM = ("pynetdicom.pdu", "pynetdicom.pdu_primitives", "pynetdicom.presentation", "pynetdicom.sop_class",
                   "pynetdicom.dsutils", "pynetdicom.PYNETDICOM_IMPLEMENTATION_UID",
                   "pynetdicom.PYNETDICOM_IMPLEMENTATION_VERSION")


def test_the_two_dimse_stacks_keep_to_their_rooms():
    for name in LEAN:
        imported = imports_of(modules(name)[name])
        assert not any(i.startswith("viewer.net.dimse") and not i.startswith("viewer.net.dimse_common")
                       for i in imported), name
        stray = {i for i in imported if i.split(".")[0] == "pynetdicom" and i != "pynetdicom"
                 and not i.startswith(LEAN_PYNETDICOM)}
        assert not stray, (name, stray)
        assert "pynetdicom" not in imported or name == "viewer.net.ul_assoc", name
    pynetdicom_room = imports_of(modules("viewer.net.dimse")["viewer.net.dimse"])
    assert not any(i.startswith(LEAN) for i in pynetdicom_room), pynetdicom_room


def test_no_dimse_operation_is_defined_twice():
    def public(name: str) -> set[str]:
        tree = ast.parse(modules(name)[name].read_text(encoding="utf-8"))
        return {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and not n.name.startswith("_")}

    rooms = ["viewer.net.dimse", "viewer.net.retrieve_scu", "viewer.net.storage_scp", "viewer.net.dimse_common",
             "viewer.net.query", "viewer.net.dicomweb"]
    seen: dict[str, str] = {}
    for room in rooms:
        for name in public(room):
            assert name not in seen, f"{name} is defined in {seen[name]} and {room}"
            seen[name] = room
    assert {"echo", "find", "c_store"} <= set(public("viewer.net.dimse"))
    assert {"c_get", "c_move", "image_inventory", "GetSession"} <= set(public("viewer.net.retrieve_scu"))



def test_the_builtin_plugin_uses_nothing_of_cauri_but_the_plugin_api():
    assert modules("cauri_builtins")  # the plugin's modules are found
    assert _offending("cauri_builtins", within("viewer.plugin_api")) == []
