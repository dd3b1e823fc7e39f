"""Keep build by-products of MyST-NB out of the published HTML folder.

myst-nb 1.4 writes executed notebooks, glue data and notebook images to
``<outdir>/../jupyter_execute`` and offers no setting for it.  Our outdir is
``_build/html/<lang>``, so that folder would be ``_build/html/jupyter_execute``
-- inside what we publish.  After myst-nb has built its configuration
(``builder-inited``, default priority 500) we point it at the per-language
doctree folder instead, which is never published.  Images still reach the
site: Sphinx copies every referenced image into ``_images``.

The execution cache path is set (absolute) in conf.py; the check below fails
the build if either folder ends up under the HTML output anyway.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from site_languages import CODES
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


def _move_output_folder(app: Sphinx) -> None:
    config = getattr(app.env, "mystnb_config", None)
    if config is None:  # myst-nb not loaded (e.g. a test project)
        return
    folder = Path(app.doctreedir) / "jupyter_execute"
    app.env.mystnb_config = config.copy(output_folder=str(folder))


def _quiet_without_execution(app: Sphinx, config: Any) -> None:
    """Without execution (``make gettext``), glue values and the notebook's
    language are unknown; the catalogs do not depend on either."""
    if config.nb_execution_mode == "off":
        config.suppress_warnings = [*config.suppress_warnings, "mystnb.glue", "mystnb.lexer"]


def _drop_stale_reports(app: Sphinx) -> None:
    """Remove tracebacks of earlier failed runs from the output folder.

    myst-nb saves the traceback of a failing notebook in ``<outdir>/reports``
    (and names that path in its warning).  A failing build is not published,
    but the folder would survive into the next, passing build.
    """
    reports = Path(app.outdir) / "reports"
    if reports.is_dir():
        shutil.rmtree(reports)


def _published_root(app: Sphinx) -> Path:
    """The folder that gets published: ``_build/html`` for ``_build/html/<lang>``."""
    outdir = Path(app.outdir).resolve()
    return outdir.parent if outdir.name in CODES else outdir


def _check_unpublished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    root = _published_root(app)
    config = getattr(app.env, "mystnb_config", None)
    suspects = [Path(app.doctreedir)]
    if config is not None:
        suspects += [Path(config.output_folder), Path(config.execution_cache_path)]
    for path in suspects:
        path = path.resolve()
        if path == root or root in path.parents:
            logger.warning(
                "build by-product folder %s is inside the published folder %s",
                path,
                root,
                type="chainrule",
                subtype="published",
            )


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _quiet_without_execution)
    app.connect("builder-inited", _move_output_folder, priority=900)
    app.connect("builder-inited", _drop_stale_reports)
    app.connect("build-finished", _check_unpublished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
