"""Search in every language: the Korean stemmer, jieba for zh_TW, and the built indexes.

Unit tests of ``docs/_ext/search_langs.py`` run anywhere; the index tests read the
site built by ``make html`` (see ``search_site.py``) and skip without it.  The
JavaScript halves (query stemmer, Chinese splitter) run in Node when it is installed.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
import search_langs
from search_site import (
    GLOSSARY,
    LANGS,
    article_text,
    built_or_skip,
    load_index,
    pages_matching,
)
from sphinx.search.en import SearchEnglish

KOREAN = search_langs.SearchKorean({"glossary": str(GLOSSARY)})

#: Particles written out here independently of the extension's table: a noun with
#: any of them must index as the noun.
_PARTICLES = """
    은 는 이 가 을 를 의 에 에서 으로 로 와 과 도 만 까지 부터 에게 이다 이며 하고
    에서는 으로는 이라는 에서의 과의 와의 에는 들을 들이 입니다 이고
"""
PARTICLES = _PARTICLES.split()

_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")


# --------------------------------------------------------------------------- Korean stemmer


@pytest.mark.parametrize("particle", PARTICLES)
@pytest.mark.parametrize("noun", ["역전파", "순전파", "손실", "가중치", "그래디언트", "신경망"])
def test_korean_noun_with_particle_indexes_as_the_noun(noun, particle):
    assert KOREAN.stem(noun) == noun
    assert KOREAN.stem(noun + particle) == noun


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("역전파에서는", "역전파"),  # particles stack
        ("층을", "층"),  # a one-syllable glossary word
        ("행과", "행"),
        ("식이", "식"),  # a one-syllable noun of the notes
        ("값으로", "값"),  # 으로 whole, never 값으 + 로
        ("깊이", "깊이"),  # a noun ending in 이 stays whole ...
        ("깊이를", "깊이"),  # ... and is what its particle forms index as
        ("깊이나", "깊이"),
        ("결과를", "결과"),  # 과 ends the noun here
        ("계산합니다", "계산"),  # 하다 verbs on a noun
        ("정의된다", "정의"),
        ("함수이다", "함수"),
        ("ReLU를", "relu"),  # Latin words get the English stemmer
        ("Backpropagation", "backpropag"),
    ],
)
def test_korean_stem_cases(word, stem):
    assert KOREAN.stem(word) == stem


def test_korean_glossary_words_are_protected():
    """Every Korean word of the glossary's ko column is its own stem (경사 하강법: both
    words); Latin ones (leaky ReLU) are stemmed as in English, on both sides."""
    terms = search_langs.glossary_terms(str(GLOSSARY), "ko")
    assert "역전파" in terms and "경사 하강법" in terms
    for term in terms:
        for word in term.split():
            if _HANGUL_WORD.search(word):
                assert KOREAN.stem(word) == word, term


def test_korean_stem_is_idempotent():
    words = [
        noun + particle for noun in ("역전파", "깊이", "층", "정확도") for particle in PARTICLES
    ]
    for word in words:
        once = KOREAN.stem(word)
        assert KOREAN.stem(once) == once, word


# --------------------------------------------------------------------------- Chinese


def test_traditional_glossary_terms_are_whole_words():
    pytest.importorskip("jieba")
    chinese = search_langs.SearchTraditionalChinese({"glossary": str(GLOSSARY)})
    words = chinese.split("以反向傳播計算梯度，再用梯度下降法更新；啟動函數決定每一層的輸出。")
    for term in ("反向傳播", "梯度下降法", "啟動函數", "梯度"):
        assert term in words, (term, words)


# --------------------------------------------------------------------------- JavaScript halves

NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed")


def _run_node(script: str, payload: object) -> object:
    result = subprocess.run(
        [NODE, "-e", script],
        input=json.dumps(payload, ensure_ascii=False),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


_NODE_PRELUDE = """
const vm = require("vm");
globalThis.window = globalThis;
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
vm.runInThisContext(input.code);
"""


def _korean_words() -> list[str]:
    """Words to compare: synthetic noun + particle forms, and the Korean site's words."""
    words = {noun + p for noun in ("역전파", "깊이", "층", "값", "함수", "ReLU") for p in PARTICLES}
    words |= {"Backpropagation", "gradients", "하나의", "계산합니다", "값으로"}
    try:
        index = load_index("ko")
    except pytest.skip.Exception:
        return sorted(words)
    for name in index.docnames:
        words.update(re.findall(r"\w+", article_text("ko", name)))
    return sorted(words)


@needs_node
def test_korean_js_stemmer_matches_python():
    """The reader's query is stemmed in the browser exactly as the pages were indexed.

    Korean words only: for Latin ones Sphinx's Python and JavaScript English stemmers
    differ by themselves (snowballstemmer "interval" -> "interval", the JavaScript
    stemmer -> "interv"), which the partial match of searchtools.js covers.
    """
    words = [w for w in _korean_words() if _HANGUL_WORD.search(w)]
    code = KOREAN.js_stemmer_code
    script = (
        _NODE_PRELUDE
        + """
const stemmer = new Stemmer();
process.stdout.write(JSON.stringify(input.words.map((w) => stemmer.stemWord(w.toLowerCase()))));
"""
    )
    stems = _run_node(script, {"code": code, "words": words})
    mismatches = [
        (word, py, js)
        for word, js in zip(words, stems, strict=True)
        if (py := KOREAN.stem(word).lower()) != js
    ]
    assert not mismatches, mismatches[:20]


@needs_node
def test_built_korean_language_data_has_the_stemmer():
    path = built_or_skip("ko") / "_static" / "language_data.js"
    script = (
        _NODE_PRELUDE
        + """
const stemmer = new Stemmer();
process.stdout.write(JSON.stringify(input.words.map((w) => stemmer.stemWord(w))));
"""
    )
    stems = _run_node(script, {"code": path.read_text(encoding="utf-8"), "words": ["역전파를"]})
    assert stems == ["역전파"]


@needs_node
def test_built_chinese_language_data_splits_and_stems():
    """zh_TW language_data.js: a Stemmer exists (Sphinx 9's zh names an undefined
    ChineseStemmer) and a query without spaces is cut into index terms."""
    path = built_or_skip("zh_TW") / "_static" / "language_data.js"
    script = (
        _NODE_PRELUDE
        + """
globalThis.Search = { _index: input.index };
const stemmer = new Stemmer();
process.stdout.write(JSON.stringify({
  stem: stemmer.stemWord("backpropagation"),
  split: input.queries.map((q) => splitQuery(q)),
}));
"""
    )
    index = {
        "terms": {"反向傳播": 1, "反向": 1, "梯度": 2, "梯度下降法": 2, "backpropag": 3},
        "titleterms": {"啟動函數": 4},
    }
    queries = ["反向傳播的梯度下降法", "啟動函數", "ReLU 反向傳播", "反向傳播"]
    out = _run_node(
        script, {"code": path.read_text(encoding="utf-8"), "index": index, "queries": queries}
    )
    assert out["stem"] == "backpropag"
    assert out["split"] == [
        ["反向傳播", "梯度下降法"],
        ["啟動函數"],
        ["ReLU", "反向傳播"],
        ["反向傳播"],
    ]


# --------------------------------------------------------------------------- built indexes

#: (language, glossary term, index key, regex for pages that surely contain it
#: (lower bound), regex for pages that may (upper bound), pages that always do)
TERM_CASES = [
    (
        "en",
        "backpropagation",
        "backpropag",
        r"(?i)\bbackpropagat\w*",
        r"(?i)\bbackpropagat",
        {"glossary", "index"},
    ),
    (
        "ko",
        "역전파",
        "역전파",
        r"(?<!\w)역전파(?:" + "|".join(sorted(PARTICLES, key=len, reverse=True)) + r")?(?!\w)",
        r"역전파",
        {"glossary"},
    ),
    ("zh_TW", "反向傳播", "反向傳播", r"反向傳播", r"反向傳播", {"glossary"}),
]


@pytest.mark.parametrize(
    ("lang", "term", "key", "surely", "maybe", "always"),
    TERM_CASES,
    ids=[case[0] for case in TERM_CASES],
)
def test_glossary_term_maps_to_its_pages(lang, term, key, surely, maybe, always):
    """The index maps the term to exactly the pages whose (translated) text has it."""
    index = load_index(lang)
    stem = {"en": SearchEnglish({}).stem, "ko": KOREAN.stem}.get(lang, lambda w: w)(term)
    assert stem == key
    found = index.pages(key)
    lower, upper = pages_matching(lang, surely), pages_matching(lang, maybe)
    assert always <= found, f"{term!r} not indexed for {sorted(always - found)}"
    assert lower <= found, f"{term!r} occurs in {sorted(lower - found)} but is not indexed there"
    assert found <= upper, f"{term!r} indexed for {sorted(found - upper)} where it does not occur"


def test_korean_index_has_no_particle_forms():
    index = load_index("ko")
    live = index.live_terms()
    assert "역전파" in live
    # (Sphinx indexes a word as written when its stem is filtered out: 0부터 -> "0")
    leftovers = sorted(
        t
        for t in live
        if _HANGUL_WORD.search(t) and KOREAN.stem(t) != t and KOREAN.word_filter(KOREAN.stem(t))
    )
    assert not leftovers, f"index terms that a query never reaches: {leftovers[:20]}"
    glossary_words = {
        w for t in search_langs.glossary_terms(str(GLOSSARY), "ko") for w in t.split()
    }
    attached = sorted(
        w + p
        for w in glossary_words
        for p in PARTICLES
        if w + p in live and KOREAN.stem(w + p) == w
    )
    assert not attached, attached


@pytest.mark.parametrize("term", ["反向傳播", "梯度下降法", "啟動函數"])
def test_zh_TW_index_has_glossary_terms_whole(term):
    """jieba (with the glossary) segments the Traditional terms as whole words."""
    index = load_index("zh_TW")
    occurs = pages_matching("zh_TW", re.escape(term))
    if not occurs:
        pytest.skip(f"{term} occurs on no zh_TW page yet")
    assert index.pages(term) == occurs


def test_zh_TW_build_uses_jieba():
    """Without jieba Sphinx indexes no Chinese word; with it, many words of two or more
    characters (and not whole sentences)."""
    live = load_index("zh_TW").live_terms()
    han = [t for t in live if re.fullmatch(r"[\u4e00-\u9fff]{2,}", t)]
    assert len(han) > 200, f"only {len(han)} Chinese terms: is jieba installed?"
    assert max(len(t) for t in han) <= 12, max(han, key=len)


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_has_a_search_index(lang):
    index = load_index(lang)
    assert "glossary" in index.docnames and "index" in index.docnames
