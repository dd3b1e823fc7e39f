"""The page benchmark's own parts: the gzip server and the targets (Lighthouse itself is slow)."""

from __future__ import annotations

import gzip
import urllib.request

from benchmarks.lighthouse import PAGES, check_targets, serve

GZIP = {"Accept-Encoding": "gzip"}

GOOD = {
    "performance": 95,
    "lcp_ms": 2000,
    "tbt_ms": 100,
    "accessibility": 100,
}


def test_text_is_served_compressed_and_images_as_they_are(tmp_path):
    (tmp_path / "en").mkdir()
    page = "<p>" + "chain rule " * 500 + "</p>"
    (tmp_path / "en" / "index.html").write_text(page, encoding="utf8")
    (tmp_path / "en" / "plot.png").write_bytes(b"\x89PNG fake image bytes")
    with serve(tmp_path) as url:
        request = urllib.request.Request(
            f"{url}/en/index.html", headers={"Accept-Encoding": "gzip"}
        )
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            body = response.read()
        assert len(body) < len(page) / 10 and gzip.decompress(body).decode() == page
        request = urllib.request.Request(f"{url}/en/plot.png", headers=GZIP)
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] is None
            assert response.read() == b"\x89PNG fake image bytes"
        with urllib.request.urlopen(f"{url}/en/index.html") as response:  # no gzip asked for
            assert response.headers["Content-Encoding"] is None


def test_targets_apply_to_chapters_and_accessibility_to_every_page():
    pages = {page: dict(GOOD) for page in PAGES}
    assert all(row["met"] for row in check_targets(pages))
    pages["en/index.html"]["performance"] = 70  # the index has no performance target
    pages["ko/building-blocks.html"]["tbt_ms"] = 250
    pages["en/index.html"]["accessibility"] = 96
    missed = {(row["page"], row["target"]) for row in check_targets(pages) if not row["met"]}
    assert missed == {
        ("ko/building-blocks.html", "total blocking time"),
        ("en/index.html", "accessibility score"),
    }
