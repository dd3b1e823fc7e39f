"""Pages that read a data file re-execute when the file changes, and only then.

The notebook execution cache is keyed on a page's code, not on the files the code
reads. A page that reads e.g. ``benchmarks/results/latest.json`` marks the cell with

    # data-hash: benchmarks/results/latest.json

and this extension appends the file's SHA-256 to that line when Sphinx reads the
source: a new results file changes the cell's code, so the English build executes
the page again; the translated builds see the same hash and reuse the outputs. The
file is also noted as a dependency, so an incremental build re-reads the page.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

MARKER = re.compile(r"^(?P<indent>[ \t]*)# data-hash: (?P<path>\S+)[ \t]*$", re.MULTILINE)
ROOT = Path(__file__).resolve().parents[2]


def _stamp(app: Sphinx, docname: str, source: list[str]) -> None:
    def replace(match: re.Match[str]) -> str:
        path = ROOT / match["path"]
        if not path.is_file():
            raise FileNotFoundError(f"{docname}: '# data-hash: {match['path']}' names no file")
        app.env.note_dependency(str(path))
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        return f"{match['indent']}# data-hash: {match['path']} {digest}"

    source[0] = MARKER.sub(replace, source[0])


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("source-read", _stamp)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
