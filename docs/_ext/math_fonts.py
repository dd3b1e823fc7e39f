"""The math fonts: the characters the equations draw, their files, and how pages load them."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path

from math_renderer import FONT_FOLDER, FONT_PACKAGE
from sphinx.errors import ExtensionError

#: The visible part of a typeset equation in a written page, and any tag in it.
MATH_MARKUP = re.compile(r"<mjx-math\b.*?</mjx-math>", re.DOTALL)
TAG = re.compile(r"<[^>]*>")


def font_sources(css: str, node_modules: Path) -> dict[str, Path]:
    """File name -> MathJax's font file, for every font the math stylesheet ``css`` names."""
    fonts = node_modules / FONT_PACKAGE / "chtml" / FONT_FOLDER
    sources = {}
    for name in sorted(set(re.findall(rf'url\("{FONT_FOLDER}/([\w.-]+\.woff2)"\)', css))):
        sources[name] = fonts / name
        if not sources[name].is_file():
            msg = f"math.css names the font {name}, which {fonts} does not hold"
            raise ExtensionError(msg)
    return sources


def shown_characters(pages: Iterable[Path]) -> set[str]:
    """Every character drawn by typeset math (``<mjx-math>``, not its MathML) in ``pages``."""
    found: set[str] = set()
    for page in pages:
        for match in MATH_MARKUP.finditer(page.read_text(encoding="utf-8")):
            found.update(html.unescape(TAG.sub("", match[0])))
    return found


def write_if_changed(path: Path, data: bytes) -> None:
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def swap_fonts(css: str) -> str:
    """``css`` with ``font-display: swap`` in every ``@font-face`` that does not say otherwise.

    A page's math is then drawn at the first paint, in the reader's own fonts if the math
    fonts have not arrived yet, and again when they have: a first paint that neither waits
    for the fonts nor shares the connection with them (they are not preloaded).
    """
    return re.sub(
        r"(@font-face[^{]*\{)(?![^}]*font-display)([^}]*?)(\s*\})",
        r"\1\2\n  font-display: swap;\3",
        css,
    )
