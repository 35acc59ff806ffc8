"""Why files opened in place (viewer.model.loose_files) were refused or skipped: English word for word as the
CLI prints it, French from the catalogue."""

from __future__ import annotations

import shutil
import zipfile

from synthetic import write_series
from viewer.core.messages import in_language
from viewer.model.loose_files import open_paths


def test_refusals_and_skips_are_messages_in_english_and_french(tmp_path):
    info = write_series(tmp_path / "src", slices=2, rows=16, cols=16)
    shutil.copy(info["files"][0], tmp_path / "src" / "copy.dcm")  # the same SOP instance twice
    (tmp_path / "src" / "empty.dcm").write_bytes(b"")
    (tmp_path / "src" / "notes.txt").write_text("not an image")
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip archive")
    with zipfile.ZipFile(tmp_path / "src" / "outer.zip", "w") as outer:
        outer.writestr("inner.zip", (tmp_path / "broken.zip").read_bytes())
    with open_paths([tmp_path / "src", tmp_path / "broken.zip", tmp_path / "src" / "notes.txt"]) as loose:
        problems = {r.source.rsplit("/", 1)[-1]: r.reason for r in loose.problems}
        skipped = {r.source.rsplit("/", 1)[-1]: r.reason for r in loose.skipped}
        assert len(loose.display_sets()) == 1
    assert problems == {"broken.zip": "damaged or unsupported zip archive", "notes.txt": "not a DICOM file"}
    duplicate = next(reason for name, reason in skipped.items() if reason.startswith("same SOP instance"))
    assert duplicate.endswith("; shown once")
    assert skipped["empty.dcm"] == "empty file"
    assert skipped["outer.zip!inner.zip"] == "zip archive inside a zip archive; unpack the outer one first"
    french = {name: in_language(reason, "fr") for name, reason in {**problems, **skipped}.items()}
    assert french["broken.zip"] == "archive zip endommagée ou non prise en charge"
    assert french["notes.txt"] == "pas un fichier DICOM" and french["empty.dcm"] == "fichier vide"
    assert french["outer.zip!inner.zip"] == "archive zip dans une archive zip\u00a0; extraire d'abord l'archive extérieure"
    assert in_language(duplicate, "fr").startswith("même instance SOP que ")
    assert in_language(duplicate, "fr").endswith("\u00a0; affichée une seule fois")

