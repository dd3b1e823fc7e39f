"""The three PDFs that ``make pdf`` built (``make test`` builds them before this runs):
equations numbered as on the site, every page of the site inside, the sidebar link.

Skips, saying why, when ``_build/pdf`` or the site is missing.
"""

import re
import subprocess
from html import unescape
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "_build"
LANGUAGES = ["en", "ko", "zh_TW"]

# \newlabel{equation:<page>:<label>}{{<number>}{<page number>}...
AUX_EQUATION = re.compile(
    r"\\newlabel\{equation:(?P<page>[^:}]+):(?P<label>[^}]+)\}\{\{(?P<number>[^}]*)\}"
)
HTML_EQUATION = re.compile(
    r'<div class="math[^"]*" id="equation-(?P<label>[^"]+)">'
    r'\s*<span class="eqno">\((?P<number>[^)]*)\)'
)


def _require(path: Path, how: str) -> Path:
    if not path.exists():
        pytest.skip(f"{path.relative_to(ROOT)} is missing: run {how}")
    return path


def site_equations(language: str) -> dict[tuple[str, str], str]:
    """(page, label in lower case) -> number, from the built site."""
    site = _require(BUILD / "html" / language, "make html")
    numbers = {}
    for html in site.glob("*.html"):
        for match in HTML_EQUATION.finditer(html.read_text(encoding="utf8")):
            numbers[(html.stem, match["label"].lower())] = match["number"]
    return numbers


def pdf_equations(language: str) -> dict[tuple[str, str], str]:
    """(page, label in lower case) -> number, from the LaTeX run of the PDF."""
    aux = _require(BUILD / "latex" / language / "chainrule.aux", "make pdf")
    return {
        (match["page"], match["label"].lower()): match["number"]
        for match in AUX_EQUATION.finditer(aux.read_text(encoding="utf8"))
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_equation_numbers_match_the_site(language):
    site = site_equations(language)
    pdf = pdf_equations(language)
    assert len(site) > 50, "the site should number its display equations"
    assert pdf == site


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_of_the_site_is_a_chapter(language):
    tex = _require(BUILD / "latex" / language / "chainrule.tex", "make pdf")
    text = tex.read_text(encoding="utf8")
    chapters = set(re.findall(r"\\label\{\\detokenize\{([^:}]+)::doc\}\}", text))
    sources = {path.stem for path in (ROOT / "docs").glob("*.md")}
    assert chapters >= sources - {"index"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_has_pages_and_title(language):
    pdf = _require(BUILD / "pdf" / f"chainrule-{language}.pdf", "make pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)[1])
    assert pages > 100, pages
    first_page = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    title = {
        "en": "backpropagation, checked",
        "ko": "검사를 마친 역전파",
        "zh_TW": "逐條檢查的反向傳播",
    }
    assert title[language] in " ".join(first_page.split()), first_page


@pytest.mark.parametrize("language", LANGUAGES)
def test_site_links_its_own_pdf(language):
    site = _require(BUILD / "html" / language, "make html")
    _require(BUILD / "pdf" / f"chainrule-{language}.pdf", "make pdf")
    copied = site / f"chainrule-{language}.pdf"
    assert copied.is_file(), f"{copied} missing: build the site after make pdf"
    labels = {
        "en": "Download these notes as a PDF",
        "ko": "이 강의 노트를 PDF로 내려받기",
        "zh_TW": "下載本講義的 PDF 檔",
    }
    for page in ["index.html", "activations.html"]:
        html = unescape((site / page).read_text(encoding="utf8"))
        link = re.search(r'<div class="chainrule-pdf-edition">\s*<a href="([^"]+)"', html)
        assert link, f"no PDF link in {language}/{page}"
        assert (site / link[1]).resolve() == copied.resolve()
        assert labels[language] in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_solutions_follow_the_exercises(language):
    """Every folded solution of the site (dropdowns, solution cells) is printed after its
    chapter's exercises, and each exercise names the page of its solution."""
    tex = _require(BUILD / "latex" / language / "chainrule.tex", "make pdf")
    text = tex.read_text(encoding="utf8")
    sources = [path.read_text(encoding="utf8") for path in (ROOT / "docs").glob("*.md")]
    dropdowns = sum(source.count(":::{dropdown}") for source in sources)
    pointers = re.findall(r"\\hyperref\[(chainrule-solution-[\d-]+)\]", text)
    labels = re.findall(r"\\label\{(chainrule-solution-[\d-]+)\}", text)
    assert len(pointers) > dropdowns > 20
    assert sorted(pointers) == sorted(labels)
    chapters = re.split(r"\\chapter\{", text)[1:]
    with_solutions = 0
    for chapter in chapters:
        heading = chapter.find(r"\subsubsection*{", chapter.find("chainrule-solution-"))
        if heading < 0:
            assert "chainrule-solution-" not in chapter
            assert "{tag_exercise-solution}" not in chapter
            continue
        with_solutions += 1
        before, after = chapter[:heading], chapter[heading:]
        assert "{tag_exercise-solution}" not in before
        assert r"\label{chainrule-solution-" not in before
        assert after.count(r"\label{chainrule-solution-") == before.count(
            r"\hyperref[chainrule-solution-"
        )
    assert with_solutions == len(re.findall(r"^\(exercises-", "\n".join(sources), re.M))
