"""IHE MRRT report templates (HTML5): the structure a report is written in.

An MRRT template is an HTML5 page whose ``<section>`` elements (``data-section-name``, a ``<header>``)
hold template fields: ``<textarea>`` (MRRT does not list it but the RSNA library uses it everywhere),
``<input>`` (text, number, date, checkbox) and ``<select>`` with ``<option>`` choices. Coded values are in
a ``<script type="text/xml">`` block: ``<template_attributes>`` with ``<coding_schemes>``, the template's own
``<term>`` codes, and ``<coded_content>``, whose ``<entry ORIGTXT="id">`` binds a section, field or option
id to a code. The RadReport files write that XML with unclosed ``<code ...>`` tags inside an HTML comment,
so it is read with a tolerant scan, not an XML parser. A template that cannot be read raises
``TemplateError`` with a plain reason.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from viewer.core.messages import msg


class TemplateError(ValueError):
    pass


@dataclass(frozen=True)
class Code:
    value: str
    scheme: str
    meaning: str


@dataclass(frozen=True)
class Option:
    id: str
    value: str
    text: str  # what the report says when this option is chosen
    code: Code | None = None


@dataclass(frozen=True)
class Field:
    id: str
    name: str
    kind: str  # "text" (textarea or text input), "number", "date", "checkbox", "selection"
    label: str = ""
    default: str = ""
    unit: str = ""
    options: tuple[Option, ...] = ()
    code: Code | None = None


@dataclass(frozen=True)
class Section:
    id: str
    name: str  # data-section-name: the key of the section (what HL7 and the SR heading are chosen from)
    title: str  # the header as the reader sees it
    fields: tuple[Field, ...] = ()
    code: Code | None = None
    level: int = 1

    def default_text(self) -> str:
        """The section's starting text: each field's default (or first choice), labelled."""
        lines = []
        for f in self.fields:
            value = f.default
            if f.kind == "selection" and f.options:
                chosen = next((o for o in f.options if o.value == f.default), f.options[0])
                value = chosen.text
            if not value:
                continue
            label = f.label.rstrip(" :\u00a0")
            lines.append(f"{label} : {value}".replace(" : ", "\u00a0: ") if label and label != self.title else value)
        return "\n".join(lines)


@dataclass(frozen=True)
class Template:
    title: str
    sections: tuple[Section, ...]
    identifier: str = ""
    alternative: str = ""  # dcterms.alternative: Cauri's templates give their English title there
    language: str = ""
    publisher: str = ""
    rights: str = ""
    codes: tuple[Code, ...] = ()  # the template's own terms (procedure, anatomy)
    schemes: dict = field(default_factory=dict)  # scheme name -> designator OID

    def section(self, key: str) -> Section | None:
        for s in self.sections:
            if key in (s.id, s.name):
                return s
        return None


_CODE = re.compile(r"<code\b([^>]*)>", re.I)
_ENTRY = re.compile(r"<entry\b([^>]*)>(.*?)</entry>", re.I | re.S)
_SCHEME = re.compile(r"<coding_scheme\b([^>]*)>", re.I)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*("([^"]*)"|'([^']*)')""")


def _attrs(text: str) -> dict[str, str]:
    return {m.group(1).lower(): html.unescape(m.group(3) if m.group(3) is not None else m.group(4) or "")
            for m in _ATTR.finditer(text)}


def _code(attrs: dict[str, str]) -> Code | None:
    if not attrs.get("value"):
        return None
    return Code(attrs["value"], attrs.get("scheme", ""), attrs.get("meaning", ""))


def parse_attributes(xml: str) -> tuple[dict[str, str], dict[str, Code], list[Code]]:
    """(scheme name -> designator, element id -> code, the template's own codes) of a template_attributes block."""
    schemes = {a.get("name", ""): a.get("designator", "") for a in (_attrs(m.group(1)) for m in _SCHEME.finditer(xml))}
    bound: dict[str, Code] = {}
    for m in _ENTRY.finditer(xml):
        origin = _attrs(m.group(1)).get("origtxt", "")
        found = _CODE.search(m.group(2))
        code = _code(_attrs(found.group(1))) if found else None
        if origin and code:
            bound[origin] = code
    outside = _ENTRY.sub("", xml)
    own = [c for c in (_code(_attrs(m.group(1))) for m in _CODE.finditer(outside)) if c]
    return schemes, bound, own


class _Builder(HTMLParser):
    """Walks the page once: head metadata, the XML block, sections and their fields."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self.xml = ""
        self.sections: list[dict] = []
        self._stack: list[dict] = []  # open sections
        self._in: str | None = None  # "title", "script", "header", "label", "textarea", "option"
        self._buf: list[str] = []
        self._field: dict | None = None
        self._option: dict | None = None
        self._label_for = ""
        self._labels: dict[str, str] = {}
        self._pending_label = ""

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta" and a.get("name"):
            self.meta.setdefault(a["name"].lower(), a.get("content", ""))
        elif tag == "title":
            self._begin("title")
        elif tag == "script" and "xml" in a.get("type", ""):
            self._begin("script")
        elif tag == "section":
            level = len(self._stack) + 1
            sec = {"id": a.get("id", ""), "name": a.get("data-section-name", ""), "title": "", "fields": [], "level": level}
            self.sections.append(sec)
            self._stack.append(sec)
        elif tag in ("header", "h1", "h2", "h3", "h4") and self._stack and not self._stack[-1]["title"]:
            self._begin("header")
        elif tag == "label":
            self._label_for = a.get("for", "")
            self._begin("label")
        elif tag in ("textarea", "input", "select") and self._stack:
            kind = {"textarea": "text", "select": "selection"}.get(tag) or {
                "number": "number", "date": "date", "checkbox": "checkbox"}.get(a.get("type", "text").lower(), "text")
            f = {"id": a.get("id", ""), "name": a.get("name", ""), "kind": kind, "default": a.get("value", ""),
                 "unit": a.get("data-field-units", ""), "options": [], "label": self._labels.get(a.get("id", ""), "")
                 or self._pending_label}
            if kind == "checkbox":
                f["default"] = "✓" if "checked" in a else ""
            self._pending_label = ""
            self._stack[-1]["fields"].append(f)
            self._field = f
            if tag == "textarea":
                self._begin("textarea")
        elif tag == "option" and self._field is not None:
            self._option = {"id": a.get("id", ""), "value": a.get("value", ""), "selected": "selected" in a}
            self._begin("option")

    def handle_endtag(self, tag):
        if tag == "title" and self._in == "title":
            self.title = self._end()
        elif tag == "script" and self._in == "script":
            self.xml = self._end()
        elif tag in ("header", "h1", "h2", "h3", "h4") and self._in == "header":
            self._stack[-1]["title"] = self._end()
        elif tag == "label" and self._in == "label":
            text = self._end()
            if self._label_for:
                self._labels[self._label_for] = text
            else:
                self._pending_label = text  # RadReport writes <label>X:</label> before the field, without for=
        elif tag == "textarea" and self._in == "textarea":
            self._field["default"] = self._end(strip_lines=False)
            self._field = None
        elif tag == "option" and self._in == "option":
            text = self._end()
            o = self._option
            self._field["options"].append(Option(o["id"], o["value"] or text, text))
            if o["selected"]:
                self._field["default"] = o["value"] or text
        elif tag == "select":
            self._field = None
        elif tag == "section" and self._stack:
            self._stack.pop()

    def handle_comment(self, data):
        if self._in == "script":
            self._buf.append(data)

    def handle_data(self, data):
        if self._in:
            self._buf.append(data)

    def _begin(self, what: str) -> None:
        self._in, self._buf = what, []

    def _end(self, strip_lines: bool = True) -> str:
        text = "".join(self._buf)
        self._in, self._buf = None, []
        if strip_lines:
            return " ".join(text.split())
        return "\n".join(line.strip() for line in text.strip().splitlines())


def parse_template(text: str) -> Template:
    builder = _Builder()
    try:
        builder.feed(text)
        builder.close()
    except Exception as exc:  # html.parser is lenient; anything it still raises is a broken file
        raise TemplateError(msg("not a readable MRRT template ({error})", error=type(exc).__name__)) from None
    if not builder.sections:
        raise TemplateError(msg("not an MRRT template: no <section> in the file"))
    schemes, bound, own = parse_attributes(builder.xml)
    sections = []
    for i, s in enumerate(builder.sections):
        fields = tuple(
            Field(f["id"], f["name"], f["kind"], f["label"], f["default"], f["unit"],
                  tuple(Option(o.id, o.value, o.text, bound.get(o.id)) for o in f["options"]), bound.get(f["id"]))
            for f in s["fields"]
        )
        name = s["name"] or s["title"] or f"section-{i + 1}"
        sections.append(Section(s["id"] or name, name, s["title"] or name, fields,
                                bound.get(s["id"]) or next((f.code for f in fields if f.code), None), s["level"]))
    return Template(
        title=builder.meta.get("dcterms.title") or builder.title or sections[0].title,
        sections=tuple(sections),
        identifier=builder.meta.get("dcterms.identifier", ""),
        alternative=builder.meta.get("dcterms.alternative", ""),
        language=builder.meta.get("dcterms.language", ""),
        publisher=builder.meta.get("dcterms.publisher", ""),
        rights=builder.meta.get("dcterms.rights", ""),
        codes=tuple(own),
        schemes=schemes,
    )


def load_template(path: Path | str) -> Template:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise TemplateError(msg("template file unreadable ({error})", error=type(exc).__name__)) from None
    return parse_template(raw.decode("utf-8", errors="replace"))
