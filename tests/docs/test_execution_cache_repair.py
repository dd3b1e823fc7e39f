"""A cut-short notebook in the execution cache is dropped, and its page executes again.

Each test builds a tiny two-page site with the real conf.py (filling its own
execution cache), truncates the cached notebook of one page as a full disk would,
and builds again.  A control build without the ``execution_cache_repair`` extension
shows the crash the extension prevents.
"""

from __future__ import annotations

import re
import shutil

import execution_cache_repair
import pytest
from conf_extensions import extensions_without
from jupyter_cache import get_cache
from site_project import ensure_mathjax

PAGES = {
    "index": """
        # Cache

        ```{toctree}
        first
        second
        ```
        """,
    "first": """
        # First

        ```{code-cell} ipython3
        print("first page:", sum(range(10)))
        ```
        """,
    "second": """
        # Second

        ```{code-cell} ipython3
        print("second page:", 2**10)
        ```
        """,
}
NOTEBOOKS = {"first", "second"}


def cached_notebook(project, page: str):
    """The notebook file of *page*'s entry in the project's execution cache."""
    cache = get_cache(project.root / "_build" / ".jupyter_cache")
    source = str(project.docs / f"{page}.md")
    (record,) = [r for r in cache.list_cache_records() if r.uri == source]
    path = cache.path / "executed" / record.hashkey / "base.ipynb"
    assert path.is_file(), path
    return path


def truncate(path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def executed_pages(log: str) -> set[str]:
    """Pages whose notebook ran in this build (not taken from the cache)."""
    return {name for name in NOTEBOOKS if re.search(rf"{name}\.md: Executing notebook", log)}


@pytest.fixture(scope="module")
def filled_project(new_project):
    """A built site with a full execution cache, and a copy of its ``_build`` folder."""
    ensure_mathjax()
    project = new_project("cache")
    for name, text in PAGES.items():
        project.write(f"{name}.md", text, notebook=name in NOTEBOOKS)
    first = project.build("en", "html")
    assert first.returncode == 0, first.log
    assert executed_pages(first.log) == NOTEBOOKS, first.log
    shutil.copytree(project.root / "_build", project.root / "_build.filled")
    return project


@pytest.fixture
def built_project(filled_project):
    """The site of ``filled_project`` as it was right after its first build."""
    build = filled_project.root / "_build"
    shutil.rmtree(build)
    shutil.copytree(filled_project.root / "_build.filled", build)
    return filled_project


def assert_healed(build, project) -> None:
    assert build.returncode == 0, build.log
    assert "NotJSONError" in build.log  # named in the one line about the dropped entry
    lines = [line for line in build.log.splitlines() if "cached outputs could not be read" in line]
    assert len(lines) == 1, build.log
    assert "first.md" in lines[0] and "executes again" in lines[0]
    assert executed_pages(build.log) == {"first"}, build.log
    html = (build.outdir / "first.html").read_text(encoding="utf8")
    assert "first page: 45" in html
    # the cache is whole again: a third build executes nothing
    again = project.build("en", "html", "-E")
    assert again.returncode == 0, again.log
    assert executed_pages(again.log) == set(), again.log
    assert "could not be read" not in again.log


def test_a_fresh_build_heals_a_truncated_entry(built_project):
    truncate(cached_notebook(built_project, "first"))
    assert_healed(built_project.build("en", "html", "-E"), built_project)


def test_an_incremental_build_reexecutes_the_page_it_dropped(built_project):
    # no source changed, so without the repair nothing would re-read first.md
    truncate(cached_notebook(built_project, "first"))
    assert_healed(built_project.build("en", "html"), built_project)


def test_a_missing_notebook_file_is_dropped_too(built_project):
    cached_notebook(built_project, "first").unlink()
    build = built_project.build("en", "html", "-E")
    assert build.returncode == 0, build.log
    assert executed_pages(build.log) == {"first"}, build.log


def test_without_the_repair_the_build_crashes(built_project):
    truncate(cached_notebook(built_project, "first"))
    without_repair = extensions_without("execution_cache_repair")
    build = built_project.build("en", "html", "-E", "-D", without_repair)
    assert build.returncode != 0
    assert "NotJSONError" in build.log


def test_a_notebook_read_before_is_not_parsed_again_until_its_file_changes(
    built_project, monkeypatch
):
    cache_folder = built_project.root / "_build" / ".jupyter_cache"
    parsed = []
    why_unreadable = execution_cache_repair._why_unreadable
    monkeypatch.setattr(
        execution_cache_repair,
        "_why_unreadable",
        lambda notebook: parsed.append(notebook.parent.name) or why_unreadable(notebook),
    )
    readable: dict[str, list[int]] = {}
    assert execution_cache_repair.drop_unreadable_entries(cache_folder, readable) == []
    assert len(parsed) == len(readable) == len(NOTEBOOKS)

    parsed.clear()
    assert execution_cache_repair.drop_unreadable_entries(cache_folder, readable) == []
    assert parsed == []  # both remembered

    first = cached_notebook(built_project, "first")
    truncate(first)
    dropped = execution_cache_repair.drop_unreadable_entries(cache_folder, readable)
    assert [uri for uri, _ in dropped] == [str(built_project.docs / "first.md")]
    assert parsed == [first.parent.name] and str(first) not in readable


def test_an_unreadable_database_drops_the_cache_and_every_page_executes_again(built_project):
    database = built_project.root / "_build" / ".jupyter_cache" / "global.db"
    database.write_bytes(b"not a database, " * 512)  # overwritten, as by a stray copy
    build = built_project.build("en", "html")  # incremental: no source changed
    assert build.returncode == 0, build.log
    lines = [line for line in build.log.splitlines() if "database could not be read" in line]
    assert len(lines) == 1 and "every page executes again" in lines[0], build.log
    assert executed_pages(build.log) == NOTEBOOKS, build.log
    assert "first page: 45" in (build.outdir / "first.html").read_text(encoding="utf8")
    again = built_project.build("en", "html", "-E")  # the cache was built anew
    assert again.returncode == 0, again.log
    assert executed_pages(again.log) == set(), again.log
    assert "could not be read" not in again.log
