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
    evaluated: the probability given to the true label, :math:`|(1 - y) - a|`, which
    is :math:`a` for :math:`y = 1` and :math:`1 - a` for :math:`y = 0`. It is kept
    at least one machine epsilon above 0, so the result is finite even when a
    prediction is exactly 0 or 1.
    """
    if validate:
        check_probabilities(AL)
        check_labels(Y, AL.shape[1])
    p = np.subtract(1.0 - Y.astype(AL.dtype, copy=False), AL)
    np.abs(p, out=p)
    np.maximum(p, np.finfo(AL.dtype).eps, out=p)
    np.log(p, out=p)
    return -float(p.sum()) / AL.shape[1]


def cost_derivative(AL: np.ndarray, Y: np.ndarray) -> np.ndarray:
    r"""Gradient of the loss with respect to the output, :eq:`eq-backward-dAL`.

    .. math:: dA^{[L]} = -\frac{Y}{A^{[L]}} + \frac{1 - Y}{1 - A^{[L]}}

    One column per example, ``(1, m)``. :func:`chainrule.model_backward` never
    forms it: multiplied by :math:`\sigma'(Z^{[L]}) = A^{[L]}(1 - A^{[L]})` it
    collapses to :math:`dZ^{[L]} = A^{[L]} - Y` (:eq:`eq-backward-dZL`), which is
    cheaper and does not divide by zero when a prediction is exactly 0 or 1.
    """
    return -Y / AL + (1 - Y) / (1 - AL)
