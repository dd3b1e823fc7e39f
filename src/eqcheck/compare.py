"""How two evaluated sides are compared, and how an error is written for prose.

Numeric comparisons use the engine's :func:`chainrule.relative_error`, the one
definition of :eq:`eq-relative-error` in the project.  The other comparisons:
symbolic (SymPy simplifies the difference to 0), shapes, truth values, and a
sample against a normal distribution (z-scores of its mean and variance).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from chainrule.gradcheck import relative_error

from .meaning import Normal, is_symbolic

__all__ = ["Outcome", "format_error", "relative_error"]

#: Largest |z| of a sample's mean or variance accepted against its distribution:
#: a correct initialisation exceeds it with probability below 1e-4 per statistic.
Z_BOUND = 4.0

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


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


@dataclass(frozen=True)
class Outcome:
    """The result of comparing the two sides of one statement over all points."""

    mode: str  # "numeric", "symbolic", "shape", "truth", "statistical"
    error: float
    detail: str = ""
    size: int = 0  # numbers compared, or samples drawn


def symbolic_difference(left: Any, right: Any) -> Any | None:
    """``None`` when ``left - right`` is zero for SymPy, else the difference."""
    import sympy

    difference = sympy.sympify(left) - sympy.sympify(right)
    order = difference.getO() if isinstance(difference, sympy.Expr) else None
    if order is not None:
        # equal up to the order term: the series of the rest vanishes to that order
        (variable,) = order.variables
        degree = sympy.degree(order.expr, variable)
        rest = sympy.series(difference.removeO(), variable, 0, degree).removeO()
        rest = sympy.simplify(rest)
        return None if rest == 0 else rest
    difference = sympy.simplify(difference)
    entries = list(difference) if isinstance(difference, sympy.MatrixBase) else [difference]
    for entry in entries:
        if entry == 0 or sympy.simplify(entry.rewrite(sympy.exp)) == 0:
            continue
        if entry.equals(0) is not True:  # equals() also tries numbers
            return difference
    return None


def compare_equal(pairs: list[tuple[Any, Any]]) -> Outcome:
    """Compare left and right values at every point where the statement was evaluated."""
    if any(isinstance(v, Normal) for pair in pairs for v in pair):
        return _compare_statistical(pairs)
    if any(is_symbolic(v) for pair in pairs for v in pair):
        for left, right in pairs:
            difference = symbolic_difference(left, right)
            if difference is not None:
                return Outcome("symbolic", math.inf, f"the difference simplifies to {difference}")
        return Outcome("symbolic", 0.0, "the difference simplifies to 0")
    lefts, rights = [], []
    for left, right in pairs:
        left_shape, right_shape = np.shape(left), np.shape(right)
        if left_shape != right_shape:
            if left_shape == () or right_shape == ():  # b = 0: a number for every entry
                left, right = np.broadcast_arrays(left, right)
            else:
                return Outcome(
                    "shape", math.inf, f"the sides have shapes {left_shape} and {right_shape}"
                )
        lefts.append(np.ravel(np.asarray(left, dtype=float)))
        rights.append(np.ravel(np.asarray(right, dtype=float)))
    error = relative_error(np.concatenate(lefts), np.concatenate(rights))
    size = sum(len(x) for x in lefts)
    return Outcome("numeric", error, f"{size} numbers at {len(pairs)} points", size)


def _compare_statistical(pairs: list[tuple[Any, Any]]) -> Outcome:
    worst, samples = 0.0, 0
    for left, right in pairs:
        normal, sample = (left, right) if isinstance(left, Normal) else (right, left)
        if isinstance(sample, Normal):
            raise ValueError("two distributions cannot be compared with each other")
        x = np.ravel(np.asarray(sample, dtype=float))
        n = x.size
        samples += n
        if normal.variance == 0:
            z = math.inf if np.any(x != normal.mean) else 0.0
        else:
            z_mean = (x.mean() - normal.mean) / math.sqrt(normal.variance / n)
            # the sample variance has standard deviation variance * sqrt(2 / (n - 1))
            z_var = (x.var(ddof=1) - normal.variance) / (normal.variance * math.sqrt(2 / (n - 1)))
            z = max(abs(z_mean), abs(z_var))
        worst = max(worst, float(z))
    detail = f"{samples} samples, largest |z| of a mean or a variance"
    return Outcome("statistical", worst, detail, samples)


def compare_shapes(pairs: list[tuple[tuple, tuple]]) -> Outcome:
    for claimed, actual in pairs:
        if tuple(claimed) != tuple(actual):
            return Outcome("shape", math.inf, f"claimed shape {claimed}, actual shape {actual}")
    return Outcome("shape", 0.0, f"{len(pairs)} shapes")


def compare_truth(values: list[Any], what: str) -> Outcome:
    """Every value is True (a relation that must hold), entry by entry."""
    total = failed = 0
    for value in values:
        array = np.asarray(value)
        if array.dtype == object:
            raise ValueError(f"{what}: the truth value {value!r} is not a boolean")
        total += array.size
        failed += int(np.count_nonzero(~array.astype(bool)))
    error = failed / total if total else math.inf
    return Outcome("truth", error, f"{failed} of {total} points fail: {what}")
