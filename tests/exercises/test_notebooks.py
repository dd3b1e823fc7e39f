"""The downloadable notebooks of the built site: their language, outputs and exercises.

Reads ``_build/html/<lang>/_notebooks`` (``make html``; ``make test`` builds it first) or
the site named by ``CHAINRULE_SITE``; skips, saying why, without a built site.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from site_languages import CODES

from chainrule.exercises.messages import catalog

REPO = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("CHAINRULE_SITE", REPO / "_build" / "html"))
LANGS = CODES
CHAPTERS = (
    "logistic-regression",
    "activations",
    "two-layer-network",
    "vectorization",
    "deep-network",
    "dimensions",
    "why-deep",
    "building-blocks",
    "gradient-checking",
    "initialization",
    "hyperparameters",
    "training",
)
HANGUL = re.compile("[\uac00-\ud7a3]")
HAN = re.compile("[\u4e00-\u9fff]")


def _folder(lang: str) -> Path:
    folder = SITE / lang / "_notebooks"
    if not folder.is_dir():
        pytest.skip(f"no built site ({folder} missing): run `make html` first")
    return folder


def _read(lang: str, name: str):
    return nbformat.read(str(_folder(lang) / name), as_version=4)


def _prose(notebook) -> str:
    return "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")


def _check_language(notebook, lang: str) -> None:
    assert notebook.metadata["chainrule"]["language"] == lang
    prose = _prose(notebook)
    if lang == "ko":
        assert len(HANGUL.findall(prose)) > 0.3 * len(re.findall(r"\w", prose))
    elif lang == "zh_TW":
        assert len(HAN.findall(prose)) > 0.3 * len(re.findall(r"\w", prose))
        assert "这" not in prose and "计算" not in prose  # Traditional, not Simplified
    else:
        assert not HANGUL.search(prose)


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_has_a_notebook_in_its_language(lang):
    folder = _folder(lang)
    pages = sorted(p.stem for p in (REPO / "docs").glob("*.md"))  # every page of the site
    for page in pages:
        notebook = nbformat.read(str(folder / f"{page}.ipynb"), as_version=4)
        nbformat.validate(notebook)
        assert notebook.metadata["chainrule"]["page"] == page
        assert notebook.metadata["chainrule"]["language"] == lang
        if page in CHAPTERS:
            _check_language(notebook, lang)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_notebooks_carry_this_builds_outputs(lang, chapter):
    page = _read(lang, f"{chapter}.ipynb")
    code = [c for c in page.cells if c.cell_type == "code"]
    assert sum(bool(c.outputs) for c in code) >= 1
    graded = [c for c in code if "exercise-solution" in c.metadata.get("tags", [])]
    assert graded
    for cell in graded:
        text = cell.outputs[-1]["data"]["text/plain"]
        assert re.fullmatch(r"✓ \w+: (\d+)/\1", text), text
    exercises = _read(lang, f"{chapter}.exercises.ipynb")
    _check_language(exercises, lang)
    assert f'set_language("{lang}")' in exercises.cells[1].source
    blank = [c for c in exercises.cells if "exercise-solution" in c.metadata.get("tags", [])]
    assert len(blank) == len(graded)
    for cell in blank:
        assert "raise NotImplementedError" in cell.source
        assert re.search(r'^grade\("\w+", \w+\)$', cell.source, re.MULTILINE)


def _fill(exercises, page, plant=None):
    """The exercise notebook with the page's solutions in place (and one mistake planted)."""
    solutions = [c.source for c in page.cells if "exercise-solution" in c.metadata.get("tags", [])]
    filled = nbformat.from_dict(exercises)
    blanks = [c for c in filled.cells if "exercise-solution" in c.metadata.get("tags", [])]
    for cell, source in zip(blanks, solutions, strict=True):
        cell.source = source
    if plant is not None:
        old, new = plant
        hits = [c for c in blanks if old in c.source]
        assert hits, old
        hits[0].source = hits[0].source.replace(old, new)
    return filled


def _run(notebook) -> list[str]:
    NotebookClient(notebook, timeout=300, kernel_name="python3").execute()
    return [
        out["data"]["text/plain"]
        for cell in notebook.cells
        if "exercise-solution" in cell.metadata.get("tags", [])
        for out in cell.get("outputs", [])
        if "text/plain" in out.get("data", {})
    ]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_exercise_notebook_grades_the_reference_solutions_correct(chapter):
    lang = LANGS[CHAPTERS.index(chapter) % 3]  # every language, every chapter once
    exercises = _read(lang, f"{chapter}.exercises.ipynb")
    page = _read(lang, f"{chapter}.ipynb")
    reports = _run(_fill(exercises, page))
    assert reports
    assert all(r.startswith("✓ ") for r in reports), reports


MISSING_1_OVER_M = (
    "{part} is m = {m} times too large: the factor 1/m of the mean over the examples is missing."
)


@pytest.mark.parametrize("lang", LANGS)
def test_exercise_notebook_grades_a_planted_mistake_wrong(lang):
    exercises = _read(lang, "vectorization.exercises.ipynb")
    page = _read(lang, "vectorization.ipynb")
    planted = _fill(exercises, page, plant=("dW = dZ @ A_prev.T / m", "dW = dZ @ A_prev.T"))
    (report,) = _run(planted)
    assert report.startswith("✗ linear_backward")
    expected = MISSING_1_OVER_M if lang == "en" else catalog(lang)[MISSING_1_OVER_M]
    pattern = (
        re.escape(expected).replace(re.escape("{part}"), "dW").replace(re.escape("{m}"), r"\d+")
    )
    assert re.search(pattern, report), report


def test_an_empty_exercise_says_it_is_not_written_yet():
    exercises = _read("ko", "vectorization.exercises.ipynb")
    (report,) = _run(nbformat.from_dict(exercises))
    assert report.startswith("✗ linear_backward")
    assert "함수가 아직 작성되지 않았다" in report
