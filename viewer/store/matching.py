"""Case folding and wildcard translation for study searches.

SQLite's own case folding (``NOCASE``, ``LIKE``) only knows ASCII: "É" would never match "é". So the
index keeps Python-folded copies of the searchable columns and every query pattern is folded the same
way; the comparison itself is then a plain binary ``=`` or ``GLOB``, which can use the indices.
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Case-insensitive, accent-preserving search key (NFC first: macOS hands out decomposed accents)."""
    return unicodedata.normalize("NFC", text).casefold()


def fold_name(name: str) -> str:
    """Search key of a person name: "Buc^Jérôme" and "buc jérôme" are the same key."""
    return " ".join(fold(name).replace("^", " ").split())


def has_wildcard(pattern: str) -> bool:
    return "*" in pattern or "?" in pattern


def glob_literal(text: str) -> str:
    """Escape GLOB's character classes so that only ``*`` and ``?`` stay special."""
    return text.replace("[", "[[]")


def name_glob(pattern: str) -> str:
    """GLOB for a name: wildcards as given, otherwise "starts with" (a surname alone finds the patient)."""
    key = glob_literal(fold_name(pattern))
    if not has_wildcard(pattern):
        key += "*"
    # Folding collapses "^" to " ", so "Doe^*" became "doe *": let "doe*" also match "doe" alone.
    return key.replace(" *", "*")


def id_glob(pattern: str) -> str:
    return glob_literal(fold(pattern.strip()))
