"""The package's names: every one in ``__all__`` is there, and those whose modules import
NumPy load only when used (so the site build, which reads only the parser, the sources
and the records, starts without them)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import eqcheck
from eqcheck import checking, compare, meaning

ROOT = Path(__file__).resolve().parents[2]


def test_every_exported_name_is_the_object_of_its_module():
    modules = {"checking": checking, "compare": compare, "meaning": meaning}
    for name in eqcheck.__all__:
        value = getattr(eqcheck, name)
        if name in eqcheck.LAZY:
            assert value is getattr(modules[eqcheck.LAZY[name]], name), name
    assert callable(eqcheck.check) and eqcheck.check is checking.check


def test_an_unknown_name_is_an_attribute_error_naming_it():
    try:
        eqcheck.chek  # noqa: B018
    except AttributeError as error:
        assert "'chek'" in str(error)
    else:
        raise AssertionError("eqcheck.chek did not raise AttributeError")


def test_the_site_extensions_import_without_numpy():
    code = (
        "import sys; import verified_equations, verified_tables; "
        "print(sorted(m for m in ('numpy', 'chainrule', 'eqcheck.checking') if m in sys.modules))"
    )
    paths = [str(ROOT / "docs" / "_ext"), str(ROOT / "src")]
    env_path = ":".join(paths)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert result.stdout.strip() == "[]", result.stdout + result.stderr
