"""What a page loads: theme icons from a small stylesheet, images sized and lazy below the fold,
no layout of the whole page by the theme's load-time tab-stop pass."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pydata_sphinx_theme
import pytest
from site_project import ROOT
from sphinx.errors import ExtensionError

sys.path.insert(0, str(ROOT / "docs" / "_ext"))
from icon_subset import icons_in, outlines, stylesheet
from lazy_rendering import (
    SWITCHED_OFF,
    THEME_TAB_STOP_PASS,
    focusable_boxes,
    switch_off_theme_tab_stops,
)
from page_images import ABOVE_THE_FOLD, rewrite


def test_icon_classes_name_style_and_icon_not_modifiers():
    assert icons_in("theme-switch fa-solid fa-sun fa-lg fa-fw") == [("fas", "sun")]
    assert icons_in("fas fa-file-pdf") == [("fas", "file-pdf")]
    assert icons_in("fa-brands fa-github") == [("fab", "github")]
    assert icons_in("btn fa-lg") == []  # no style class: not an icon


def test_the_theme_bundle_yields_the_outlines_of_every_style():
    known = outlines()
    width, height, path = known[("fas", "bars")]
    assert (width, height) == (448, 512) and path.startswith("M")
    assert known[("fas", "navicon")] == known[("fas", "bars")]  # aliases too
    assert ("fab", "github") in known and ("far", "sun") in known
    assert known[("far", "sun")] != known[("fas", "sun")]


def test_stylesheet_holds_exactly_the_icons_used():
    css = stylesheet({("fas", "bars"): "a.html", ("far", "sun"): "b.html"})
    assert ".fa-solid.fa-bars::before, .fas.fa-bars::before" in css
    assert ".fa-regular.fa-sun::before, .far.fa-sun::before" in css
    assert "fa-moon" not in css and "data:image/svg+xml," in css
    assert "--chainrule-icon-ratio: 0.875;" in css


def test_an_unknown_icon_is_an_error_naming_the_page():
    with pytest.raises(ExtensionError, match=r"fas fa-no-such-icon \(in ko/page\.html\)"):
        stylesheet({("fas", "no-such-icon"): "ko/page.html"})


def test_the_theme_tab_stop_pass_is_switched_off_once_and_found_in_the_installed_theme():
    theme_script = (
        Path(pydata_sphinx_theme.__file__).parent
        / "theme/pydata_sphinx_theme/static/scripts/pydata-sphinx-theme.js"
    ).read_text(encoding="utf-8")
    assert theme_script.count(THEME_TAB_STOP_PASS) == 1
    patched = switch_off_theme_tab_stops(theme_script)
    assert THEME_TAB_STOP_PASS not in patched and SWITCHED_OFF in patched
    assert switch_off_theme_tab_stops(patched) == patched  # an unchanged rebuild
    if shutil.which("node"):  # the patched script still parses
        checked = subprocess.run(
            ["node", "--check", "--input-type=commonjs"],
            input=patched,
            text=True,
            capture_output=True,
        )
        assert checked.returncode == 0, checked.stderr
    with pytest.raises(ExtensionError, match="tab-stop pass"):
        switch_off_theme_tab_stops("window.addEventListener('load', somethingElse)")


def test_every_box_that_can_scroll_is_written_with_a_tab_stop():
    body = (
        '<pre>code</pre><p>text <mjx-container class="MathJax" jax="CHTML">x</mjx-container></p>'
        '<div class="math notranslate nohighlight" id="equation-e"><mjx-container'
        ' class="MathJax" display="true" style="s">y</mjx-container></div>'
        '<div class="pst-scrollable-table-container"><table></table></div>'
        '<div class="mathematics">not a box</div><prefix>'
    )
    assert focusable_boxes(body) == (
        '<pre tabindex="0">code</pre><p>text <mjx-container class="MathJax" jax="CHTML">x'
        '</mjx-container></p><div class="math notranslate nohighlight" id="equation-e"'
        ' tabindex="0"><mjx-container class="MathJax" display="true" style="s" tabindex="0">'
        'y</mjx-container></div><div class="pst-scrollable-table-container" tabindex="0">'
        '<table></table></div><div class="mathematics">not a box</div><prefix>'
    )


def test_images_get_their_size_and_load_lazily_below_the_first_screen():
    sizes = {"_images/top.png": (640, 480), "_images/low.png": (800, 300)}
    prose = "<p>" + "word " * ABOVE_THE_FOLD + "</p>"
    body = (
        '<p>Intro</p><img alt="a" src="_images/top.png" />'
        + prose
        + '<img alt="b" src="_images/low.png" /><img alt="c" src="_images/unknown.png" />'
    )
    out = rewrite(body, sizes)
    assert '<img alt="a" src="_images/top.png" width="640" height="480" />' in out
    assert (
        '<img alt="b" src="_images/low.png" width="800" height="300"'
        ' loading="lazy" decoding="async" />' in out
    )
    assert '<img alt="c" src="_images/unknown.png" loading="lazy" decoding="async" />' in out


def test_images_of_pages_in_sub_folders_are_found():
    out = rewrite('<img src="../_images/x.png" />', {"_images/x.png": (10, 20)}, prefix="../")
    assert 'width="10" height="20"' in out


# ------------------------------------------------------------------ what holds up the first paint

HEAD = re.compile(r"<head>(?P<head>.*?)</head>", re.DOTALL)
SCRIPT_SRC = re.compile(r"<script\b(?P<attributes>[^>]*)\bsrc=\"(?P<src>[^\"]+)\"")


def first_paint_problems(page: str) -> list[str]:
    """What in a chapter page's head holds up its first paint beyond what must."""
    head = HEAD.search(page)["head"]
    problems = []
    for match in SCRIPT_SRC.finditer(head):
        name = match["src"].split("?")[0].rsplit("/", 1)[-1]
        attributes = match["attributes"]
        after_parse = "defer" in attributes or 'type="chainrule/late"' in attributes
        if not after_parse and name != "documentation_options.js":
            problems.append(f"script {name} runs before the page is parsed")
        if name in {"searchtools.js", "language_data.js", "searchindex.js"}:
            problems.append(f"{name} loaded, though search-as-you-type is off")
    if 'rel="preload" as="script"' in head:
        problems.append("a script is preloaded at a priority that competes with the stylesheets")
    if "styles/theme.css" in head:
        problems.append("styles/theme.css linked: it only imports basic.css, one round trip later")
    if 'as="font"' in head:
        problems.append("a font is preloaded: it shares the connection with the stylesheets")
    return problems


@pytest.mark.parametrize("page", ["en/two-layer-network.html", "ko/building-blocks.html"])
def test_a_built_chapter_holds_up_its_first_paint_only_for_stylesheets(page):
    path = ROOT / "_build" / "html" / page
    if not path.is_file():
        pytest.skip(f"no built site ({path} missing): make html")
    assert first_paint_problems(path.read_text(encoding="utf-8")) == []


def test_the_first_paint_check_finds_what_the_theme_does_by_default():
    page = """<html><head>
    <link href="_static/styles/theme.css?digest=1" rel="stylesheet" />
    <link rel="preload" as="script" href="_static/scripts/bootstrap.js?digest=1" />
    <script src="_static/documentation_options.js?v=1"></script>
    <script src="_static/doctools.js?v=1"></script>
    <script defer src="searchindex.js"></script>
    <link rel="preload" href="_static/math/woff2/mjx-ncm-n.woff2" as="font" crossorigin />
    </head><body><mjx-container></mjx-container></body></html>"""
    assert first_paint_problems(page) == [
        "script doctools.js runs before the page is parsed",
        "searchindex.js loaded, though search-as-you-type is off",
        "a script is preloaded at a priority that competes with the stylesheets",
        "styles/theme.css linked: it only imports basic.css, one round trip later",
        "a font is preloaded: it shares the connection with the stylesheets",
    ]
