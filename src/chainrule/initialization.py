"""Parameter initialisation, :eq:`eq-init-random` and :eq:`eq-init-he`.

Biases start at zero in every method: the symmetry between hidden units is
broken by the random weights alone.
"""

from __future__ import annotations

import math

import numpy as np

from .validation import FLOAT_DTYPES, check_layer_dims

# Standard deviation of W[l] as a function of n[l-1], for each method.
INIT_SCALES = {
    "zeros": lambda n_prev: 0.0,
    "random": lambda n_prev: 0.01,
    "he": lambda n_prev: math.sqrt(2.0 / n_prev),
    "xavier": lambda n_prev: math.sqrt(1.0 / n_prev),
}


def initialize_parameters(
    layer_dims, *, method: str = "he", seed: int | None = None, dtype=np.float64
) -> dict[str, np.ndarray]:
    r"""Create ``{"W1", "b1", ..., "WL", "bL"}`` for ``layer_dims = [n[0], ..., n[L]]``.

    .. math::

       W^{[l]} = s \cdot \mathcal{N}(0, 1)^{\,n^{[l]} \times n^{[l-1]}}, \qquad
       b^{[l]} = 0^{\,n^{[l]} \times 1}

    with :math:`s = 0` (``"zeros"``), :math:`0.01` (``"random"``),
    :math:`\sqrt{2 / n^{[l-1]}}` (``"he"``, for ReLU) or
    :math:`\sqrt{1 / n^{[l-1]}}` (``"xavier"``, for tanh).

    Parameters
    ----------
    layer_dims : list of int
        Units per layer, input layer first; at least two entries.
    method : str
        One of ``"zeros"``, ``"random"``, ``"he"``, ``"xavier"``.
    seed : int, optional
        Seed for :func:`numpy.random.default_rng`; the same seed gives the same
        weights, in float32 as in float64.
    dtype : numpy dtype
        ``np.float64`` or ``np.float32``.

    Returns
    -------
    dict
        ``W{l}`` of shape ``(n[l], n[l-1])`` and ``b{l}`` of shape ``(n[l], 1)``.
    """
    dims = check_layer_dims(layer_dims)
    if method not in INIT_SCALES:
        known = ", ".join(repr(k) for k in INIT_SCALES)
        raise ValueError(f"unknown init method {method!r}; expected one of {known}")
    dtype = np.dtype(dtype)
    if dtype not in FLOAT_DTYPES:
        raise TypeError(f"dtype must be float32 or float64, got {dtype}")
    rng = np.random.default_rng(seed)
    parameters = {}
    for l in range(1, len(dims)):
        scale = INIT_SCALES[method](dims[l - 1])
        # Drawn in float64 and then cast, so one seed gives the same network in either dtype.
        W = scale * rng.standard_normal((dims[l], dims[l - 1]))
        parameters[f"W{l}"] = W.astype(dtype, copy=False)
        parameters[f"b{l}"] = np.zeros((dims[l], 1), dtype=dtype)
    return parameters
