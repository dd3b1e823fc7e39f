"""Helpers: build tiny throwaway sites with the real conf.py and extensions.

The projects live in a temporary folder, with their own execution cache,
doctrees and locale folder, so these tests do not depend on (or disturb) the
pages being written in docs/ or the site in _build/.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MATHJAX = ROOT / "node_modules"

FRONT_MATTER = """\
---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  name: python3
  display_name: Python 3
  language: python
---
"""


@dataclass
class Build:
    returncode: int
    log: str
    outdir: Path


@dataclass
class Project:
    root: Path

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def locale(self) -> Path:
        return self.root / "locale"

    def write(self, name: str, text: str, notebook: bool = False) -> None:
        path = self.docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        body = textwrap.dedent(text).lstrip("\n")
        path.write_text((FRONT_MATTER + "\n" + body) if notebook else body, encoding="utf8")

    def build(self, language: str = "en", builder: str = "html", *extra: str) -> Build:
        outdir = (
            self.root / "_build" / "html" / language
            if builder == "html"
            else self.root / "_build" / builder
        )
        cmd = [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            builder,
            "-W",
            "--keep-going",
            "-n",
            "-c",
            str(ROOT),
            "-d",
            str(self.root / "_build" / "doctrees" / f"{builder}-{language}"),
            "-D",
            f"language={language}",
            "-D",
            f"locale_dirs={self.locale}",
            "-D",
            f"nb_execution_cache_path={self.root / '_build' / '.jupyter_cache'}",
            "-D",
            f"eqcheck_equations_dir={self.root / '_build' / 'equations'}",
            *extra,
            str(self.docs),
            str(outdir),
        ]
        result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
        return Build(result.returncode, result.stdout + result.stderr, outdir)


def ensure_mathjax() -> None:
    """Install MathJax into node_modules (git-ignored) if it is missing."""
    if not (MATHJAX / ".installed-stamp").exists():
        if shutil.which("npm") is None:
            pytest.fail("MathJax is not installed and npm is missing: run `make mathjax`")
        subprocess.run(["make", "mathjax"], cwd=ROOT, check=True, capture_output=True)


def new_project_factory(tmp_path_factory):
    def make(name: str) -> Project:
        project = Project(tmp_path_factory.mktemp(name))
        project.docs.mkdir()
        return project

    return make
