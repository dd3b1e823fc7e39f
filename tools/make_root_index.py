"""Write ``<html dir>/index.html``: the page that sends readers to their browser's language.

Usage: ``python3 tools/make_root_index.py _build/html``

The page walks ``navigator.languages`` in the reader's order of preference and goes to the
first site language one of them matches (each language's ``browser_tags`` in
``languages.toml``); with no match, to the source language. Without JavaScript it is a plain
page of links. Everything is inline: no request leaves the site.
"""

from __future__ import annotations

import json
import sys
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "docs" / "_ext"))
from site_languages import LANGUAGES, SOURCE

ROOT = Path(__file__).resolve().parent.parent
CHOOSER_JS = ROOT / "docs" / "_static" / "root-chooser.js"


def render() -> str:
    """The HTML of the root page."""
    site = [[language.code, list(language.browser_tags)] for language in LANGUAGES]
    script = f"var SITE_LANGUAGES = {json.dumps(site)};\n" + CHOOSER_JS.read_text("utf-8")
    alternates = "\n".join(
        f'  <link rel="alternate" hreflang="{language.tag}" href="{language.code}/index.html">'
        for language in LANGUAGES
    )
    links = "\n".join(
        f'    <li lang="{language.tag}"><a href="{language.code}/index.html" '
        f'hreflang="{language.tag}">{escape(language.name)}</a> — {escape(language.read_in)}</li>'
        for language in LANGUAGES
    )
    taglines = " · ".join(
        f'<span lang="{language.tag}">{escape(language.tagline)}</span>' for language in LANGUAGES
    )
    return f"""<!DOCTYPE html>
<html lang="{SOURCE.tag}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>chainrule</title>
  <link rel="icon" href="{SOURCE.code}/_static/favicon.svg" type="image/svg+xml">
{alternates}
  <style>
    body {{ font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto;
           padding: 0 1rem; line-height: 1.6; }}
    li {{ margin: 0.4rem 0; }}
  </style>
  <script>
{script}  </script>
</head>
<body>
  <h1>chainrule</h1>
  <p>{taglines}</p>
  <ul>
{links}
  </ul>
</body>
</html>
"""


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    out_dir = Path(argv[1])
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "index.html").write_text(render(), encoding="utf-8")
    print(f"wrote {out_dir / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
