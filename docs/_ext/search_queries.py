"""What the search page needs to read a query as the pages were indexed, per language.

``chainrule-query.js``: stop words of the language's ``search_words`` (``languages.toml``),
Korean particles stripped (``koStrip`` of :mod:`search_langs`), Chinese cut into the words
jieba cut the pages into (with the glossary's terms). Used by :mod:`site_search`.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import search_langs

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


class TextCollector(HTMLParser):
    """Text of an HTML document (for the Chinese word list)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def chinese_words(texts: list[str], glossary: str, column: str) -> list[str]:
    """Words of two or more characters, with Han, that jieba cuts from ``texts`` (the
    glossary's terms of ``column`` added to jieba's dictionary)."""
    import jieba

    for term in search_langs.glossary_terms(glossary, column):
        for word in term.split():
            if len(word) > 1 and _HAN.search(word):
                jieba.add_word(word)
    words: set[str] = set()
    for text in texts:
        for word in jieba.cut_for_search(text):
            word = word.strip().lower()
            if len(word) > 1 and _HAN.search(word):
                words.add(word)
    return sorted(words)


def search_words_of(language: str) -> str:
    """How ``language`` cuts text into words (``languages.toml``): english, korean, chinese."""
    import site_languages

    for declared in site_languages.LANGUAGES:
        if declared.code == language:
            return declared.search_words
    return "english"


def stopwords(words: str) -> list[str]:
    """Words that say nothing about a page (the, 的, 왜): a query does not look them up.

    ``words``: ``english`` (Sphinx's list), ``korean`` or ``chinese`` (stopwords-iso,
    ``stopwordsiso``, whose Chinese list is Simplified and is given here in Traditional
    forms too, by OpenCC).
    """
    if words == "english":
        from sphinx.search._stopwords.en import ENGLISH_STOPWORDS

        return sorted(ENGLISH_STOPWORDS)
    import stopwordsiso

    if words == "korean":
        return sorted(w for w in stopwordsiso.stopwords("ko") if w.strip() and " " not in w)
    if words == "chinese":
        import opencc

        simplified = {w for w in stopwordsiso.stopwords("zh") if w.strip()}
        converters = [opencc.OpenCC(config) for config in ("s2t", "s2twp")]
        converted = {c.convert(w) for c in converters for w in simplified}
        return sorted(simplified | converted)
    return []


def query_script(language: str, texts: list[str], glossary: str) -> str:
    """``chainrule-query.js``: the language's query helpers for the search page."""
    words = search_words_of(language)
    lines = [
        "/* chainrule site_search.py: query helpers of this language (generated) */",
        f"var STOPWORDS = {json.dumps(stopwords(words), ensure_ascii=False)};",
    ]
    if words == "korean":
        terms = search_langs.glossary_terms(glossary, language)
        protected = search_langs.korean_protected_words(terms)
        lines += [search_langs.korean_js_strip(protected), "var chainruleStem = koStrip;"]
    if words == "chinese":
        found = json.dumps(chinese_words(texts, glossary, language), ensure_ascii=False)
        lines.append(f"var ZH_WORDS = {found};")
    return "\n".join(lines) + "\n"
