"""tools/check_pdf.py on real XeLaTeX output: a planted missing glyph, undefined references,
a font not embedded and an executed notebook are each reported; a clean build is not.

XeLaTeX, latexmk and pdffonts come from Debian's TeX Live and poppler-utils (.ci/run
installs them); these tests fail, not skip, without them.
"""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECKER = ROOT / "tools" / "check_pdf.py"


def _load_checker():
    spec = importlib.util.spec_from_file_location("check_pdf", CHECKER)
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_pdf"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


check_pdf = _load_checker()

PREAMBLE = r"""\documentclass{article}
\usepackage{fontspec}
\setmainfont{DejaVu Serif}
\usepackage{hyperref}
\begin{document}
"""


def xelatex(folder: Path, body: str, runs: int = 2) -> tuple[Path, Path]:
    """Typeset ``body`` with XeLaTeX (twice: references settle); return (log, pdf)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "doc.tex").write_text(PREAMBLE + body + "\n\\end{document}\n", encoding="utf8")
    for _run in range(runs):
        result = subprocess.run(
            ["xelatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout[-2000:]
    return folder / "doc.log", folder / "doc.pdf"


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory):
    folder = tmp_path_factory.mktemp("clean")
    return xelatex(folder, r"\section{Intro}\label{intro} See \ref{intro}: $x^2$, ⁻⁷ and é.")


def test_clean_build_passes(clean_build):
    log, pdf = clean_build
    assert check_pdf.check_latex_log(log) == []
    assert check_pdf.check_pdf_fonts(pdf) == []
    assert check_pdf.main(["--latex-log", str(log), "--pdf", str(pdf)]) == 0


def test_planted_missing_glyph_is_reported(tmp_path):
    # DejaVu Serif has no Hangul: XeLaTeX drops the syllables and still exits 0
    log, _pdf = xelatex(tmp_path, "Backpropagation is 역전파.", runs=1)
    problems = check_pdf.check_latex_log(log)
    messages = [problem.message for problem in problems]
    assert "missing glyph: no 역 (U+C5ED) in font DejaVu Serif" in " ".join(messages), messages
    assert len(problems) == 3  # one per syllable
    assert all(problem.line > 0 for problem in problems)
    assert check_pdf.main(["--latex-log", str(log)]) == 1


def test_planted_undefined_references_are_reported(tmp_path):
    log, _pdf = xelatex(tmp_path, r"See \ref{nowhere} and \hyperref[elsewhere]{there}.")
    messages = [problem.message for problem in check_pdf.check_latex_log(log)]
    assert "undefined reference: nowhere" in messages
    assert "undefined hyper reference: elsewhere" in messages
    assert "LaTeX reports undefined references" in messages


def test_wrapped_log_lines_are_joined():
    # TeX breaks log lines at 79 characters, in the middle of a label
    text = (
        "LaTeX Warning: Hyper reference `building-blocks:equation-eq-backward-dw' on pag\n"
        "e 101 undefined on input line 9715.\n"
    )
    assert len(text.splitlines()[0]) == check_pdf.TEX_LOG_WIDTH
    joined = check_pdf.unwrap_tex_log(text)
    assert joined == [(1, text.replace("\n", "", 1).rstrip("\n"))]


def _pdf_with_unembedded_font() -> bytes:
    """A one-page PDF that shows text in Helvetica without carrying the font."""
    stream = b"BT /F1 12 Tf 72 720 Td (not embedded) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
        b" /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_font_not_embedded_is_reported(tmp_path):
    pdf = tmp_path / "plain.pdf"
    pdf.write_bytes(_pdf_with_unembedded_font())
    problems = check_pdf.check_pdf_fonts(pdf)
    assert [problem.message for problem in problems] == ["font not embedded: Helvetica (Type 1)"]


def test_pdffonts_rows_with_long_names_and_spaced_types():
    output = (
        "name                                 type              encoding         emb sub uni"
        " object ID\n"
        "------------------------------------ ----------------- ---------------- --- --- ---"
        " ---------\n"
        "ZICMXK+NotoSerifCJKjp-Regular-Identity-H CID Type 0C       Identity-H       yes yes"
        " yes     85  0\n"
        "Helvetica                            Type 1            Custom           no  no  no "
        "      4  0\n"
    )
    rows = check_pdf.parse_pdffonts(output)
    assert [(row["name"], row["type"], row["emb"]) for row in rows] == [
        ("ZICMXK+NotoSerifCJKjp-Regular-Identity-H", "CID Type 0C", "yes"),
        ("Helvetica", "Type 1", "no"),
    ]


def test_executed_notebook_is_reported(tmp_path):
    log = tmp_path / "ko.sphinx.log"
    log.write_text(
        "/w/docs/notation.md: Using cached notebook: ID=2 [mystnb]\n"
        "/w/docs/training.md: Executing notebook using local CWD [mystnb]\n",
        encoding="utf8",
    )
    problems = check_pdf.check_sphinx_log(log)
    assert [(problem.line, problem.message) for problem in problems] == [
        (2, "notebook executed instead of read from the execution cache: /w/docs/training.md")
    ]


def test_command_line_reports_file_and_line(tmp_path):
    log, _pdf = xelatex(tmp_path, r"See \ref{nowhere}.")
    result = subprocess.run(
        [sys.executable, str(CHECKER), "--latex-log", str(log)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert f"{log}:" in result.stdout
    assert "undefined reference: nowhere" in result.stdout


def test_command_line_rejects_missing_files(tmp_path):
    result = subprocess.run(
        [sys.executable, str(CHECKER), "--pdf", str(tmp_path / "absent.pdf")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "no such file" in result.stderr
