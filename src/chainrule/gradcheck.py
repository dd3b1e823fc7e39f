"""Gradient checking: backprop against central differences, :eq:`eq-central-difference`."""

from __future__ import annotations

import numpy as np

from .backward import model_backward
from .forward import linear_forward, model_forward
from .validation import check_labels, check_parameters, check_X


def relative_error(a, b) -> float:
    r"""Relative distance of two arrays (or dicts of arrays), :eq:`eq-relative-error`.

    .. math:: \varepsilon = \frac{\lVert a - b \rVert_2}{\lVert a \rVert_2 + \lVert b \rVert_2}

    0 when both are zero. Dicts are compared key by key, as one long vector.
    """
    if isinstance(a, dict):
        if set(a) != set(b):
            raise ValueError(f"cannot compare dicts with keys {sorted(a)} and {sorted(b)}")
        a, b = (np.concatenate([np.ravel(d[k]) for k in sorted(a)]) for d in (a, b))
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"cannot compare arrays of shapes {a.shape} and {b.shape}")
    denominator = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denominator == 0 else float(np.linalg.norm(a - b) / denominator)


def numerical_gradients(
    X: np.ndarray,
    Y: np.ndarray,
    parameters: dict[str, np.ndarray],
    *,
    hidden_activation: str = "relu",
    epsilon: float = 1e-6,
) -> dict[str, np.ndarray]:
    r"""Central-difference estimate of every gradient, :eq:`eq-central-difference`.

    .. math::

       \frac{\partial J}{\partial \theta_i} \approx
       \frac{J(\theta + \varepsilon e_i) - J(\theta - \varepsilon e_i)}{2 \varepsilon}

    One pair of forward passes per parameter entry: only for small networks.
    Runs in float64 on copies; ``parameters`` is left untouched.

    J is evaluated from the output layer's :math:`z = Z^{[L]}` as
    :math:`\frac{1}{m}\sum \log(1 + e^{z}) - y z`, the same cross-entropy
    written without forming :math:`1 - a`: when :math:`a` is within
    :math:`10^{-6}` of 1, :math:`\log(1 - a)` has lost ten digits, and the
    difference quotient would amplify that error by :math:`1/\varepsilon`.
    """
    check_parameters(parameters)
    check_X(X, parameters["W1"].shape[1])
    check_labels(Y, X.shape[1])
    X64 = X.astype(np.float64)
    theta = {k: v.astype(np.float64) for k, v in parameters.items()}

    def cost() -> float:
        _, caches = model_forward(X64, theta, hidden_activation, validate=False)
        ZL = linear_forward(caches[-1].A_prev, caches[-1].W, caches[-1].b)
        return float(np.mean(np.logaddexp(0.0, ZL) - Y * ZL))

    grads = {}
    for key, P in theta.items():
        dP = np.empty_like(P)
        for idx in np.ndindex(P.shape):
            saved = P[idx]
            P[idx] = saved + epsilon
            plus = cost()
            P[idx] = saved - epsilon
            minus = cost()
            P[idx] = saved
            dP[idx] = (plus - minus) / (2 * epsilon)
        grads["d" + key] = dP
    return grads


def gradient_check(
    X: np.ndarray,
    Y: np.ndarray,
    parameters: dict[str, np.ndarray],
    *,
    hidden_activation: str = "relu",
    epsilon: float = 1e-6,
) -> float:
    """Relative error between backprop's gradients and central differences.

    Both are computed in float64. Below about 1e-7 the backward pass agrees
    with the definition of the derivative; a wrong equation typically gives
    1e-2 or more.
    """
    theta = {k: v.astype(np.float64) for k, v in parameters.items()}
    X64 = np.asarray(X, dtype=np.float64) if isinstance(X, np.ndarray) else X
    AL, caches = model_forward(X64, theta, hidden_activation)
    backprop = model_backward(AL, Y, caches)
    numeric = numerical_gradients(
        X64, Y, theta, hidden_activation=hidden_activation, epsilon=epsilon
    )
    return relative_error(backprop, numeric)
