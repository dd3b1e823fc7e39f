"""What a page loads: theme icons from a small stylesheet, images sized and lazy below the fold."""

from __future__ import annotations

import sys

import pytest
from site_project import ROOT
from sphinx.errors import ExtensionError

sys.path.insert(0, str(ROOT / "docs" / "_ext"))
from icon_subset import icons_in, outlines, stylesheet
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
