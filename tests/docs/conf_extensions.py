"""The ``extensions`` list of the real conf.py, read without executing conf.py."""

from __future__ import annotations

import ast

from site_project import ROOT


def conf_extensions() -> list[str]:
    tree = ast.parse((ROOT / "conf.py").read_text(encoding="utf8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "extensions" for target in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{ROOT / 'conf.py'} assigns no `extensions` list")


def extensions_without(name: str) -> str:
    """A ``-D extensions=...`` value: conf.py's extensions minus *name*."""
    names = conf_extensions()
    if name not in names:
        raise AssertionError(f"{name} is not in the extensions of {ROOT / 'conf.py'}: {names}")
    return "extensions=" + ",".join(n for n in names if n != name)
