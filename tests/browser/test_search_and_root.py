"""The search page finds glossary terms in each language; the root page picks the language."""

from __future__ import annotations

import json
from urllib.parse import urlparse

import pytest
from site_checks import SITE_LANGS, search_results


def _index_pages(site, lang: str, key: str) -> set[str]:
    """Docnames the built index gives for ``key`` (text and titles)."""
    text = (site / lang / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(text[len("Search.setIndex(") : -1])
    found = set()
    for mapping in (data["terms"], data["titleterms"]):
        ids = mapping.get(key, [])
        found |= {data["docnames"][i] for i in ([ids] if isinstance(ids, int) else ids)}
    return found


#: (language, query typed by the reader, index keys all of which a result page has)
SEARCHES = [
    ("en", "backpropagation", ["backpropag"]),
    ("ko", "역전파", ["역전파"]),
    ("ko", "역전파를", ["역전파"]),  # the particle is stripped from the query too
    ("zh_TW", "反向傳播", ["反向傳播"]),
    ("zh_TW", "反向傳播的梯度", ["反向傳播", "梯度"]),  # cut into index terms
]


@pytest.mark.parametrize(("lang", "query", "keys"), SEARCHES, ids=[s[1] for s in SEARCHES])
def test_search_finds_glossary_term(lang, query, keys, page, site, base_url):
    expected = set.intersection(*(_index_pages(site, lang, key) for key in keys))
    assert "glossary" in _index_pages(site, lang, keys[0])
    assert expected, f"no page has all of {keys}"
    found, log = search_results(page, base_url, lang, query)
    assert not log.console_errors, log.console_errors
    assert not log.failed and not log.offsite, (log.failed, log.offsite)
    assert expected <= set(found), f"{query!r}: missing {sorted(expected - set(found))}"


#: (browser locale, folder it must land in)
LOCALES = [("ko-KR", "ko"), ("zh-TW", "zh_TW"), ("en-US", "en"), ("fr-FR", "en")]


@pytest.mark.parametrize(("locale", "lang"), LOCALES, ids=[loc for loc, _ in LOCALES])
def test_root_page_picks_the_browser_language(locale, lang, browser, base_url):
    context = browser.new_context(locale=locale)
    page = context.new_page()
    try:
        page.goto(f"{base_url}/", wait_until="load")
        page.wait_for_url(f"{base_url}/{lang}/index.html", timeout=10000)
        assert page.evaluate("navigator.languages")[0] == locale
        assert page.evaluate("document.documentElement.lang") == {"zh_TW": "zh-TW"}.get(lang, lang)
    finally:
        context.close()


def test_root_page_links_to_every_language(context, base_url):
    """Without JavaScript the root page is three links; each must work."""
    response = context.request.get(f"{base_url}/index.html")
    assert response.status == 200
    js_off = context.browser.new_context(java_script_enabled=False)
    try:
        page = js_off.new_page()
        page.goto(f"{base_url}/index.html")
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    finally:
        js_off.close()
    folders = {urlparse(href).path.strip("/").split("/")[0] for href in hrefs}
    assert folders >= set(SITE_LANGS), hrefs
    for href in hrefs:
        assert context.request.get(href).status == 200, href
