"""The math fonts a page needs: which ones its equations draw, and the characters they draw."""

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

#: A font in the math stylesheet, and the class by which MathJax's markup names one.
FONT_FACE = re.compile(
    rf'@font-face[^{{]*{{\s*font-family:\s*(?P<family>[\w-]+);\s*src:\s*url\("{FONT_FOLDER}/(?P<file>[\w.-]+)"\)'
)
FONT_CLASS = re.compile(r'class="[^"]*?\b(NCM-[A-Z0-9-]+)\b')


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


def font_files(css: str) -> dict[str, str]:
    """Font family -> its file (``mjx-ncm-n.woff2``), from the math stylesheet's @font-face."""
    return {match["family"]: match["file"] for match in FONT_FACE.finditer(css)}


def fonts_drawn(body: str, files: dict[str, str]) -> list[str]:
    """The font files the typeset math in a page's ``body`` draws with, in a stable order.

    MathJax names a font by a class (``NCM-N`` on the math, ``NCM-V`` on a character
    that needs another one); each family is tried after MJX-NCM-ZERO, and line breaks
    are drawn with MJX-BRK.
    """
    families = {f"MJX-{name}" for name in FONT_CLASS.findall(body)}
    if families:
        families.add("MJX-NCM-ZERO")
    if "<mjx-break" in body:
        families.add("MJX-BRK")
    return sorted(files[family] for family in families if family in files)
