"""Check a PDF build: no missing glyph, no undefined reference, every font embedded.

XeLaTeX exits 0 when a font lacks a character (the log says "Missing
character: There is no ..."), and latexmk exits 0 with references left
undefined; a PDF may also name fonts it does not carry.  This tool reads the
LaTeX log, the PDF (through poppler's ``pdffonts``) and, optionally, the
Sphinx log of the same build (a notebook executed there means the execution
cache was not used), and prints one line per problem::

    path:line: what is wrong

Usage::

    python tools/check_pdf.py --latex-log _build/latex/ko/chainrule.log \\
        --pdf _build/latex/ko/chainrule.pdf [--sphinx-log _build/latex/ko.sphinx.log]

Exit status: 0 when nothing is wrong, 1 otherwise, 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

#: TeX breaks log lines at this width unless max_print_line is raised.
TEX_LOG_WIDTH = 79

MISSING_GLYPH = re.compile(r"Missing character: There is no (.+?) in font (.+?)!")
UNDEFINED_REFERENCE = re.compile(
    r"LaTeX Warning: (?P<kind>Reference|Hyper reference|Citation) `(?P<name>.+?)'"
    r" on page \S+ undefined"
)
UNDEFINED_SUMMARY = re.compile(r"LaTeX Warning: There were undefined (references|citations)")
UNDEFINED_DESTINATION = re.compile(r"Object @(?P<name>\S+) used, but not defined")
NOTEBOOK_EXECUTED = re.compile(r"^(?P<page>\S+?): Executing notebook")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the build, where it was seen."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def unwrap_tex_log(text: str) -> list[tuple[int, str]]:
    """Log lines with TeX's hard wrapping at 79 characters undone.

    Returns (first line number, joined text) pairs: a line exactly 79
    characters long continues on the next one.
    """
    joined: list[tuple[int, str]] = []
    pending: tuple[int, str] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        pending = (number, line) if pending is None else (pending[0], pending[1] + line)
        if len(line) != TEX_LOG_WIDTH:
            joined.append(pending)
            pending = None
    if pending is not None:
        joined.append(pending)
    return joined


def check_latex_log(path: Path) -> list[Problem]:
    """Missing glyphs and undefined references reported in a (Xe)LaTeX log."""
    text = path.read_text(encoding="utf8", errors="replace")
    problems = []
    for number, line in unwrap_tex_log(text):
        if match := MISSING_GLYPH.search(line):
            problems.append(
                Problem(path, number, f"missing glyph: no {match[1]} in font {match[2]}")
            )
        elif match := UNDEFINED_REFERENCE.search(line):
            problems.append(
                Problem(path, number, f"undefined {match['kind'].lower()}: {match['name']}")
            )
        elif UNDEFINED_SUMMARY.search(line):
            problems.append(Problem(path, number, "LaTeX reports undefined references"))
        elif match := UNDEFINED_DESTINATION.search(line):
            problems.append(
                Problem(path, number, f"link to an undefined destination: {match['name']}")
            )
    return problems


def parse_pdffonts(output: str) -> list[dict[str, str]]:
    """Rows of ``pdffonts`` output: name, type, encoding, emb, sub, uni, object.

    Long names overflow their column, so a row is split into words and read
    from both ends: the name is the first word, the type (which has spaces,
    "CID Type 0C") is what lies between it and the six last fields.
    """
    lines = output.splitlines()
    rule_index = next((i for i, line in enumerate(lines) if line.startswith("---")), None)
    if rule_index is None:
        raise ValueError(f"unexpected pdffonts output (no header rule):\n{output}")
    rows = []
    for line in lines[rule_index + 1 :]:
        words = line.split()
        if not words:
            continue
        if len(words) < 8:
            raise ValueError(f"unexpected pdffonts row (expected 8 or more fields): {line!r}")
        name, *kind, encoding, emb, sub, uni, number, generation = words
        rows.append(
            {
                "name": name,
                "type": " ".join(kind),
                "encoding": encoding,
                "emb": emb,
                "sub": sub,
                "uni": uni,
                "object": f"{number} {generation}",
            }
        )
    return rows


def check_pdf_fonts(path: Path) -> list[Problem]:
    """Fonts the PDF uses without embedding them (``pdffonts`` column emb)."""
    pdffonts = shutil.which("pdffonts")
    if pdffonts is None:
        return [Problem(path, 0, "pdffonts not found: install Debian's poppler-utils")]
    result = subprocess.run([pdffonts, str(path)], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        return [Problem(path, 0, f"pdffonts failed: {result.stderr.strip()}")]
    rows = parse_pdffonts(result.stdout)
    if not rows:
        return [Problem(path, 0, "no fonts at all: not a typeset PDF?")]
    return [
        Problem(path, 0, f"font not embedded: {row['name']} ({row['type']})")
        for row in rows
        if row.get("emb") != "yes"
    ]


def check_sphinx_log(path: Path) -> list[Problem]:
    """Notebooks the Sphinx build executed (it should read them all from the cache)."""
    problems = []
    for number, line in enumerate(path.read_text(encoding="utf8").splitlines(), start=1):
        if match := NOTEBOOK_EXECUTED.search(line):
            problems.append(
                Problem(
                    path,
                    number,
                    f"notebook executed instead of read from the execution cache: {match['page']}",
                )
            )
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latex-log", type=Path, action="append", default=[])
    parser.add_argument("--pdf", type=Path, action="append", default=[])
    parser.add_argument("--sphinx-log", type=Path, action="append", default=[])
    args = parser.parse_args(argv)
    given = [*args.latex_log, *args.pdf, *args.sphinx_log]
    if not given:
        parser.error("expected at least one of --latex-log, --pdf, --sphinx-log")
    missing = [str(path) for path in given if not path.is_file()]
    if missing:
        parser.error(f"no such file: {', '.join(missing)}")
    problems = []
    for path in args.latex_log:
        problems += check_latex_log(path)
    for path in args.pdf:
        problems += check_pdf_fonts(path)
    for path in args.sphinx_log:
        problems += check_sphinx_log(path)
    for problem in problems:
        print(problem)
    checked = ", ".join(str(path) for path in given)
    if problems:
        print(f"check_pdf: {len(problems)} problem(s) in {checked}", file=sys.stderr)
        return 1
    print(f"check_pdf: OK ({checked})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
