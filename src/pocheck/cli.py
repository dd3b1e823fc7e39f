"""The command line of the catalog checker (``tools/check_po.py``, ``make check-po``)."""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from .catalogs import check_paths, find_catalogs
from .glossary import load_glossary


def main(argv: Sequence[str] | None = None, *, default_glossary: Path) -> int:
    parser = argparse.ArgumentParser(
        description="Check the site's translation catalogs (.po files).",
        epilog="Exit status: 0 no error, 1 errors found, 2 usage problem.",
    )
    parser.add_argument(
        "paths", nargs="+", help="locale folder(s), language folder(s) or .po files"
    )
    parser.add_argument(
        "--partial",
        action="store_true",
        help="work in progress: untranslated and fuzzy entries are warnings, not errors",
    )
    parser.add_argument(
        "--glossary",
        type=Path,
        default=default_glossary,
        help="project glossary TSV (default: %(default)s)",
    )
    parser.add_argument("--no-glossary", action="store_true", help="skip the glossary rule")
    parser.add_argument("--lang", help="language of the catalogs (default: header, then path)")
    parser.add_argument("--msgfmt", default="msgfmt", help="msgfmt executable (default: msgfmt)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    args = parser.parse_args(argv)

    msgfmt = shutil.which(args.msgfmt)
    if msgfmt is None:
        print(f"check_po: '{args.msgfmt}' not found: install GNU gettext", file=sys.stderr)
        return 2
    glossary = None
    if not args.no_glossary:
        try:
            glossary = load_glossary(args.glossary)
        except (OSError, ValueError) as exc:
            print(f"check_po: cannot use the glossary: {exc}", file=sys.stderr)
            return 2
    for target in args.paths:
        if not Path(target).exists():
            print(f"check_po: {target}: no such file or folder", file=sys.stderr)
            return 2
    catalogs = [c for t in args.paths for c in find_catalogs(Path(t))]
    problems = check_paths(
        args.paths, partial=args.partial, glossary=glossary, lang=args.lang, msgfmt=msgfmt
    )
    if not catalogs:
        print("check_po: no catalogs (<lang>/LC_MESSAGES/*.po) found", file=sys.stderr)
    errors = sum(p.is_error for p in problems)
    for problem in problems:
        if problem.is_error or not args.quiet:
            print(problem)
    print(
        f"check_po: {len(catalogs)} catalog(s), {errors} error(s), "
        f"{len(problems) - errors} warning(s)",
        file=sys.stderr,
    )
    return 1 if errors else 0
