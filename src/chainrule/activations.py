"""Activation functions g and their derivatives g', in one table.

Each activation is an :class:`Activation` holding three functions:

* ``forward(Z, out=None)`` -- :math:`A = g(Z)`; ``out=Z`` overwrites ``Z`` with ``A``;
* ``derivative(Z)`` -- :math:`g'(Z)`, the form the notes derive;
* ``derivative_from_output(A)`` -- the same :math:`g'(Z)` written through
  :math:`A = g(Z)`.

The engine caches ``A[l]`` rather than ``Z[l]`` (see :mod:`chainrule.forward`),
so backward propagation uses ``derivative_from_output``. That works because
every activation here has a derivative that can be read off its output:
:math:`\\sigma' = A(1 - A)`, :math:`\\tanh' = 1 - A^2`, and for the ReLU
family :math:`A > 0` exactly where :math:`Z > 0`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

LEAKY_RELU_SLOPE = 0.01


def sigmoid(Z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    r"""Logistic sigmoid, accurate in both tails.

    .. math:: \sigma(z) = \frac{1}{1 + e^{-z}}

    For :math:`z < -709` (float64), :math:`e^{-z}` overflows to ``inf`` and
    :math:`1 / (1 + \infty) = 0` is the right limit, so that overflow is not
    reported. Every step is one pass, in place.
    """
    A = np.negative(Z, out=out)
    if not (isinstance(A, np.ndarray) and A.dtype.kind == "f"):  # a scalar, or integers
        A = np.asarray(A, dtype=np.result_type(A, 1.0))
    with np.errstate(over="ignore"):
        np.exp(A, out=A)
    A += 1.0
    return np.reciprocal(A, out=A)


def sigmoid_derivative(Z: np.ndarray) -> np.ndarray:
    r"""Derivative of the sigmoid, :eq:`eq-sigmoid-derivative`.

    .. math:: \sigma'(z) = \sigma(z)\,\bigl(1 - \sigma(z)\bigr)
    """
    A = sigmoid(Z)
    return A * (1.0 - A)


def tanh(Z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    r"""Hyperbolic tangent, :math:`\tanh(z) = (e^z - e^{-z}) / (e^z + e^{-z})`."""
    return np.tanh(Z, out=out)


def tanh_derivative(Z: np.ndarray) -> np.ndarray:
    r"""Derivative of tanh, :eq:`eq-tanh-derivative`.

    .. math:: \tanh'(z) = 1 - \tanh^2(z)
    """
    A = np.tanh(Z)
    return 1.0 - A * A


def relu(Z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    r"""Rectified linear unit, :math:`\mathrm{relu}(z) = \max(0, z)`."""
    return np.maximum(Z, 0.0, out=out)


def relu_derivative(Z: np.ndarray) -> np.ndarray:
    r"""Derivative of ReLU, :eq:`eq-relu-derivative` (taken as 0 at :math:`z = 0`).

    .. math:: \mathrm{relu}'(z) = \begin{cases} 1 & z > 0 \\ 0 & z \le 0 \end{cases}
    """
    return (Z > 0).astype(Z.dtype)


def leaky_relu(Z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    r"""Leaky ReLU with slope :math:`s = 0.01` for negative inputs, :math:`\max(sz, z)`."""
    return np.maximum(Z, LEAKY_RELU_SLOPE * Z, out=out)


def leaky_relu_derivative(Z: np.ndarray) -> np.ndarray:
    r"""Derivative of leaky ReLU, :eq:`eq-leaky-relu-derivative`.

    .. math:: g'(z) = \begin{cases} 1 & z > 0 \\ s & z \le 0 \end{cases}
    """
    return np.where(Z > 0, 1.0, LEAKY_RELU_SLOPE).astype(Z.dtype)


@dataclass(frozen=True)
class Activation:
    """An activation g with its derivative, in the two forms described above."""

    name: str
    forward: Callable[..., np.ndarray]
    derivative: Callable[[np.ndarray], np.ndarray]
    derivative_from_output: Callable[[np.ndarray], np.ndarray]


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_derivative, lambda A: A * (1.0 - A)),
    "tanh": Activation("tanh", tanh, tanh_derivative, lambda A: 1.0 - A * A),
    # A > 0 exactly where Z > 0, so the mask can be read off the output.
    "relu": Activation("relu", relu, relu_derivative, lambda A: A > 0),
    # A > 0 exactly where Z > 0, so g' of the output is the same function of A as of Z
    "leaky_relu": Activation(
        "leaky_relu", leaky_relu, leaky_relu_derivative, leaky_relu_derivative
    ),
}


def get_activation(name: str) -> Activation:
    """Look up an activation by name; unknown names list the known ones."""
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        known = ", ".join(repr(k) for k in ACTIVATIONS)
        raise ValueError(f"unknown activation {name!r}; expected one of {known}") from None
