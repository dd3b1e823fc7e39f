"""Checks that tie an equation on a page to code executed when the site is built.

Page code cells use it like this::

    from notes_check import check, check_close

    err = check("eq-vec-dW2", dW2, dW2_numerical, tol=1e-7)

and the prose quotes the measured error with {glue:text}`err-eq-vec-dW2`.

Every call

* compares ``computed`` with ``reference`` (see :func:`relative_error`),
* glues the error, formatted like ``3.1 × 10⁻¹⁰``, under ``err-<label>``
  (``myst_nb.glue(..., display=False)``; first call per label and page),
* displays a small record (a MyST block naming this check) that the Sphinx
  extension ``verified_equations`` collects from the executed notebook, also
  from the execution cache, for the "verified in this build" table, and
* raises ``AssertionError`` if the error exceeds ``tol``.

Rules the site build enforces (``verified_equations``): every display
equation with a label starting ``eq-`` is checked somewhere, and every checked
label names an equation.  A check that is *meant* to fail (an erratum shown
failing) goes in a cell tagged ``raises-exception``.

The module runs both in the Jupyter kernels of the build and in plain Python
(tests): without IPython nothing is displayed, the check still runs.
"""

from __future__ import annotations

import ast
import inspect
import json
import linecache
import math
import sys
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

__all__ = ["RECORDS", "check", "check_close", "format_error", "relative_error"]

#: Name of the MyST directive carrying one record (see verified_equations.py).
RECORD_DIRECTIVE = "chainrule-check-record"

#: Denominator floor of the relative error (both sides exactly zero -> 0).
TINY = np.finfo(float).tiny

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass
class CheckRecord:
    """One executed check, as shown in the "verified in this build" table."""

    label: str
    err: float
    tol: float
    kind: str  # "numeric", "exact" or "symbolic"
    ok: bool
    call: str = ""  # source text of the check(...) call, if found


#: Every check made in this process (kernel), in execution order.
RECORDS: list[CheckRecord] = []
_GLUED: set[str] = set()


def format_error(err: float) -> str:
    """Format an error for prose: ``3.1 × 10⁻¹⁰``, ``0`` for exactly zero."""
    err = float(err)
    if err == 0:
        return "0"
    if math.isnan(err):
        return "NaN"
    if math.isinf(err):
        return "∞"
    mantissa, exponent = f"{err:.1e}".split("e")
    exponent = int(exponent)
    if exponent == 0:
        return mantissa
    return f"{mantissa} × 10{str(exponent).translate(_SUPERSCRIPT)}"


def _shape(value: Any) -> tuple[int, ...]:
    shape = getattr(value, "shape", None)  # NumPy arrays and SymPy matrices
    if shape is not None:
        return tuple(shape)
    return np.shape(value)


def _check_shapes(label: str, computed: Any, reference: Any) -> None:
    c_shape, r_shape = _shape(computed), _shape(reference)
    if c_shape != r_shape:
        raise ValueError(
            f"{label}: shapes differ: computed has shape {c_shape}, reference has shape {r_shape}"
        )


def _check_tol(label: str, tol: Any) -> float:
    try:
        tol = float(tol)
    except (TypeError, ValueError):
        raise ValueError(f"{label}: tol must be a number, got {tol!r}") from None
    if not tol >= 0 or math.isinf(tol):
        raise ValueError(f"{label}: tol must be finite and >= 0, got {tol!r}")
    return tol


def relative_error(computed: Any, reference: Any) -> float:
    """``||c - r|| / max(||c|| + ||r||, tiny)`` with Frobenius norms.

    0 when both are exactly zero, NaN when either holds NaN or inf.
    """
    c = np.asarray(computed, dtype=float).ravel()
    r = np.asarray(reference, dtype=float).ravel()
    if not (np.all(np.isfinite(c)) and np.all(np.isfinite(r))):
        return float("nan")
    numerator = np.linalg.norm(c - r)
    denominator = max(np.linalg.norm(c) + np.linalg.norm(r), TINY)
    return float(numerator / denominator)


def _is_sympy(value: Any) -> bool:
    sympy = sys.modules.get("sympy")
    return sympy is not None and isinstance(value, sympy.Basic | sympy.MatrixBase)


def _symbolic_difference_is_zero(computed: Any, reference: Any) -> tuple[bool, Any]:
    """Whether ``computed - reference`` simplifies to zero, and the difference."""
    import sympy

    difference = sympy.simplify(sympy.sympify(computed) - sympy.sympify(reference))
    entries = list(difference) if isinstance(difference, sympy.MatrixBase) else [difference]
    for entry in entries:
        if entry == 0:
            continue
        # simplify() may miss an identity; equals() also tests numerically.
        if entry.equals(0) is not True:
            return False, difference
    return True, difference


def _call_source(depth: int) -> str:
    """Source text of the check(...) call ``depth`` frames up, or ``""``."""
    frame = inspect.currentframe()
    try:
        for _ in range(depth + 1):
            if frame is None:
                return ""
            frame = frame.f_back
        if frame is None:
            return ""
        source = "".join(linecache.getlines(frame.f_code.co_filename))
        lineno = frame.f_lineno
    finally:
        del frame
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython magics in the cell, for instance
        return ""
    best = None
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name not in {"check", "check_close"}:
            continue
        inside = node.lineno <= lineno <= (node.end_lineno or node.lineno)
        if inside and (best is None or node.lineno >= best.lineno):
            best = node  # the innermost call on that line wins
    if best is None:
        return ""
    text = ast.get_source_segment(source, best) or ""
    return " ".join(text.split())  # one line for the table


def _publish(record: CheckRecord) -> None:
    """Glue the formatted error and display the record for the Sphinx build."""
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python without IPython
        return
    if get_ipython() is None:  # plain Python: nothing to display into
        return
    from IPython.display import display
    from myst_nb import glue

    key = f"err-{record.label}"
    if key not in _GLUED:  # myst-nb warns about a key glued twice on a page
        _GLUED.add(key)
        glue(key, format_error(record.err), display=False)
    payload = json.dumps(asdict(record), ensure_ascii=False)
    mark = "passed" if record.ok else "FAILED"
    display(
        {
            "text/markdown": f"```{{{RECORD_DIRECTIVE}}}\n{payload}\n```\n",
            "text/plain": (
                f"check {record.label}: {mark}, relative error "
                f"{record.err:.2e} (tol {record.tol:.0e})"
            ),
        },
        raw=True,
    )


def _finish(label: str, err: float, tol: float, kind: str, extra: str = "") -> float:
    ok = bool(err <= tol)  # False for NaN
    record = CheckRecord(label, float(err), tol, kind, ok, _call_source(depth=2))
    RECORDS.append(record)
    _publish(record)
    if not ok:
        raise AssertionError(f"{label}: relative error {err:.2e} exceeds {tol:.0e}{extra}")
    return float(err)


def _check_label(label: Any) -> str:
    if not isinstance(label, str) or not label:
        raise ValueError(f"check label must be a non-empty string, got {label!r}")
    return label


def check(label: str, computed: Any, reference: Any, *, tol: float) -> float:
    """Check ``computed`` against ``reference`` for the equation ``label``.

    Parameters
    ----------
    label : str
        The equation's label, e.g. ``"eq-vec-dW2"`` for ``$$ ... $$ (eq-vec-dW2)``.
    computed, reference : array_like
        Same shape.  Typically the formula's value and an independent
        reference (central differences, a loop over examples, ...).
    tol : float
        Largest accepted relative error.

    Returns
    -------
    float
        The relative error ``||c - r|| / max(||c|| + ||r||, tiny)``.

    Raises
    ------
    ValueError
        If the shapes differ (the message names the label and both shapes).
    AssertionError
        ``"<label>: relative error <err> exceeds <tol>"``.
    """
    label = _check_label(label)
    tol = _check_tol(label, tol)
    _check_shapes(label, computed, reference)
    return _finish(label, relative_error(computed, reference), tol, "numeric")


def check_close(label: str, computed: Any, reference: Any, *, tol: float = 0.0) -> float:
    """Like :func:`check`, for exact and symbolic comparisons.

    SymPy expressions or matrices pass with error 0 when
    ``simplify(computed - reference)`` is zero, and fail otherwise (error
    ``inf``; the message shows the difference).  Anything else is compared
    numerically like :func:`check`, by default exactly (``tol=0``).
    """
    label = _check_label(label)
    tol = _check_tol(label, tol)
    _check_shapes(label, computed, reference)
    if _is_sympy(computed) or _is_sympy(reference):
        zero, difference = _symbolic_difference_is_zero(computed, reference)
        if zero:
            return _finish(label, 0.0, tol, "symbolic")
        return _finish(
            label,
            float("inf"),
            tol,
            "symbolic",
            extra=f"; the difference simplifies to {difference}, not 0",
        )
    return _finish(label, relative_error(computed, reference), tol, "exact")
