"""The site-build benchmark's reading of a build log (the builds themselves take minutes)."""

from __future__ import annotations

from benchmarks.site_build import math_seconds


def test_math_seconds_are_those_typeset_math_logs_for_typesetting_and_fonts():
    log = (
        "reading sources... [100%] why-deep\n"
        "typeset math: 1010 new, 0 from the cache, 7.3 s (/tmp/x/_build/.math-cache/eq.json)\n"
        "writing output... [100%] why-deep\n"
        "typeset math: fonts cut to 129 characters, 0.4 s\n"
        "site_search: Pagefind indexed 22 pages in 1.5 s\n"
    )
    assert math_seconds(log) == 7.3 + 0.4
    assert math_seconds("typeset math: 0 new, 1010 from the cache, 0.0 s (x)\n") == 0.0
    assert math_seconds("build succeeded.\n") == 0
