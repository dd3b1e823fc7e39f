"""A Pagefind bundle written by the ``pagefind`` command line, and checked to be whole.

Pagefind's Python API (``pagefind.index.PagefindIndex``) sends the pages to a
``pagefind --service`` process and, on leaving its context, asks it to write the files,
then stops the process with SIGTERM as soon as the service has answered.  The service
answers before its asynchronous file writes have reached the disk, so the largest file
(``pagefind.js``) was at times cut at 32 KiB, and the search page could not load.

Here the pages are written to a folder and the ``pagefind`` binary of the
``pagefind_bin_extended`` package (the one that segments Chinese) indexes it as a
command: it exits only when every file is written, and it is waited for.  Then
:func:`check_bundle` reads the bundle back and raises :class:`BundleError` on anything
missing, empty or cut short.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

ENTRY_FILE = "pagefind-entry.json"
LIBRARY_FILE = "pagefind.js"
# the last statement of Pagefind's library: its exports, ``search`` among them
LIBRARY_END = "export{"


class BundleError(RuntimeError):
    """The Pagefind command failed, or the bundle it left is incomplete."""


def pagefind_executable() -> Path:
    """The ``pagefind`` binary that ``pip install 'pagefind[extended]'`` provides."""
    from pagefind.service import get_executable

    binary = get_executable()
    if binary is None or not Path(binary).is_file():
        raise BundleError(
            "no Pagefind binary: expected the 'pagefind_bin_extended' package "
            f"(pip install 'pagefind[extended]'), found {binary}"
        )
    return Path(binary)


def write_bundle(pages: dict[str, str], output: Path, exclude_selectors: list[str]) -> None:
    """Index ``pages`` (URL path -> HTML) into ``output`` with the Pagefind command line.

    ``output`` is emptied first, so no file of an earlier build stays in the bundle.
    """
    for url in pages:
        if not url.startswith("/") or ".." in url.split("/"):
            raise BundleError(f"page URL must be an absolute path inside the site, got {url!r}")
    if output.exists():
        shutil.rmtree(output)
    with tempfile.TemporaryDirectory(prefix="chainrule-pagefind-") as work:
        site = Path(work) / "site"
        for url, content in pages.items():
            path = site / url.lstrip("/")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
        config = {"exclude_selectors": exclude_selectors, "keep_index_url": True}
        (Path(work) / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
        command = [str(pagefind_executable()), "--site", str(site)]
        command += ["--output-path", str(output), "--quiet"]
        done = subprocess.run(command, cwd=work, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BundleError(
            f"{' '.join(command)} exited with status {done.returncode}:\n{done.stdout}{done.stderr}"
        )
    check_bundle(output, len(pages))


def check_bundle(output: Path, page_count: int) -> None:
    """Raise :class:`BundleError` unless ``output`` holds a whole bundle of ``page_count`` pages.

    Whole means: every file is non-empty, ``pagefind-entry.json`` parses and counts the
    pages, each language's metadata file exists, and ``pagefind.js`` ends with its exports.
    """
    if not output.is_dir():
        raise BundleError(f"Pagefind wrote no bundle: {output} is not a folder")
    empty = sorted(str(p.relative_to(output)) for p in output.rglob("*") if _is_empty(p))
    if empty:
        raise BundleError(f"Pagefind bundle {output} has empty files: {', '.join(empty)}")
    entry_path = output / ENTRY_FILE
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        languages = entry["languages"]
        counted = sum(language["page_count"] for language in languages.values())
        hashes = [language["hash"] for language in languages.values()]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        msg = f"{entry_path}: expected Pagefind's entry JSON, cannot read it: {exc}"
        raise BundleError(msg) from exc
    if counted != page_count:
        raise BundleError(f"{entry_path}: {page_count} pages given, {counted} indexed")
    for language_hash in hashes:
        meta = output / f"pagefind.{language_hash}.pf_meta"
        if not meta.is_file():
            raise BundleError(f"{entry_path} lists {meta.name}, which is missing")
    library = output / LIBRARY_FILE
    try:
        text = library.read_text(encoding="utf-8").rstrip()
    except (OSError, UnicodeDecodeError) as exc:
        raise BundleError(f"{library}: cannot read Pagefind's library: {exc}") from exc
    last_statement = text[text.rfind(LIBRARY_END) :] if LIBRARY_END in text else ""
    if not (last_statement.endswith("};") and "search" in last_statement):
        raise BundleError(
            f"{library} is cut short ({library.stat().st_size} bytes): expected it to end "
            f"with its exports '{LIBRARY_END}...search...}};', it ends with {text[-60:]!r}"
        )


def _is_empty(path: Path) -> bool:
    return path.is_file() and path.stat().st_size == 0
