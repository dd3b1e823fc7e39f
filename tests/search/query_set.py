"""Top-3 hit rate of a site's search on the reader queries of ``tests/search/queries``.

Each ``queries/<lang>.tsv`` line is ``query<TAB>expected docnames`` (space separated);
a query is a hit when one of its expected pages is among the first three results.  The
queries are typed into the built site's own search, in a real browser, so what is
measured is what a reader gets.

Two engines can be measured on the same queries:

``site``
    The site's search page as built (``<lang>/search.html?q=...``): the order of its
    result links.
``sphinx``
    Sphinx's search page in a site built before Pagefind (same reading as ``site``,
    kept as a name for comparisons with an older build).
``pagefind-raw``
    Pagefind's own JavaScript API, unmodified (``pagefind/pagefind.js``), on an index
    made by the ``pagefind`` command line from the same HTML: what Pagefind does
    without the site's query handling.

Command line (prints one line per miss and the rate per language)::

    python tests/search/query_set.py --site _build/html [--engine site] [--lang ko]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urljoin, urlparse

QUERIES = Path(__file__).resolve().parent / "queries"
REPO = Path(__file__).resolve().parents[2]
SITE_ROOT = Path(os.environ.get("CHAINRULE_SITE", REPO / "_build" / "html"))
LANGS = ("en", "ko", "zh_TW")
TOP = 3


@dataclass(frozen=True)
class Query:
    lang: str
    text: str
    expected: frozenset[str]
    line: int


@dataclass
class Outcome:
    query: Query
    results: list[str]

    @property
    def hit(self) -> bool:
        return bool(self.query.expected & set(self.results[:TOP]))


def load_queries(lang: str) -> list[Query]:
    """The reader queries of ``lang``; a malformed line is an error naming file and line."""
    path = QUERIES / f"{lang}.tsv"
    queries = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = raw.split("\t")
        if len(parts) != 2 or not parts[0].strip() or not parts[1].split():
            msg = f"{path}:{number}: expected 'query<TAB>docname [docname ...]', got {raw!r}"
            raise ValueError(msg)
        queries.append(Query(lang, parts[0].strip(), frozenset(parts[1].split()), number))
    return queries


def docname_of(base_url: str, lang: str, href: str) -> str | None:
    """``activations`` for ``<base>/<lang>/activations.html#x``; None for other links."""
    path = urlparse(urljoin(base_url + "/", href)).path
    folder = f"/{lang}/"
    if not path.startswith(folder):
        return None
    name = path[len(folder) :]
    if name.endswith(".html"):
        return name[: -len(".html")]
    return name.rstrip("/") or "index"


def _ordered_unique(names: list[str | None]) -> list[str]:
    return [n for n in dict.fromkeys(names) if n]


def site_results(page, base_url: str, lang: str, query: str) -> list[str]:
    """Docnames in the order the site's search page lists them (``search.html?q=``)."""
    page.goto(f"{base_url}/{lang}/search.html?q={quote(query)}", wait_until="load")
    page.wait_for_function(
        "() => document.documentElement.dataset.searchDone === 'true'", timeout=20000
    )
    hrefs = page.eval_on_selector_all(
        "#search-results a.search-result-link", "links => links.map(a => a.getAttribute('href'))"
    )
    return _ordered_unique([docname_of(base_url, lang, urljoin(page.url, h)) for h in hrefs])


def sphinx_results(page, base_url: str, lang: str, query: str) -> list[str]:
    """Docnames in the order Sphinx's own search page (searchtools.js) lists them."""
    page.goto(f"{base_url}/{lang}/search.html?q={quote(query)}", wait_until="load")
    page.wait_for_function(
        # the status line is written once, when the list is complete
        "() => typeof Search !== 'undefined' && Search.status"
        " && Search.status.innerText.trim().length > 0",
        timeout=20000,
    )
    hrefs = page.eval_on_selector_all("ul.search > li > a", "links => links.map(a => a.href)")
    return _ordered_unique([docname_of(base_url, lang, h) for h in hrefs])


_PAGEFIND_RAW = """async ([url, query]) => {
  const pagefind = await import(url);
  const search = await pagefind.search(query);
  const data = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
  return data.map((d) => d.url);
}"""


def pagefind_raw_results(page, base_url: str, lang: str, query: str) -> list[str]:
    """Docnames in the order Pagefind's JavaScript API ranks them, with no query handling."""
    if not page.url.startswith(f"{base_url}/{lang}/"):
        page.goto(f"{base_url}/{lang}/index.html", wait_until="load")
    urls = page.evaluate(_PAGEFIND_RAW, [f"{base_url}/{lang}/pagefind/pagefind.js", query])
    return _ordered_unique([docname_of(base_url, lang, u) for u in urls])


ENGINES = {
    "site": site_results,
    "sphinx": sphinx_results,
    "pagefind-raw": pagefind_raw_results,
}


def run(page, base_url: str, lang: str, engine: str) -> list[Outcome]:
    search = ENGINES[engine]
    return [Outcome(q, search(page, base_url, lang, q.text)) for q in load_queries(lang)]


def hit_rate(outcomes: list[Outcome]) -> float:
    return sum(o.hit for o in outcomes) / len(outcomes)


@contextlib.contextmanager
def browser_page(site: Path, playwright=None) -> Iterator[tuple[object, str]]:
    """A Chromium page and the base URL of ``site`` served on 127.0.0.1.

    ``playwright``: a running sync Playwright (the tests' session one); else one is started.
    """
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))
    from playwright.sync_api import sync_playwright
    from site_checks import launch_browser, serve

    with contextlib.ExitStack() as stack:
        base_url = stack.enter_context(serve(site))
        if playwright is None:
            playwright = stack.enter_context(sync_playwright())
        browser = launch_browser(playwright)
        try:
            yield browser.new_page(), base_url
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=SITE_ROOT)
    parser.add_argument("--engine", choices=sorted(ENGINES), default="site")
    parser.add_argument("--lang", action="append", choices=LANGS)
    parser.add_argument("-v", "--verbose", action="store_true", help="print hits too")
    args = parser.parse_args(argv)
    with browser_page(args.site) as (page, base_url):
        for lang in args.lang or LANGS:
            outcomes = run(page, base_url, lang, args.engine)
            for o in outcomes:
                if args.verbose or not o.hit:
                    mark = "hit " if o.hit else "MISS"
                    expected = " ".join(sorted(o.query.expected))
                    print(f"{mark} {lang} {o.query.text!r}: want {expected}; got {o.results[:5]}")
            hits = sum(o.hit for o in outcomes)
            print(
                f"{args.engine} {lang}: top-{TOP} {hits}/{len(outcomes)} = {hit_rate(outcomes):.1%}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
