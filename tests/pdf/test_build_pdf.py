"""tools/build_pdf.py end to end on a one-page project with the real conf.py: the PDF is
built when all is well (the folded solution of an exercise printed after the exercises,
the page it is on named where the exercise is), and not built when an equation is
malformed (it goes through real LaTeX) or when a character has no glyph in any of the
book's fonts.
"""

import importlib.util
import re
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


build_pdf = _load("build_pdf")

PAGE = """\
# A tiny book

(sec-intro)=
## Introduction

The gradient of the cost with respect to $W^{[l]}$ is in {ref}`sec-result`; the
error glued on the site reads 3.1×10⁻⁷ ✓. Korean readers call it 역전파 (逆傳播).

(sec-result)=
## Result

$$
dW^{[l]} = \\frac{1}{m}\\, dZ^{[l]} A^{[l-1]T}
$$

(exercises-index)=
## Exercises

**Exercise 1 (a sum).** What is one plus one?

:::{dropdown} Solution
It is two, the successor of one.
:::

**Exercise 2 (a product).** What is two times three?
"""


def build_tiny_book(tmp_path: Path, page: str) -> tuple[int, Path]:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(textwrap.dedent(page), encoding="utf8")
    options = ["-W", "--keep-going", "-n"]
    options += ["-D", f"nb_execution_cache_path={tmp_path / '_build' / '.jupyter_cache'}"]
    status = build_pdf.build("en", options, root=tmp_path, confdir=ROOT, srcdir=docs)
    return status, tmp_path / "_build" / "pdf" / "chainrule-en.pdf"


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page of ``pdf`` (pdftotext separates pages by form feeds)."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")


def test_tiny_book_builds_and_passes_the_checks(tmp_path, capsys):
    status, pdf = build_tiny_book(tmp_path, PAGE)
    output = capsys.readouterr().out
    assert status == 0, output[-3000:]
    assert pdf.is_file()
    assert "build_pdf: _build/pdf/chainrule-en.pdf" in output
    # the folded solution is printed after the exercises, under the exercise's name, and
    # the exercise says on which page
    pages = pdf_pages(pdf)
    text = "\n".join(pages)
    asked = text.index("What is one plus one?")
    pointer = re.search(r"Solution: page (\d+)", text[asked:])
    assert pointer, text
    heading = text.index("Solutions", asked)
    answer = text.index("It is two, the successor of one.")
    assert asked < asked + pointer.start() < text.index("What is two times three?") < heading
    assert text.index("Exercise 1 (a sum).", heading) < answer
    # the page's printed number ends its footer, the last line of its text
    answer_page = next(page for page in pages if "It is two" in page)
    assert answer_page.split()[-1] == pointer[1], answer_page


def test_malformed_equation_fails_the_build(tmp_path, capsys):
    status, pdf = build_tiny_book(tmp_path, PAGE.replace("\\frac{1}{m}", "\\frac{1}{m"))
    output = capsys.readouterr().out
    assert status != 0
    assert not pdf.exists()
    assert "latexmk failed (en)" in output


def test_missing_glyph_fails_the_build(tmp_path, capsys):
    character = "𓀀"  # U+13000, an Egyptian hieroglyph: in none of the book's fonts
    status, pdf = build_tiny_book(tmp_path, PAGE.replace("✓", character))
    output = capsys.readouterr().out
    assert status == 1
    assert not pdf.exists()
    assert f"missing glyph: no {character} (U+13000)" in output
