"""The storage listener that cannot open its port says so in the window (pushes and C-MOVE need it)."""

from __future__ import annotations

import socket

import pytest

from gui_helpers import make_window

pytestmark = pytest.mark.gui


def _configure(home, port: int, **workstation) -> None:
    from viewer.net.nodes import NetworkConfig, Node

    cfg = NetworkConfig()
    cfg.workstation.storage_port = port
    for key, value in workstation.items():
        setattr(cfg.workstation, key, value)
    cfg.add(Node(name="pacs", ae_title="PACS", host="127.0.0.1", port=4242))
    cfg.save(home)


def _start(window, home):
    return window.ws.start_listener()


def test_a_busy_port_is_reported_in_french_in_the_status_bar(qtbot, tmp_path):
    home = tmp_path / "home"
    window = make_window(qtbot, home, language="fr")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        _configure(home, port)
        assert _start(window, home) is None
    text = window.status_label.text()
    assert f"Réception DICOM arrêtée\u00a0: le port {port} n'a pas pu être ouvert" in text
    assert "port déjà utilisé" in text


def test_unusable_tls_files_are_reported_as_such(qtbot, tmp_path):
    home = tmp_path / "home"
    window = make_window(qtbot, home, language="en")
    cert = tmp_path / "cert.pem"
    cert.write_text("not a certificate")
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    _configure(home, port, tls_cert=str(cert), tls_key=str(cert))
    assert _start(window, home) is None
    text = window.status_label.text()
    assert f"DICOM reception is off: port {port} could not be opened" in text
    assert "TLS certificate, key or CA cannot be used" in text
