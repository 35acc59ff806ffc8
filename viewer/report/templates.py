"""The report templates a reader can choose: Cauri's own (``resources/report_templates``, French, one per
short id) and the hospital's or RSNA RadReport MRRT files dropped in ``<config>/report_templates``
(a file's name without ``.html`` is its id; a hospital file named like a built-in one replaces it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from viewer.core.messages import msg
from viewer.core.resources import resource
from viewer.report.mrrt import Template, TemplateError, load_template

BUILTIN_IDS = ("ct-thorax", "ct-abdomen", "ct-head", "mr-brain", "cr-chest", "us-abdomen", "mammo")
# Which template a study of a modality opens with when the reader has not chosen one.
BY_MODALITY = {"CT": "ct-thorax", "MR": "mr-brain", "CR": "cr-chest", "DX": "cr-chest", "US": "us-abdomen",
               "MG": "mammo"}


@dataclass(frozen=True)
class TemplateEntry:
    id: str
    path: Path
    builtin: bool


def user_folder(config_dir: Path | str | None) -> Path | None:
    return Path(config_dir) / "report_templates" if config_dir else None


def catalogue(config_dir: Path | str | None = None) -> list[TemplateEntry]:
    entries = {i: TemplateEntry(i, resource("report_templates", f"{i}.html"), True) for i in BUILTIN_IDS}
    folder = user_folder(config_dir)
    if folder is not None and folder.is_dir():
        for p in sorted(folder.glob("*.htm*")):
            entries[p.stem] = TemplateEntry(p.stem, p, False)
    return list(entries.values())


_PARSED: dict[str, tuple[int | None, int | None, Template]] = {}


def _load(path: Path) -> Template:
    """``load_template``, parsed again only when the file changed: opening a study lists every template, and
    parsing them all each time cost ~0.4 s of the window's thread before the first image."""
    known = _PARSED.get(str(path))
    if known is not None and known[0] is None:
        return known[2]  # one of Cauri's own: part of the installation, never edited in place
    try:
        st = Path(path).stat()
    except OSError:
        return load_template(path)  # says why it cannot be read
    if known is not None and known[:2] == (st.st_mtime_ns, st.st_size):
        return known[2]
    template = load_template(path)
    builtin = Path(path).parent == resource("report_templates")
    _PARSED[str(path)] = (None, None, template) if builtin else (st.st_mtime_ns, st.st_size, template)
    return template


def load_entry(entry: TemplateEntry) -> Template:
    """The template of a catalogue entry (parsed once while its file is unchanged)."""
    return _load(entry.path)


def find_template(key: str, config_dir: Path | str | None = None) -> tuple[str, Template]:
    """(id, template) for a short id of the catalogue or the path of an MRRT file."""
    for e in catalogue(config_dir):
        if e.id == key:
            return e.id, _load(e.path)
    path = Path(key)
    if path.suffix.lower() in (".html", ".htm") and path.is_file():
        return path.stem, _load(path)
    ids = ", ".join(e.id for e in catalogue(config_dir))
    raise TemplateError(msg("no report template {name}; known: {ids}", name=key, ids=ids))


def title_in(template: Template, language: str) -> str:
    """The template's title in the reader's language: Cauri's French templates carry their English title
    as ``dcterms.alternative``."""
    if language != "fr" and template.language == "fr" and template.alternative:
        return template.alternative
    return template.title
