"""The site machinery, end to end, on a tiny project built with the real conf.py.

One session-scoped site (en, then ko and zh_TW from the execution cache) and
one deliberately broken project; each build takes a few seconds.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from bs4 import BeautifulSoup, Comment
from site_languages import CODES
from site_project import ROOT, ensure_mathjax

LANGS = list(CODES)

PAGE = r"""
# Sigmoid

The derivative of the sigmoid is simple.

$$
\sigma'(z) = \sigma(z)\,\bigl(1 - \sigma(z)\bigr)
$$ (eq-t-sigmoid)

Equation {eq}`eq-t-sigmoid` holds to a relative error of {glue:text}`err-eq-t-sigmoid`.

```{code-cell} ipython3
import numpy as np
from eqcheck import check, points


def sigma(t):
    return 1 / (1 + np.exp(-t))


def numerical(t, h=1e-5):
    return (sigma(t + h) - sigma(t - h)) / (2 * h)


z = points(np.linspace(-2, 2, 5))
where = {"sigma": sigma, "sigma'": numerical, "z": z}
err = check("eq-t-sigmoid", where=where, against="central differences", tol=1e-8)
```
"""

INDEX = """
# Tiny notes

```{toctree}
page
verified
```
"""

VERIFIED = """
# Verified

Every labelled equation is checked.

```{verified-equations}
```
"""

MATH_MSGID = r"\sigma'(z) = \sigma(z)\,\bigl(1 - \sigma(z)\bigr)"
GLUE_MSGID = (
    "Equation {eq}`eq-t-sigmoid` holds to a relative error of {glue:text}`err-eq-t-sigmoid`."
)
TRANSLATIONS = {
    "ko": {
        "index": {"Tiny notes": "작은 노트"},
        "verified": {
            "Verified": "검증",
            "Every labelled equation is checked.": "이름 붙은 모든 수식을 검사합니다.",
        },
        "page": {
            "Sigmoid": "시그모이드",
            "The derivative of the sigmoid is simple.": (
                "시그모이드의 도함수는 간단합니다. <script>alert('msgstr')</script>"
                " <img src=x onerror=alert(1)>"
            ),
            # a stale catalog entry for display math must not turn it into \[::\]
            MATH_MSGID: "수식",
            GLUE_MSGID: (
                "식 {eq}`eq-t-sigmoid`은 상대 오차 {glue:text}`err-eq-t-sigmoid` 이내로 성립합니다."
            ),
        },
    },
    "zh_TW": {
        "index": {"Tiny notes": "小筆記"},
        "verified": {
            "Verified": "驗證",
            "Every labelled equation is checked.": "每條方程式都經過檢查。",
        },
        "page": {
            "Sigmoid": "S 型函數",
            "The derivative of the sigmoid is simple.": "S 型函數的導數很簡單。",
            GLUE_MSGID: "式 {eq}`eq-t-sigmoid` 的相對誤差為 {glue:text}`err-eq-t-sigmoid`。",
        },
    },
}

# UI words that must not appear on Korean pages (visible text or tooltips).
ENGLISH_UI = [
    "Search",
    "Color mode",
    "next page",
    "previous page",
    "Contents",
    "Download",
    "Print to PDF",
    "Skip to main content",
    "Back to top",
    "Toggle",
    "Site navigation",
    "System Settings",
    "Light",
    "Dark",
    "Link to this",
    "Fullscreen",
    "Languages",
    "Main",
    "By",
    "Copyright",
    "authors",
]
# Characters used only in Simplified Chinese (their Traditional forms differ).
SIMPLIFIED_ONLY = set(
    "页网导顶转这图载编辑显设统颜复码数录开关闭单击为们时发现个会来对过还进从问题样说应实"
    "学习与东长门间话语认让读写书区计误检变类链结释译览档级节条权处执项错标签层络参历浏"
)


def _write_catalogs(project) -> None:
    for language, pages in TRANSLATIONS.items():
        folder = project.locale / language / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        for page, entries in pages.items():
            po = polib.POFile()
            po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": language}
            for msgid, msgstr in entries.items():
                po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
            po.save(str(folder / f"{page}.po"))


@pytest.fixture(scope="session")
def site(new_project):
    ensure_mathjax()
    project = new_project("site")
    project.write("index.md", INDEX)
    project.write("page.md", PAGE, notebook=True)
    project.write("verified.md", VERIFIED)
    _write_catalogs(project)
    builds = {}
    for language in LANGS:  # English first: it fills the execution cache
        builds[language] = project.build(language)
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools/make_root_index.py"),
            str(project.root / "_build/html"),
        ],
        check=True,
        capture_output=True,
    )
    return project, builds


def _soup(path: Path) -> BeautifulSoup:
    soup = BeautifulSoup(path.read_text(encoding="utf8"), "html.parser")
    for tag in soup(["script", "style", "pre", "code"]):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    return soup


def _ui_texts(path: Path) -> list[str]:
    """Visible text and tooltip/label attributes of a page."""
    soup = _soup(path)
    texts = [" ".join(s.split()) for s in soup.find_all(string=True) if s.strip()]
    for element in soup.find_all(True):
        for attribute in ("title", "aria-label", "placeholder", "alt"):
            if element.get(attribute):
                texts.append(element[attribute])
    return texts


@pytest.mark.parametrize("language", LANGS)
def test_strict_build_passes(site, language):
    _project, builds = site
    build = builds[language]
    assert build.returncode == 0, build.log[-3000:]


@pytest.mark.parametrize("language", ["ko", "zh_TW"])
def test_translations_reuse_the_execution_cache(site, language):
    log = site[1][language].log
    assert "Using cached notebook" in log
    assert "Executing notebook" not in log


def test_english_build_executes(site):
    assert "Executing notebook" in site[1]["en"].log or "Using cached" in site[1]["en"].log


@pytest.mark.parametrize("language", LANGS)
def test_verified_table_lists_the_check(site, language):
    html = (site[1][language].outdir / "verified.html").read_text(encoding="utf8")
    table = html[html.index("<table") : html.index("</table>")]
    assert "eq-t-sigmoid" in table
    assert 'href="page.html#equation-eq-t-sigmoid"' in table
    assert "✓" in table
    assert re.search(r"\d\.\d × 10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+", table)


@pytest.mark.parametrize("language", LANGS)
def test_glued_error_appears_in_prose(site, language):
    html = (site[1][language].outdir / "page.html").read_text(encoding="utf8")
    # on a translated page the value is also marked English (lang="en", for screen readers)
    pasted = re.findall(r'<span class="pasted-text[^"]*"[^>]*>([^<]*)</span>', html)
    assert len(pasted) == 1
    assert re.fullmatch(r"\d\.\d × 10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+", pasted[0])
    verified = (site[1][language].outdir / "verified.html").read_text(encoding="utf8")
    assert pasted[0] in verified  # the same number in the table


@pytest.mark.parametrize("language", ["ko", "zh_TW"])
def test_prose_is_translated(site, language):
    html = (site[1][language].outdir / "page.html").read_text(encoding="utf8")
    title = TRANSLATIONS[language]["page"]["Sigmoid"]
    assert f'{title}<a class="headerlink"' in html


@pytest.mark.parametrize("language", LANGS)
def test_display_math_renders_as_math(site, language):
    html = (site[1][language].outdir / "page.html").read_text(encoding="utf8")
    block = re.search(
        r'<div class="math[^"]*" id="equation-eq-t-sigmoid"[^>]*>(.*?)</div>', html, re.S
    )
    assert block, "display equation missing"
    # typeset while building: MathJax markup, with the equation as MathML for screen readers
    assert "<mjx-container" in block.group(1) and "\\sigma" not in block.group(1)
    mathml = re.search(r"<math [^>]*>(.*?)</math>", block.group(1), re.S)
    assert mathml and "<mi>σ</mi>" in mathml.group(1) and "′</mo>" in mathml.group(1)
    assert r"\[::\]" not in html and "수식</div>" not in html


def test_math_is_not_in_the_catalogs(new_project):
    project = new_project("gettext")
    project.write("index.md", "# Index\n\n```{toctree}\npage\n```\n")
    project.write("page.md", PAGE, notebook=True)
    build = project.build("en", "gettext", "-D", "nb_execution_mode=off")
    assert build.returncode == 0, build.log[-3000:]
    assert "Executing notebook" not in build.log
    pot = (build.outdir / "page.pot").read_text(encoding="utf8")
    assert "err-eq-t-sigmoid" in pot  # the prose is there ...
    assert "\\sigma" not in pot  # ... the display math is not


def test_raw_html_in_a_msgstr_is_escaped(site):
    html = (site[1]["ko"].outdir / "page.html").read_text(encoding="utf8")
    assert "<script>alert" not in html
    assert "<img src=x" not in html and '<img src="x"' not in html
    assert "&lt;script&gt;alert" in html


def test_nothing_unpublished_under_the_html_folder(site):
    project, _builds = site
    html_root = project.root / "_build" / "html"
    names = {p.name for p in html_root.rglob("*")}
    for forbidden in ("jupyter_execute", ".jupyter_cache", "reports", "doctrees", ".doctrees"):
        assert forbidden not in names
    # the only notebooks published are the downloads of notebook_export, in <lang>/_notebooks
    assert not [p for p in html_root.rglob("*.ipynb") if p.parent.name != "_notebooks"]
    assert not list(html_root.rglob("*.glue.json"))


def test_root_index_offers_all_languages(site):
    project, _builds = site
    index = project.root / "_build" / "html" / "index.html"
    text = index.read_text(encoding="utf8")
    for language in LANGS:
        assert f'href="{language}/index.html"' in text
        assert (index.parent / language / "index.html").exists()
    assert "navigator.languages" in text
    assert "http://" not in text and "https://" not in text


@pytest.mark.parametrize("language", LANGS)
def test_language_switcher_links_resolve(site, language):
    page = site[1][language].outdir / "page.html"
    soup = BeautifulSoup(page.read_text(encoding="utf8"), "html.parser")
    switcher = soup.select_one("nav.chainrule-lang-switcher")
    assert switcher is not None
    links = {a["hreflang"]: a["href"] for a in switcher.find_all("a")}
    assert len(links) == 2  # the two other languages; the current one is not a link
    for href in links.values():
        assert (page.parent / href).resolve().exists(), href
    labels = switcher.get_text(" ", strip=True)
    for label in ("English", "한국어", "繁體中文"):
        assert label in labels


@pytest.mark.parametrize("page", ["page.html", "index.html", "verified.html", "search.html"])
def test_korean_pages_have_no_english_ui(site, page):
    texts = _ui_texts(site[1]["ko"].outdir / page)
    found = sorted(
        {word for text in texts for word in ENGLISH_UI if re.search(rf"\b{word}\b", text)}
    )
    assert not found, found


@pytest.mark.parametrize("page", ["page.html", "index.html", "verified.html", "search.html"])
def test_traditional_chinese_pages_have_no_simplified_characters(site, page):
    path = site[1]["zh_TW"].outdir / page
    text = " ".join(_ui_texts(path))
    assert not SIMPLIFIED_ONLY & set(text), sorted(SIMPLIFIED_ONLY & set(text))
    script = (site[1]["zh_TW"].outdir / "_static" / "translations.js").read_text(encoding="utf8")
    assert "搜尋完成" in script  # search-result message filled in by site_i18n


@pytest.mark.parametrize("language", LANGS)
def test_no_remote_loads(site, language):
    outdir = site[1][language].outdir
    for page in outdir.glob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf8"), "html.parser")
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src")):
            for element in soup.find_all(tag):
                url = element.get(attribute) or ""
                if tag == "link" and "alternate" in (element.get("rel") or []):
                    continue
                assert not re.match(r"(https?:)?//", url), f"{page.name}: {url}"


def test_math_stylesheet_and_fonts_are_served_locally(site):
    outdir = site[1]["en"].outdir
    html = (outdir / "page.html").read_text(encoding="utf8")
    assert not re.search(r"<script[^>]*mathjax", html, re.I), "a MathJax script is loaded"
    assert "window.MathJax" not in html
    link = re.search(r'<link[^>]*href="(_static/math/math\.css)[^"]*"', html)
    assert link, "the math stylesheet is not linked"
    css = (outdir / link.group(1)).read_text(encoding="utf8")
    fonts = re.findall(r'url\("([^"]+\.woff2)"\)', css)
    assert fonts, "the math stylesheet names no font"
    for font in fonts:
        assert not re.match(r"(https?:)?//", font)
        assert (outdir / "_static" / "math" / font).is_file(), font


BROKEN = r"""
# Broken

$$
\sigma'(z) = \sigma(z)^2
$$ (eq-t-wrong)

$$
y = 2x
$$ (eq-t-unchecked)

$$
\sigma'(z) = \sigma(z)^3
$$ (erratum-t-slide)

$$
y = 3x
$$ (eq-t-hidden)

```{code-cell} ipython3
import numpy as np
from eqcheck import check, erratum, points


def sigma(t):
    return 1 / (1 + np.exp(-t))


where = {"sigma": sigma, "sigma'": lambda t: sigma(t) * (1 - sigma(t)), "z": points([0.5, 1.0])}
erratum("erratum-t-slide", where=where, against="central differences", fails_above=0.1)
```

```{code-cell} ipython3
:tags: [raises-exception]
raise ValueError("meant to fail, but any error would pass")
```

```{code-cell} ipython3
:tags: [remove-cell]
check("eq-t-hidden", where={"x": 1.0, "y": 3.0}, against="engine", tol=0)
```

```{code-cell} ipython3
err = check("eq-t-wrong", where=where, against="central differences", tol=1e-8)
```
"""


@pytest.fixture(scope="session")
def broken(new_project):
    project = new_project("broken")
    project.write("index.md", "# Index\n\n```{toctree}\nbroken\n```\n")
    project.write("broken.md", BROKEN, notebook=True)
    return project.build("en")


def test_a_wrong_equation_fails_the_build_naming_its_label(broken):
    assert broken.returncode != 0
    assert re.search(r"equation eq-t-wrong \(broken\.md, line \d+\) does not hold:", broken.log)
    assert "    \\sigma'(z) = \\sigma(z)^2" in broken.log  # the LaTeX that was evaluated
    assert "tolerance 1.0 × 10⁻⁸" in broken.log


def test_an_unchecked_equation_fails_the_build(broken):
    assert "equation 'eq-t-unchecked' is never evaluated" in broken.log


def test_an_erratum_that_fails_as_it_should_is_not_reported(broken):
    assert "erratum-t-slide" not in broken.log


def test_a_cell_that_passes_any_error_is_refused(broken):
    assert "a cell tagged 'raises-exception' passes whatever it raises" in broken.log


def test_a_check_in_a_removed_cell_is_reported(broken):
    assert "check('eq-t-hidden', ...) ran in a cell whose output is removed" in broken.log
