"""Web fonts cut to the characters the site draws: math fonts, the theme's icon fonts."""

from __future__ import annotations

import io
import sys

import pytest
from fontTools.ttLib import TTFont
from site_project import ROOT

sys.path.insert(0, str(ROOT / "docs" / "_ext"))
from font_subset import css_string_characters, subset_woff2
from icon_subset import stylesheet_icons
from typeset_math import shown_characters, swap_fonts

MATH_FONTS = ROOT / "node_modules" / "@mathjax" / "mathjax-newcm-font" / "chtml" / "woff2"
MAIN_FONT = MATH_FONTS / "mjx-ncm-n.woff2"
SITE = ROOT / "_build" / "html"


def characters_of(font: bytes) -> set[str]:
    cmap = TTFont(io.BytesIO(font)).getBestCmap() or {}  # none: a font cut to no character
    return {chr(code) for code in cmap}


@pytest.fixture(scope="module")
def main_font() -> bytes:
    if not MAIN_FONT.is_file():
        pytest.skip("MathJax's fonts are not installed (make mathjax)")
    return MAIN_FONT.read_bytes()


def test_a_cut_font_holds_exactly_the_characters_asked_for_that_it_has(main_font, tmp_path):
    wanted = set("x=(1)") | {"\N{GREEK SMALL LETTER SIGMA}", "\N{HANGUL SYLLABLE GA}"}
    cut = subset_woff2(main_font, wanted, tmp_path)
    assert cut[:4] == b"wOF2"
    assert characters_of(cut) == wanted & characters_of(main_font)
    assert "\N{HANGUL SYLLABLE GA}" not in characters_of(cut)  # not in the math font at all
    assert len(cut) < len(main_font) / 10
    # cached: the second cut reads the file the first one wrote
    (cached,) = tmp_path.iterdir()
    cached.write_bytes(b"from the cache")
    assert subset_woff2(main_font, wanted, tmp_path) == b"from the cache"
    assert subset_woff2(main_font, wanted | {"y"}, tmp_path) != b"from the cache"


def test_a_file_that_is_not_a_font_is_an_error_saying_what_was_expected():
    with pytest.raises(ValueError, match=r"expected a font file .* got 11 bytes"):
        subset_woff2(b"hello world", "abc")


def test_css_strings_of_the_properties_asked_for_with_escapes_decoded():
    css = (
        'a::before { content: "\\f05a  x"; font-family: "Foo" }\n'
        'html { --pst-icon-bell: "\\f0f3"; } .fa-bars { --fa: "\\f0c9"; }'
    )
    assert css_string_characters(css, "content") == {"\uf05a", " ", "x"}
    assert css_string_characters(css, r"content|--pst-[\w-]+") == {"\uf05a", " ", "x", "\uf0f3"}
    assert "\uf0c9" in css_string_characters(css) and "F" in css_string_characters(css)


def test_icon_characters_are_the_ones_the_theme_stylesheets_draw(tmp_path):
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "theme.css").write_text(
        ':root{--pst-icon-bell:"\\f0f3"} .fa-bars{--fa:"\\f0c9"} i:after{content:"\\f057 "}',
        encoding="utf-8",
    )
    assert stylesheet_icons(tmp_path) == {"\uf0f3", "\uf057"}


MATH_CSS = """@font-face /* MJX-NCM-ZERO */ {
  font-family: MJX-NCM-ZERO;
  src: url("woff2/mjx-ncm-zero.woff2") format("woff2");
}

@font-face /* MJX-BRK */ {
  font-family: MJX-BRK;
  src: url("woff2/mjx-ncm-brk.woff2") format("woff2");
}

@font-face /* MJX-NCM-N */ {
  font-family: MJX-NCM-N;
  src: url("woff2/mjx-ncm-n.woff2") format("woff2");
}

@font-face /* MJX-NCM-V */ {
  font-family: MJX-NCM-V;
  src: url("woff2/mjx-ncm-v.woff2") format("woff2");
}
"""


def test_every_math_font_swaps_in_when_it_arrives():
    swapped = swap_fonts(MATH_CSS)
    assert swapped.count("font-display: swap;") == MATH_CSS.count("@font-face") == 4
    assert swap_fonts(swapped) == swapped  # a font that says how it loads is left alone
    assert "font-display" not in swap_fonts("mjx-c { content: 'x' }")


@pytest.mark.parametrize("lang", ["en", "ko", "zh_TW"])
def test_the_built_math_stylesheet_lets_every_font_swap_in(lang):
    css_path = SITE / lang / "_static" / "math" / "math.css"
    if not css_path.is_file():
        pytest.skip(f"no built site ({css_path} missing): make html")
    css = css_path.read_text(encoding="utf-8")
    assert css.count("@font-face") == css.count("font-display: swap;") > 0


def test_characters_drawn_are_those_of_the_math_not_of_its_mathml(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '<p>text</p><mjx-math class="NCM-N"><mjx-c class="mjx-c3C">&lt;</mjx-c>'
        "<mjx-c>\N{MATHEMATICAL ITALIC SMALL Z}</mjx-c></mjx-math>"
        "<mjx-assistive-mml><math><mi>q</mi></math></mjx-assistive-mml>",
        encoding="utf-8",
    )
    assert shown_characters([page]) == {"<", "\N{MATHEMATICAL ITALIC SMALL Z}"}


@pytest.mark.parametrize("lang", ["en", "ko", "zh_TW"])
def test_the_built_math_fonts_lack_no_character_the_pages_draw(lang):
    """Each cut font holds every drawn character the whole font has: nothing falls back."""
    folder = SITE / lang / "_static" / "math" / "woff2"
    if not folder.is_dir():
        pytest.skip(f"no built site in {SITE / lang} (make html)")
    drawn = shown_characters((SITE / lang).rglob("*.html"))
    assert len(drawn) > 50
    for cut in sorted(folder.glob("*.woff2")):
        whole = characters_of((MATH_FONTS / cut.name).read_bytes())
        missing = (whole & drawn) - characters_of(cut.read_bytes())
        assert not missing, f"{lang}: {cut.name} lacks {sorted(missing)}"
