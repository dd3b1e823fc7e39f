"""Write ``<html dir>/index.html``: send readers to their browser's language.

Usage: ``python docs/_ext/make_root_index.py _build/html``

The page walks ``navigator.languages`` in the reader's order of preference
and goes to the first site language it matches: ``ko*`` -> ko/,
``zh-TW``/``zh-HK``/``zh-MO``/``zh-Hant*`` -> zh_TW/, ``en*`` -> en/; with
no match, en/.  Without JavaScript it is a plain page of three links.
Everything is inline: no request leaves the site.
"""

from __future__ import annotations

import sys
from html import escape
from pathlib import Path

# (folder, label in its own language, BCP 47 tag, "choose" line in that language)
LANGUAGES = [
    ("en", "English", "en", "Read the notes in English"),
    ("ko", "한국어", "ko", "한국어로 읽기"),
    ("zh_TW", "繁體中文", "zh-Hant-TW", "以繁體中文閱讀"),
]

SCRIPT = """\
(function () {
  var wanted = navigator.languages && navigator.languages.length
    ? navigator.languages : [navigator.language || "en"];
  function siteLanguage(tag) {
    tag = String(tag).toLowerCase();
    if (tag === "ko" || tag.indexOf("ko-") === 0) return "ko";
    if (tag === "zh-tw" || tag === "zh-hk" || tag === "zh-mo" ||
        tag.indexOf("zh-hant") === 0 || tag.indexOf("zh-tw-") === 0) return "zh_TW";
    if (tag === "en" || tag.indexOf("en-") === 0) return "en";
    return null;
  }
  var target = "en";
  for (var i = 0; i < wanted.length; i++) {
    var found = siteLanguage(wanted[i]);
    if (found) { target = found; break; }
  }
  window.location.replace(target + "/index.html" + window.location.hash);
})();
"""


def render() -> str:
    """The HTML of the root page."""
    alternates = "\n".join(
        f'  <link rel="alternate" hreflang="{tag}" href="{folder}/index.html">'
        for folder, _label, tag, _line in LANGUAGES
    )
    links = "\n".join(
        f'    <li lang="{tag}"><a href="{folder}/index.html" hreflang="{tag}">'
        f"{escape(label)}</a> — {escape(line)}</li>"
        for folder, label, tag, line in LANGUAGES
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>chainrule</title>
  <link rel="icon" href="en/_static/favicon.svg" type="image/svg+xml">
{alternates}
  <style>
    body {{ font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto;
           padding: 0 1rem; line-height: 1.6; }}
    li {{ margin: 0.4rem 0; }}
  </style>
  <script>
{SCRIPT}  </script>
</head>
<body>
  <h1>chainrule</h1>
  <p>Backpropagation, checked · 역전파, 검증 완료 · 反向傳播，逐式驗證</p>
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
