"""The built site as the search tests see it: search indexes and article texts.

The tests run after ``make html`` (``make test`` builds first).  They read
``_build/html`` -- or the folder named by ``CHAINRULE_SITE`` -- and skip, saying
so, when it is missing or older than the search extension or the glossary.
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from site_languages import CODES

REPO = Path(__file__).resolve().parents[2]
EXT_DIR = REPO / "docs" / "_ext"
SITE = Path(os.environ.get("CHAINRULE_SITE", REPO / "_build" / "html"))
GLOSSARY = REPO / "locale" / "glossary.tsv"
LANGS = CODES

if str(EXT_DIR) not in sys.path:
    sys.path.insert(0, str(EXT_DIR))

#: The inputs that decide what the search index contains.
SEARCH_INPUTS = (REPO / "conf.py", EXT_DIR / "search_langs.py", GLOSSARY)


def built_or_skip(lang: str) -> Path:
    """``<site>/<lang>`` if it was built after the search inputs changed; else skip."""
    index = SITE / lang / "searchindex.js"
    if not index.is_file():
        pytest.skip(f"no search index {index}: build the site first (`make html`)")
    newest = max(SEARCH_INPUTS, key=lambda p: p.stat().st_mtime)
    if index.stat().st_mtime < newest.stat().st_mtime:
        pytest.skip(f"{index} is older than {newest.relative_to(REPO)}: rebuild (`make html`)")
    return SITE / lang


@dataclass(frozen=True)
class SearchIndex:
    docnames: tuple[str, ...]
    terms: dict
    titleterms: dict

    def _docs(self, mapping: dict, term: str) -> set[str]:
        value = mapping.get(term, [])
        ids = [value] if isinstance(value, int) else value
        return {self.docnames[i] for i in ids}

    def pages(self, term: str) -> set[str]:
        """Docnames whose text or titles contain the (stemmed) ``term``."""
        return self._docs(self.terms, term) | self._docs(self.titleterms, term)

    def live_terms(self) -> set[str]:
        """Terms that map to at least one page (a rebuilt page leaves empty ones)."""
        return {t for t in (*self.terms, *self.titleterms) if self.pages(t)}


@cache
def load_index(lang: str) -> SearchIndex:
    text = (built_or_skip(lang) / "searchindex.js").read_text(encoding="utf-8")
    prefix = "Search.setIndex("
    assert text.startswith(prefix) and text.endswith(")"), "unexpected searchindex.js format"
    data = json.loads(text[len(prefix) : -1])
    return SearchIndex(tuple(data["docnames"]), data["terms"], data["titleterms"])


@cache
def article_text(lang: str, docname: str) -> str:
    """The text of a page's article (what Sphinx indexes), from the built HTML."""
    from bs4 import BeautifulSoup

    html = (built_or_skip(lang) / f"{docname}.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article.bd-article") or soup.select_one("main") or soup
    for node in article.select("script, style"):
        node.decompose()
    return article.get_text(" ")


def pages_matching(lang: str, pattern: str) -> set[str]:
    """Docnames of the index whose article text matches the regex ``pattern``."""
    regex = re.compile(pattern)
    return {name for name in load_index(lang).docnames if regex.search(article_text(lang, name))}
