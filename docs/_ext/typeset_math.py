"""Math typeset while the site is built: pages carry finished MathJax markup, no MathJax script.

Every ``math`` and ``math_block`` node of the doctrees (numbered, labelled, translated or
from a notebook's Markdown output) becomes MathJax 4's CommonHTML markup, with the
equation as MathML beside it for screen readers.  The reader's browser only lays out HTML
and CSS; it downloads one stylesheet (``_static/math/math.css``) and the few woff2 fonts it
names, all served by the site.

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
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)

RENDERER = "typeset"
SCRIPT = Path(__file__).with_name("render_math.mjs")
FONT_PACKAGE = Path("@mathjax") / "mathjax-newcm-font"
#: Output folder, below ``_static``: the stylesheet and, in FONT_FOLDER beside it, the fonts.
STATIC_FOLDER = "math"
FONT_FOLDER = "woff2"
STYLESHEET = f"{STATIC_FOLDER}/math.css"
ENV_KEY = "typeset_math_equations"
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

#: An equation as the renderer sees it: (display?, TeX).
Equation = tuple[bool, str]


# ------------------------------------------------------------------------- equations


def equation_of(node: nodes.Element) -> Equation:
    """The TeX MathJax typesets for ``node``, as Sphinx's own MathJax support builds it.

    Inline math is typeset as it is; a display block with several paragraphs becomes one
    ``aligned`` environment, a paragraph with ``\\\\`` a ``split``; a ``nowrap`` block (an
    amsmath environment) is typeset as written.
    """
    if isinstance(node, nodes.math):
        return False, node.astext()
    if node.get("no-wrap", node.get("nowrap", False)):
        return True, node.astext()
    parts = [part for part in node.astext().split("\n\n") if part.strip()]
    parts = [rf"\begin{{split}}{part}\end{{split}}" if r"\\" in part else part for part in parts]
    if len(parts) > 1:
        return True, r"\begin{align}\begin{aligned}" + r"\\".join(
            parts
        ) + r"\end{aligned}\end{align}"
    return True, "".join(parts)


def key_of(equation: Equation) -> str:
    display, tex = equation
    return hashlib.sha256(f"{'D' if display else 'I'}\0{tex}".encode()).hexdigest()[:32]


# ------------------------------------------------------------------------- Node side


def node_modules_of(start: Path) -> Path:
    """The ``node_modules`` folder Node finds for a script in ``start`` (nearest above)."""
    for folder in (start, *start.parents):
        if (folder / "node_modules" / "mathjax").is_dir():
            return folder / "node_modules"
    msg = (
        f"MathJax is not installed: no node_modules/mathjax in {start} or a folder above it."
        " Run `make mathjax` (npm ci from package-lock.json)."
    )
    raise ExtensionError(msg)


def renderer_fingerprint(node_modules: Path) -> str:
    """Changes when the typesetting could: the script, MathJax's or the font's version."""
    digest = hashlib.sha256(SCRIPT.read_bytes())
    for package in (Path("mathjax"), FONT_PACKAGE):
        manifest = json.loads((node_modules / package / "package.json").read_text())
        digest.update(f"{package}={manifest['version']}".encode())
    return digest.hexdigest()[:16]


def run_renderer(equations: list[Equation], node: str = "node") -> dict[str, Any]:
    """Typeset ``equations`` in one Node process; its JSON answer (see render_math.mjs)."""
    request = {
        "font_url": FONT_FOLDER,
        "equations": [{"tex": tex, "display": display} for display, tex in equations],
    }
    try:
        result = subprocess.run(
            [node, str(SCRIPT)],
            input=json.dumps(request),
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError as error:
        msg = f"cannot typeset math: {node!r} not found (Node.js is needed to build the site)"
        raise ExtensionError(msg) from error
    if result.returncode != 0:
        msg = f"cannot typeset math: {SCRIPT.name} exited with {result.returncode}:\n"
        raise ExtensionError(msg + result.stderr[-3000:])
    answer = json.loads(result.stdout)
    if len(answer["equations"]) != len(equations):
        msg = f"{SCRIPT.name} answered {len(answer['equations'])} of {len(equations)} equations"
        raise ExtensionError(msg)
    return answer


# ------------------------------------------------------------------------- the cache


class MathCache:
    """Typeset equations by key, and the stylesheet rules they use, in one JSON file."""

    def __init__(self, path: Path, fingerprint: str) -> None:
        self.path = path
        self.fingerprint = fingerprint
        self.rules: list[str] = []
        self.equations: dict[str, dict[str, Any]] = {}
        self.changed = False
        if path.is_file():
            try:
                stored = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                logger.info("typeset math: ignoring unreadable cache %s (%s)", path, error)
                return
            if stored.get("fingerprint") == fingerprint:
                self.rules = stored["rules"]
                self.equations = stored["equations"]

    def __contains__(self, key: str) -> bool:
        return key in self.equations

    def html(self, key: str) -> str:
        return self.equations[key]["html"]

    def add(self, answer: dict[str, Any], keys: list[str]) -> None:
        """Store the typeset equations of one renderer answer (all without errors)."""
        index = {rule: at for at, rule in enumerate(self.rules)}
        local = []
        for rule in answer["rules"]:
            if rule not in index:
                index[rule] = len(self.rules)
                self.rules.append(rule)
            local.append(index[rule])
        for key, item in zip(keys, answer["equations"], strict=True):
            if item["errors"]:
                continue
            rules = [local[at] for at in item["rules"]]
            self.equations[key] = {"html": item["html"], "rules": rules}
            self.changed = True

    def stylesheet(self, keys: Iterable[str]) -> str:
        """The rules the equations ``keys`` need, in the order they were first met."""
        used = sorted(
            {rule for key in keys if key in self for rule in self.equations[key]["rules"]}
        )
        return "\n\n".join(self.rules[at] for at in used) + "\n"

    def save(self) -> None:
        if not self.changed:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"fingerprint": self.fingerprint, "rules": self.rules, "equations": self.equations}
        # written whole, then renamed: a build in another language never reads half a file
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=self.path.parent, delete=False, suffix=".tmp"
        ) as handle:
            json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
        os.chmod(handle.name, 0o644)
        os.replace(handle.name, self.path)
        self.changed = False


# ------------------------------------------------------------------------- Sphinx events


def _note_equations(app: Sphinx, doctree: nodes.document) -> None:
    found = {equation_of(node) for node in doctree.findall(nodes.math)}
    found |= {equation_of(node) for node in doctree.findall(nodes.math_block)}
    store = getattr(app.env, ENV_KEY, None)
    if store is None:
        store = {}
        setattr(app.env, ENV_KEY, store)
    store[app.env.docname] = sorted(found)


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, ENV_KEY, {}).pop(docname, None)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    store = getattr(env, ENV_KEY, None)
    if store is None:
        store = {}
        setattr(env, ENV_KEY, store)
    theirs = getattr(other, ENV_KEY, {})
    for docname in docnames:
        if docname in theirs:
            store[docname] = theirs[docname]


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
    store: dict[str, list[Equation]] = getattr(app.env, ENV_KEY, {})
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
    css = STYLESHEET_HEAD + cache.stylesheet(keys)
    _write_if_changed(folder / "math.css", css.encode())
    fonts = node_modules / FONT_PACKAGE / "chtml" / FONT_FOLDER
    for name in sorted(set(re.findall(rf'url\("{FONT_FOLDER}/([\w.-]+\.woff2)"\)', css))):
        source = fonts / name
        if not source.is_file():
            msg = f"math.css names the font {name}, which {fonts} does not hold"
            raise ExtensionError(msg)
        _write_if_changed(folder / FONT_FOLDER / name, source.read_bytes())


def _write_if_changed(path: Path, data: bytes) -> None:
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _link_stylesheet(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if _uses_us(app) and context.get("has_maths_elements"):
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


def _save_late_equations(app: Sphinx, exception: Exception | None) -> None:
    cache = getattr(app.builder, "typeset_math", None)
    if exception is None and cache is not None:
        cache.save()


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("typeset_math_cache", "", "", types=[str])
    app.add_config_value("typeset_math_node", "node", "", types=[str])
    app.add_html_math_renderer(RENDERER, (visit_math, None), (visit_math_block, None))
    app.connect("doctree-read", _note_equations)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("write-started", _typeset_site)
    app.connect("html-page-context", _link_stylesheet)
    app.connect("build-finished", _save_late_equations)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
