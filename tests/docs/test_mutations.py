"""A wrong equation fails: mutate a real page, or the engine, and the check names the equation.

1. The page: docs/vectorization.md computes dZ[1] = W[2]^T dZ[2] * g'(Z[1]) by hand and checks it
   against central differences. Drop the factor g'(Z[1]) and the real Sphinx build of that page must
   fail with the check's message naming eq-vec-dz1, while the unmutated page
   reports no failed check.
2. The engine: remove the 1/m from dW in chainrule.backward.linear_backward (a slide-style mistake)
   and the real page docs/building-blocks.md, executed against that engine, must fail naming
   eq-backward-dW.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from myst_nb.core.read import read_myst_markdown_notebook
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from site_project import ensure_mathjax

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"

CORRECT_DZ1 = "dZ1 = W2.T @ dZ2 * (1 - A1**2)  # (eq-vec-dz1)"
WRONG_DZ1 = "dZ1 = W2.T @ dZ2  # (eq-vec-dz1), g'(Z1) forgotten"

CORRECT_INV_M = "    inv_m = 1.0 / m\n"


def build_single_page(new_project, name: str, text: str):
    project = new_project(name)
    project.write("index.md", f"# Index\n\n```{{toctree}}\n{name}\n```\n")
    (project.docs / f"{name}.md").write_text(text, encoding="utf8")
    return project.build("en")


def failed_checks(log: str) -> list[str]:
    return re.findall(r"check of '([\w-]+)' failed", log)


@pytest.fixture(scope="module")
def page_builds(new_project):
    ensure_mathjax()
    source = (DOCS / "vectorization.md").read_text(encoding="utf8")
    assert source.count(CORRECT_DZ1) == 1, "the page's dZ1 line moved: update this test"
    good = build_single_page(new_project, "vectorization", source)
    bad = build_single_page(new_project, "vectorization", source.replace(CORRECT_DZ1, WRONG_DZ1))
    return good, bad


def test_unmutated_page_passes_its_checks(page_builds):
    good, _ = page_builds
    # Alone, the page's links to other pages dangle, so only its checks are asserted here;
    # the full strict build of the whole site is part of `make test`.
    assert failed_checks(good.log) == [], good.log[-3000:]


def test_wrong_equation_on_a_page_fails_the_build_and_names_it(page_builds):
    _, bad = page_builds
    assert bad.returncode != 0
    assert failed_checks(bad.log) == ["eq-vec-dz1"], bad.log[-3000:]
    assert re.search(r"eq-vec-dz1: relative error [\d.]+e[+-]\d+ exceeds 1e-07", bad.log)


def execute_page(page: Path, engine_dir: Path, monkeypatch) -> None:
    """Run every cell of a MyST-NB page in a fresh kernel that imports chainrule from engine_dir."""
    notebook = nbformat.from_dict(read_myst_markdown_notebook(page.read_text(encoding="utf8")))
    # The kernel inherits this environment.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(engine_dir), str(DOCS / "_ext")]))
    monkeypatch.setenv("MPLBACKEND", "Agg")  # no figures are looked at here
    client = NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(DOCS)}}
    )
    client.execute()


def mutated_engine(tmp_path: Path, old: str, new: str) -> Path:
    engine = tmp_path / "engine"
    shutil.copytree(ROOT / "src" / "chainrule", engine / "chainrule")
    backward = engine / "chainrule" / "backward.py"
    source = backward.read_text(encoding="utf8")
    assert source.count(old) == 1, "linear_backward changed: update this test"
    backward.write_text(source.replace(old, new), encoding="utf8")
    return engine


def test_wrong_equation_in_the_engine_fails_the_page_and_names_it(tmp_path, monkeypatch):
    engine = mutated_engine(tmp_path, CORRECT_INV_M, "    inv_m = 1.0  # the 1/m was forgotten\n")
    with pytest.raises(CellExecutionError) as failure:
        execute_page(DOCS / "building-blocks.md", engine, monkeypatch)
    message = str(failure.value)
    assert re.search(r"eq-backward-dW: relative error [\d.]+e[+-]\d+ exceeds 1e-07", message)


def test_the_unmutated_engine_passes_the_same_page(tmp_path, monkeypatch):
    engine = mutated_engine(tmp_path, CORRECT_INV_M, CORRECT_INV_M)
    execute_page(DOCS / "building-blocks.md", engine, monkeypatch)
