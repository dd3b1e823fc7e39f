"""Build the PDF of the notes in one language: Sphinx's LaTeX, XeLaTeX, then the checks.

1. ``sphinx-build -b latex`` (strict) with the notebook outputs read from the
   execution cache that ``make html-en`` filled: the log is kept and a
   notebook executed here fails the build;
2. ``latexmk`` runs XeLaTeX (and makeindex) until the references settle;
3. ``tools/check_pdf.py``: missing glyphs, undefined references, fonts not
   embedded;
4. the PDF is copied to ``_build/pdf/chainrule-<lang>.pdf``.

Usage: python tools/build_pdf.py LANG [--sphinx-opts "-W --keep-going -n"]
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs" / "_ext"))
import check_pdf  # the sibling module (this file runs as a script)
from site_languages import CODES

ROOT = Path(__file__).resolve().parents[1]
BASENAME = "chainrule"


def run_logged(command: list[str], log_path: Path, cwd: Path, env: dict | None = None) -> int:
    """Run ``command``, echoing its output and keeping it in ``log_path``."""
    print("+", shlex.join(command), flush=True)
    with log_path.open("w", encoding="utf8") as log:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf8",
            errors="replace",
        )
        assert process.stdout is not None
        for line in process.stdout:
            sys.stdout.write(line)
            log.write(line)
        return process.wait()


def build(
    language: str,
    sphinx_opts: list[str],
    root: Path = ROOT,
    confdir: Path | None = None,
    srcdir: Path | None = None,
) -> int:
    """Build ``<root>/_build/pdf/chainrule-<language>.pdf``; returns an exit status.

    ``confdir`` and ``srcdir`` default to ``root`` and ``root/docs``: the notes.
    """
    confdir = confdir or root
    srcdir = srcdir or root / "docs"
    latex_dir = root / "_build" / "latex" / language
    pdf_dir = root / "_build" / "pdf"
    latex_dir.mkdir(parents=True, exist_ok=True)
    pdf_dir.mkdir(parents=True, exist_ok=True)
    sphinx_log = root / "_build" / "latex" / f"{language}.sphinx.log"
    target = pdf_dir / f"{BASENAME}-{language}.pdf"
    target.unlink(missing_ok=True)  # a failed build leaves no stale PDF behind
    started = time.monotonic()

    doctrees = root / "_build" / "doctrees" / f"latex-{language}"
    sphinx = [sys.executable, "-m", "sphinx", "-b", "latex", *sphinx_opts, "-c", str(confdir)]
    sphinx += ["-d", str(doctrees), "-D", f"language={language}", str(srcdir), str(latex_dir)]
    status = run_logged(sphinx, sphinx_log, root)
    if status != 0:
        print(f"build_pdf: sphinx-build -b latex failed ({language}), log: {sphinx_log}")
        return status
    latex_seconds = time.monotonic() - started

    # unwrapped log lines, so that the checks see whole messages
    env = {**os.environ, "max_print_line": "100000"}
    tex = f"{BASENAME}.tex"
    latexmk = ["latexmk", "-pdf", "-dvi-", "-ps-", "-interaction=nonstopmode"]
    latexmk += ["-halt-on-error", "-file-line-error", tex]
    status = run_logged(latexmk, latex_dir / "latexmk.log", latex_dir, env)
    if status != 0:
        print(f"build_pdf: latexmk failed ({language}), log: {latex_dir / (BASENAME + '.log')}")
        return status
    pdf = latex_dir / f"{BASENAME}.pdf"

    problems = check_pdf.check_sphinx_log(sphinx_log)
    problems += check_pdf.check_latex_log(latex_dir / f"{BASENAME}.log")
    problems += check_pdf.check_pdf_fonts(pdf)
    for problem in problems:
        print(problem)
    if problems:
        print(f"build_pdf: {len(problems)} problem(s) in the {language} PDF; nothing copied")
        return 1
    shutil.copy2(pdf, target)
    total = time.monotonic() - started
    print(
        f"build_pdf: {target.relative_to(root)} "
        f"(LaTeX sources {latex_seconds:.0f} s, total {total:.0f} s)"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("language", choices=CODES)
    parser.add_argument("--sphinx-opts", default="-W --keep-going -n")
    args = parser.parse_args(argv)
    return build(args.language, shlex.split(args.sphinx_opts))


if __name__ == "__main__":
    sys.exit(main())
