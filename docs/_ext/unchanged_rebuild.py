"""What a rebuild in which no page changed need not do again.

Rebuilding a language whose pages did not change takes Sphinx two seconds or so, and
two things in them give exactly the result of the last build:

* **Compiling the theme's templates.** Jinja parses and compiles the theme's templates
  again in every process (0.25 s a language).  They are kept compiled in
  ``<doctrees>/templates`` by Jinja's own ``FileSystemBytecodeCache``, which compiles a
  template again whenever its source changed (its key holds the source's checksum).
* **Numbering figures and equations** (``numfig``).  After reading, Sphinx numbers them
  again, and to do so it unpickles the doctree of every page (0.5 s a language).  The
  numbers depend only on the doctrees, which change only when a page is read or
  removed; when this build read no page and removed none, the numbers Sphinx stored
  with its environment last time are the numbers it would compute, so the numbering is
  skipped.  Section numbers (cheap: they come from the stored tables of contents) are
  still assigned as usual.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors.toctree import TocTreeCollector

#: In the build's doctree folder: the compiled templates.
TEMPLATE_CACHE = "templates"


def cache_compiled_templates(app: Sphinx) -> None:
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None:  # a builder without Jinja templates (e.g. gettext)
        return
    folder = Path(app.doctreedir) / TEMPLATE_CACHE
    folder.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def toctree_collector(app: Sphinx) -> tuple[int, TocTreeCollector]:
    """Sphinx's own collector of tables of contents and numbers, and the id of its
    ``env-get-updated`` listener."""
    for listener in app.events.listeners["env-get-updated"]:
        collector = getattr(listener.handler, "__self__", None)
        if isinstance(collector, TocTreeCollector):
            return listener.id, collector
    msg = "Sphinx's TocTreeCollector is not listening to env-get-updated: Sphinx changed?"
    raise RuntimeError(msg)


class Numbering:
    """Sphinx's numbering after reading, skipping the figure numbers when no page was
    read or removed."""

    def __init__(self, collector: TocTreeCollector) -> None:
        self.collector = collector
        self.to_read: list[str] = []  # Sphinx's own list, which other listeners may extend
        self.removed = False

    def note_reading(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        self.to_read = docnames

    def note_removal(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        self.removed = True

    def assign(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        rewrite = self.collector.assign_section_numbers(env)
        if self.to_read or self.removed or not env.toc_fignumbers:
            rewrite += self.collector.assign_figure_numbers(env)
        return rewrite


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", cache_compiled_templates)
    listener_id, collector = toctree_collector(app)
    numbering = Numbering(collector)
    app.disconnect(listener_id)
    app.connect("env-get-updated", numbering.assign)
    app.connect("env-before-read-docs", numbering.note_reading)
    app.connect("env-purge-doc", numbering.note_removal)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
