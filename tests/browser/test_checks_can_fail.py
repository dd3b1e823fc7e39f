"""The page checks can fail: each one is fed a copy of a built page broken on purpose.

A small site is made in a temporary folder -- every file of the real build linked,
except one page per language, which is a copy -- and served on its own port.  The
intact copy must pass (so the checks do not fail for any page); each broken copy
must produce the problem its check exists for.
"""

from __future__ import annotations

import re

import pytest
from site_checks import SITE_LANGS, audit_page, serve

PAGE = "training.html"  # math, plots, a short page


@pytest.fixture(scope="module")
def broken_site(site, tmp_path_factory):
    """(folder, base URL): the built site linked file by file; PAGE copied per language."""
    root = tmp_path_factory.mktemp("broken-site")
    (root / "index.html").symlink_to(site / "index.html")
    for lang in SITE_LANGS:
        (root / lang).mkdir()
        for entry in (site / lang).iterdir():
            if entry.name != PAGE:
                (root / lang / entry.name).symlink_to(entry)
        _install(site, root, lang)
    with serve(root) as url:
        yield root, url


def _install(site, root, lang: str, old: str | None = None, new: str = "") -> None:
    """Copy the real PAGE of ``lang`` into the broken site, replacing ``old`` by ``new``."""
    html = (site / lang / PAGE).read_text(encoding="utf-8")
    if old is not None:
        assert old in html, f"{old!r} not in {lang}/{PAGE}: update this test"
        html = html.replace(old, new)
    target = root / lang / PAGE
    target.unlink(missing_ok=True)
    target.write_text(html, encoding="utf-8")


@pytest.mark.parametrize("lang", SITE_LANGS)
def test_intact_copy_passes(lang, site, broken_site, page):
    root, url = broken_site
    _install(site, root, lang)
    audit = audit_page(page, f"{url}/{lang}/{PAGE}", lang, base_url=url)
    assert audit.problems == []


ARTICLE = '<article class="bd-article">'

#: (id, language, text replaced, replacement, problems expected (regexes, all must match))
BREAKAGES = [
    (
        "math-stylesheet",
        "en",
        'href="_static/math/math.css',
        'href="_static/math/math-moved.css',
        [
            r"failed request: .*math-moved\.css.*404",
            r"math drawn twice \(its MathML is visible",
        ],
    ),
    (
        "mathml-missing",
        "en",
        "<mjx-assistive-mml",
        "<mjx-gone",
        [r"typeset math without MathML for screen readers"],
    ),
    (
        "mathjax-in-page",
        "en",
        "</head>",
        "<script>window.MathJax = {}</script></head>",
        [r"MathJax is loaded in the page"],
    ),
    (
        "equation-link-target",
        "en",
        'building-blocks.html#equation-eq-backward-dw"',
        'building-blocks.html#equation-eq-backward-dw-gone"',
        [r"equation link '\(9\.5\)' -> /en/building-blocks\.html#equation-eq-backward-dw-gone: no"],
    ),
    (
        "equation-link-number",
        "en",
        'building-blocks.html#equation-eq-backward-dw">(9.5)</a>',
        'building-blocks.html#equation-eq-backward-dw">(9.6)</a>',
        [r"equation link '\(9\.6\)' -> .*#equation-eq-backward-dw: the equation there is '\(9\.5"],
    ),
    (
        "switcher-link",
        "en",
        'href="../ko/training.html"',
        'href="../ko/trainings.html"',
        [r"language switcher: link '한국어' goes to /ko/trainings\.html"],
    ),
    (
        "image",
        "en",
        'src="_images/',
        'src="_images/missing-',
        [r"image not loaded: .*missing-", r"failed request: .*missing-.*404"],
    ),
    (
        "cdn-request",
        "en",
        "</head>",
        '<script src="https://cdn.jsdelivr.net/npm/mathjax@4/tex-mml-chtml.js"></script></head>',
        [r"request to another host: https://cdn\.jsdelivr\.net/"],
    ),
    ("html-lang", "en", '<html lang="en"', '<html lang="de"', [r"<html lang='de'>"]),
    (
        "wide-element",
        "en",
        ARTICLE,
        ARTICLE + '<div id="too-wide" style="width: 900px">wide</div>',
        [r"horizontal scrolling at 375 px: .*div#too-wide"],
    ),
    (
        # far down the page, in its last section
        "wide-element-far-down",
        "en",
        '<section id="summary">',
        '<section id="summary"><div id="too-wide-far" style="width: 900px">wide</div>',
        [r"horizontal scrolling at 375 px: .*div#too-wide-far"],
    ),
    (
        "untypeset-math",
        "en",
        ARTICLE,
        ARTICLE + '<p><span class="math notranslate nohighlight">\\(x^2\\)</span></p>',
        [r"math not typeset: '\\\\\(x\^2", r"raw math delimiter '\\\\\('"],
    ),
    (
        "translated-math-block",
        "en",
        ARTICLE,
        ARTICLE + '<div class="math notranslate nohighlight">\\[::\\]</div>',
        [r"rendered as '\\\[::\\\]'"],
    ),
    (
        "english-chrome",
        "ko",
        "맨 위로",
        "Back to top",
        [r"English interface word 'Back to top' in the chrome"],
    ),
    (
        "simplified-character",
        "zh_TW",
        ARTICLE,
        ARTICLE + "<p>这一页</p>",
        [r"Simplified character '这'"],
    ),
    (
        "console-error",
        "en",
        "</body>",
        "<script>console.error('broken on purpose')</script></body>",
        [r"console\.error: broken on purpose"],
    ),
]


@pytest.mark.parametrize(
    ("lang", "old", "new", "expected"),
    [case[1:] for case in BREAKAGES],
    ids=[case[0] for case in BREAKAGES],
)
def test_broken_copy_is_reported(lang, old, new, expected, site, broken_site, page):
    root, url = broken_site
    _install(site, root, lang, old, new)
    try:
        audit = audit_page(page, f"{url}/{lang}/{PAGE}", lang, base_url=url)
    finally:
        _install(site, root, lang)
    report = "\n".join(audit.problems)
    for pattern in expected:
        assert re.search(pattern, report), f"{pattern!r} not reported; problems:\n{report}"


def test_site_copy_is_links_only(broken_site, site):
    """The broken copies never touch the real build."""
    root, _url = broken_site
    for lang in SITE_LANGS:
        assert (root / lang / "_static").is_symlink()
        assert not (site / lang / PAGE).is_symlink()
