"""MathJax in Node: one process typesets a batch of equations; each answer is cached by its TeX.

``render_math.mjs`` reads ``{"equations": [{"tex", "display"}, ...]}`` on stdin and answers
each equation's CommonHTML markup (with MathML) and the stylesheet rules it uses.
:class:`MathCache` keeps them per equation in one JSON file shared by the languages.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

SCRIPT = Path(__file__).with_name("render_math.mjs")
FONT_PACKAGE = Path("@mathjax") / "mathjax-newcm-font"
#: Folder of the fonts, relative to the stylesheet (``_static/math/woff2``).
FONT_FOLDER = "woff2"

#: An equation as the renderer sees it: (display?, TeX).
Equation = tuple[bool, str]


def equation_of(node: nodes.Element) -> Equation:
    """The TeX MathJax typesets for ``node``, as Sphinx's own MathJax support builds it.

    Inline math is typeset as it is; a display block with several paragraphs becomes one
    ``aligned`` environment, a paragraph with ``\\\\`` a ``split``; a ``nowrap`` block (an
    amsmath environment) is typeset as written.
    """
    if isinstance(node, nodes.math):
        return False, node.astext()
    if node.get("no-wrap", node.get("nowrap", False)):
        return True, node.astext()
    parts = [part for part in node.astext().split("\n\n") if part.strip()]
    parts = [rf"\begin{{split}}{part}\end{{split}}" if r"\\" in part else part for part in parts]
    if len(parts) > 1:
        return True, r"\begin{align}\begin{aligned}" + r"\\".join(
            parts
        ) + r"\end{aligned}\end{align}"
    return True, "".join(parts)


def key_of(equation: Equation) -> str:
    display, tex = equation
    return hashlib.sha256(f"{'D' if display else 'I'}\0{tex}".encode()).hexdigest()[:32]


def node_modules_of(start: Path) -> Path:
    """The ``node_modules`` folder Node finds for a script in ``start`` (nearest above)."""
    for folder in (start, *start.parents):
        if (folder / "node_modules" / "mathjax").is_dir():
            return folder / "node_modules"
    msg = (
        f"MathJax is not installed: no node_modules/mathjax in {start} or a folder above it."
        " Run `make mathjax` (npm ci from package-lock.json)."
    )
    raise ExtensionError(msg)


def renderer_fingerprint(node_modules: Path) -> str:
    """Changes when the typesetting could: the script, MathJax's or the font's version."""
    digest = hashlib.sha256(SCRIPT.read_bytes())
    for package in (Path("mathjax"), FONT_PACKAGE):
        manifest = json.loads((node_modules / package / "package.json").read_text())
        digest.update(f"{package}={manifest['version']}".encode())
    return digest.hexdigest()[:16]


def run_renderer(equations: list[Equation], node: str = "node") -> dict[str, Any]:
    """Typeset ``equations`` in one Node process; its JSON answer (see render_math.mjs)."""
    request = {
        "font_url": FONT_FOLDER,
        "equations": [{"tex": tex, "display": display} for display, tex in equations],
    }
    try:
        result = subprocess.run(
            [node, str(SCRIPT)],
            input=json.dumps(request),
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError as error:
        msg = f"cannot typeset math: {node!r} not found (Node.js is needed to build the site)"
        raise ExtensionError(msg) from error
    if result.returncode != 0:
        msg = f"cannot typeset math: {SCRIPT.name} exited with {result.returncode}:\n"
        raise ExtensionError(msg + result.stderr[-3000:])
    answer = json.loads(result.stdout)
    if len(answer["equations"]) != len(equations):
        msg = f"{SCRIPT.name} answered {len(answer['equations'])} of {len(equations)} equations"
        raise ExtensionError(msg)
    return answer


class MathCache:
    """Typeset equations by key, and the stylesheet rules they use, in one JSON file."""

    def __init__(self, path: Path, fingerprint: str) -> None:
        self.path = path
        self.fingerprint = fingerprint
        self.rules: list[str] = []
        self.equations: dict[str, dict[str, Any]] = {}
        self.changed = False
        if path.is_file():
            try:
                stored = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                logger.info("typeset math: ignoring unreadable cache %s (%s)", path, error)
                return
            if stored.get("fingerprint") == fingerprint:
                self.rules = stored["rules"]
                self.equations = stored["equations"]

    def __contains__(self, key: str) -> bool:
        return key in self.equations

    def html(self, key: str) -> str:
        return self.equations[key]["html"]

    def add(self, answer: dict[str, Any], keys: list[str]) -> None:
        """Store the typeset equations of one renderer answer (all without errors)."""
        index = {rule: at for at, rule in enumerate(self.rules)}
        local = []
        for rule in answer["rules"]:
            if rule not in index:
                index[rule] = len(self.rules)
                self.rules.append(rule)
            local.append(index[rule])
        for key, item in zip(keys, answer["equations"], strict=True):
            if item["errors"]:
                continue
            rules = [local[at] for at in item["rules"]]
            self.equations[key] = {"html": item["html"], "rules": rules}
            self.changed = True

    def stylesheet(self, keys: Iterable[str]) -> str:
        """The rules the equations ``keys`` need, in the order they were first met."""
        used = sorted(
            {rule for key in keys if key in self for rule in self.equations[key]["rules"]}
        )
        return "\n\n".join(self.rules[at] for at in used) + "\n"

    def save(self) -> None:
        if not self.changed:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"fingerprint": self.fingerprint, "rules": self.rules, "equations": self.equations}
        # written whole, then renamed: a build in another language never reads half a file
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=self.path.parent, delete=False, suffix=".tmp"
        ) as handle:
            json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
        os.chmod(handle.name, 0o644)
        os.replace(handle.name, self.path)
        self.changed = False
