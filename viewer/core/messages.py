"""User-facing messages made in the domain layer, readable in the UI's language.

The layers below the UI keep speaking English (logs, CLI JSON and tests read those texts), but a message
shown to a reader is built with ``msg(template, **params)``: a ``str`` whose value is the English text, which
also remembers its template and parameters, so the UI can say it again in French with ``in_language``.
Parameters that are messages themselves are translated too; a template without a French entry stays English.
``tests/test_messages_catalogue.py`` fails when a ``msg(...)`` template in ``viewer/`` has no French entry.
"""

from __future__ import annotations

import numbers
import string
from typing import Any

from viewer.core.messages_fr import FRENCH
from viewer.core.numbers import is_plural, punctuate, trimmed

CATALOGUES = {"fr": FRENCH}
# Entries plugins add for the templates they write (``add_translations``); kept apart from the viewer's own
# catalogue, which its completeness test checks against the viewer's source alone.
_ADDED: dict[str, dict[str, str]] = {}


class Message(str):
    """The English text, with the template and parameters it was made from."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, params: dict[str, Any]):
        self = super().__new__(cls, _render(template, params, "en"))
        self.template = template
        self.params = params
        return self

    def __reduce__(self):  # survives a trip to another process (decode workers, pickled reports)
        return (Message, (self.template, self.params))


def msg(template: str, **params: Any) -> Message:
    """A message in English now, translatable later. ``template`` must be a literal (the catalogue test
    finds every template by reading the source)."""
    return Message(template, params)


def add_translations(language: str, entries: dict[str, str]) -> None:
    """``entries`` (English template -> template in ``language``, same parameter names) say a plugin's
    messages in that language. The viewer's own entry wins where both have one: a plugin cannot reword it."""
    _ADDED.setdefault(language, {}).update(entries)


def in_language(text: Any, language: str) -> str:
    """``text`` in ``language``: a message from its catalogue entry (English when it has none); any other
    text as it is."""
    if not isinstance(text, Message):
        return "" if text is None else str(text)
    template = CATALOGUES.get(language, {}).get(text.template) or _ADDED.get(language, {}).get(text.template)
    if template is None:
        return str(text)
    return punctuate(_render(template, text.params, language), language)


def message_of(exc: BaseException) -> str:
    """What ``exc`` says: the message it was raised with (which ``str(exc)`` would flatten to plain
    English), else its text."""
    if len(exc.args) == 1 and isinstance(exc.args[0], Message):
        return exc.args[0]
    return str(exc)


class _Formatter(string.Formatter):
    """``str.format`` plus: a ``trim`` spec (at most two decimals, no trailing zeros: "2.5", "3"), a plural
    spec ``{n:slice|slices}`` (the form the count ``n`` takes in the language: French singular for 0 and 1),
    message parameters said in the same language, lists joined by commas, and the French decimal comma."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, (list, tuple)):
            return ", ".join(self.format_field(v, format_spec) for v in value)
        if isinstance(value, Message):
            return in_language(value, self.language)
        if "|" in format_spec:
            one, _, many = format_spec.partition("|")
            return many if is_plural(value, self.language) else one
        if format_spec == "trim":
            return trimmed(value, self.language)
        else:
            text = super().format_field(value, format_spec)
        if self.language == "fr" and isinstance(value, numbers.Real) and not isinstance(value, bool):
            text = text.replace(".", ",")
        return text


def _render(template: str, params: dict[str, Any], language: str) -> str:
    return _Formatter(language).vformat(template, (), params)
