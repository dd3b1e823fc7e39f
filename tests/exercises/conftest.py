"""Fixtures of the grader tests: the grader always starts from a known language setting."""

import sys
from pathlib import Path

import pytest

from chainrule.exercises import set_language


@pytest.fixture(autouse=True)
def neutral_language(monkeypatch):
    """No language chosen and no locale in the environment: English unless a test says so."""
    for var in ("CHAINRULE_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    set_language(None)
    yield
    set_language(None)


# The site-building helpers of tests/docs (a tiny project with the real conf.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs"))
