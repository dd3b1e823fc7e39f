"""The project glossary (``locale/glossary.tsv``), read in one place for every consumer.

One row per English term: ``en``, one column per language (the term a translation must
use), ``match`` (an optional regular expression for the English forms) and ``note`` (for
translators). The catalog checker, the site's glossary page and search all read it here.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

#: Columns that are not languages.
NON_LANGUAGE_COLUMNS = ("en", "match", "note")


@dataclass
class Term:
    en: str
    translations: dict[str, str]
    pattern: re.Pattern[str]
    note: str = ""


@dataclass
class Glossary:
    terms: list[Term] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)

    def find(self, text: str) -> list[Term]:
        """Terms used in ``text``; a longer match hides the shorter terms inside it.

        ("gradient descent" is one term, not also "gradient".)
        """
        matches = []
        for index, term in enumerate(self.terms):
            for m in term.pattern.finditer(text):
                matches.append((-(m.end() - m.start()), m.start(), m.end(), index))
        taken: list[tuple[int, int]] = []
        found: dict[int, Term] = {}
        for _, start, end, index in sorted(matches):
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            taken.append((start, end))
            found.setdefault(index, self.terms[index])
        return [found[i] for i in sorted(found)]


def default_pattern(en: str) -> str:
    """Words of the English term, joined by spaces or hyphens, the last one plural or not."""
    words = [re.escape(w) for w in re.split(r"[\s-]+", en.strip()) if w]
    words[-1] += "(?:s|es)?"
    return r"[\s-]+".join(words)


def load_glossary(path: Path) -> Glossary:
    """Read the project glossary (TSV: ``en``, one column per language, ``match``, ``note``).

    ``match`` is an optional Python regular expression for the English forms (matched
    case-insensitively, as a whole word); empty means the term itself, plural allowed.
    """
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows:
        raise ValueError(f"{path}: no terms")
    header = list(rows[0].keys())
    if "en" not in header:
        raise ValueError(f"{path}: no 'en' column")
    languages = [c for c in header if c not in ("en", "match", "note")]
    glossary = Glossary(languages=languages)
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        en = (row.get("en") or "").strip()
        if not en:
            raise ValueError(f"{path}:{number}: empty 'en' cell")
        if en.casefold() in seen:
            raise ValueError(f"{path}:{number}: '{en}' is listed twice")
        seen.add(en.casefold())
        source = (row.get("match") or "").strip() or default_pattern(en)
        try:
            pattern = re.compile(rf"(?<!\w)(?:{source})(?!\w)", re.IGNORECASE)
        except re.error as exc:
            raise ValueError(f"{path}:{number}: bad 'match' for '{en}': {exc}") from exc
        translations = {lang: (row.get(lang) or "").strip() for lang in languages}
        glossary.terms.append(Term(en, translations, pattern, (row.get("note") or "").strip()))
    return glossary


@cache
def read_glossary(path: Path) -> Glossary:
    """:func:`load_glossary`, read once per path and process (the file is the build's input)."""
    return load_glossary(Path(path))


def terms_of(path: Path, language: str) -> tuple[str, ...]:
    """The glossary's terms for ``language`` (its column), each once, in the file's order."""
    glossary = read_glossary(Path(path))
    found = (term.translations.get(language, "") for term in glossary.terms)
    return tuple(dict.fromkeys(t for t in found if t))
