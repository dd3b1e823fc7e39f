"""Compare a reader's output with the correct one and name the mistake, as a teacher would.

A :class:`Case` holds the arguments of one call, the correct output (from the engine),
central-difference values where the output is a derivative, and the outputs of known
mistakes (:class:`Variant`). :func:`diagnose` returns the first :class:`Problem` it finds,
or None when the output is right.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from chainrule.gradcheck import relative_error

from .messages import N_, translate

#: Largest relative error of a right answer (float64, rounding differences only).
TOLERANCE = 1e-6


N_MATMUL = N_(
    "A matrix product fails because its shapes do not fit ({error}). "
    "In A @ B the columns of A must match the rows of B: "
    "is a transpose (.T) missing or misplaced?"
)
N_BROADCAST = N_(
    "Two arrays cannot be combined element by element ({error}). "
    "Compare their shapes: one of them is probably transposed or has lost an axis."
)
N_NONE = N_("The function returned None: is the return statement missing?")
N_RETURN_COUNT = N_("Return {count} values, ({names}); the function returned {got}.")
N_NOT_ARRAY = N_("{part} should be a NumPy array of numbers; it is a {type}.")
N_NOT_SCALAR = N_(
    "{part} should be a single number, but it has shape {got}: "
    "is a sum or a mean over the examples missing?"
)
N_LOG_ZERO = N_(
    "{part} contains NaN or infinity. Some predictions here are exactly 0 "
    "or 1, and log(0) = -inf, so 0 * log(0) gives NaN. Evaluate only the "
    "term that the label selects (np.where), or keep the predictions away "
    "from 0 and 1 (np.clip)."
)
N_NOT_FINITE = N_("{part} contains NaN or infinity, where every correct value is finite.")
N_TRANSPOSED = N_(
    "{part} has the right numbers but is transposed: shape {got} instead of "
    "{expected}. A transpose is missing or one too many."
)
N_KEEPDIMS = N_(
    "{part} has the right numbers but shape {got} instead of {expected}: "
    "the sum lost an axis. Use keepdims=True."
)
N_SHAPE = N_("{part} has shape {got}, but it should have shape {expected}.")
N_SIGN = N_("{part} has the wrong sign: every value is the negative of the right one.")
N_MISSING_1_OVER_M = N_(
    "{part} is m = {m} times too large: the factor 1/m of the mean over the examples is missing."
)
N_EXTRA_1_OVER_M = N_("{part} is m = {m} times too small: it is divided by m once too often.")


@dataclass(frozen=True)
class Problem:
    """One mistake: a catalog message and the values that fill its placeholders."""

    msgid: str
    fields: tuple[tuple[str, object], ...] = ()

    def text(self, language: str) -> str:
        """The message in ``language``."""
        return translate(self.msgid, language, **dict(self.fields))


def problem(msgid: str, **fields: object) -> Problem:
    """A :class:`Problem` with ``fields`` (a hashable form, so that reports can dedupe)."""
    return Problem(msgid, tuple(sorted(fields.items())))


@dataclass
class Variant:
    """What a known mistake would return for output ``part``, and what to say then."""

    part: str
    output: np.ndarray
    msgid: str
    fields: dict[str, object] = field(default_factory=dict)


@dataclass
class Case:
    """One call of the reader's function and everything needed to judge its result."""

    args: tuple
    expected: object
    describe: str
    parts: tuple[str, ...] = ()
    m: int | None = None
    numeric: object | None = None
    variants: list[Variant] = field(default_factory=list)
    log_zero: bool = False
    kwargs: dict[str, object] = field(default_factory=dict)
    name: str = "result"


def close(a: np.ndarray, b: np.ndarray) -> bool:
    """Same shape and a relative error (:func:`chainrule.relative_error`) below TOLERANCE."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and relative_error(a, b) < TOLERANCE


def shape_text(shape: tuple[int, ...]) -> str:
    """``(3, 1)`` for a shape, ``a number`` for ``()``."""
    return str(tuple(shape)) if shape else "()"


def diagnose_exception(exc: BaseException) -> Problem:
    """What an exception raised by the reader's function most likely means."""
    text = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, NotImplementedError):
        return problem(N_("The function is not written yet: it raised {error}."), error=text)
    message = str(exc)
    if isinstance(exc, ValueError) and ("matmul" in message or "not aligned" in message):
        return problem(
            N_MATMUL,
            error=message,
        )
    if isinstance(exc, ValueError) and "broadcast" in message:
        return problem(
            N_BROADCAST,
            error=message,
        )
    return problem(N_("The function raised {error}."), error=text)


def diagnose(got: object, case: Case) -> Problem | None:
    """The first mistake in ``got`` (the reader's output for ``case``), or None."""
    if got is None:
        return problem(
            N_NONE,
        )
    expected = case.expected
    if isinstance(expected, tuple):
        return _diagnose_tuple(got, case)
    if isinstance(expected, Mapping):
        return _diagnose_dict(got, expected, case, "")
    return diagnose_array(got, expected, "", case)


def _diagnose_tuple(got: object, case: Case) -> Problem | None:
    expected: tuple = case.expected  # type: ignore[assignment]
    names = ", ".join(case.parts)
    if not isinstance(got, Sequence) or isinstance(got, str) or len(got) != len(expected):
        size = len(got) if isinstance(got, Sequence) and not isinstance(got, str) else 1
        return problem(
            N_RETURN_COUNT,
            count=len(expected),
            names=names,
            got=size if size != 1 else type(got).__name__,
        )
    for part, got_part, want in zip(case.parts, got, expected, strict=True):
        found = (
            _diagnose_dict(got_part, want, case, part)
            if isinstance(want, Mapping)
            else diagnose_array(got_part, want, part, case)
        )
        if found is not None:
            return found
    return None


def _diagnose_dict(got: object, expected: Mapping, case: Case, part: str) -> Problem | None:
    if not isinstance(got, Mapping):
        return problem(
            N_("Return a dict with the keys {keys}; the function returned a {type}."),
            keys=", ".join(expected),
            type=type(got).__name__,
        )
    missing = [k for k in expected if k not in got]
    if missing:
        return problem(N_("Keys missing from the returned dict: {keys}."), keys=", ".join(missing))
    for key, want in expected.items():
        found = diagnose_array(got[key], want, key, case)
        if found is not None:
            return found
    return None


def _variant(case: Case, part: str, got: np.ndarray) -> Problem | None:
    for v in case.variants:
        if v.part == part and close(got, v.output):
            return problem(v.msgid, part=part or case.name, **v.fields)
    return None


def diagnose_array(got: object, expected: object, part: str, case: Case) -> Problem | None:
    label = part or case.name
    want = np.asarray(expected, dtype=np.float64)
    try:
        have = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return problem(
            N_NOT_ARRAY,
            part=label,
            type=type(got).__name__,
        )
    if want.ndim == 0:
        if have.size != 1:
            return problem(
                N_NOT_SCALAR,
                part=label,
                got=shape_text(have.shape),
            )
        have = have.reshape(())
    if not np.all(np.isfinite(have)):
        if case.log_zero:
            return problem(
                N_LOG_ZERO,
                part=label,
            )
        return problem(
            N_NOT_FINITE,
            part=label,
        )
    if have.shape != want.shape:
        if have.shape == want.shape[::-1] and close(have.T, want):
            return problem(
                N_TRANSPOSED,
                part=label,
                got=shape_text(have.shape),
                expected=shape_text(want.shape),
            )
        if have.ndim == 1 and want.ndim == 2 and close(have, want.ravel()):
            return problem(
                N_KEEPDIMS,
                part=label,
                got=shape_text(have.shape),
                expected=shape_text(want.shape),
            )
        found = _variant(case, part, have)
        if found is not None:
            return found
        return problem(
            N_SHAPE,
            part=label,
            got=shape_text(have.shape),
            expected=shape_text(want.shape),
        )
    if close(have, want):
        return None
    if np.any(want != 0) and close(-have, want):
        return problem(
            N_SIGN,
            part=label,
        )
    found = _variant(case, part, have)
    if found is not None:
        return found
    if case.m is not None and case.m > 1:
        if close(have, case.m * want):
            return problem(
                N_MISSING_1_OVER_M,
                part=label,
                m=case.m,
            )
        if close(have * case.m, want):
            return problem(
                N_EXTRA_1_OVER_M,
                part=label,
                m=case.m,
            )
    numeric = _part(case.numeric, case, part)
    msgid = N_(
        "{part} has wrong values: relative error {error:.1e} against the engine (a right "
        "answer stays below 1e-6). At index {index} the value should be {expected:.6g}, "
        "but it is {got:.6g}."
    )
    reference = want
    if numeric is not None:
        reference = np.asarray(numeric, dtype=np.float64)
        msgid = N_(
            "{part} has wrong values: relative error {error:.1e} against central "
            "differences (a right answer stays below 1e-6). At index {index} the value "
            "should be {expected:.6g}, but it is {got:.6g}."
        )
    index = np.unravel_index(int(np.argmax(np.abs(have - want))), want.shape)
    return problem(
        msgid,
        part=label,
        error=relative_error(have, reference),
        index=tuple(int(i) for i in index),
        expected=float(want[index]),
        got=float(have[index]),
    )


def _part(value: object, case: Case, part: str) -> object | None:
    """The piece of a structured ``value`` (tuple or dict) that belongs to ``part``."""
    if value is None or not part:
        return value
    if isinstance(value, Mapping):
        return value.get(part)
    if isinstance(value, tuple) and part in case.parts:
        return value[case.parts.index(part)]
    return None
