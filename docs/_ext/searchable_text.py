"""A written page as the search index should read it: math as readable text, sections by id.

Math typeset at build time (:mod:`typeset_math`: MathJax's glyph elements, then the same
formula as MathML) is replaced by the readable text of the TeX it was typeset from
(pylatexenc: ``\\(n^{[0]} = 3\\)`` -> ``n^[0] = 3``); read as it is, an index would hold
every formula twice and glued to itself (``𝑊[𝑙]W[l]``). Only the article is indexed, and
each heading gets its section's id. Used by :mod:`site_search`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

from sphinx.application import Sphinx

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
#: The tab stop that ``lazy_rendering.py`` gives a display equation in the page: not part
#: of the markup the equation was typeset as.
_TAB_STOP = re.compile(r'^(<mjx-container\b[^>]*?) tabindex="0"')
_DELIMITERS = re.compile(r"^\s*(?:\\\(|\\\[)(?P<body>.*?)(?:\\\)|\\\])\s*$", re.DOTALL)


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
        markup = _TAB_STOP.sub(r"\1", formula.group(0), count=1)
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
        for found in typeset_math.TypesetEquations.of(app.env).pages.values()
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
