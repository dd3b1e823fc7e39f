"""Fixtures shared by the test folders: one Playwright for the whole session.

Playwright's sync API runs one instance per thread: the browser tests and the search
tests both take theirs from here, so either runs after the other in one session.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def playwright_session():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        yield playwright
