"""The site's search page on the reader queries of queries/<lang>.tsv, in a real browser.

Each language's queries must find an expected page in the top 3 for at least
:data:`REQUIRED_HIT_RATE` of them; results must show no TeX, the page speaks the
reader's language, and nothing loads from another host.  Reads the site built by
``make html`` (skips without it, or without Chromium).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import quote, urljoin

import pytest
import query_set
from search_site import LANGS, built_or_skip

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))

REQUIRED_HIT_RATE = 0.95
#: TeX that must never reach a reader in a title or a snippet, unless the page itself
#: shows it as code (the authoring and translating guides quote the Markdown source).
RAW_TEX = re.compile(r"\\[()\[\]]|\\[A-Za-z]+|\^\{|_\{")

#: (language, query, what the status line says when pages were found)
STATUS = {
    "en": "Pages found:",
    "ko": "찾은 페이지:",
    "zh_TW": "找到的頁面：",
}
#: (language, query, text the results must show: math of a title or snippet, as text)
MATH_QUERIES = [
    ("en", "backward propagation for layer l", "Backward propagation for layer l"),
    ("en", "why is dA[0] never computed", "dA^[0]"),
    ("ko", "층 l의 역전파", "9.4. 층 l"),
    ("zh_TW", "第l層的反向傳播", "第 l 層的反向傳播"),
    ("zh_TW", "dA[0] 為什麼不計算", "dA^[0]"),
]


def code_text(lang: str, docname: str) -> str:
    """What a built page shows as code (``pre`` and ``code``), spaces collapsed."""
    from bs4 import BeautifulSoup

    path = built_or_skip(lang) / f"{docname}.html"
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return " ".join(" ".join(node.get_text(" ") for node in soup.select("pre, code")).split())


def tex_not_in_code(shown: str, code: str) -> list[str]:
    """The words of ``shown`` with TeX in them that are not part of the page's code."""
    words = [word.strip(",.;:") for word in shown.split()]
    return [w for w in words if RAW_TEX.search(w) and w not in code]


def test_tex_in_a_snippet_is_found_unless_the_page_shows_it_as_code():
    code = "$$ dW^{[l]} = \\frac{1}{m} $$"
    assert tex_not_in_code("it: $$ dW^{[l]} = \\frac{1}{m}, then", code) == []
    assert tex_not_in_code("the update b^{[l]} ← b^{[l]}", code) == ["b^{[l]}", "b^{[l]}"]
    assert tex_not_in_code("layer \\(l\\)", code) == ["\\(l\\)"]


@pytest.fixture(scope="module")
def browser_page(playwright_session):
    from site_checks import CHROMIUM

    if not Path(CHROMIUM).is_file():
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    for lang in LANGS:
        site = built_or_skip(lang)
        if not (site / "pagefind" / "pagefind.js").is_file():
            pytest.skip(f"no Pagefind index in {site}: rebuild (`make html`)")
    with query_set.browser_page(query_set.SITE_ROOT, playwright_session) as (page, base_url):
        yield page, base_url


def test_query_files_are_well_formed():
    for lang in LANGS:
        queries = query_set.load_queries(lang)
        assert len(queries) >= 30, f"{lang}: only {len(queries)} queries"
        assert len({q.text for q in queries}) == len(queries), f"{lang}: repeated query"


def test_a_malformed_query_line_is_named(tmp_path, monkeypatch):
    (tmp_path / "en.tsv").write_text("# comment\nsigmoid derivative\n", encoding="utf-8")
    monkeypatch.setattr(query_set, "QUERIES", tmp_path)
    with pytest.raises(ValueError, match=r"en\.tsv:2: expected 'query<TAB>docname"):
        query_set.load_queries("en")


#: Languages known to be below the target, with why: a failure expected and reported, not
#: hidden (run with --runxfail to make it fail). Remove the entry once the rate is back.
BELOW_TARGET: dict[str, str] = {}


@pytest.mark.parametrize(
    "lang",
    [
        pytest.param(lang, marks=pytest.mark.xfail(reason=BELOW_TARGET[lang], strict=False))
        if lang in BELOW_TARGET
        else lang
        for lang in LANGS
    ],
)
def test_top3_hit_rate(lang, browser_page):
    page, base_url = browser_page
    outcomes = query_set.run(page, base_url, lang, "site")
    rate = query_set.hit_rate(outcomes)
    misses = [f"{o.query.text!r} -> {o.results[:3]}" for o in outcomes if not o.hit]
    print(f"{lang}: top-3 hit rate {rate:.1%} ({len(outcomes)} queries)")
    assert rate >= REQUIRED_HIT_RATE, f"{lang}: {rate:.1%}; misses:\n" + "\n".join(misses)


@pytest.mark.parametrize(
    ("lang", "query", "readable"), MATH_QUERIES, ids=[q for _, q, _ in MATH_QUERIES]
)
def test_results_show_no_tex(lang, query, readable, browser_page):
    page, base_url = browser_page
    from site_checks import RequestLog

    log = RequestLog(page)
    names = query_set.site_results(page, base_url, lang, query)
    assert names, f"{query!r} found nothing"
    items = page.eval_on_selector_all(
        "#search-results li.search-result",
        "items => items.map(li => [li.querySelector('a').getAttribute('href'), li.innerText])",
    )
    shown = "\n".join(text for _, text in items)
    for href, text in items:
        docname = query_set.docname_of(base_url, lang, urljoin(page.url, href))
        tex = tex_not_in_code(text, code_text(lang, docname))
        assert not tex, f"raw TeX {tex} in the result for {docname} of {query!r}:\n{text}"
    assert readable in " ".join(shown.split()), f"{readable!r} not in:\n{shown[:2000]}"
    assert STATUS[lang] in page.inner_text("#search-status")
    assert not log.offsite, log.offsite
    assert not log.failed, log.failed
    assert not log.console_errors, log.console_errors


def test_a_page_matching_most_words_still_appears(browser_page):
    """One word of the query is on no page: the pages with the others are still listed."""
    page, base_url = browser_page
    alone = query_set.site_results(page, base_url, "en", "symmetry initialization")
    with_absent = query_set.site_results(page, base_url, "en", "symmetry initialization xylophone")
    assert alone and alone[:3] == with_absent[:3]
    assert "(matches some of your words)" in page.inner_text("#search-results")


@pytest.mark.parametrize(
    ("lang", "query", "expected"),
    [
        ("ko", "그래디언트 검사는", "gradient-checking"),  # a particle on the last word
        ("zh_TW", "S型函數的導數", "activations"),  # typed without spaces
    ],
)
def test_queries_of_the_report(lang, query, expected, browser_page):
    page, base_url = browser_page
    assert expected in query_set.site_results(page, base_url, lang, query)[:3]


@pytest.mark.parametrize("lang", LANGS)
def test_empty_query_says_what_to_do(lang, browser_page):
    page, base_url = browser_page
    page.goto(f"{base_url}/{lang}/search.html?q={quote(' ')}", wait_until="load")
    page.wait_for_function("() => document.documentElement.dataset.searchDone === 'true'")
    expected = {"en": "Type one", "ko": "검색창에", "zh_TW": "請在搜尋欄"}[lang]
    assert expected in page.inner_text("#search-status")
