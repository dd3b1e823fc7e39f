"""The translators' pages: ``{glossary-table}`` and ``{translation-progress}``, set up together.

The directives live in :mod:`glossary_table` and :mod:`translation_progress`; conf.py (and
test projects) name this one extension.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("glossary_table")
    app.setup_extension("translation_progress")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
