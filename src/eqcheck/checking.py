"""What a page's code calls: evaluate a displayed equation and compare it.

::

    from eqcheck import check
    check("eq-backward-dW", where={"dW": dW_numerical, "dZ": dZ, "A": A, "m": m},
          over={"l": layers}, against="central differences", tol=1e-7)

reads the LaTeX of ``eq-backward-dW`` from the page, parses it, evaluates both sides
at every point of ``over`` with the bindings of ``where`` (here ``dW`` is bound to
the reference, so the right side, evaluated from the LaTeX, is compared with central
differences), and records the result.  In the site build the record goes to the
page (see ``record.py``), and the build fails on a failed record; elsewhere a failed
check raises ``AssertionError``.  :func:`erratum` evaluates a slide's wrong equation
and passes only if it fails the comparison it demonstrates; :func:`definition`
marks an equation that is not compared with anything.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from . import compare, source
from .meaning import EvaluationError, Scope, ShapeMismatchError
from .parse import NotationError, parse
from .record import KINDS, CheckRecord, bundle
from .statements import claims

__all__ = ["RECORDS", "check", "definition", "erratum", "raises"]

#: Every record made in this process, in order.
RECORDS: list[CheckRecord] = []
_GLUED: set[str] = set()

#: The outcome modes each kind of reference may produce.
_MODES_OF_KIND = {
    "central differences": {"numeric"},
    "loops": {"numeric"},
    "engine": {"numeric", "truth"},
    "enumeration": {"numeric", "truth"},
    "symbolic": {"symbolic"},
    "statistical": {"statistical", "numeric"},
    "shape": {"shape", "numeric"},
}


class EquationCheckError(AssertionError):
    """A displayed equation does not agree with its reference."""


def check(
    label: str,
    *,
    where: Mapping[str, Any],
    against: str,
    tol: float | None = None,
    over: Mapping[str, Any] | Iterable[Mapping[str, Any]] | None = None,
    after: Mapping[str, Any] | None = None,
) -> float:
    """Evaluate the equation ``label`` from its LaTeX and compare its sides.

    Parameters
    ----------
    label : str
        The equation's label, ``$$ ... $$ (label)`` on the page.
    where : mapping
        Values of the symbols (see ``eqcheck.meaning`` for the keys).
    against : str
        The kind of reference, one of ``eqcheck.record.KINDS``.
    tol : float, optional
        Largest accepted error; required for numeric comparisons (relative
        error), 0 by default for symbolic, shape and truth comparisons, and
        ``compare.Z_BOUND`` for statistical ones.
    over : mapping or iterable of mappings, optional
        Integer variables and the values they take, e.g. ``{"l": range(1, L + 1)}``;
        a value may be a function of the point so far (``lambda point: ...``).
    after : mapping, optional
        Values after an update, for the left side of ``\\leftarrow``.

    Returns
    -------
    float
        The error (relative error, largest |z|, or 0/inf).
    """
    return _finish(*_run(label, "check", where, against, tol, over, after))


def erratum(
    label: str,
    *,
    where: Mapping[str, Any],
    against: str,
    fails_above: float,
    failure: str = "value",
    over: Mapping[str, Any] | Iterable[Mapping[str, Any]] | None = None,
    after: Mapping[str, Any] | None = None,
) -> float:
    """Evaluate a slide's wrong equation ``label``; it must fail the comparison.

    ``failure="value"``: the equation evaluates and its error exceeds
    ``fails_above``.  ``failure="shape"``: its evaluation stops on operands whose
    shapes do not fit.  Anything else (a parse error, a missing binding, a pass)
    fails the erratum: it would not demonstrate what the page says it does.
    """
    if failure not in {"value", "shape"}:
        raise ValueError(f"failure must be 'value' or 'shape', got {failure!r}")
    latex, page = _latex(label)
    base = dict(label=label, role="erratum", kind=_kind(against), latex=latex, tol=fails_above)
    try:
        equation = parse(latex, label)
        outcome = _judge(equation, where, over, after, against)
    except ShapeMismatchError as error:
        ok = failure == "shape"
        why = "" if ok else f"it stopped on shapes, but a wrong value was expected: {error}"
        record = CheckRecord(**base, err=math.inf, ok=ok, detail=str(error), message=why)
        return _finish(record, page)
    except (NotationError, EvaluationError, LookupError, ArithmeticError, TypeError) as error:
        message = f"it fails for another reason than the one it demonstrates: {error}"
        record = CheckRecord(**base, err=math.nan, ok=False, message=message)
        return _finish(record, page)
    stopped_on_shapes = outcome.mode == "shape" and math.isinf(outcome.error)
    if stopped_on_shapes:
        ok = failure == "shape"
        message = "" if ok else "its sides differ in shape, but a wrong value was expected: "
        message += "" if ok else outcome.detail
    elif failure == "shape":
        message = f"it evaluates (error {outcome.error:.2e}), but a shape error was expected"
        ok = False
    else:
        ok = outcome.error > fails_above
        message = "" if ok else f"its error {outcome.error:.2e} is not above {fails_above:.0e}"
    record = CheckRecord(**base, err=outcome.error, ok=ok, detail=outcome.detail, message=message)
    return _finish(record, page)


def definition(label: str) -> None:
    """Mark the equation ``label`` as a definition: parsed, not compared."""
    latex, page = _latex(label)
    try:
        parse(latex, label)
        record = CheckRecord(label, "definition", "definition", latex, 0.0, 0.0, True)
    except NotationError as error:
        record = CheckRecord(label, "definition", "definition", latex, math.nan, 0.0, False,
                             message=str(error))  # fmt: skip
    _finish(record, page)


@contextmanager
def raises(expected: type[BaseException], match: str = "") -> Iterator[None]:
    """Run a block that must raise ``expected`` (with ``match`` in its message) and
    print the message; any other outcome raises ``AssertionError``."""
    try:
        yield
    except expected as error:
        text = str(error)
        if match and match not in text:
            raise AssertionError(f"{type(error).__name__} without {match!r}: {text}") from error
        print(f"{type(error).__name__}: {text}")
        return
    except BaseException as error:
        raise AssertionError(
            f"expected {expected.__name__}, got {type(error).__name__}: {error}"
        ) from error
    raise AssertionError(f"expected {expected.__name__}, but nothing was raised")


# -- the work ------------------------------------------------------------------------------


def _kind(against: str) -> str:
    if against not in KINDS:
        raise ValueError(f"against must be one of {sorted(KINDS)}, got {against!r}")
    return against


def _latex(label: str) -> tuple[str, str]:
    if not isinstance(label, str) or not label:
        raise ValueError(f"the label must be a non-empty string, got {label!r}")
    return source.latex_of(label)


def _run(label, role, where, against, tol, over, after) -> tuple[CheckRecord, str]:
    latex, page = _latex(label)
    kind = _kind(against)
    try:
        equation = parse(latex, label)
        outcomes = _outcomes(equation, where, over, after, against)
    except (NotationError, EvaluationError, LookupError) as error:
        record = CheckRecord(label, role, kind, latex, math.nan, tol or 0.0, False,
                             message=str(error))  # fmt: skip
        return record, page
    except (ArithmeticError, TypeError, ValueError) as error:  # from NumPy or SymPy
        message = f"evaluating it raised {type(error).__name__}: {error}"
        record = CheckRecord(label, role, kind, latex, math.nan, tol or 0.0, False, message=message)
        return record, page
    judged = [(outcome, _tolerance(outcome.mode, tol, label)) for outcome in outcomes]
    failed = [(o, limit) for o, limit in judged if not o.error <= limit]  # NaN fails
    outcome, limit = failed[0] if failed else max(judged, key=lambda pair: pair[0].error)
    message = f"error {outcome.error:.2e} exceeds {limit:.0e}: {outcome.detail}" if failed else ""
    record = CheckRecord(
        label,
        role,
        kind,
        latex,
        outcome.error,
        limit,
        not failed,
        outcome.detail,
        message,
        sum(o.size for o in outcomes),
    )
    return record, page


def _tolerance(mode: str, tol: float | None, label: str) -> float:
    """``tol`` bounds numeric errors; the other comparisons have fixed bounds."""
    if mode == "statistical":
        return compare.Z_BOUND
    if mode != "numeric":
        return 0.0
    if tol is None:
        raise ValueError(f"{label}: a numeric comparison needs tol=")
    tol = float(tol)
    if not tol >= 0 or math.isinf(tol):
        raise ValueError(f"{label}: tol must be finite and >= 0, got {tol!r}")
    return tol


def _points(over) -> list[dict[str, Any]]:
    if over is None:
        return [{}]
    if not isinstance(over, Mapping):
        return [dict(point) for point in over]
    points: list[dict[str, Any]] = [{}]
    for name, values in over.items():
        expanded = []
        for point in points:
            chosen = values(point) if callable(values) else values
            expanded += [{**point, name: value} for value in chosen]
        points = expanded
    return points


def _judge(equation, where, over, after, against) -> compare.Outcome:
    """The worst comparison of the equation (for errata, which need one number)."""
    outcomes = _outcomes(equation, where, over, after, against)
    return max(outcomes, key=lambda o: (math.isnan(o.error), o.error))


def _outcomes(equation, where, over, after, against) -> list[compare.Outcome]:
    scope = Scope.of(where, after)
    groups: dict[tuple[int, int], list] = {}
    for point in _points(over):
        at = scope
        for name, value in point.items():
            at = at.with_variable(name, value)
        for s, statement in enumerate(equation.statements):
            for c, claim in enumerate(claims(statement, at)):
                groups.setdefault((s, c), []).append(claim)
    outcomes = []
    for found in groups.values():
        mode, text = found[0].mode, found[0].text
        if mode == "equal":
            outcomes.append(compare.compare_equal([(c.left, c.right) for c in found]))
        elif mode == "shape":
            outcomes.append(compare.compare_shapes([(c.left, c.right) for c in found]))
        else:
            outcomes.append(compare.compare_truth([c.left for c in found], text))
    # sides of different shapes fail under any kind of reference
    modes = {o.mode for o in outcomes if not (o.mode == "shape" and math.isinf(o.error))}
    allowed = _MODES_OF_KIND[against]
    if not modes <= allowed:
        raise EvaluationError(
            f"the equation was compared as {', '.join(sorted(modes))}, "
            f"which a reference of kind {against!r} does not produce"
        )
    return outcomes


def _in_site_build() -> bool:
    return bool(os.environ.get(source.ENVIRONMENT_VARIABLE))


def _finish(record: CheckRecord, page: str = "") -> float:
    RECORDS.append(record)
    _publish(record)
    if not record.ok and not _in_site_build():
        raise EquationCheckError(failure_text(record, page))
    return record.err


def failure_text(record: CheckRecord, page: str = "", line: int | None = None) -> str:
    """The block an author reads when an equation fails."""
    where = f" ({page}" + (f", line {line}" if line else "") + ")" if page else ""
    what = {"check": "does not hold", "erratum": "does not fail as it should",
            "definition": "does not parse"}[record.role]  # fmt: skip
    lines = [
        f"equation {record.label}{where} {what}:",
        f"    {record.latex}",
        f"  compared with: {record.kind} ({KINDS.get(record.kind, 'no reference')})",
        f"  error {compare.format_error(record.err)}, tolerance {compare.format_error(record.tol)}",
    ]
    if record.message:
        lines.append("  " + record.message.replace("\n", "\n  "))
    return "\n".join(lines)


def _publish(record: CheckRecord) -> None:
    try:
        from IPython import get_ipython
    except ImportError:
        return
    if get_ipython() is None:
        return
    from IPython.display import display

    key = f"err-{record.label}"
    if key not in _GLUED and record.role != "definition":
        from myst_nb import glue

        _GLUED.add(key)
        glue(key, compare.format_error(record.err), display=False)
    display(bundle(record), raw=True)
