"""Edit the LaTeX of a displayed equation, and the next incremental build fails naming it.

For each page below, a copy of the page is built once as it is (the control: no
equation fails), then the LaTeX of several of its equations is mutated -- a sign, a
missing 1/m, a wrong layer index, a dropped transpose, a wrong shape claim, a wrong
constant in an identity -- and the same project is built again with its execution
cache in place, as `make html-en` would after an author's edit.  The build must fail
and name exactly the mutated labels.
"""

from __future__ import annotations

import re

import pytest
from site_project import ROOT, ensure_mathjax

DOCS = ROOT / "docs"

# page -> [(label, displayed LaTeX, mutated LaTeX, what the mutation does)]
MUTATIONS = {
    "building-blocks": [
        ("eq-backward-dW", r"dW^{[l]} = \frac{1}{m}\, dZ^{[l]} A^{[l-1]\,T}.",
         r"dW^{[l]} = dZ^{[l]} A^{[l-1]\,T}.", "the 1/m removed"),
        ("eq-backward-dA-prev", r"dA^{[l-1]} = W^{[l]\,T} dZ^{[l]}.",
         r"dA^{[l-1]} = W^{[l]} dZ^{[l]}.", "the transpose dropped"),
        ("eq-backward-dZL", r"dZ^{[L]} = A^{[L]} - Y.", r"dZ^{[L]} = Y - A^{[L]}.", "a sign"),
        ("eq-backward-dZ-prev", r"* g^{[l-1]\prime}\bigl(Z^{[l-1]}\bigr).",
         r"* g^{[l]\prime}\bigl(Z^{[l-1]}\bigr).", "a layer index"),
        ("eq-backward-db", r"\sum_{i=1}^{m} dZ^{[l](i)}.", r"\sum_{i=1}^{m} dZ^{[l-1](i)}.",
         "a layer index"),
    ],
    "dimensions": [
        ("eq-dim-W", r"W^{[l]} \in \mathbb{R}^{n^{[l]} \times n^{[l-1]}}.",
         r"W^{[l]} \in \mathbb{R}^{n^{[l-1]} \times n^{[l]}}.", "a shape claim"),
    ],
    "logistic-regression": [
        ("eq-lr-squared-dz", r"= (a - y)\, a (1 - a)", r"= (a - y)",
         "the factor sigma'(z) dropped"),
        ("eq-lr-graph-chain", r"\, \frac{\partial a}{\partial z}\, \frac{\partial z}{\partial b}",
         r"\, \frac{\partial z}{\partial b}", "a link of the chain dropped"),
    ],
    "activations": [
        ("eq-tanh-derivative", r"\tanh'(z) = 1 - \tanh^2(z)", r"\tanh'(z) = 2 - \tanh^2(z)",
         "a constant in an identity"),
    ],
}  # fmt: skip

FAILED = re.compile(r"equation ([\w-]+) \([\w./-]+, line \d+\) does not hold")


def failed_labels(log: str) -> list[str]:
    return sorted(set(FAILED.findall(log)))


@pytest.fixture(scope="module", params=sorted(MUTATIONS))
def page_builds(request, new_project):
    """(control build, mutated build) of one page, in one project, one cache."""
    ensure_mathjax()
    name = request.param
    project = new_project(name)
    project.write("index.md", f"# Index\n\n```{{toctree}}\n{name}\n```\n")
    source = (DOCS / f"{name}.md").read_text(encoding="utf8")
    (project.docs / f"{name}.md").write_text(source, encoding="utf8")
    control = project.build("en")
    mutated = source
    for label, latex, wrong, _what in MUTATIONS[name]:
        displayed = f"{latex}\n$$ ({label})"  # the end of the display, with its label
        assert mutated.count(displayed) == 1, (
            f"{label}: the displayed LaTeX moved; update this test"
        )
        mutated = mutated.replace(displayed, f"{wrong}\n$$ ({label})")
    (project.docs / f"{name}.md").write_text(mutated, encoding="utf8")
    return name, control, project.build("en")  # incremental: same doctrees, same cache


def test_the_page_as_it_is_has_no_failing_equation(page_builds):
    name, control, _ = page_builds
    # Alone, the page's links to other pages dangle; only its equations are asserted here.
    assert failed_labels(control.log) == [], control.log[-3000:]
    assert "Executing notebook" in control.log


def test_each_mutated_equation_fails_the_incremental_build_by_name(page_builds):
    name, _, mutated = page_builds
    assert mutated.returncode != 0
    assert "Executing notebook" in mutated.log  # the LaTeX edit re-ran the page
    expected = sorted(label for label, *_ in MUTATIONS[name])
    assert failed_labels(mutated.log) == expected, mutated.log[-4000:]


def test_the_failure_block_shows_the_latex_the_reference_and_the_tolerance(page_builds):
    name, _, mutated = page_builds
    label, _, wrong, _ = MUTATIONS[name][0]
    block = mutated.log[mutated.log.index(f"equation {label} (") :]
    assert wrong in block.splitlines()[1]
    assert "compared with:" in block and "tolerance" in block
