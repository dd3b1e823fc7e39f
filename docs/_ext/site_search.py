"""The site's search: a Pagefind index of each language's pages, math as readable text.

Sphinx's own search (``searchtools.js``, with the Korean stemmer and jieba of
``search_langs.py``) requires every word of a query on a page, ranks pages without
term frequencies (ties alphabetically) and quotes raw TeX in its snippets and titles.
Measured on the reader queries of ``tests/search/queries`` (38 per language, the site
with typeset math and the exercises) it found the expected page in the top 3 for 33
(en), 24 (ko) and 32 (zh_TW) of them; Pagefind's own library, queried as typed, for
30, 29 and 28; the page built here for 37 in each language (``tests/search`` asserts
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

import html
import json
import re
from collections.abc import Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pagefind_bundle
import search_langs
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

_ARTICLE = re.compile(r'<article class="bd-article"')
_MATH = re.compile(
    r'(?P<open><(?P<tag>span|div) class="math[^"]*"[^>]*>)(?P<tex>.*?)(?P<close></(?P=tag)>)',
    re.DOTALL,
)
_TEX = re.compile(r"\\\((?:.*?)\\\)|\\\[(?:.*?)\\\]", re.DOTALL)
#: A section and its heading: Sphinx puts the id on the section, Pagefind reads it on
#: the heading.
_SECTION_HEADING = re.compile(r'(<section id="(?P<id>[^"]+)"[^>]*>\s*<h[1-6])(?=[\s>])')
_TYPESET = re.compile(r"<mjx-container\b.*?</mjx-container>", re.DOTALL)
_MATHML = re.compile(r"<math\b.*?</math>", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_DELIMITERS = re.compile(r"^\s*(?:\\\(|\\\[)(?P<body>.*?)(?:\\\)|\\\])\s*$", re.DOTALL)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


# --------------------------------------------------------------------------- math as text


def _latex_to_text():
    """A pylatexenc converter with the notes' notation spelled out where its default is poor."""
    from pylatexenc import latexwalker, macrospec
    from pylatexenc.latex2text import (
        LatexNodes2Text,
        MacroTextSpec,
        get_default_latex_context_db,
    )

    def group(node, l2tobj) -> str:
        text = l2tobj.nodelist_to_text([node]).strip()
        return f"({text})" if re.search(r"[\s+\-−=/,]", text) else text

    def fraction(node, l2tobj) -> str:
        numerator, denominator = node.nodeargd.argnlist[-2:]
        return f"{group(numerator, l2tobj)}/{group(denominator, l2tobj)}"

    context = get_default_latex_context_db()
    context.add_context_category(
        "chainrule",
        prepend=True,
        macros=[
            MacroTextSpec("ne", "≠"),
            MacroTextSpec("neq", "≠"),
            MacroTextSpec("frac", simplify_repl=fraction),
            MacroTextSpec("dfrac", simplify_repl=fraction),
            MacroTextSpec("tfrac", simplify_repl=fraction),
            MacroTextSpec("bmod", " mod "),
        ],
    )
    # the parser must know that \tfrac takes two arguments (its default knows \frac)
    parsing = latexwalker.get_default_latex_context_db()
    parsing.add_context_category(
        "chainrule",
        prepend=True,
        macros=[macrospec.MacroSpec("tfrac", "{{"), macrospec.MacroSpec("bmod", "")],
    )
    converter = LatexNodes2Text(latex_context=context, math_mode="text", strict_latex_spaces=False)
    return converter, parsing


_CONVERTER: Any = None


def readable_math(tex: str, fallback: str | None = None) -> str:
    """TeX of one formula as plain Unicode text (``\\frac{1}{m}`` -> ``1/m``).

    TeX that pylatexenc cannot read gives ``fallback`` (the formula's MathML text, when
    it was typeset) or, without one, the TeX itself: the build does not fail on it.
    """
    global _CONVERTER
    if _CONVERTER is None:
        _CONVERTER = _latex_to_text()
    converter, parsing = _CONVERTER
    match = _DELIMITERS.match(tex)
    body = match.group("body") if match else tex
    try:
        text = converter.latex_to_text(body, latex_context=parsing)
    except Exception:  # any parse failure
        return fallback if fallback is not None else body.strip()
    return " ".join(text.split())


#: Before a superscript or subscript (``W^[l]``, ``x_i``) and around a slash (``1/m``).
_SCRIPT = re.compile(r"(?<=[^\s^_])(?=[\^_])")
_SLASH = re.compile(r"\s*/\s*")


def math_words(text: str) -> str:
    """Readable math with its symbols as separate words: ``W^[l]`` -> ``W ^[l]``.

    Pagefind splits text into words at whitespace only; a word with punctuation inside
    (``W^[l]``, ``1/m``) is indexed whole (``wl``, ``1m``) plus its parts of two or more
    letters, so the variable ``W`` or ``m`` a reader types would not be found.  A space
    before a superscript or subscript and around a slash makes each symbol a word.  The
    search page joins ``W ^[l]`` back for display (``chainrule-search.js``).
    """
    return _SLASH.sub(" / ", _SCRIPT.sub(" ", text))


def mathml_text(markup: str) -> str:
    """The characters of the MathML in typeset ``markup`` (for a formula of unknown TeX)."""
    found = _MATHML.search(markup)
    if found is None:
        return ""
    return " ".join(html.unescape(_TAG.sub(" ", found.group(0))).split()).replace(" ", "")


def page_for_index(page_html: str, typeset: Mapping[str, str] | None = None) -> str:
    """The page as Pagefind should read it: article only, math as readable text, each
    section's id on its heading.

    ``typeset`` maps the markup of each equation typeset at build time to its TeX
    (:func:`typeset_sources`); markup it does not hold is read from its MathML.
    """
    typeset = typeset or {}
    marked, count = _ARTICLE.subn('<article class="bd-article" data-pagefind-body', page_html, 1)
    # each heading with its section's id: Pagefind then lists the sections that match
    # (sub results, linked to their anchor) with their titles
    marked = _SECTION_HEADING.sub(lambda m: f'{m.group(1)} id="{m.group("id")}"', marked)
    if not count:
        msg = 'no <article class="bd-article"> in the page: did the theme change?'
        raise ValueError(msg)

    def readable(formula: re.Match[str]) -> str:
        text = readable_math(html.unescape(formula.group(0)))
        return html.escape(math_words(text), quote=False)

    def readable_typeset(formula: re.Match[str]) -> str:
        markup = formula.group(0)
        tex = typeset.get(markup)
        from_mathml = mathml_text(markup)
        text = readable_math(tex, from_mathml) if tex is not None else from_mathml
        return html.escape(math_words(text), quote=False)

    def replace(match: re.Match[str]) -> str:
        # a display equation's element also holds its number and link: TeX only
        inner = _TEX.sub(readable, match.group("tex"))
        return f"{match.group('open')}{inner}{match.group('close')}"

    return _MATH.sub(replace, _TYPESET.sub(readable_typeset, marked))


def typeset_sources(app: Sphinx) -> dict[str, str]:
    """Markup -> TeX of every equation :mod:`typeset_math` typeset for this build."""
    cache = getattr(app.builder, "typeset_math", None)
    if cache is None:
        return {}
    import typeset_math

    equations = {
        tuple(equation)
        for found in getattr(app.env, typeset_math.ENV_KEY, {}).values()
        for equation in found
    }
    try:  # the verified table's rows, typeset in the same batch (see typeset_math)
        domain = app.env.get_domain("eqcheck")
    except Exception:  # the extension is not loaded
        domain = None
    for tex in getattr(domain, "late_math", list)():
        equations.add((False, tex))
    sources = {}
    for display, tex in equations:
        key = typeset_math.key_of((display, tex))
        if key in cache:
            sources[cache.html(key)] = tex
    return sources


# --------------------------------------------------------------------------- query helpers


class _TextCollector(HTMLParser):
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


# --------------------------------------------------------------------------- index


def build_search(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html":
        return
    outdir = Path(app.outdir)
    pages: dict[str, str] = {}
    texts: list[str] = []
    typeset = typeset_sources(app)
    for docname in sorted(app.env.found_docs - NOT_INDEXED):
        target = app.builder.get_target_uri(docname)
        path = outdir / target
        if not path.is_file():
            continue
        source = path.read_text(encoding="utf-8")
        try:
            pages[f"/{target}"] = page_for_index(source, typeset)
        except ValueError as exc:
            raise ExtensionError(f"site_search: {path}: {exc}") from exc
        collector = _TextCollector()
        collector.feed(pages[f"/{target}"])
        texts.append(" ".join(collector.parts))
    output = outdir / OUTPUT_FOLDER
    try:
        pagefind_bundle.write_bundle(pages, output, EXCLUDE_SELECTORS)
    except ImportError as exc:
        msg = f"site_search: Pagefind is needed (pip install 'pagefind[extended]'): {exc}"
        raise ExtensionError(msg) from exc
    except pagefind_bundle.BundleError as exc:
        raise ExtensionError(f"site_search: {exc}") from exc
    language = app.config.language or "en"
    glossary = str(app.config.search_langs_glossary or search_langs.DEFAULT_GLOSSARY)
    (output / QUERY_SCRIPT).write_text(query_script(language, texts, glossary), encoding="utf-8")
    logger.info("site_search: Pagefind indexed %d pages into %s", len(pages), output)


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
