"""Forward propagation, :eq:`eq-forward-Z` and :eq:`eq-forward-A`.

The notes cache ``Z[l]`` for the backward pass. The engine caches
``A[l] = g(Z[l])`` instead and reads ``g'(Z[l])`` off it
(:mod:`chainrule.activations`), which lets ReLU and tanh overwrite ``Z[l]`` in
place: one array per layer instead of two, about half the memory of a
forward pass.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .activations import get_activation
from .validation import check_parameters, check_same_dtype, check_X


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
    Z = W @ A_prev
    Z += b
    return Z


# Activations whose forward pass may overwrite Z: only A is cached afterwards.
_IN_PLACE = {
    "relu": lambda Z: np.maximum(Z, 0.0, out=Z),
    "tanh": lambda Z: np.tanh(Z, out=Z),
}


def linear_activation_forward(
    A_prev: np.ndarray, W: np.ndarray, b: np.ndarray, activation: str
) -> tuple[np.ndarray, LayerCache]:
    r"""One whole layer forward, :eq:`eq-forward-Z` then :eq:`eq-forward-A`.

    .. math:: A^{[l]} = g^{[l]}\bigl(W^{[l]} A^{[l-1]} + b^{[l]}\bigr)

    Returns ``A`` ``(n[l], m)`` and the layer's :class:`LayerCache`.
    """
    g = get_activation(activation)
    Z = linear_forward(A_prev, W, b)
    A = _IN_PLACE[activation](Z) if activation in _IN_PLACE else g.forward(Z)
    return A, LayerCache(A_prev, W, b, A, activation)


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
        Check shapes, dtypes and finiteness first. :func:`chainrule.train`
        checks once and then passes ``False``.

    Returns
    -------
    AL : ndarray
        ``(1, m)``, the predicted probabilities :math:`\hat Y`.
    caches : list of LayerCache
        ``caches[l - 1]`` belongs to layer l.
    """
    get_activation(hidden_activation)
    if validate:
        L, dtype = check_parameters(parameters)
        check_X(X, parameters["W1"].shape[1])
        check_same_dtype(X, dtype)
    L = len(parameters) // 2
    caches = []
    A = X
    for l in range(1, L + 1):
        activation = hidden_activation if l < L else "sigmoid"
        A, cache = linear_activation_forward(
            A, parameters[f"W{l}"], parameters[f"b{l}"], activation
        )
        caches.append(cache)
    return A, caches
