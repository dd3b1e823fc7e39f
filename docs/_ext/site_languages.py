"""The site's languages, read from ``languages.toml`` (the one place that names them).

conf.py, the extensions, the root chooser, the benchmarks and the tests import
:data:`LANGUAGES`; the Makefile asks ``python3 docs/_ext/site_languages.py codes``.
Standard library only, so that ``make`` can run it before the virtual environment exists.
"""

from __future__ import annotations

import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DECLARATION = Path(__file__).resolve().parents[2] / "languages.toml"
SEARCH_WORDS = ("english", "korean", "chinese")


@dataclass(frozen=True)
class Language:
    """One site language (the fields are described in ``languages.toml``)."""

    code: str
    tag: str
    name: str
    read_in: str
    tagline: str
    author: str
    browser_tags: tuple[str, ...]
    search_words: str
    #: The printed editions' settings (``[language.print]``), empty when not set up.
    print: dict[str, Any] = field(default_factory=dict, compare=False)


def load(path: Path = DECLARATION) -> tuple[Language, ...]:
    """The languages declared in ``path``, checked: a mistake names the entry and the field."""
    with path.open("rb") as f:
        entries = tomllib.load(f).get("language", [])
    fields = Language.__dataclass_fields__
    languages = []
    for number, entry in enumerate(entries, start=1):
        where = f"{path.name}, language {number} ({entry.get('code', 'no code')})"
        missing = sorted(set(fields) - set(entry) - {"print"})
        unknown = sorted(set(entry) - set(fields))
        if missing or unknown:
            raise ValueError(f"{where}: missing fields {missing}, unknown fields {unknown}")
        if entry["search_words"] not in SEARCH_WORDS:
            raise ValueError(
                f"{where}: search_words must be one of {SEARCH_WORDS}, "
                f"not {entry['search_words']!r}"
            )
        tags = tuple(t.lower() for t in entry["browser_tags"])
        languages.append(Language(**{**entry, "browser_tags": tags}))
    codes = [language.code for language in languages]
    if not codes or len(set(codes)) != len(codes):
        raise ValueError(f"{path.name}: expected distinct language codes, got {codes}")
    return tuple(languages)


LANGUAGES = load()
#: The source language (the first entry): its pages are the English sources.
SOURCE = LANGUAGES[0]
#: The languages with catalogs under ``locale/<code>/``.
TRANSLATIONS = LANGUAGES[1:]
CODES = tuple(language.code for language in LANGUAGES)
BY_CODE = {language.code: language for language in LANGUAGES}


def main(argv: list[str]) -> int:
    """``codes``: every code; ``translations``: all but the source language."""
    chosen = {"codes": LANGUAGES, "translations": TRANSLATIONS}.get(argv[1] if argv[1:] else "")
    if chosen is None:
        print("usage: python3 docs/_ext/site_languages.py codes|translations", file=sys.stderr)
        return 2
    print(" ".join(language.code for language in chosen))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
