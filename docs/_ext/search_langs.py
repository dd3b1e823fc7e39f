"""Sphinx's full-text search for languages that cut words as Korean or Chinese do.

Sphinx's own search has no Korean language: a ``ko`` build is split like
English, so particles stay attached to their nouns (``역전파를``,
``역전파는``, ``역전파의`` are three different index terms and a search
for ``역전파`` finds them only by a weak partial match -- two-syllable
words such as ``손실`` not even that).  Chinese is segmented by ``jieba``
(``sphinx.search.zh``), whose dictionary is mostly Simplified and splits
Traditional terms such as ``反向傳播`` or ``啟動函數``.

Each language of ``languages.toml`` whose ``search_words`` is ``korean`` or ``chinese`` is
registered through Sphinx's extension point (``app.add_search_language``):

``SearchKorean`` (``search_words = "korean"``)
    Splits like Sphinx (``\\w+``), then normalises every word with
    :func:`strip_korean_suffixes`: common particles and endings (은/는/이/가/
    을/를/의/에/에서/으로/로/와/과/도/만/까지/부터/에게/이다/이며/하고/합니다
    ...) are stripped, repeatedly, so ``역전파를``, ``역전파에서는`` and
    ``역전파`` all index as ``역전파``.  Particles that also end common nouns
    (이, 가, 의, 도, 과 ...) must leave two syllables (``깊이`` stays
    ``깊이``, ``깊이를`` -> ``깊이``); the words of the glossary's ``ko``
    column and a few one-syllable nouns (식, 값) are never shortened and may
    be left by any particle (``층을`` -> ``층``, ``식이`` -> ``식``).  Latin
    words (code, untranslated text) get Sphinx's English stemmer.  The
    JavaScript stemmer (:data:`SearchKorean.js_stemmer_code`, generated
    from the same suffix list and glossary) applies the identical rule to the
    reader's query.

``SearchTraditionalChinese`` (``search_words = "chinese"``)
    ``sphinx.search.zh`` (jieba, required: without it Sphinx indexes no Chinese
    word, so a zh_TW build without jieba stops with an error) plus every word of the glossary's
    ``zh_TW`` column in jieba's dictionary, so glossary terms are index
    terms of their own (``cut_for_search`` still adds their parts:
    ``梯度下降法`` also indexes ``梯度``, ``下降``).  Its JavaScript splitter
    cuts a query without spaces (``反向傳播的梯度``) into index terms by
    longest match, as the index was cut.  (It also repairs Sphinx 9's zh
    ``language_data.js``, which names an undefined ``ChineseStemmer``.)

The glossary (``locale/glossary.tsv``, or ``search_langs_glossary``) reaches
the search classes through ``html_search_options`` (key ``glossary``),
together with a hash of its content and of this file, so that editing either
re-writes (re-indexes) every page of an incremental build.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from pathlib import Path
from typing import Any

import snowballstemmer
from site_languages import LANGUAGES
from sphinx.application import Sphinx
from sphinx.search import _MINIFIED_JS_PATH, SearchLanguage
from sphinx.search._stopwords.en import ENGLISH_STOPWORDS
from sphinx.search.zh import JIEBA_DEFAULT_DICT, SearchChinese

from pocheck.glossary import terms_of

REPO = Path(__file__).resolve().parents[2]
DEFAULT_GLOSSARY = REPO / "locale" / "glossary.tsv"

#: Korean particles (조사), copula and common verb endings that follow a noun
#: in running text, each with the shortest stem (in syllables) it may leave.
#: Stripped from the end of a word, longest first, repeatedly
#: (``역전파에서는`` -> ``역전파에서`` -> ``역전파``).  Suffixes that also end
#: common two-syllable nouns (깊이, 평가, 결과, 속도, 정의, 경로) need a
#: two-syllable stem, so those nouns stay whole; glossary words may be shorter.
_ANY_STEM = """
    은 는 을 를 에 에서 에게 한테 으로 으로서 으로써 로서 로써 와 까지 부터 마다
    처럼 보다 만큼 조차 밖에 라는 라고
"""
# particles that also end two-syllable nouns (깊이, 평가, 정의, 경로, 결과, 속도,
# 불만, 하나, 혼란, 그들, 참고, 평면) -- and so every suffix starting with 이:
# 깊이나 is 깊이 + 나, not 깊 + 이나 --, the copula, and 하다 / 되다 verbs built
# on a noun (계산하는, 정의된다)
_TWO_SYLLABLE_STEM = """
    이 가 의 로 과 도 만 나 란 라 들 께
    이나 이란 이라 이라는 이라고
    이다 이며 이고 이면 이므로 이지만 입니다 이었다 였다 인 일 다 며 고 면 지만
    하다 한다 합니다 하는 하면 하고 하여 해서 해야 하기 하지 했다 하며 할 한 함
    된다 됩니다 되는 되면 되고 되어 돼 되며 된 될 됨
"""
_SUFFIX_MIN_STEM: dict[str, int] = {
    **dict.fromkeys(_ANY_STEM.split(), 1),
    **dict.fromkeys(_TWO_SYLLABLE_STEM.split(), 2),
}
#: (suffix, shortest stem) pairs, longest suffix first.
KOREAN_SUFFIXES: tuple[tuple[str, int], ...] = tuple(
    sorted(_SUFFIX_MIN_STEM.items(), key=lambda item: (-len(item[0]), item[0]))
)
#: One-syllable nouns of the notes that may be left by any suffix (식이 -> 식),
#: besides the glossary words (층, 행, 열).
KOREAN_SHORT_NOUNS = frozenset({"식", "값", "곱", "합", "축", "점", "수", "개", "칸"})
#: No stem ends in the linking vowel 으 (값으로 is 값 + 으로, never 값으 + 로).
_LINKING_VOWEL = "으"

_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _declared(search_words: str) -> list[str]:
    """Codes of the site languages that cut words this way."""
    return [language.code for language in LANGUAGES if language.search_words == search_words]


logger = logging.getLogger(__name__)
#: The JavaScript of the search pages (the data is prepended here).
SEARCH_JS = Path(__file__).resolve().parent.parent / "_static" / "search"


# --------------------------------------------------------------------------- glossary


def glossary_terms(path: str, column: str) -> tuple[str, ...]:
    """The glossary's terms in ``column`` (a language), read by :mod:`pocheck.glossary`."""
    try:
        return terms_of(Path(path), column)
    except OSError:
        return ()


def korean_protected_words(terms: tuple[str, ...]) -> frozenset[str]:
    """The words (lowercase) of the glossary's ``ko`` terms, and the short nouns of
    :data:`KOREAN_SHORT_NOUNS`: never shortened, and stems of any length."""
    return frozenset(word.lower() for term in terms for word in term.split()) | KOREAN_SHORT_NOUNS


# --------------------------------------------------------------------------- Korean


def strip_korean_suffixes(word: str, protected: frozenset[str] = frozenset()) -> str:
    """Strip particles and endings from ``word`` (already lowercase).

    The JavaScript twin is ``koStrip`` in :func:`korean_js_stemmer`; keep them alike.
    """
    while word not in protected:
        for suffix, min_stem in KOREAN_SUFFIXES:
            if len(word) > len(suffix) and word.endswith(suffix):
                rest = word[: -len(suffix)]
                if rest in protected or (
                    len(rest) >= min_stem and not rest.endswith(_LINKING_VOWEL)
                ):
                    word = rest
                    break
        else:
            return word
    return word


def english_js_stemmer() -> str:
    """Sphinx's (Snowball) English stemmer in JavaScript: defines ``EnglishStemmer``."""
    base = (_MINIFIED_JS_PATH / "base-stemmer.js").read_text(encoding="utf-8")
    english = (_MINIFIED_JS_PATH / "english-stemmer.js").read_text(encoding="utf-8")
    return f"{base}\n{english}\n"


def korean_js_strip(protected: frozenset[str]) -> str:
    """JavaScript ``koStrip(word)``: :func:`strip_korean_suffixes` for a lowercase word.

    Used by Sphinx's Korean ``Stemmer`` (:func:`korean_js_stemmer`) and by the site's
    search page (``site_search.py``) on the reader's query.
    """
    suffixes = json.dumps([list(pair) for pair in KOREAN_SUFFIXES], ensure_ascii=False)
    words = json.dumps(sorted(protected), ensure_ascii=False)
    data = (
        f"var KO_SUFFIXES = {suffixes};\nvar KO_PROTECTED = new Set({words});\n"
        f"var KO_LINKING_VOWEL = {json.dumps(_LINKING_VOWEL, ensure_ascii=False)};\n"
    )
    return data + (SEARCH_JS / "korean-strip.js").read_text(encoding="utf-8")


def korean_js_stemmer(protected: frozenset[str]) -> str:
    """JavaScript ``Stemmer`` for the Korean search page (language_data.js).

    Same rules as :meth:`SearchKorean.stem`: Korean suffixes stripped with
    ``koStrip``, words without Hangul through Sphinx's English stemmer.
    """
    stemmer = (SEARCH_JS / "korean-stemmer.js").read_text(encoding="utf-8")
    return f"{english_js_stemmer()}\n{korean_js_strip(protected)}\n{stemmer}"


class SearchKorean(SearchLanguage):
    """Korean: ``\\w+`` words, particles and endings stripped, English stems for Latin."""

    lang = (_declared("korean") or [""])[0]
    language_name = "Korean"
    stopwords = ENGLISH_STOPWORDS

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        terms = glossary_terms(options.get("glossary", str(DEFAULT_GLOSSARY)), self.lang)
        self.protected = korean_protected_words(terms)
        self.english = snowballstemmer.stemmer("english")
        # an instance attribute: IndexBuilder reads it from the instance
        self.js_stemmer_code = korean_js_stemmer(self.protected)

    def stem(self, word: str) -> str:
        stripped = strip_korean_suffixes(word.lower(), self.protected)
        if _HANGUL.search(stripped):
            return stripped
        return self.english.stemWord(stripped)


# --------------------------------------------------------------------------- Chinese

#: Query splitter for the Chinese search page: runs of Han characters are cut
#: into index terms by longest match (at most 8 characters), as jieba cut the
#: pages; single characters are dropped as the index drops them.
CHINESE_JS_SPLITTER = (SEARCH_JS / "chinese-splitter.js").read_text(encoding="utf-8")


class SearchTraditionalChinese(SearchChinese):
    """``sphinx.search.zh`` with the glossary's terms of the language in jieba's dictionary."""

    lang = (_declared("chinese") or [""])[0]
    language_name = "Chinese"
    js_splitter_code = CHINESE_JS_SPLITTER
    # Sphinx 9's zh ends language_data.js with "window.Stemmer = ChineseStemmer;"
    # (from language_name) although english-stemmer.js defines EnglishStemmer: a
    # ReferenceError, and the search page finds nothing.  We embed the code ourselves.
    js_stemmer_rawcode = ""

    def __init__(self, options: dict[str, str]) -> None:
        import jieba  # docs extra; _search_options checked that it is there

        jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict ..." on stderr
        # Sphinx loads jieba's dictionary here (2-3 s); we load it before the first
        # split instead, so a build that writes no page (an unchanged rebuild) skips it.
        super().__init__({**options, "dict": ""})
        self.dictionary = options.get("dict", JIEBA_DEFAULT_DICT)
        self.words_loaded = False
        self.js_stemmer_code = english_js_stemmer() + "var Stemmer = EnglishStemmer;\n"
        terms = glossary_terms(options.get("glossary", str(DEFAULT_GLOSSARY)), self.lang)
        self.glossary = tuple(t for t in terms if _HAN.search(t))

    def split(self, input: str) -> list[str]:
        if not self.words_loaded:
            self.load_words()
        return super().split(input)

    def load_words(self) -> None:
        """jieba's dictionary, as Sphinx loads it, then the glossary's words."""
        import jieba

        if self.dictionary and Path(self.dictionary).is_file():
            jieba.load_userdict(self.dictionary)
        for term in self.glossary:
            for word in term.split():
                if len(word) > 1 and _HAN.search(word):
                    jieba.add_word(word)
        self.words_loaded = True


# --------------------------------------------------------------------------- setup


def _jieba_available() -> bool:
    try:
        import jieba  # noqa: F401
    except ImportError:
        return False
    return True


def _search_options(app: Sphinx, config: Any) -> None:
    """Hand the glossary to the search classes through ``html_search_options``."""
    language = config.language or "en"
    if language not in _declared("korean") + _declared("chinese"):
        return
    if language in _declared("chinese") and not _jieba_available():
        # without jieba Sphinx indexes no Chinese word at all: fail loudly
        from sphinx.errors import ConfigError

        msg = f"search_langs: the {language} build needs jieba (pip install jieba)"
        raise ConfigError(msg)
    glossary = Path(config.search_langs_glossary or DEFAULT_GLOSSARY)
    digest = hashlib.sha256(Path(__file__).read_bytes())
    if glossary.is_file():
        digest.update(glossary.read_bytes())
    options = dict(config.html_search_options or {})
    options.setdefault("glossary", str(glossary))
    options["search_langs_version"] = digest.hexdigest()[:16]
    config.html_search_options = options


def setup(app: Sphinx) -> dict:
    app.add_config_value("search_langs_glossary", "", "html", types=frozenset({str}))
    for search_words, base in (("korean", SearchKorean), ("chinese", SearchTraditionalChinese)):
        for code in _declared(search_words):  # one class per language: Sphinx keys them by lang
            app.add_search_language(type(f"{base.__name__}_{code}", (base,), {"lang": code}))
    app.connect("config-inited", _search_options)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
