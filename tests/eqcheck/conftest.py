"""The checker's tests import it from src/ and read the real pages' equations."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

MYST_EXTENSIONS = ["dollarmath", "amsmath", "colon_fence", "deflist"]


@pytest.fixture(scope="session")
def page_equations() -> dict[str, str]:
    """Every labelled display equation of the pages, read as the build reads them."""
    from eqcheck import source

    found: dict[str, str] = {}
    for page in sorted((ROOT / "docs").glob("*.md")):
        text = page.read_text(encoding="utf-8")
        for label, equation in source.labelled_equations(text, MYST_EXTENSIONS).items():
            found[label] = equation["latex"]
    return found
