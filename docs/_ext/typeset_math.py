"""Math typeset while the site is built: pages carry finished MathJax markup, no MathJax script.

Every ``math`` and ``math_block`` node of the doctrees (numbered, labelled, translated or
from a notebook's Markdown output) becomes MathJax 4's CommonHTML markup, with the
equation as MathML beside it for screen readers.  The reader's browser only lays out HTML
and CSS; it downloads one stylesheet (``_static/math/math.css``) and the few woff2 fonts it
names, all served by the site, each cut to the characters the site's equations draw
(``font_subset.py``; once the pages are written).

How the work is batched and cached:

* when a page is read, the TeX of its equations is noted in the environment;
* before pages are written (``write-started``), every equation of the site that the cache
  (``typeset_math_cache``, shared by the three languages) does not hold yet is typeset in
  **one** Node process (``render_math.mjs``), and the cache is saved;
* the HTML writer then only looks equations up.  An unchanged rebuild starts no Node
  process; the log line ``typeset math: N new, M from the cache`` says what was done.

Each cached equation keeps the stylesheet rules it needs on its own, so the site's
stylesheet is the union of the rules of the equations it shows, whichever run typeset them.
A TeX error (an unknown macro included) is a warning naming the page, so ``-W`` fails.
Node and the cache: :mod:`math_renderer`; the fonts: :mod:`math_fonts`.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from docutils import nodes
from font_subset import css_string_characters, subset_woff2
from math_fonts import (
    font_sources,
    shown_characters,
    swap_fonts,
    write_if_changed,
)
from math_renderer import (
    FONT_FOLDER,
    SCRIPT,
    Equation,
    MathCache,
    equation_of,
    key_of,
    node_modules_of,
    renderer_fingerprint,
    run_renderer,
)
from per_page_domain import PerPageDomain
from sphinx.application import Sphinx
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)

RENDERER = "typeset"
#: Output folder, below ``_static``: the stylesheet and, in FONT_FOLDER beside it, the fonts.
STATIC_FOLDER = "math"
STYLESHEET = f"{STATIC_FOLDER}/math.css"
#: x-height of the math font (MathJax's font data for mathjax-newcm), in em.
MATH_FONT_X_HEIGHT = 0.442
STYLESHEET_HEAD = f"""/* Math typeset when the site was built (MathJax 4, CommonHTML output):
   the rules its equations use.  In a browser MathJax scales the math so that its
   x-height matches the surrounding text's; "ex" in font-size is the parent's x-height,
   so this does the same without a script, for whatever font the reader's system shows. */

mjx-container[jax="CHTML"] {{
  font-size: calc(1ex / {MATH_FONT_X_HEIGHT});
}}

"""

# ------------------------------------------------------------------------- Sphinx events


class TypesetEquations(PerPageDomain):
    """The equations of each page, as the renderer sees them (purged and merged by Sphinx)."""

    name = "typeset_math"
    label = "typeset math"


def _note_equations(app: Sphinx, doctree: nodes.document) -> None:
    found = {equation_of(node) for node in doctree.findall(nodes.math)}
    found |= {equation_of(node) for node in doctree.findall(nodes.math_block)}
    TypesetEquations.of(app.env).pages[app.env.docname] = sorted(found)


def _uses_us(app: Sphinx) -> bool:
    return (
        app.builder.format == "html"
        and getattr(app.builder, "math_renderer_name", None) == RENDERER
    )


def _typeset_site(app: Sphinx, builder: Any) -> None:
    """Typeset what the cache lacks, in one Node process; write the stylesheet and fonts."""
    if not _uses_us(app):
        return
    node_modules = node_modules_of(SCRIPT.parent)
    cache_path = Path(app.config.typeset_math_cache or Path(app.doctreedir) / "math-cache.json")
    cache = MathCache(cache_path, renderer_fingerprint(node_modules))
    store = TypesetEquations.of(app.env).pages
    where: dict[Equation, str] = {}
    for docname in sorted(store):
        for display, tex in store[docname]:
            where.setdefault((display, tex), docname)
    # inline equations that other extensions add while pages are written (a domain's
    # late_math(), e.g. the verified table's rows): typeset in the same batch
    for name in ("eqcheck",):
        try:
            domain = app.env.get_domain(name)
        except Exception:  # the extension is not loaded
            continue
        for tex in getattr(domain, "late_math", list)():
            where.setdefault((False, tex), app.config.root_doc)
    missing = [equation for equation in sorted(where) if key_of(equation) not in cache]
    failed: dict[str, str] = {}
    started = time.perf_counter()
    if missing:
        keys = [key_of(equation) for equation in missing]
        answer = run_renderer(missing, app.config.typeset_math_node)
        cache.add(answer, keys)
        for equation, key, item in zip(missing, keys, answer["equations"], strict=True):
            if item["errors"]:
                failed[key] = item["html"]
                display, tex = equation
                logger.warning(
                    "cannot typeset %s math %r: %s",
                    "display" if display else "inline",
                    tex,
                    "; ".join(item["errors"]),
                    location=where[equation],
                    type="math",
                    subtype="typeset",
                )
        cache.save()
    logger.info(
        "typeset math: %d new, %d from the cache, %.1f s (%s)",
        len(missing),
        len(where) - len(missing),
        time.perf_counter() - started,
        cache_path,
    )
    builder.typeset_math = cache
    builder.typeset_math_failed = failed
    _write_stylesheet(app, cache, [key_of(equation) for equation in where], node_modules)


def _write_stylesheet(app: Sphinx, cache: MathCache, keys: list[str], node_modules: Path) -> None:
    folder = Path(app.outdir) / "_static" / STATIC_FOLDER
    css = STYLESHEET_HEAD + swap_fonts(cache.stylesheet(keys))
    write_if_changed(folder / "math.css", css.encode())
    font_sources(css, node_modules)  # a font the stylesheet names and MathJax lacks: stop now


def _write_fonts(app: Sphinx, cache_path: Path) -> None:
    """The math fonts, each cut to the characters the written pages draw (font_subset.py).

    Runs once every page is written, so equations typeset while pages were written count.
    """
    folder = Path(app.outdir) / "_static" / STATIC_FOLDER
    stylesheet = folder / "math.css"
    if not stylesheet.is_file():
        return
    css = stylesheet.read_text(encoding="utf-8")
    characters = shown_characters(Path(app.outdir).rglob("*.html"))
    characters |= css_string_characters(css, "content")
    started = time.perf_counter()
    for name, source in font_sources(css, node_modules_of(SCRIPT.parent)).items():
        data = subset_woff2(source.read_bytes(), characters, cache_path.parent / "fonts")
        write_if_changed(folder / FONT_FOLDER / name, data)
    logger.info(
        "typeset math: fonts cut to %d characters, %.1f s", len(characters),
        time.perf_counter() - started,
    )  # fmt: skip


def _link_stylesheet(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if not (_uses_us(app) and context.get("has_maths_elements")):
        return
    app.add_css_file(STYLESHEET)


# ------------------------------------------------------------------------- HTML writer


def _markup(translator: Any, node: nodes.Element) -> str:
    equation = equation_of(node)
    key = key_of(equation)
    builder = translator.builder
    cache: MathCache | None = getattr(builder, "typeset_math", None)
    if cache is not None and key in cache:
        return cache.html(key)
    failed = getattr(builder, "typeset_math_failed", {})
    if key in failed:  # warned about already; the page shows MathJax's error box
        return failed[key]
    # An equation no page had when it was read (added while pages are written): typeset
    # alone, in the process that writes the page.
    logger.info("typeset math: %r was not seen when the pages were read", equation[1])
    answer = run_renderer([equation], builder.config.typeset_math_node)
    item = answer["equations"][0]
    if item["errors"]:
        logger.warning(
            "cannot typeset math %r: %s",
            equation[1],
            "; ".join(item["errors"]),
            location=node,
            type="math",
            subtype="typeset",
        )
    elif cache is not None:
        cache.add(answer, [key])
    return item["html"]


def visit_math(translator: Any, node: nodes.math) -> None:
    translator.body.append(
        translator.starttag(node, "span", "", CLASS="math notranslate nohighlight")
    )
    translator.body.append(_markup(translator, node) + "</span>")
    raise nodes.SkipNode


def visit_math_block(translator: Any, node: nodes.math_block) -> None:
    translator.body.append(translator.starttag(node, "div", CLASS="math notranslate nohighlight"))
    nowrap = node.get("no-wrap", node.get("nowrap", False))
    if node["number"] and not nowrap:
        number = get_node_equation_number(translator, node)
        translator.body.append(f'<span class="eqno">({number})')
        translator.add_permalink_ref(node, _("Link to this equation"))
        translator.body.append("</span>")
    translator.body.append(_markup(translator, node) + "</div>\n")
    raise nodes.SkipNode


def _finish(app: Sphinx, exception: Exception | None) -> None:
    """Save the equations typeset while pages were written; write the fonts they use."""
    cache = getattr(app.builder, "typeset_math", None)
    if exception is None and cache is not None:
        cache.save()
        _write_fonts(app, cache.path)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("typeset_math_cache", "", "", types=[str])
    app.add_config_value("typeset_math_node", "node", "", types=[str])
    app.add_html_math_renderer(RENDERER, (visit_math, None), (visit_math_block, None))
    app.add_domain(TypesetEquations)
    app.connect("doctree-read", _note_equations)
    app.connect("write-started", _typeset_site)
    app.connect("html-page-context", _link_stylesheet)
    app.connect("build-finished", _finish)
    return {
        "version": "1.0",
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


__all__ = [
    "Equation",
    "MathCache",
    "equation_of",
    "key_of",
    "run_renderer",
    "setup",
    "shown_characters",
    "swap_fonts",
]
