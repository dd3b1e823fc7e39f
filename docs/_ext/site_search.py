"""The site's search: a Pagefind index of each language's pages, math as readable text.

Sphinx's own search (``searchtools.js``, with the Korean stemmer and jieba of
``search_langs.py``) requires every word of a query on a page, ranks pages without
term frequencies (ties alphabetically) and quotes raw TeX in its snippets and titles.
Measured on the reader queries of ``tests/search/queries`` (38 per language, the site
with typeset math and the exercises) it found the expected page in the top 3 for 33
(en), 24 (ko) and 32 (zh_TW) of them; Pagefind's own library, queried as typed, for
30, 29 and 28; the page built here for 38, 37 and 37 (``tests/search`` asserts
at least 95 %).  ``python tests/search/query_set.py --engine ...`` measures each.

At ``build-finished`` (html builder only):

1. Every page of the build (not ``genindex``, ``py-modindex``, ``search``) is read
   back from the output folder and handed to Pagefind (its ``extended`` binary, which
   segments Chinese, run as a command by :mod:`pagefind_bundle`) with its math turned
   into readable text
   (:func:`readable_math`, pylatexenc: ``\\(n^{[0]} = 3\\)`` -> ``n^[0] = 3``), so
   that result titles and snippets never show TeX.  Math typeset at build time
   (:mod:`typeset_math`: MathJax's glyph elements, then the same formula as MathML)
   is replaced by the readable text of the TeX it was typeset from; read as it is, the
   index would hold every formula twice and glued to itself (``𝑊[𝑙]W[l]``), so a
   query for ``W[l]`` or ``dz = a - y`` would not match it.  Only the article is
   indexed (``data-pagefind-body``); header links and the translation notice are not.
   Each heading gets its section's id, so Pagefind lists the sections that match
   (its sub results), linked to them.
2. Pagefind writes its index and its search library to ``<outdir>/pagefind/``:
   served by the site itself, nothing from a CDN.  The bundle is read back and the
   build fails if a file is missing, empty or cut short.
3. ``<outdir>/pagefind/chainrule-query.js`` holds what the search page needs to read a
   query the way the pages were written: for ``ko`` the particle stripper of
   ``search_langs.py`` (``koStrip``: a query ``그래디언트 검사는`` looks for
   ``검사``, which Pagefind matches as a prefix of ``검사를``, ``검사는`` ...); for
   ``zh_TW`` the words of the pages as jieba cuts them (with the glossary's terms), so a
   query typed without spaces is cut into words the index has.

The search page (``_templates/search.html`` + ``_static/chainrule-search.js``) looks
up each word of the query, weights it by how rare it is (a page matching most of the
words still appears, ranked below one matching all of them) and writes its status
lines in the page's language (strings of the ``chainrule`` catalog).
"""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pagefind_bundle
import search_langs
import site_languages
from search_queries import TextCollector, query_script, search_words_of, stopwords
from searchable_text import math_words, page_for_index, readable_math, typeset_sources
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.locale import get_translation
from sphinx.util import logging

logger = logging.getLogger(__name__)
_ = get_translation("chainrule")

#: Output pages that are not notes.
NOT_INDEXED = frozenset({"genindex", "py-modindex", "search"})
#: Parts of an article that are not text of the page.
EXCLUDE_SELECTORS = [".headerlink", ".chainrule-translation-notice", "script", "style"]
OUTPUT_FOLDER = "pagefind"
QUERY_SCRIPT = "chainrule-query.js"
#: In the output folder: the digest of what the index was made from (see index_inputs).
INPUTS_STAMP = ".inputs-sha256"
#: What turns pages into the index besides the pages: the code, and the declaration of
#: the languages (how each cuts words). A change to one makes a new index too.
INDEXING_CODE = [Path(__file__).with_name(name) for name in (
    "site_search.py", "searchable_text.py", "search_queries.py", "search_langs.py",
    "pagefind_bundle.py",
)] + [site_languages.DECLARATION]  # fmt: skip

# --------------------------------------------------------------------------- index


def build_search(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html":
        return
    outdir = Path(app.outdir)
    output = outdir / OUTPUT_FOLDER
    written = {}
    for docname in sorted(app.env.found_docs - NOT_INDEXED):
        target = app.builder.get_target_uri(docname)
        if (outdir / target).is_file():
            written[target] = (outdir / target).read_text(encoding="utf-8")
    language = app.config.language or "en"
    glossary = str(app.config.search_langs_glossary or search_langs.DEFAULT_GLOSSARY)
    inputs = index_inputs(written, language, Path(glossary))
    if _index_is_current(output, inputs, len(written)):
        logger.info("site_search: the index of %d pages is up to date", len(written))
        return
    pages: dict[str, str] = {}
    texts: list[str] = []
    typeset = typeset_sources(app)
    for target, source in written.items():
        path = outdir / target
        try:
            pages[f"/{target}"] = page_for_index(source, typeset)
        except ValueError as exc:
            raise ExtensionError(f"site_search: {path}: {exc}") from exc
        collector = TextCollector()
        collector.feed(pages[f"/{target}"])
        texts.append(" ".join(collector.parts))
    try:
        pagefind_bundle.write_bundle(pages, output, EXCLUDE_SELECTORS)
    except ImportError as exc:
        msg = f"site_search: Pagefind is needed (pip install 'pagefind[extended]'): {exc}"
        raise ExtensionError(msg) from exc
    except pagefind_bundle.BundleError as exc:
        raise ExtensionError(f"site_search: {exc}") from exc
    (output / QUERY_SCRIPT).write_text(query_script(language, texts, glossary), encoding="utf-8")
    (output / INPUTS_STAMP).write_text(inputs)
    logger.info("site_search: Pagefind indexed %d pages into %s", len(pages), output)


def index_inputs(pages: dict[str, str], language: str, glossary: Path) -> str:
    """SHA-256 of everything the index is made from: the written pages (name and text),
    the language, Pagefind's version, the glossary and the indexing code. An unchanged
    rebuild finds the digest it stamped last time and leaves the index as it is (indexing
    is most of the time such a build takes)."""
    digest = hashlib.sha256(f"{language}\0pagefind {version('pagefind')}".encode())
    for path in [glossary, *INDEXING_CODE]:
        digest.update(path.read_bytes() if path.is_file() else b"-")
    for target, source in sorted(pages.items()):
        digest.update(f"\0{target}\0{len(source)}\0".encode())
        digest.update(source.encode())
    return digest.hexdigest()


def _index_is_current(output: Path, inputs: str, page_count: int) -> bool:
    """The bundle in ``output`` was made from ``inputs`` and is whole."""
    stamp = output / INPUTS_STAMP
    if not (stamp.is_file() and stamp.read_text() == inputs and (output / QUERY_SCRIPT).is_file()):
        return False
    try:
        pagefind_bundle.check_bundle(output, page_count)
    except pagefind_bundle.BundleError:
        return False
    return True


# --------------------------------------------------------------------------- search page


def search_page_strings() -> dict[str, str]:
    """The search page's own messages, in the build's language."""
    return {
        "searching": _("Searching…"),
        "found": _("Pages found: {count}"),
        "none": _("No page matches your search. Check the spelling, or try fewer or other words."),
        "empty": _("Type one or more words in the search field."),
        "failed": _(
            "The search index could not be loaded. Search works when the site is served "
            "over HTTP (make serve), not from files opened directly."
        ),
        "partial": _("matches some of your words"),
    }


def add_search_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if pagename != "search":
        return
    context["chainrule_search"] = json.dumps(
        {
            "lang": app.config.language or "en",
            "pagefind": f"{OUTPUT_FOLDER}/pagefind.js",
            "helpers": f"{OUTPUT_FOLDER}/{QUERY_SCRIPT}",
            "strings": {key: str(text) for key, text in search_page_strings().items()},
        },
        ensure_ascii=False,
    )


def setup(app: Sphinx) -> dict:
    app.setup_extension("search_langs")
    app.connect("html-page-context", add_search_context)
    app.connect("build-finished", build_search)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


__all__ = [
    "math_words",
    "page_for_index",
    "query_script",
    "readable_math",
    "search_words_of",
    "setup",
    "stopwords",
]
