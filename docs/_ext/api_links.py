"""Resolve references to names the ``chainrule`` package re-exports.

Engine docstrings say :func:`chainrule.model_forward`, the name readers
import, while autodoc documents the function where it is defined,
``chainrule.forward.model_forward``.  On ``missing-reference`` we follow the
re-export (``chainrule.model_forward.__module__``) and resolve against the
documented name.
"""

from __future__ import annotations

import importlib
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

PACKAGE = "chainrule"


def _defined_name(target: str) -> str | None:
    """``chainrule.model_forward`` -> ``chainrule.forward.model_forward``."""
    package, _dot, name = target.partition(".")
    if package != PACKAGE or not name or "." in name:
        return None
    try:
        obj = getattr(importlib.import_module(PACKAGE), name)
    except (ImportError, AttributeError):
        return None
    module = getattr(obj, "__module__", None)
    qualname = getattr(obj, "__qualname__", None)
    if not module or not qualname:
        return None
    real = f"{module}.{qualname}"
    return real if real != target else None


def _resolve_reexport(
    app: Sphinx, env: BuildEnvironment, node: Any, contnode: nodes.Element
) -> nodes.Element | None:
    if node.get("refdomain") != "py":
        return None
    real = _defined_name(node.get("reftarget", ""))
    if real is None:
        return None
    domain = env.domains.python_domain
    return domain.resolve_xref(
        env, node["refdoc"], app.builder, node["reftype"], real, node, contnode
    )


def setup(app: Sphinx) -> dict:
    app.connect("missing-reference", _resolve_reexport)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
