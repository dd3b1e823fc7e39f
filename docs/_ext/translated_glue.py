"""Glued values (``{glue:text}`` and ``{glue}``) inside translated paragraphs.

myst-nb resolves ``{glue:text}`key``` from the notebook client, which exists only while the
page itself is parsed. Sphinx parses each msgstr later, in a fresh document, so a translated
paragraph with ``{glue:text}`err-eq-...``` would warn "No key ... found". These roles fall
back to the glue data myst-nb saved for the page (``<nb output folder>/<docname>.glue.json``,
written right after parsing, before the ``Locale`` transform runs) and paste its
``text/plain``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docutils import nodes
from myst_nb.core.variables import format_plain_text
from myst_nb.ext.glue.roles import PasteRoleAny, PasteTextRole
from sphinx.application import Sphinx


def _saved_glue_data(env: Any, docname: str) -> dict[str, Any]:
    """Glue data myst-nb wrote for ``docname`` while parsing it (or {})."""
    config = getattr(env, "mystnb_config", None)
    if config is None:
        return {}
    path = Path(config.output_folder) / f"{docname}.glue.json"
    try:
        return json.loads(path.read_text(encoding="utf8"))
    except (OSError, ValueError):
        return {}


def _glue_fallback(role: Any, key: str, fmt_spec: str) -> list[nodes.Node] | None:
    """Paste ``key``'s text/plain from the saved glue data, in a translation."""
    if "nb_renderer" in role.document or "::" in key:
        return None  # the page itself, or another page: myst-nb handles it
    env = getattr(role.document.settings, "env", None)
    if env is None:
        return None
    output = _saved_glue_data(env, env.docname).get(key)
    if not output or "text/plain" not in output.get("data", {}):
        return None  # myst-nb's own warning follows
    text = format_plain_text(output["data"]["text/plain"], fmt_spec)
    node = nodes.inline(text, text, classes=["pasted-text"])
    role.set_source_info(node)
    return [node]


class TranslatedGlueTextRole(PasteTextRole):
    """``{glue:text}`` that also works inside translated paragraphs."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        key, _sep, fmt_spec = self.text.rpartition(":")
        if not key:
            key, fmt_spec = fmt_spec, "s"
        pasted = _glue_fallback(self, key, fmt_spec)
        return (pasted, []) if pasted is not None else super().run()


class TranslatedGlueAnyRole(PasteRoleAny):
    """``{glue}`` / ``{glue:any}``: in translations, text/plain only."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        pasted = _glue_fallback(self, self.text, "")
        return (pasted, []) if pasted is not None else super().run()


def setup(app: Sphinx) -> dict:
    # override myst-nb's glue roles (myst_nb is set up before us)
    app.add_role("glue", TranslatedGlueAnyRole(), override=True)
    app.add_role_to_domain("glue", "", TranslatedGlueAnyRole(), override=True)
    app.add_role_to_domain("glue", "any", TranslatedGlueAnyRole(), override=True)
    app.add_role_to_domain("glue", "text", TranslatedGlueTextRole(), override=True)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
