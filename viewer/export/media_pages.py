"""README.TXT and INDEX.HTM of a patient's disc, in French then English.

Who reads them: the patient, a relative, a doctor's secretary, on any computer. What they say: what is on the
disc (studies by date and kind of examination, how many images), how to open it (the Cauri on the disc, or
any DICOM viewer), that nothing starts by itself. What they leave out on purpose: the patient's name, ID and
birth date, and the free-text descriptions (which sometimes carry a name or a clinical detail). The images
and the DICOMDIR carry the patient's identity, as they must for the doctor's software to file them; a text
page that anyone can open in a browser, or read from a lost key, needs none of it. Pages are ASCII-safe
(HTML entities, CRLF line ends in README.TXT) so that the oldest Windows notepad shows them right.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from viewer.core.numbers import format_date

# ISO 9660 level 1 and IHE PDI: 8.3 upper-case names, no extension on DICOM files.
README = "README.TXT"
INDEX = "INDEX.HTM"
VIEWER_FOLDER = "CAURI"


@dataclass(frozen=True)
class StudyLine:
    """One study on the disc, as the pages show it: no name, no ID, no description."""

    date: str  # DICOM date (YYYYMMDD) or ""
    modalities: tuple[str, ...]
    series: int
    images: int


def _studies_text(studies: Sequence[StudyLine], language: str) -> list[str]:
    lines = []
    for s in studies:
        date = format_date(s.date, language) or ("date inconnue" if language == "fr" else "date unknown")
        kinds = ", ".join(s.modalities) or "?"
        if language == "fr":
            lines.append(f"{date}  {kinds}  {s.series} série(s), {s.images} image(s)")
        else:
            lines.append(f"{date}  {kinds}  {s.series} series, {s.images} image(s)")
    return lines


def _system(program: str) -> str:
    """The computers the portable build on the disc runs on: a build is made per system (PyInstaller)."""
    return "Windows" if program.lower().endswith(".exe") else "Linux"


def _how_to_open(language: str, viewer: str | None) -> list[str]:
    if language == "fr":
        steps = []
        if viewer:
            steps.append(f"Avec Cauri, sur ce support ({_system(viewer)}) : ouvrez le dossier {VIEWER_FOLDER} et "
                         f"lancez « {viewer} ». Les images s'ouvrent directement, rien n'est installé.")
        steps.append("Avec votre logiciel d'imagerie médicale (lecteur DICOM) : ouvrez le fichier DICOMDIR "
                     "à la racine de ce support.")
        steps.append("Rien ne démarre tout seul : ce support ne contient pas de lancement automatique.")
        return steps
    steps = []
    if viewer:
        steps.append(f"With Cauri, on this medium ({_system(viewer)}): open the {VIEWER_FOLDER} folder and start "
                     f"\"{viewer}\". The images open directly; nothing is installed.")
    steps.append("With your medical imaging software (DICOM viewer): open the DICOMDIR file at the top of this "
                 "medium.")
    steps.append("Nothing starts by itself: this medium has no autorun.")
    return steps


def readme_text(studies: Sequence[StudyLine], created: str, viewer: str | None) -> bytes:
    """README.TXT: plain text, CRLF, French then English. ``created`` is a DICOM date (YYYYMMDD)."""
    out = ["IMAGES MEDICALES - DISQUE PATIENT (IHE PDI)", "=" * 44, "",
           f"Créé le {format_date(created, 'fr')} par Cauri.", "", "Contenu :"]
    out += ["  " + line for line in _studies_text(studies, "fr")]
    out += ["", "Pour ouvrir les images :"] + ["  - " + s for s in _how_to_open("fr", viewer)]
    out += ["", "Ces images sont confidentielles : gardez ce support en lieu sûr.", "", "",
            "MEDICAL IMAGES - PATIENT MEDIUM (IHE PDI)", "=" * 41, "",
            f"Made on {format_date(created, 'en')} by Cauri.", "", "Contents:"]
    out += ["  " + line for line in _studies_text(studies, "en")]
    out += ["", "To open the images:"] + ["  - " + s for s in _how_to_open("en", viewer)]
    out += ["", "These images are confidential: keep this medium safe.", ""]
    # UTF-8 with a byte-order mark: Windows Notepad then shows the accents right, every editor reads it.
    return ("\ufeff" + "\r\n".join(out)).encode("utf-8")


def index_html(studies: Sequence[StudyLine], created: str, viewer: str | None) -> bytes:
    """INDEX.HTM: a static page (no script, nothing fetched), French then English; ASCII with entities."""

    def section(language: str, title: str, made: str, contents: str, open_title: str, safe: str) -> str:
        items = "".join(f"<li>{html.escape(line)}</li>" for line in _studies_text(studies, language))
        steps = "".join(f"<li>{html.escape(step)}</li>" for step in _how_to_open(language, viewer))
        return (f'<section lang="{language}"><h1>{title}</h1><p>{made} {format_date(created, language)}.</p>'
                f"<h2>{contents}</h2><ul>{items}</ul><h2>{open_title}</h2><ol>{steps}</ol><p>{safe}</p></section>")

    body = (section("fr", "Images m&eacute;dicales &ndash; disque patient", "Cr&eacute;&eacute; par Cauri le",
                    "Contenu", "Pour ouvrir les images",
                    "Ces images sont confidentielles&nbsp;: gardez ce support en lieu s&ucirc;r.")
            + "<hr>"
            + section("en", "Medical images &ndash; patient medium", "Made by Cauri on", "Contents",
                      "To open the images", "These images are confidential: keep this medium safe."))
    page = ('<!DOCTYPE html>\n<html lang="fr"><head><meta charset="us-ascii">'
            "<title>Images m&eacute;dicales / Medical images</title></head>\n"
            f"<body>{body}</body></html>\n")
    return page.encode("ascii", "xmlcharrefreplace")
