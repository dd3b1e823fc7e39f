"""Math typeset at build time (docs/_ext/typeset_math.py): one Node batch, a cache, loud errors.

Small throwaway projects are built with the real conf.py, each with its own math cache.
Numbered equations and their links are checked on the real site (tests/browser: every
equation link shows the number of the equation it lands on).
"""

from __future__ import annotations

import re
import sys

import pytest
from docutils import nodes
from site_project import ROOT, ensure_mathjax

sys.path.insert(0, str(ROOT / "docs" / "_ext"))
from typeset_math import MathCache, equation_of, key_of, run_renderer

PAGE = r"""
# Math

Inline $\sigma(z) = 1/(1 + e^{-z})$ and a block:

$$
\frac{\partial J}{\partial w} = x\, (a - y)
$$
"""


@pytest.fixture(scope="module")
def project(new_project):
    ensure_mathjax()
    project = new_project("typeset-math")
    project.write("index.md", "# Index\n\n```{toctree}\nmath\n```\n")
    project.write("math.md", PAGE)
    return project


def _build(project):
    cache = project.root / "_build" / "math-cache.json"
    return project.build("en", "html", "-D", f"typeset_math_cache={cache}")


def test_first_build_typesets_and_a_rebuild_reuses_the_cache(project):
    first = _build(project)
    assert first.returncode == 0, first.log[-3000:]
    assert re.search(r"typeset math: 2 new, 0 from the cache", first.log)
    html = (first.outdir / "math.html").read_text(encoding="utf8")
    block = re.search(
        r'<div class="math notranslate nohighlight"[^>]*>\s*(.*?)</div>\n', html, re.S
    )
    assert block and block.group(1).startswith('<mjx-container class="MathJax" jax="CHTML"')
    assert 'display="true"' in block.group(1) and "<mjx-assistive-mml" in block.group(1)
    inline = re.search(r'<span class="math[^"]*">(<mjx-container.*?)</span>', html)
    assert inline and 'display="true"' not in inline.group(1)
    assert "\\frac" not in html and "tex-mml-chtml" not in html
    assert (first.outdir / "_static" / "math" / "math.css").is_file()

    again = _build(project)
    assert again.returncode == 0, again.log[-3000:]
    assert re.search(r"typeset math: 0 new, 2 from the cache", again.log)


def test_an_unknown_macro_fails_the_build_naming_the_page(new_project):
    ensure_mathjax()
    project = new_project("typeset-math-broken")
    project.write("index.md", "# Index\n\n```{toctree}\nbroken\n```\n")
    project.write("broken.md", "# Broken\n\nAn unknown macro: $\\notamacro{x}$.\n")
    build = _build(project)
    assert build.returncode != 0
    assert re.search(
        r"broken\.md.*WARNING: cannot typeset inline math '\\\\notamacro\{x\}': "
        r"Undefined control sequence \\notamacro",
        build.log,
    ), build.log[-3000:]


def test_equation_of_builds_the_tex_sphinx_would():
    inline = nodes.math("", "x^2")
    assert equation_of(inline) == (False, "x^2")
    two = nodes.math_block("a = b\n\nc = d \\\\ e", "a = b\n\nc = d \\\\ e", nowrap=False)
    display, tex = equation_of(two)
    assert display
    assert tex == (
        r"\begin{align}\begin{aligned}a = b\\\begin{split}c = d \\ e\end{split}"
        r"\end{aligned}\end{align}"
    )
    raw = nodes.math_block("", r"\begin{align}x\end{align}", nowrap=True)
    assert equation_of(raw) == (True, r"\begin{align}x\end{align}")
    assert key_of((True, "x")) != key_of((False, "x"))


def test_each_equation_keeps_the_stylesheet_rules_it_needs(tmp_path):
    ensure_mathjax()
    equations = [(False, "x"), (True, r"\sum_{j=1}^{n} \left(\frac{a}{b}\right)")]
    answer = run_renderer(equations)
    assert [item["errors"] for item in answer["equations"]] == [[], []]
    cache = MathCache(tmp_path / "cache.json", "test")
    cache.add(answer, [key_of(e) for e in equations])
    small = cache.stylesheet([key_of(equations[0])])
    both = cache.stylesheet([key_of(e) for e in equations])
    # the fraction and the big operator need rules the lone x does not
    assert "mjx-mfrac" not in small and "mjx-mfrac" in both
    assert "@font-face" in small
    cache.save()
    assert set(MathCache(tmp_path / "cache.json", "test").equations) == set(cache.equations)
    assert MathCache(tmp_path / "cache.json", "other renderer").equations == {}
