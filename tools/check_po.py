#!/usr/bin/env python3
"""Check the translation catalogs (``locale/<lang>/LC_MESSAGES/*.po``) of the site.

Usage::

    python tools/check_po.py locale                # every catalog of every language
    python tools/check_po.py --partial locale/ko   # work in progress: untranslated = warning
    python tools/check_po.py path/to/page.po ...   # single files

One line per problem, ``file:line: severity: [rule] what is wrong``, where ``line`` is the
line of the entry's ``msgstr`` in the ``.po`` file.  The exit status is 1 if any *error* was
found, 2 for a usage problem (missing path, unreadable glossary, no ``msgfmt``), else 0.

The rules are listed in :mod:`pocheck` (``src/pocheck``), which does the work; this script
gives it the project's glossary and the MyST extensions of conf.py.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from pocheck import check_file, check_pair, check_paths, load_glossary, use_extensions
from pocheck.cli import main as _main

REPO = Path(__file__).resolve().parent.parent
DEFAULT_GLOSSARY = REPO / "locale" / "glossary.tsv"
CONF = REPO / "conf.py"


def site_myst_extensions(conf: Path = CONF) -> set[str]:
    """``myst_enable_extensions`` of conf.py, read without running conf.py."""
    for node in ast.parse(conf.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "myst_enable_extensions" for t in node.targets
        ):
            return set(ast.literal_eval(node.value))
    raise ValueError(f"{conf}: no myst_enable_extensions")


use_extensions(site_myst_extensions())


def main(argv: list[str] | None = None) -> int:
    return _main(argv, default_glossary=DEFAULT_GLOSSARY)


__all__ = ["DEFAULT_GLOSSARY", "check_file", "check_pair", "check_paths", "load_glossary", "main"]

if __name__ == "__main__":
    sys.exit(main())
