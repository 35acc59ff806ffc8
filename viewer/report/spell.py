"""Spell-checking a report against a French medical word list the reader can add to.

The list is ``resources/spell/fr_medical.txt`` (written for Cauri, BSD-3-Clause: common French words and
the radiology vocabulary of the templates); the reader's additions go to ``<config>/spell_fr_user.txt``
(one word a line, written atomically). Regular plurals and feminines (-s, -x, -e, -es) of a known word
are accepted, a word with a digit or written in capitals (UH, TDM, ACR) is never flagged, and elisions
are split ("l'examen" checks "examen"). No toolkit: the window underlines what ``unknown_spans`` finds.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from viewer.core.atomic import atomic_write_bytes
from viewer.core.resources import resource

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
ELISION = re.compile(r"^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)['’]", re.I)
USER_FILE = "spell_fr_user.txt"


def _norm(word: str) -> str:
    return unicodedata.normalize("NFC", word.replace("’", "'")).lower()


def read_words(path: Path) -> set[str]:
    words = set()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError:
        return words
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        words.update(_norm(w) for w in line.split())
    return words


class SpellChecker:
    def __init__(self, config_dir: Path | str | None = None, word_list: Path | None = None) -> None:
        self.user_file = Path(config_dir) / USER_FILE if config_dir else None
        self.words = read_words(word_list or resource("spell", "fr_medical.txt"))
        self.user = read_words(self.user_file) if self.user_file else set()

    def known(self, word: str) -> bool:
        w = _norm(word)
        if len(w) < 2 or any(c.isdigit() for c in w) or word.isupper():
            return True
        if "-" in w:
            return all(self.known(p) for p in w.split("-") if p)
        vocab = self.words | self.user
        if w in vocab:
            return True
        for suffix in ("es", "s", "x", "e"):
            if w.endswith(suffix) and w[: -len(suffix)] in vocab:
                return True
        return False

    def unknown_spans(self, text: str) -> list[tuple[int, int]]:
        """(start, length) of each word not in the lists."""
        out = []
        for m in re.finditer(r"[^\W\d_]+(?:['’][^\W\d_]+)*(?:-[^\W\d_]+)*", text):
            token, start = m.group(0), m.start()
            elided = ELISION.match(token)
            if elided:
                token, start = token[elided.end():], start + elided.end()
            if token and not self.known(token):
                out.append((start, len(token)))
        return out

    def add(self, word: str) -> None:
        """Add ``word`` to the reader's own list (kept across restarts)."""
        w = _norm(word.strip())
        if not w or self.user_file is None:
            return
        self.user.add(w)
        header = "# Mots ajoutés par le lecteur (Cauri)\n"
        atomic_write_bytes(self.user_file, (header + "\n".join(sorted(self.user)) + "\n").encode("utf-8"))
