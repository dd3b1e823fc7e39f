"""The three PDFs that ``make pdf`` built (``make test`` builds them before this runs):
equations numbered as on the site, every page of the site inside, the sidebar link.

Skips, saying why, when ``_build/pdf`` or the site is missing.
"""

import itertools
import re
import subprocess
from html import unescape
from pathlib import Path

import pytest
from site_languages import CODES

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "_build"
LANGUAGES = list(CODES)

# \newlabel{equation:<page>:<label>}{{<number>}{<page number>}...
AUX_EQUATION = re.compile(
    r"\\newlabel\{equation:(?P<page>[^:}]+):(?P<label>[^}]+)\}\{\{(?P<number>[^}]*)\}"
)
HTML_EQUATION = re.compile(
    r'<div class="math[^"]*" id="equation-(?P<label>[^"]+)"[^>]*>'
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


HANGUL = re.compile(r"[\uac00-\ud7a3]")
HAN = re.compile(r"[\u4e00-\u9fff]")


def _pdf_lines(language: str) -> list[str]:
    pdf = _require(BUILD / "pdf" / f"chainrule-{language}.pdf", "make pdf")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [line.strip() for line in text.splitlines()]


def _translations(language: str) -> str:
    """Every msgstr of the language's page catalogs, one text."""
    from babel.messages.pofile import read_po

    texts = []
    for po in sorted((ROOT / "locale" / language / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as handle:
            texts += [str(message.string) for message in read_po(handle) if message.string]
    return "\n".join(texts)


def _joins(lines: list[str], script: re.Pattern) -> list[tuple[str, str, str]]:
    """(last word of a line, first and second words of the next) wherever the line ends
    and the next one starts with a letter of ``script``."""
    joins = []
    for line, following in itertools.pairwise(lines):
        if line and following and script.match(line[-1]) and script.match(following[0]):
            words = following.split()
            joins.append((line.split()[-1], words[0], words[1] if len(words) > 1 else ""))
    return joins


def test_korean_lines_break_between_words():
    """A Korean line ends where the sentence has a space: the last word of a line and the
    first two of the next are never the inside of one word and the word after it."""
    text = _translations("ko")
    joins = _joins(_pdf_lines("ko"), HANGUL)
    assert len(joins) > 200, "the Korean PDF should have many lines of Korean text"
    split_words = [
        f"{end}|{start} {second}"
        for end, start, second in joins
        if second and f"{end}{start} {second}" in text and f"{end} {start} {second}" not in text
    ]
    assert split_words == [], split_words[:20]


def test_chinese_lines_break_between_characters():
    """Chinese has no spaces: lines break between two characters, most often inside what a
    reader takes as one phrase, where the translation has the two side by side."""
    text = _translations("zh_TW")
    joins = _joins(_pdf_lines("zh_TW"), HAN)
    inside = [end for end, start, _second in joins if (end[-1] + start[0]) in text]
    assert len(inside) > 300, "lines should break between Chinese characters"


def test_korean_space_before_a_link_is_printed():
    """ "이 페이지에서는 [표기법]": the space between a word and the link after it is in the
    PDF (xeCJK drops it unless it is written so that it stays)."""
    tex = _require(BUILD / "latex" / "ko" / "chainrule.tex", "make pdf").read_text("utf8")
    before_links = re.findall(
        r"([\uac00-\ud7a3]+)(?: |\\ )\{\\hyperref\[[^\]]*\]\{\\sphinxcrossref\{\\DUrole\{doc\}"
        r"\{([^}\s]+)",
        tex,
    )
    assert len(before_links) > 10, before_links
    text = " ".join(_pdf_lines("ko"))
    glued = [f"{word}{link}" for word, link in before_links if f"{word}{link}" in text]
    assert glued == []
