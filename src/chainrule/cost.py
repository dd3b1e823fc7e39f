"""Cross-entropy cost, :eq:`eq-cost`, and its derivative :eq:`eq-backward-dAL`."""

from __future__ import annotations

import numpy as np

from .validation import check_labels, check_probabilities


def compute_cost(AL: np.ndarray, Y: np.ndarray, *, validate: bool = True) -> float:
    r"""Binary cross-entropy averaged over the m examples, :eq:`eq-cost`.

    .. math::

       J = \frac{1}{m} \sum_{i=1}^{m} \mathcal{L}\bigl(a^{(i)}, y^{(i)}\bigr), \qquad
       \mathcal{L}(a, y) = -y \log a - (1 - y) \log(1 - a)

    ``AL`` and ``Y`` are ``(1, m)``. Only the term that ``y`` selects is
    evaluated, and ``a`` is kept one machine epsilon away from 0 and 1, so the
    result is finite even when a prediction is exactly 0 or 1.
    """
    if validate:
        check_probabilities(AL)
        check_labels(Y, AL.shape[1])
    eps = np.finfo(AL.dtype).eps
    A = np.clip(AL, eps, 1.0 - eps)
    losses = -np.log(np.where(Y == 1, A, 1.0 - A))
    return float(losses.mean())


def cost_derivative(AL: np.ndarray, Y: np.ndarray) -> np.ndarray:
    r"""Gradient of the loss with respect to the output, :eq:`eq-backward-dAL`.

    .. math:: dA^{[L]} = -\frac{Y}{A^{[L]}} + \frac{1 - Y}{1 - A^{[L]}}

    One column per example, ``(1, m)``. :func:`chainrule.model_backward` never
    forms it: multiplied by :math:`\sigma'(Z^{[L]}) = A^{[L]}(1 - A^{[L]})` it
    collapses to :math:`dZ^{[L]} = A^{[L]} - Y` (:eq:`eq-backward-dZL`), which is
    cheaper and does not divide by zero when a prediction is exactly 0 or 1.
    """
    return -Y / AL + (1 - Y) / (1 - AL)
