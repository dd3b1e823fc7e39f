"""Fixtures of the browser tests: the built site, served, and one Chromium.

The site is ``_build/html`` (``make html``; ``make test`` builds it first) or the
folder named by ``CHAINRULE_SITE``.  Screenshots go to ``_build/screenshots`` (or
``CHAINRULE_SCREENSHOTS``).  Everything skips, saying why, without a built site,
without Playwright or without ``/usr/bin/chromium`` (Playwright's own browser
download is never used).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from site_checks import CHROMIUM, DESKTOP, SITE_LANGS, launch_browser, serve, site_pages

REPO = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("CHAINRULE_SITE", REPO / "_build" / "html"))
SCREENSHOTS = Path(os.environ.get("CHAINRULE_SCREENSHOTS", REPO / "_build" / "screenshots"))


def _missing_site() -> str | None:
    """Why the built site cannot be tested (None: it can)."""
    wanted = [SITE / "index.html", *(SITE / lang / "index.html" for lang in SITE_LANGS)]
    missing = [str(path) for path in wanted if not path.is_file()]
    if missing:
        return f"no built site ({', '.join(missing)} missing): run `make html` first"
    return None


def pytest_generate_tests(metafunc):
    """``site_page``: every (language, page) of the built site."""
    if "site_page" not in metafunc.fixturenames:
        return
    reason = _missing_site()
    if reason:
        skipped = pytest.param(None, marks=pytest.mark.skip(reason=reason))
        metafunc.parametrize("site_page", [skipped])
        return
    pages = [(lang, name) for lang in SITE_LANGS for name in site_pages(SITE, lang)]
    metafunc.parametrize("site_page", pages, ids=[f"{lang}/{name}" for lang, name in pages])


@pytest.fixture(scope="session")
def site() -> Path:
    reason = _missing_site()
    if reason:
        pytest.skip(reason)
    return SITE


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def base_url(site):
    """``python -m http.server`` on a free port of 127.0.0.1, for the whole session."""
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser(playwright_session):
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    browser = launch_browser(playwright_session)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def context(browser):
    """The reader's browser: desktop size, English, light."""
    context = browser.new_context(viewport=DESKTOP, locale="en-US", color_scheme="light")
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    yield page
    page.close()
