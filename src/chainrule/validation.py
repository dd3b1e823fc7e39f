"""Checks of user input, run before any arithmetic or, for finiteness, right after it.

Every check raises ``ValueError`` (wrong shape or value) or ``TypeError`` (wrong
kind or dtype) with a message that says what was expected, what was given and
where. The shape conventions are those of the notes:

* ``X``: ``(n[0], m)``, one training example per column;
* ``Y`` and ``AL``: ``(1, m)``;
* ``W[l]``: ``(n[l], n[l-1])`` and ``b[l]``: ``(n[l], 1)``.

Four things keep the checks cheap enough to leave on in every step. The structure of
the parameters (keys, types, shapes, dtypes) is checked once per *signature*: a dict
whose signature passed before passes again without the checks, and any change of key,
type, shape or dtype changes the signature. Values are tested for NaN and ±inf where
the arrays are smallest (see :mod:`chainrule.forward`), by one sum each
(:func:`sum_is_finite`). The range of ``AL`` takes one maximum over its bit
patterns (``_at_most_one``). And labels or outputs equal, byte for byte, to the last
that passed the same check pass again (``_PASSED``). Values are never trusted because an
array passed before, since they can change in place; only when a quick test fails does
a search say which entry is to blame.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Mapping, Sequence

import numpy as np

FLOAT_DTYPES = (np.float32, np.float64)


def is_finite(A: np.ndarray) -> bool:
    """No NaN and no ±inf in ``A``: the exact test, without warnings."""
    return bool(np.isfinite(A).all())


def sum_is_finite(A: np.ndarray) -> bool:
    """The quick test: NaN and ±inf propagate into a sum (inf − inf is NaN), so a finite
    sum means finite entries. Huge finite values can overflow it too, so ``False`` only
    means "look closer" (:func:`is_finite`, :func:`check_finite`).

    Up to ``_DOT_ENTRIES`` entries the sum is that of the squares, one BLAS dot product of
    ``A`` with itself: about half the time of ``A.sum()``. Above, NumPy sums on one thread.
    BLAS splits a long dot product over its threads, each reading its part into its own
    core's cache, and what the engine does next writes to that array in one thread (the
    update of ``W``, the activation in place of ``Z``): on two cores, a loop of the check
    and the update of ``W[1]`` of ``[12288, 20, 7, 5, 1]`` took 0.93 ms with a dot product,
    0.20 ms with the sum (1 to 4 % of a whole step, where the forward product has already
    spread ``W[1]`` over both cores).
    """
    if A.size <= _DOT_ENTRIES:
        return math.isfinite(np.vdot(A, A))
    with np.errstate(over="ignore", invalid="ignore"):
        return math.isfinite(np.add.reduce(A, axis=None))


_DOT_ENTRIES = 1 << 13


def check_finite(A: np.ndarray, name: str) -> None:
    """Raise if ``A`` holds NaN or ±inf, naming the first offending entry.

    Only when :func:`is_finite` fails do we pay for a search, to say where.
    """
    if is_finite(A):
        return
    row, col = (int(i) for i in np.argwhere(~np.isfinite(A))[0])
    raise ValueError(
        f"{name} must be finite, but {name}[{row}, {col}] is {A[row, col]} "
        f"(row {row}, example/column {col}); remove or impute missing values first"
    )


def check_float_array(A: object, name: str) -> np.ndarray:
    """Require a 2-D float32/float64 NumPy array."""
    if not isinstance(A, np.ndarray):
        raise TypeError(f"{name} must be a NumPy array, got {type(A).__name__}")
    if A.dtype not in FLOAT_DTYPES:
        raise TypeError(
            f"{name} must have dtype float32 or float64, got {A.dtype}; "
            f"convert with {name}.astype(np.float64)"
        )
    if A.ndim != 2:
        raise ValueError(f"{name} must be 2-D with one example per column, got shape {A.shape}")
    return A


def check_X(X: object, n_x: int | None = None, *, finite: bool = True) -> np.ndarray:
    """``X`` must be a finite float array of shape ``(n_x, m)`` (``finite=False``: the
    caller tests the values itself, e.g. through ``Z[1]``, as :func:`chainrule.model_forward`)."""
    X = check_float_array(X, "X")
    if n_x is not None and X.shape[0] != n_x:
        hint = ""
        if X.shape[1] == n_x:
            hint = f"; it looks transposed (examples as rows): pass X.T of shape {X.T.shape}"
        raise ValueError(
            f"X must have shape (n_x, m) = ({n_x}, m), one example per column, got {X.shape}{hint}"
        )
    if finite:
        check_finite(X, "X")
    return X


def check_labels(Y: object, m: int, name: str = "Y") -> np.ndarray:
    """``Y`` must be an array of shape ``(1, m)`` holding only 0 and 1.

    The labels of a training loop are the same in every step, and ``compute_cost`` and
    ``model_backward`` both check them: float labels whose bytes equal those of the last
    labels that passed pass again (``_PASSED``; about a quarter of the time of the
    arithmetic test on 400 labels). Labels changed, even in place, are tested again.
    """
    # The usual case in one test: for floats, y (y - 1) is 0 exactly when y is 0 or 1
    # (NaN and inf give NaN or inf). Anything else takes the checks below, which say why.
    if type(Y) is np.ndarray and Y.shape == (1, m) and Y.dtype.kind == "f":
        values = _values(Y)
        if values == _PASSED["labels"] or not np.count_nonzero(Y * (Y - 1)):
            _PASSED["labels"] = values
            return Y
    if not isinstance(Y, np.ndarray):
        raise TypeError(f"{name} must be a NumPy array of shape (1, {m}), got {type(Y).__name__}")
    if Y.shape != (1, m):
        hint = ""
        if Y.shape == (m,):
            hint = f"; a 1-D vector of labels must be reshaped: {name}.reshape(1, -1)"
        elif Y.shape == (m, 1):
            hint = f"; it looks transposed: pass {name}.T"
        raise ValueError(f"{name} must have shape (1, m) = (1, {m}), got {Y.shape}{hint}")
    if Y.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold numbers 0 and 1, got dtype {Y.dtype}")
    bad = (Y != 0) & (Y != 1)
    if bad.any():
        col = int(np.argmax(bad[0]))
        raise ValueError(
            f"{name} must hold binary labels 0 or 1, but {name}[0, {col}] is {Y[0, col]}"
        )
    return Y


# The values of the last array that passed each check. An array with the same bytes passes
# it again: compute_cost and model_backward check the same Y and AL in every step. Changed
# values, even changed in place, have other bytes. Kept for arrays up to _REMEMBERED_BYTES.
_PASSED: dict[str, object] = {"labels": None, "probabilities": None}
_REMEMBERED_BYTES = 1 << 20


def _values(A: np.ndarray) -> object:
    """What ``_PASSED`` keeps of ``A``; for a larger array, an object equal to no other."""
    return (A.dtype, A.shape, A.tobytes()) if A.nbytes <= _REMEMBERED_BYTES else object()


def check_probabilities(AL: object) -> np.ndarray:
    """``AL`` must be a finite float array of shape ``(1, m)`` with values in [0, 1]."""
    AL = check_float_array(AL, "AL")
    if AL.shape[0] != 1:
        raise ValueError(f"AL must have shape (1, m), got {AL.shape}")
    values = _values(AL)  # the same AL passed compute_cost just before model_backward
    if values == _PASSED["probabilities"] or _at_most_one(AL) or 0 <= AL.min() <= AL.max() <= 1:
        _PASSED["probabilities"] = values
        return AL
    check_finite(AL, "AL")  # NaN fails the tests above too: name it, else AL is out of range
    message = f"AL must hold probabilities in [0, 1], got values in [{AL.min()}, {AL.max()}]"
    raise ValueError(message)


# The bit patterns of 1.0, and the unsigned integers of the same width that read them.
_ONE_BITS = {np.dtype(np.float64): (np.uint64, 0x3FF0000000000000),
             np.dtype(np.float32): (np.uint32, 0x3F800000)}  # fmt: skip


def _at_most_one(A: np.ndarray) -> bool:
    """All of ``A`` in [+0, 1], tested with one reduction instead of a minimum and a maximum.

    Read as unsigned integers, the bit patterns of the IEEE floats from +0 to +inf are in
    the order of their values, and every negative number, -0.0 and every NaN has its sign
    bit or all its exponent bits set: a pattern above that of 1.0. ``False`` is also the
    answer for -0.0 (which the caller's exact test then accepts).
    """
    unsigned, one = _ONE_BITS[A.dtype]
    return A.size > 0 and int(A.view(unsigned).max()) <= one


def check_layer_dims(layer_dims: object) -> list[int]:
    """``layer_dims`` is ``[n[0], n[1], ..., n[L]]``: at least two positive integers."""
    if isinstance(layer_dims, (str, bytes)) or not isinstance(layer_dims, Sequence | np.ndarray):
        raise TypeError(
            f"layer_dims must be a list of layer sizes [n0, n1, ..., nL], "
            f"got {type(layer_dims).__name__}"
        )
    dims = list(layer_dims)
    if len(dims) < 2:
        raise ValueError(
            f"layer_dims needs at least 2 entries (input size and output size), got {dims}"
        )
    for l, n in enumerate(dims):
        if isinstance(n, bool) or not isinstance(n, int | np.integer):
            raise TypeError(f"layer_dims[{l}] must be an integer, got {n!r}")
        if n < 1:
            raise ValueError(f"layer_dims[{l}] = n[{l}] must be a positive size, got {n}")
    return [int(n) for n in dims]


def check_learning_rate(learning_rate: object) -> float:
    """The learning rate α must be a finite number > 0."""
    if isinstance(learning_rate, bool) or not isinstance(learning_rate, int | float | np.number):
        raise TypeError(f"learning_rate must be a number, got {type(learning_rate).__name__}")
    if not math.isfinite(learning_rate) or learning_rate <= 0:
        raise ValueError(f"learning_rate must be finite and > 0, got {learning_rate}")
    return float(learning_rate)


def num_layers(parameters: Mapping[str, np.ndarray]) -> int:
    """Number of layers L in ``{"W1", "b1", ..., "WL", "bL"}``."""
    return sum(1 for key in parameters if key.startswith("W"))


def check_parameters(parameters: object) -> tuple[int, np.dtype]:
    """Check ``{"W1", "b1", ..., "WL", "bL"}``, values included; return L and their dtype.

    Catches the silent-broadcast bug: a ``b[l]`` of shape ``(n,)`` broadcasts
    ``Z = W A + b`` along the wrong axis instead of failing.
    """
    L, dtype = parameter_structure(parameters)
    for key, A in parameters.items():
        if not sum_is_finite(A):
            check_finite(A, key)
    return L, dtype


def signature(mapping: object) -> tuple | None:
    """What the structure checks look at: the mapping's type and, per key, type, shape, dtype.

    ``None`` for an object without ``items()``. A signature holding something unhashable
    (a ``shape`` that is a list, say) is never found in the tables below: it is checked.
    """
    try:
        return (type(mapping), *[(k, type(A), A.shape, A.dtype) for k, A in mapping.items()])
    except AttributeError:
        return None


# Signatures that passed the structure checks, and what the checks returned.
_VALID_STRUCTURES: dict[tuple, tuple[int, np.dtype]] = {}
_VALID_GRADS: dict[tuple, bool] = {}
_MAX_REMEMBERED = 64


def _recall(table: dict, key: tuple):
    """What ``table`` holds for ``key``; ``None`` if nothing, or if ``key`` cannot be hashed."""
    try:
        return table.get(key)
    except TypeError:
        return None


def _remember(table: dict, key: tuple, value) -> None:
    if len(table) >= _MAX_REMEMBERED:
        table.clear()
    with contextlib.suppress(TypeError):  # unhashable: checked again next time
        table[key] = value


def parameter_structure(parameters: object) -> tuple[int, np.dtype]:
    """Keys, types, shapes and dtypes of the parameters (not their values); L and the dtype.

    The answer depends on the signature alone, so a signature that passed once passes
    again without the checks; a changed key, array, shape or dtype is checked anew.
    """
    sig = signature(parameters)
    known = _recall(_VALID_STRUCTURES, sig)
    if known is not None:
        return known
    result = _check_structure(parameters)
    if sig is not None:
        _remember(_VALID_STRUCTURES, sig, result)
    return result


def _check_structure(parameters: object) -> tuple[int, np.dtype]:
    if not isinstance(parameters, Mapping):
        raise TypeError(
            f"parameters must be a dict {{'W1', 'b1', ...}}, got {type(parameters).__name__}"
        )
    L = num_layers(parameters)
    expected = {f"{p}{l}" for l in range(1, L + 1) for p in "Wb"}
    if L == 0 or set(parameters) != expected:
        raise ValueError(
            f"parameters must hold exactly W1, b1, ..., WL, bL; got keys {sorted(parameters)}"
        )
    dtype = None
    for l in range(1, L + 1):
        W = check_float_array(parameters[f"W{l}"], f"W{l}")
        b = parameters[f"b{l}"]
        if isinstance(b, np.ndarray) and b.shape == (W.shape[0],):
            raise ValueError(
                f"b{l} must have shape (n[{l}], 1) = ({W.shape[0]}, 1), got the 1-D shape "
                f"{b.shape}, which would broadcast along the wrong axis; use b{l}.reshape(-1, 1)"
            )
        b = check_float_array(b, f"b{l}")
        if b.shape != (W.shape[0], 1):
            raise ValueError(
                f"b{l} must have shape (n[{l}], 1) = ({W.shape[0]}, 1) to match W{l} "
                f"{W.shape}, got {b.shape}"
            )
        if l > 1:
            W_prev = parameters[f"W{l - 1}"]
            if W.shape[1] != W_prev.shape[0]:
                raise ValueError(
                    f"W{l} must have shape (n[{l}], n[{l - 1}]) = ({W.shape[0]}, "
                    f"{W_prev.shape[0]}) since W{l - 1} has {W_prev.shape[0]} rows, got {W.shape}"
                )
        for name, A in ((f"W{l}", W), (f"b{l}", b)):
            dtype = A.dtype if dtype is None else dtype
            if A.dtype != dtype:
                raise TypeError(
                    f"all parameters must share one dtype; W1 is {dtype} but {name} is {A.dtype}"
                )
    return L, dtype


def check_same_dtype(X: np.ndarray, dtype: np.dtype) -> None:
    """Data and parameters must share a dtype, so float32 stays float32."""
    if X.dtype != dtype:
        raise TypeError(
            f"X has dtype {X.dtype} but the parameters have dtype {dtype}; "
            f"convert one of them (e.g. X.astype(np.{dtype}))"
        )


def check_grads(grads: object, parameters: Mapping[str, np.ndarray]) -> None:
    """``grads`` must hold ``dW[l]`` and ``db[l]`` shaped like ``W[l]`` and ``b[l]``.

    Structure only, so remembered per pair of signatures like :func:`parameter_structure`.
    """
    key = (signature(parameters), signature(grads))
    if _recall(_VALID_GRADS, key):
        return
    _check_grads(grads, parameters)
    if None not in key:
        _remember(_VALID_GRADS, key, True)


def _check_grads(grads: object, parameters: Mapping[str, np.ndarray]) -> None:
    if not isinstance(grads, Mapping):
        raise TypeError(f"grads must be a dict {{'dW1', 'db1', ...}}, got {type(grads).__name__}")
    for key, P in parameters.items():
        dkey = "d" + key
        if dkey not in grads:
            raise ValueError(f"grads is missing {dkey!r} for parameter {key!r}")
        dP = grads[dkey]
        if not isinstance(dP, np.ndarray) or dP.shape != P.shape:
            shape = getattr(dP, "shape", type(dP).__name__)
            raise ValueError(f"{dkey} must have the shape of {key}, {P.shape}; got {shape}")
        if dP.dtype != P.dtype:
            raise TypeError(f"{dkey} has dtype {dP.dtype} but {key} has dtype {P.dtype}")
