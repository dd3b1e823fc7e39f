"""Every page of every language in Chromium: one load per page, every check on it.

See ``site_checks.audit_page`` for the list: HTTP 200, no console error, no failed or
off-site request, math typeset (no raw delimiters), images loaded and described (``alt``),
language switcher to the same page in the other languages, ``<html lang>``, no English
text or attribute on ko and zh_TW pages outside code, math and names, no Simplified
characters on zh_TW pages, no serious or critical axe-core violation (light mode; dark
mode is in test_dark_mode.py), no sideways scrolling at 375 px.
"""

from __future__ import annotations

import pytest
from site_checks import MOBILE, SITE_LANGS, audit_page

#: The page photographed in every language: math, a plot, translated prose.
SCREENSHOT_PAGE = "activations.html"
#: ... and at 375 px in this language.
MOBILE_SCREENSHOT_LANG = "ko"


def test_page(site_page, page, base_url, screenshots):
    lang, name = site_page
    shoot = name == SCREENSHOT_PAGE
    stem = name.removesuffix(".html").replace("/", "-")
    audit = audit_page(
        page,
        f"{base_url}/{lang}/{name}",
        lang,
        base_url=base_url,
        screenshot=screenshots / f"{lang}-{stem}.png" if shoot else None,
        mobile_screenshot=(
            screenshots / f"{lang}-{stem}-{MOBILE['width']}px.png"
            if shoot and lang == MOBILE_SCREENSHOT_LANG
            else None
        ),
    )
    assert not audit.problems, f"{lang}/{name}:\n  " + "\n  ".join(audit.problems)


@pytest.mark.parametrize("lang", SITE_LANGS)
def test_search_page(lang, page, base_url, site):
    """search.html itself (with a query, so the index and language_data.js run)."""
    audit = audit_page(page, f"{base_url}/{lang}/search.html?q=relu", lang, base_url=base_url)
    assert not audit.problems, f"{lang}/search.html:\n  " + "\n  ".join(audit.problems)
