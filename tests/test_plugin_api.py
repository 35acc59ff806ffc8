"""A third-party plugin, installed as a distribution with a ``cauri.plugins`` entry point (a dist-info folder in
a site directory, as pip leaves it), registers through ``viewer.plugin_api`` alone each thing a plugin can add:
a display-set handler, window presets, hanging protocols, report templates, an exporter and a key map."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from synthetic import write_series
from viewer.core.messages import in_language
from viewer.model.registry import load_plugins

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "cauri_thirdparty_test"

PLUGIN = '''
from importlib.resources import files

from viewer.plugin_api import DisplaySet, WindowPreset, add_translations, msg


class SheetHandler:
    """MR series shown as one contact sheet: claims them before the built-in stacks."""

    name = "contact-sheet"

    def make_display_sets(self, series):
        if series.modality != "MR":
            return None
        return [DisplaySet(uid=series.series_uid, study_uid=series.study_uid, series_uid=series.series_uid,
                           modality=series.modality, number=series.number, description=series.description,
                           kind="contact-sheet")]


class UidList:
    name = "uid-list"
    label = msg("list of image UIDs")
    suffix = ".txt"

    def export(self, job):
        path = job.folder / (job.display_set.series_uid + self.suffix)
        path.write_text("\\n".join(f.sop_uid for f in job.frames) + "\\n", encoding="utf-8")
        return [path]


def register(api):
    api.add_display_set_handler(SheetHandler(), priority=10)
    api.add_window_presets("MR", [WindowPreset("mr.t2", 600, 300, {"fr": "T2 cérébral", "en": "T2 brain"})])
    api.add_hanging_protocols(files(__package__) / "protocols")
    api.add_report_templates(files(__package__) / "templates" / "ct_head.json")
    api.add_exporter(UidList())
    api.add_key_map("theatre", msg("theatre"), {"stack": {"zoom": ["wheel"], "scroll": ["Ctrl+wheel"]}})
    add_translations("fr", {"list of image UIDs": "liste des UID des images", "theatre": "bloc opératoire"})
'''


def install(site: Path, package: str, entry: str, code: str, files: dict[str, object]) -> None:
    """``package`` as pip installs it into ``site``: its modules and data, and a dist-info with the entry point."""
    root = site / package
    root.mkdir(parents=True)
    (root / "__init__.py").write_text(textwrap.dedent(code), encoding="utf-8")
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    info = site / f"{package}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {package}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[cauri.plugins]\n{entry} = {package}:register\n", encoding="utf-8")


PROTOCOLS = {
    "protocols/ct_head.json": {"name": "CT head", "match": {"Modality": "CT"}, "layout": "1x2"},
    "protocols/chest_two_views.json": {"name": "Chest PA + LAT", "match": {"Modality": "CR"}, "layout": "1x2"},
    "protocols/README.txt": "not a protocol: only .json files are read",
}
TEMPLATES = {"templates/ct_head.json": {"title": "Scanner cérébral", "sections": ["Indication", "Conclusion"]}}


@pytest.fixture
def site(tmp_path, monkeypatch):
    site = tmp_path / "site"
    install(site, PACKAGE, "thirdparty", PLUGIN, {**PROTOCOLS, **TEMPLATES})
    monkeypatch.syspath_prepend(str(site))
    yield site
    for name in [m for m in sys.modules if m.split(".")[0] in (PACKAGE, "cauri_broken_test")]:
        del sys.modules[name]
    from viewer.core import messages

    for template in ("list of image UIDs", "theatre"):
        messages._ADDED.get("fr", {}).pop(template, None)


def _series(modality: str, count: int):
    from viewer.plugin_api import InstanceInput, SeriesInput

    instances = tuple(InstanceInput(f"1.2.3.{modality}.{i}", Path(f"/nowhere/{i}.dcm"), "1.2.840.10008.5.1.4.1.1.4", i,
                                    1, 64, 64, (0.0, 0.0, float(i)), (1, 0, 0, 0, 1, 0)) for i in range(1, count + 1))
    return SeriesInput("1.2.3", f"1.2.3.{modality}", modality, 3, "séquence", instances)


def test_a_third_party_plugin_registers_every_extension_point(site, tmp_path):
    from viewer.model.displaysets import build_display_sets
    from viewer.plugin_api import ExportJob
    from viewer.tools.keymap import Keymap

    api = load_plugins()
    assert api.failed == []
    assert api.loaded == ["builtins", "thirdparty"]

    # Display sets: the plugin's handler claims MR before the built-in stacks; CT still goes to the stacks.
    handlers = api.display_set_handlers()
    assert [d.kind for d in build_display_sets(_series("MR", 3), handlers)] == ["contact-sheet"]
    assert [d.kind for d in build_display_sets(_series("CT", 3), handlers)] == ["stack"]

    assert [(p.key, p.width, p.center, p.label("fr")) for p in api.window_presets("mr")] == [
        ("mr.t2", 600, 300, "T2 cérébral")]
    assert [p.key for p in api.window_presets("CT")][:2] == ["ct.brain", "ct.subdural"]  # the built-ins stay

    protocols = api.hanging_protocols()
    assert [(p.plugin, p.name) for p in protocols] == [("thirdparty", "chest_two_views"), ("thirdparty", "ct_head")]
    assert protocols[1].data == PROTOCOLS["protocols/ct_head.json"]
    assert Path(protocols[1].source) == site / PACKAGE / "protocols" / "ct_head.json"

    (template,) = api.report_templates()
    assert (template.plugin, template.name, template.data) == ("thirdparty", "ct_head", TEMPLATES["templates/ct_head.json"])

    (exporter,) = api.exporters()
    assert (exporter.name, exporter.suffix, in_language(exporter.label, "fr")) == (
        "uid-list", ".txt", "liste des UID des images")
    (stack,) = build_display_sets(_series("CT", 3), handlers)
    out = tmp_path / "export"
    out.mkdir()
    written = exporter.export(ExportJob(stack, stack.frames, out))
    assert written == [out / "1.2.3.CT.txt"]
    assert written[0].read_text(encoding="utf-8").split() == ["1.2.3.CT.1", "1.2.3.CT.2", "1.2.3.CT.3"]

    theatre = api.key_maps()["theatre"]
    assert (theatre.plugin, in_language(theatre.label, "fr")) == ("thirdparty", "bloc opératoire")
    keymap, problems = Keymap.default().overridden(theatre.changes)
    assert problems == []
    assert keymap.wheel_action("stack", []) == "zoom"
    assert keymap.wheel_action("stack", ["ctrl"]) == "scroll"
    assert Keymap.default().wheel_action("stack", []) == "scroll"  # what the map changed


def test_a_plugin_whose_contribution_is_unusable_is_reported_and_the_others_load(site):
    broken = '''
    from viewer.plugin_api import WindowPreset


    def register(api):
        api.add_window_presets("US", [WindowPreset("us.soft", 200, 100, {"en": "Soft"})])
        api.add_hanging_protocols(__path__[0] + "/protocols")
    '''
    install(site, "cauri_broken_test", "broken", broken, {"protocols/list.json": [1, 2]})
    api = load_plugins()
    assert api.loaded == ["builtins", "thirdparty"]
    ((name, reason),) = api.failed
    assert name == "broken"
    assert reason.startswith("ValueError: ") and reason.endswith("list.json: holds a JSON list, not an object")
    assert [p.key for p in api.window_presets("US")] == ["us.soft"]  # what it registered before stays
    assert {p.plugin for p in api.hanging_protocols()} == {"thirdparty"}


@pytest.mark.parametrize("call, reason", [
    (lambda api: api.add_hanging_protocols("/nowhere/protocols"), "/nowhere/protocols: no such file or folder"),
    (lambda api: api.add_key_map("", "x", {}), "a key map needs a name"),
    (lambda api: api.add_key_map("touch", "x", {"stack": {"zoom": 3}}), "key map 'touch': changes are"),
    (lambda api: api.add_exporter(type("E", (), {"name": "png", "label": "PNG", "suffix": "png",
                                                   "export": lambda self, job: []})()), "exporter 'png': suffix must start with '.'"),
])
def test_unusable_contributions_say_why(call, reason):
    from viewer.plugin_api import PluginAPI

    with pytest.raises(ValueError) as caught:
        call(PluginAPI())
    assert str(caught.value).startswith(reason)


def test_an_exporter_name_is_taken_once():
    from viewer.plugin_api import PluginAPI

    class Png:
        name, label, suffix = "png", "PNG", ".png"

        def export(self, job):
            return []

    api = PluginAPI()
    api.add_exporter(Png())
    with pytest.raises(ValueError, match="exporter 'png' is already registered"):
        api.add_exporter(Png())
    assert len(api.exporters()) == 1


def test_cauri_info_in_a_fresh_process_finds_the_plugin_through_its_entry_point(site, tmp_path):
    mr = write_series(tmp_path / "files" / "mr", slices=3, rows=32, cols=32, modality="MR")
    ct = write_series(tmp_path / "files" / "ct", slices=3, rows=32, cols=32, study_uid=mr["study_uid"])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(ROOT), str(ROOT / "plugins")])}
    done = subprocess.run([sys.executable, "-m", "viewer", "info", str(tmp_path / "files"), "--json"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    kinds = {s["series_uid"]: s["kind"] for s in json.loads(done.stdout)["series"]}
    assert kinds == {mr["series_uid"]: "contact-sheet", ct["series_uid"]: "stack"}
