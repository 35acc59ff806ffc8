"""Issue 19: a read-only home gives a clear message, never a traceback, from the commands that write it.

The home is a real read-only mount (a tmpfs remounted ro: the tests run as root, so file modes would not
stop a write); where mounting is not permitted the mount tests skip and the in-process test below still
proves the message through the same code path (an OSError EROFS out of a command)."""

from __future__ import annotations

import errno
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.timeout(120)


def cauri(*args, home) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "viewer", *args, "--home", str(home)], capture_output=True,
                          text=True, timeout=90)
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    return proc


@pytest.fixture
def read_only_home(tmp_path):
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", str(mnt)], capture_output=True).returncode:
        pytest.skip("mounting a tmpfs is not permitted here (needs root); test_write_refusal_is_a_message covers the path")
    home = mnt / "home"
    try:
        cauri("node", "add", "pacs", "--ae", "ORTHANC", "--host", "127.0.0.1", "--port", "9", home=home)
        cauri("studies", home=home)  # makes the cache and its index
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        yield home
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def test_reading_commands_work_on_a_read_only_home(read_only_home):
    assert cauri("config", "list", home=read_only_home).returncode == 0
    listed = cauri("node", "list", home=read_only_home)
    assert listed.returncode == 0 and "ORTHANC@127.0.0.1:9" in listed.stdout
    echo = cauri("echo", "pacs", home=read_only_home)  # nobody listens on port 9: a network reason, not EROFS
    assert echo.returncode == 1 and echo.stderr.startswith("cauri echo: could not connect to pacs")


@pytest.mark.parametrize("command, target", [
    (("config", "set", "ae_title", "RADIO1"), "config/network.json"),
    (("node", "add", "other", "--ae", "X", "--host", "h", "--port", "104"), "config/network.json"),
    (("measurements", "--study-uid", "1.2.3"), "data/store"),
])
def test_writing_commands_say_the_home_is_read_only(read_only_home, command, target):
    proc = cauri(*command, home=read_only_home)
    assert proc.returncode == 1
    line = proc.stderr.strip()
    assert line.startswith(f"cauri {command[0]}: cannot write {read_only_home / target}")
    assert "(read-only file system)" in line and len(line.splitlines()) == 1


def test_write_refusal_is_a_message(capsys, tmp_path):
    from argparse import Namespace

    from viewer.commands import _guard

    def refuse(_args):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(tmp_path / "config" / "network.json"))

    assert _guard.run("config", refuse, Namespace(home=str(tmp_path))) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"cauri config: cannot write {tmp_path / 'config' / 'network.json'} (read-only file system)")


def test_headless_commands_log_to_the_home(tmp_path):
    """Headless commands write the home's rotating log as the GUI does (counts, no names)."""
    from store_fixtures import write_series

    write_series(tmp_path / "src", 2, name="Secret^Patient", patient_id="PID-SECRET")
    home = tmp_path / "home"
    assert cauri("import", str(tmp_path / "src"), home=home).returncode == 0
    log = (home / "logs" / "cauri.log").read_text()
    assert "import: 2 imported" in log
    assert "Secret" not in log and "PID-SECRET" not in log
