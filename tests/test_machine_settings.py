"""Per-machine settings deployed by IT (``viewer.core.machine``): defaults under every user's own choices.

The expected values are the ones the test writes into the machine's file and the user's files; what the
commands print is read through ``python -m viewer`` in a subprocess, as IT would check a deployment.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

MACHINE = {
    "settings": {"language": "en", "cache_limit_gb": 200, "setup_done": True, "grid_rows": "two"},
    "network": {
        "workstation": {"ae_title": "LECTURE1", "storage_port": 11113},
        "nodes": [{"name": "PACS", "ae_title": "ORTHANC", "host": "10.0.0.5", "port": 4242},
                  {"name": "MR", "ae_title": "MRI", "host": "10.0.0.9", "port": "104"}],
    },
}


@pytest.fixture
def machine_file(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "etc" / "settings.json"
    path.parent.mkdir()
    path.write_text(json.dumps(MACHINE), encoding="utf-8")
    monkeypatch.setenv("CAURI_MACHINE_SETTINGS", str(path))
    return path


def cli(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    return subprocess.run([sys.executable, "-m", "viewer", *args, "--home", str(home)], env=env,
                          capture_output=True, text=True, timeout=120)


def test_machine_defaults_apply_and_the_user_keeps_only_what_differs(cauri_home, machine_file):
    from viewer.core.paths import resolve_paths
    from viewer.core.settings import Settings

    paths = resolve_paths(cauri_home).ensure()
    settings = Settings.load(paths.settings_file)
    assert (settings.language, settings.cache_limit_gb, settings.setup_done) == ("en", 200.0, True)
    assert settings.grid_rows == 1  # a value of the wrong type in the machine's file is left out
    settings.cine_fps = 25
    settings.save(paths.settings_file)
    saved = json.loads(paths.settings_file.read_text())
    assert saved["cine_fps"] == 25
    assert "language" not in saved and "cache_limit_gb" not in saved  # the machine's, left to the machine
    # IT changes the machine's language later: this user, who never chose one, follows.
    machine = json.loads(machine_file.read_text())
    machine["settings"]["language"] = "fr"
    machine_file.write_text(json.dumps(machine))
    assert Settings.load(paths.settings_file).language == "fr"
    # A user's own choice wins over the machine's.
    settings = Settings.load(paths.settings_file)
    settings.language = "en"
    settings.save(paths.settings_file)
    assert Settings.load(paths.settings_file).language == "en"


def test_a_reader_from_before_the_wizard_is_not_asked_again(cauri_home):
    from viewer.core.paths import resolve_paths
    from viewer.core.settings import Settings

    paths = resolve_paths(cauri_home).ensure()
    assert Settings.load(paths.settings_file).setup_done is False  # first run
    paths.settings_file.write_text('{"language": "fr", "grid_rows": 2}')  # written by an older Cauri
    assert Settings.load(paths.settings_file).setup_done is True


def test_archives_and_identity_come_from_the_machine_and_the_cli_sees_them(tmp_path, machine_file):
    home = tmp_path / "home"
    got = cli(home, "config", "get", "ae_title")
    assert got.returncode == 0, got.stderr
    assert got.stdout.strip() == "LECTURE1"
    listed = cli(home, "node", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    nodes = {n["name"]: n for n in json.loads(listed.stdout)}
    assert (nodes["PACS"]["host"], nodes["PACS"]["port"]) == ("10.0.0.5", 4242)
    assert nodes["MR"]["port"] == 0  # a port written as text in the machine's file is left out
    # The user changes the port only: their file says that alone.
    assert cli(home, "config", "set", "storage_port", "4000").returncode == 0
    user = json.loads((home / "config" / "network.json").read_text())
    assert user["workstation"]["storage_port"] == 4000 and "ae_title" not in user["workstation"]
    assert user["nodes"] == []  # the machine's archives are not copied into the user's file
    assert cli(home, "config", "get", "storage_port").stdout.strip() == "4000"
    # IT moves the archive: the user sees the new address.
    machine = json.loads(machine_file.read_text())
    machine["network"]["nodes"][0]["host"] = "10.0.0.6"
    machine_file.write_text(json.dumps(machine))
    nodes = {n["name"]: n for n in json.loads(cli(home, "node", "list", "--json").stdout)}
    assert nodes["PACS"]["host"] == "10.0.0.6"


def test_a_damaged_machine_file_never_stops_cauri(tmp_path, monkeypatch):
    bad = tmp_path / "settings.json"
    bad.write_text("{not json")
    monkeypatch.setenv("CAURI_MACHINE_SETTINGS", str(bad))
    got = cli(tmp_path / "home", "config", "get", "ae_title")
    assert got.returncode == 0 and got.stdout.strip() == "CAURI"


def test_the_cache_location_moves_the_cache_for_every_command(tmp_path, monkeypatch):
    """The cache folder chosen in the settings is where `cauri import` files studies and where the window
    (``resolve_paths``) reads them; under --home only the home's own choice counts, not the machine's."""
    from synthetic import write_series
    from viewer.core.paths import resolve_paths

    chosen = tmp_path / "big-disk" / "cauri-cache"
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "settings.json").write_text(json.dumps({"cache_dir": str(chosen)}))
    machine = tmp_path / "machine.json"
    machine.write_text(json.dumps({"settings": {"cache_dir": str(tmp_path / "machine-cache")}}))
    monkeypatch.setenv("CAURI_MACHINE_SETTINGS", str(machine))
    assert resolve_paths(home).store == chosen
    src = tmp_path / "src"
    write_series(src, slices=3, rows=16, cols=16)
    got = cli(home, "import", str(src), "--json")
    assert got.returncode == 0, got.stderr
    assert (chosen / "index.sqlite").is_file()
    assert not (home / "data" / "store" / "index.sqlite").exists()
    (home / "config" / "settings.json").write_text("{}")
    assert resolve_paths(home).store == home.resolve() / "data" / "store"  # the machine's is not the home's
