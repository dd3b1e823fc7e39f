"""docs/_ext/unchanged_rebuild.py: a rebuild in which no page changed keeps the figure
and equation numbers and the compiled templates, and any change still reaches the site.

Tiny reStructuredText projects built in this process with only that extension; the
reference for the numbers is a build of the same sources from nothing.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from jinja2 import Environment
from sphinx.application import Sphinx
from sphinx.environment.collectors.toctree import TocTreeCollector
from sphinx.util.docutils import docutils_namespace

CONF = """\
extensions = ["unchanged_rebuild"]
numfig = True
math_numfig = True
templates_path = ["_templates"]
"""

INDEX = """\
Index
=====

.. toctree::
   :numbered:

   a
   b
"""


def page(title: str, equations: list[str]) -> str:
    blocks = [
        f".. math::\n   :label: {label}\n\n   {label.replace('-', '')} = 1\n" for label in equations
    ]
    return f"{title}\n{'=' * len(title)}\n\n" + "\n".join(blocks)


LAYOUT = '{%% extends "!layout.html" %%}{%% block footer %%}%s{%% endblock %%}\n'


def write_project(src: Path, a_equations: list[str], footer: str = "FOOTER-ONE") -> None:
    """The project's files; those that exist with the same text are left untouched, as
    Sphinx would otherwise read them again."""
    files = {
        "conf.py": CONF,
        "index.rst": INDEX,
        "a.rst": page("A", a_equations),
        "b.rst": page("B", ["b-first", "b-second"]),
        "_templates/layout.html": LAYOUT % footer,
    }
    for name, text in files.items():
        path = src / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_text(encoding="utf8") != text:
            path.write_text(text, encoding="utf8")


def build(src: Path) -> Sphinx:
    # Each app registers Sphinx's nodes afresh, and leaves none behind for other tests.
    with docutils_namespace():
        app = Sphinx(
            str(src), str(src), str(src / "_build" / "html"), str(src / "_build" / "doctrees"),
            "html", status=io.StringIO(), warning=io.StringIO(), freshenv=False,
        )  # fmt: skip
        app.build()
    assert app.statuscode == 0, app._warning.getvalue()
    return app


@pytest.fixture
def counted(monkeypatch):
    """How often Sphinx numbered figures, and how often Jinja parsed a template file
    (not a string, such as the static files Sphinx renders, which Jinja never caches)."""
    calls = {"numbered": 0, "parsed": 0}
    number, parse = TocTreeCollector.assign_figure_numbers, Environment._parse

    def counting_number(self, env):
        calls["numbered"] += 1
        return number(self, env)

    def counting_parse(self, source, name, filename):
        calls["parsed"] += filename is not None
        return parse(self, source, name, filename)

    monkeypatch.setattr(TocTreeCollector, "assign_figure_numbers", counting_number)
    monkeypatch.setattr(Environment, "_parse", counting_parse)
    return calls


def test_an_unchanged_rebuild_keeps_the_numbers_and_compiles_no_template(tmp_path, counted):
    write_project(tmp_path, ["a-first", "a-second"])
    first = build(tmp_path)
    assert counted["numbered"] == 1 and counted["parsed"] > 0
    numbers = first.env.toc_fignumbers
    assert numbers["a"]["displaymath"] == {"equation-a-first": (1, 1), "equation-a-second": (1, 2)}

    counted.update(numbered=0, parsed=0)
    again = build(tmp_path)
    assert counted == {"numbered": 0, "parsed": 0}
    assert again.env.toc_fignumbers == numbers
    assert "(1.2)" in (tmp_path / "_build" / "html" / "a.html").read_text(encoding="utf8")


def test_a_changed_page_is_numbered_again_as_a_build_from_nothing_numbers_it(tmp_path, counted):
    write_project(tmp_path / "site", ["a-first", "a-second"])
    build(tmp_path / "site")
    write_project(tmp_path / "site", ["a-new", "a-first", "a-second"])
    counted["numbered"] = 0
    rebuilt = build(tmp_path / "site")
    assert counted["numbered"] == 1
    assert "0 added, 1 changed, 0 removed" in rebuilt._status.getvalue()  # a, alone

    write_project(tmp_path / "fresh", ["a-new", "a-first", "a-second"])
    fresh = build(tmp_path / "fresh")
    assert rebuilt.env.toc_fignumbers == fresh.env.toc_fignumbers
    assert fresh.env.toc_fignumbers["a"]["displaymath"]["equation-a-second"] == (1, 3)
    html = (tmp_path / "site" / "_build" / "html" / "a.html").read_text(encoding="utf8")
    assert "(1.3)" in html


def test_a_removed_page_is_numbered_again(tmp_path, counted):
    write_project(tmp_path, ["a-first"])
    (tmp_path / "extra.rst").write_text(page("Extra", ["x-one"]), encoding="utf8")
    (tmp_path / "index.rst").write_text(INDEX + "   extra\n", encoding="utf8")
    build(tmp_path)
    (tmp_path / "extra.rst").unlink()
    (tmp_path / "index.rst").write_text(INDEX, encoding="utf8")
    counted["numbered"] = 0
    rebuilt = build(tmp_path)
    assert counted["numbered"] == 1
    assert "extra" not in rebuilt.env.toc_fignumbers


def test_a_changed_template_reaches_the_pages(tmp_path):
    write_project(tmp_path, ["a-first"], footer="FOOTER-ONE")
    build(tmp_path)
    assert any((tmp_path / "_build" / "doctrees" / "templates").iterdir())
    write_project(tmp_path, ["a-first"], footer="FOOTER-TWO")
    build(tmp_path)
    html = (tmp_path / "_build" / "html" / "a.html").read_text(encoding="utf8")
    assert "FOOTER-TWO" in html and "FOOTER-ONE" not in html
