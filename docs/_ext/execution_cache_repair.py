"""Cached notebook outputs that can no longer be read are dropped before pages are read.

An entry of the execution cache is a row in jupyter-cache's database plus the executed
notebook, ``executed/<hash>/base.ipynb``.  When that file is cut short (a disk that
filled up, a copy that was killed), MyST-NB still finds the row, fails to parse the
file, and every later build stops with "Sphinx parallel build error! NotJSONError".

Here each cached notebook is parsed once, as jupyter-cache parses it (nbformat),
before any page is read.  An entry that cannot be read is removed through
jupyter-cache's API, one line names the page that will execute again, and that page
is re-read even when its source is unchanged (an incremental build too), so the cache
is refilled in this same build.

A database that cannot be read (overwritten, cut short) makes the whole cache useless:
the cache is removed, one line says so, and every page is re-read, so the cache is
built anew in this same build.

A notebook that was read without error is remembered with its size and modification
time (in the doctree folder), and not parsed again while both stay the same: a file
cut short has a new size, and one written again a new time.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import nbformat.reader
from jupyter_cache import get_cache
from jupyter_cache.cache.db import NbCacheRecord
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sqlalchemy.exc import DatabaseError

logger = logging.getLogger(__name__)

# What reading a damaged notebook raises: NotJSONError, UnicodeDecodeError and
# NBFormatError are ValueErrors; JSON that is no notebook at all fails on lookups.
UNREADABLE = (ValueError, KeyError, TypeError, AttributeError, OSError)


def _why_unreadable(notebook: Path) -> str | None:
    """Why the cached *notebook* cannot be read, or None if it can.

    ``nbformat.reader.reads`` is the part of jupyter-cache's reading
    (``get_cache_bundle``) that raises: the rest only logs a schema problem, and
    ``get_cache_bundle`` itself would also record an access in the database for
    every entry on every build.
    """
    if not notebook.is_file():
        return "the notebook file is missing"
    try:
        nbformat.reader.reads(notebook.read_text(encoding="utf8"))
    except UNREADABLE as error:
        # "NotJSONError: Notebook does not appear to be JSON", without the quoted text
        return f"{type(error).__name__}: {str(error).split(': ')[0]}"
    return None


def drop_unreadable_database(cache_folder: Path) -> str | None:
    """Remove the whole cache in *cache_folder* if its database cannot be read; say why.

    None, and nothing removed, when the database reads (or there is no cache).
    """
    if not (cache_folder / "global.db").is_file():
        return None
    cache = get_cache(cache_folder)
    try:
        cache.list_cache_records()
        return None
    except DatabaseError as error:  # sqlite3's "file is not a database", and its kin
        reason = f"{type(error.orig).__name__}: {error.orig}"
    finally:
        cache.db.dispose()
    shutil.rmtree(cache_folder)
    return reason


def _file_stamp(path: Path) -> list[int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return [status.st_size, status.st_mtime_ns]


def drop_unreadable_entries(
    cache_folder: Path, readable: dict[str, list[int]] | None = None
) -> list[tuple[str, str]]:
    """Remove the entries of the cache in *cache_folder* whose notebook cannot be read.

    Returns ``(source path the entry was executed from, reason)`` per removed entry.
    A folder without a cache is left alone (no cache is created). *readable* maps the
    notebooks read without error to their :func:`_file_stamp`: those with the same stamp
    are not parsed again, and the map is brought up to date.
    """
    if not (cache_folder / "global.db").is_file():
        return []
    readable = {} if readable is None else readable
    cache = get_cache(cache_folder)
    dropped = []
    try:
        for record in cache.list_cache_records():
            notebook = cache._get_notebook_path_cache(record.hashkey)
            stamp = _file_stamp(notebook)
            if stamp is not None and readable.get(str(notebook)) == stamp:
                continue
            reason = _why_unreadable(notebook)
            if reason is None:
                readable[str(notebook)] = stamp
                continue
            readable.pop(str(notebook), None)
            if notebook.is_file():
                cache.remove_cache(record.pk)
            else:
                # remove_cache refuses an entry without its notebook: drop the row and
                # what is left of the entry's folder (executing the page creates it anew)
                NbCacheRecord.remove_records([record.pk], cache.db)
                shutil.rmtree(notebook.parent, ignore_errors=True)
            dropped.append((record.uri, reason))
    finally:
        # Sphinx forks its parallel readers after this: no open database handle may follow
        cache.db.dispose()
    return dropped


#: In the build's doctree folder: the cached notebooks read without error, and their stamps.
READABLE_FILE = "cached-notebooks-readable.json"


def _check_cache(app: Sphinx, reexecute: set[str]) -> None:
    config = getattr(app.env, "mystnb_config", None)
    if config is None or config.execution_mode != "cache":
        return
    cache_folder = Path(config.execution_cache_path)
    reason = drop_unreadable_database(cache_folder)
    if reason is not None:
        reexecute.update(app.env.all_docs)  # the pages read before; new ones are read anyway
        logger.info(
            "%s: the execution cache's database could not be read (%s); dropped the cache, "
            "every page executes again",
            _shown(str(cache_folder)),
            reason,
        )
        return
    remembered = Path(app.doctreedir) / READABLE_FILE
    try:
        readable = json.loads(remembered.read_text(encoding="utf8"))
    except (OSError, ValueError):
        readable = {}
    dropped = drop_unreadable_entries(cache_folder, readable)
    remembered.parent.mkdir(parents=True, exist_ok=True)
    remembered.write_text(json.dumps(readable, sort_keys=True), encoding="utf8")
    for uri, reason in dropped:
        docname = app.env.path2doc(uri)
        if docname:
            reexecute.add(docname)
        logger.info(
            "%s: its cached outputs could not be read (%s); dropped them, the page executes again",
            _shown(uri),
            reason,
        )


def _shown(path: str) -> str:
    """*path* relative to the working directory when it lies below it."""
    return os.path.relpath(path) if Path(path).is_relative_to(Path.cwd()) else path


def setup(app: Sphinx) -> dict[str, Any]:
    reexecute: set[str] = set()

    def check_cache(app: Sphinx) -> None:
        _check_cache(app, reexecute)

    def reread(app: Sphinx, env: BuildEnvironment, *changes: set[str]) -> list[str]:
        return sorted(name for name in reexecute if name in env.found_docs)

    # after myst-nb has resolved the cache folder (builder-inited, priority 500)
    app.connect("builder-inited", check_cache, priority=800)
    app.connect("env-get-outdated", reread)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
