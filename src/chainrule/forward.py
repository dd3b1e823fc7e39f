"""Forward propagation, :eq:`eq-forward-Z` and :eq:`eq-forward-A`.

The notes cache ``Z[l]`` for the backward pass. The engine caches
``A[l] = g(Z[l])`` instead and reads ``g'(Z[l])`` off it
(:mod:`chainrule.activations`), which lets ReLU and tanh overwrite ``Z[l]`` in
place: one array per layer instead of two, about half the memory of a
forward pass.

The finiteness of the inputs is checked on ``Z[l]``: a NaN or an infinity anywhere
in ``X``, ``W[l]`` or ``b[l]`` makes at least one entry of ``Z[l]`` non-finite
(0 · inf and inf − inf are NaN), and ``Z[1]`` is smaller
than ``X`` whenever :math:`n^{[1]} < n^{[0]}`. Only then are the inputs searched, to
name the entry.
"""

from __future__ import annotations

import warnings
from typing import NamedTuple

import numpy as np

from .activations import ACTIVATIONS, get_activation
from .validation import (
    check_finite,
    check_same_dtype,
    check_X,
    is_finite,
    parameter_structure,
    sum_is_finite,
)


class LayerCache(NamedTuple):
    """What layer l keeps from the forward pass for its backward step.

    ``A_prev`` is ``A[l-1]`` ``(n[l-1], m)``; ``W`` ``(n[l], n[l-1])``;
    ``b`` ``(n[l], 1)``; ``A`` is ``A[l] = g(Z[l])`` ``(n[l], m)``;
    ``activation`` names g.
    """

    A_prev: np.ndarray
    W: np.ndarray
    b: np.ndarray
    A: np.ndarray
    activation: str


def linear_forward(A_prev: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    r"""Linear part of layer l, :eq:`eq-forward-Z`.

    .. math:: Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]}

    ``A_prev`` ``(n[l-1], m)``, ``W`` ``(n[l], n[l-1])``, ``b`` ``(n[l], 1)``
    broadcast over the m columns; returns ``Z`` ``(n[l], m)``, a new array.
    A ``b`` of any other shape is refused: a 1-D ``(n[l],)`` bias would broadcast
    along the wrong axis without an error whenever ``m = n[l]``.
    """
    if b.shape != (W.shape[0], 1):
        raise ValueError(f"b must have shape (n[l], 1) = ({W.shape[0]}, 1), got {b.shape}")
    # np.dot rather than @: the same BLAS product, with less overhead on small arrays
    Z = np.dot(W, A_prev)
    Z += b
    return Z


def linear_activation_forward(
    A_prev: np.ndarray, W: np.ndarray, b: np.ndarray, activation: str
) -> tuple[np.ndarray, LayerCache]:
    r"""One whole layer forward, :eq:`eq-forward-Z` then :eq:`eq-forward-A`.

    .. math:: A^{[l]} = g^{[l]}\bigl(W^{[l]} A^{[l-1]} + b^{[l]}\bigr)

    Returns ``A`` ``(n[l], m)`` and the layer's :class:`LayerCache`. ``A`` overwrites
    ``Z``, which nothing else holds.
    """
    g = get_activation(activation)
    Z = linear_forward(A_prev, W, b)
    A = g.forward(Z, out=Z)
    return A, LayerCache(A_prev, W, b, A, activation)


SIGMOID = ACTIVATIONS["sigmoid"]  # the output layer's g


def model_forward(
    X: np.ndarray,
    parameters: dict[str, np.ndarray],
    hidden_activation: str = "relu",
    *,
    validate: bool = True,
) -> tuple[np.ndarray, list[LayerCache]]:
    r"""Forward propagation through all L layers, :eq:`eq-forward-Z`, :eq:`eq-forward-A`.

    .. math::

       A^{[0]} = X, \qquad
       A^{[l]} = g^{[l]}\bigl(W^{[l]} A^{[l-1]} + b^{[l]}\bigr)
       \quad (l = 1, \dots, L), \qquad \hat Y = A^{[L]}

    with :math:`g^{[l]}` = ``hidden_activation`` for :math:`l < L` and the
    sigmoid for the output layer.

    Parameters
    ----------
    X : ndarray
        ``(n[0], m)``, one example per column, float32 or float64.
    parameters : dict
        ``W{l}`` ``(n[l], n[l-1])`` and ``b{l}`` ``(n[l], 1)``, same dtype as ``X``.
    hidden_activation : str
        ``"relu"``, ``"tanh"``, ``"sigmoid"`` or ``"leaky_relu"``.
    validate : bool
        Check shapes and dtypes first, and the finiteness of ``X``, ``W`` and ``b``
        on each ``Z[l]`` as it is computed. :func:`chainrule.train` checks once
        and then passes ``False``.

    Returns
    -------
    AL : ndarray
        ``(1, m)``, the predicted probabilities :math:`\hat Y`.
    caches : list of LayerCache
        ``caches[l - 1]`` belongs to layer l.
    """
    hidden = get_activation(hidden_activation)
    if not validate:
        return _forward(X, parameters, hidden, len(parameters) // 2, check=False)
    L, dtype = parameter_structure(parameters)
    check_X(X, parameters["W1"].shape[1], finite=False)
    check_same_dtype(X, dtype)
    # An infinite input makes NaN (inf * 0, inf - inf) and huge ones overflow, with
    # NumPy's warnings; the check of each Z says more: which entry, or which layer.
    with np.errstate(over="ignore", invalid="ignore"):
        return _forward(X, parameters, hidden, L, check=True)


def _forward(X, parameters, hidden, L: int, *, check: bool):
    caches = []
    A = X
    for l in range(1, L + 1):
        W, b = parameters[f"W{l}"], parameters[f"b{l}"]
        Z = linear_forward(A, W, b)
        if check and not sum_is_finite(Z):
            _name_nonfinite_input(l, A, W, b, Z)
        g = hidden if l < L else SIGMOID
        A_prev, A = A, g.forward(Z, out=Z)
        caches.append(LayerCache(A_prev, W, b, A, g.name))
    return A, caches


def _name_nonfinite_input(l: int, A_prev, W, b, Z) -> None:
    """``Z[l]`` is not finite: raise for the first non-finite entry of ``W[l]``, ``b[l]``
    or, for l = 1, ``X`` (for l > 1, ``A[l-1]`` comes from a ``Z[l-1]`` that passed).
    If all are finite, ``Z[l]`` overflowed from huge finite values: a warning, as NumPy
    gives, but naming the layer (or nothing, when only the sum of ``Z[l]`` overflowed)."""
    check_finite(W, f"W{l}")
    check_finite(b, f"b{l}")
    if l == 1:
        check_finite(A_prev, "X")
    if not is_finite(Z):
        inputs = f"W{l}, b{l} and X are" if l == 1 else f"W{l} and b{l} are"
        message = f"Z{l} = W{l} A{l - 1} + b{l} overflowed although {inputs} finite: the values"
        message += " are too large (scale X, or lower the learning rate)"
        warnings.warn(message, RuntimeWarning, stacklevel=4)
