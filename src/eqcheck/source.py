"""Where a check finds the LaTeX of its equation: the page as MyST parses it.

The site build calls :func:`labelled_equations` on each page's text with MyST's own
Markdown parser (the text that becomes the page's math and that MathJax renders)
and writes the result to a folder named by the environment variable
``EQCHECK_EQUATIONS``; :func:`latex_of` reads it in the kernel.  Outside the build
(a downloaded notebook), :func:`use_equations` registers the LaTeX directly.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

ENVIRONMENT_VARIABLE = "EQCHECK_EQUATIONS"

_registered: dict[str, str] = {}


def labelled_equations(text: str, myst_extensions: Iterable[str]) -> dict[str, dict]:
    """``{label: {"latex": ..., "line": ...}}`` for every ``$$ ... $$ (label)`` of a page.

    ``line`` is the 1-based line of the opening ``$$`` in ``text``.
    """
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    config = MdParserConfig(enable_extensions=set(myst_extensions))
    parser = create_md_parser(config, RendererHTML)
    found: dict[str, dict] = {}
    for token in parser.parse(text):
        if token.type == "math_block_label" and token.info:
            line = token.map[0] + 1 if token.map else 0
            found[token.info] = {"latex": token.content.strip(), "line": line}
    return found


def digest(equations: Mapping[str, dict]) -> str:
    """A short hash of a page's equations (changes whenever one of them does)."""
    text = json.dumps(equations, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def write_page(folder: Path, docname: str, equations: Mapping[str, dict]) -> None:
    """Store a page's equations for the kernels of the build."""
    path = folder / (docname.replace("/", "__") + ".json")
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"page": docname, "equations": equations}, ensure_ascii=False, indent=1)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def use_equations(equations: Mapping[str, str]) -> None:
    """Register LaTeX by label, for checks run outside the site build."""
    _registered.update(equations)


def latex_of(label: str) -> tuple[str, str]:
    """The LaTeX of the equation ``label`` and the page it is on (or ``""``)."""
    if label in _registered:
        return _registered[label], ""
    folder = os.environ.get(ENVIRONMENT_VARIABLE)
    if folder:
        for path in sorted(Path(folder).glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            if label in data["equations"]:
                return data["equations"][label]["latex"], data["page"]
    where = f"in {folder}" if folder else f"(${ENVIRONMENT_VARIABLE} is not set)"
    raise LookupError(
        f"no display equation is labelled {label!r} {where}; outside the site build, "
        "register the LaTeX with eqcheck.use_equations({label: latex})"
    )
