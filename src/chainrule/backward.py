"""Backward propagation, :eq:`eq-backward-dZ` to :eq:`eq-backward-dA-prev`.

The ``1/m`` in ``dW`` and ``db`` comes from the cost being a mean over the m
examples (:eq:`eq-cost`). Every equation of the backward pass is linear in
``dZ[L]``, so :func:`model_backward` applies that factor once, to the ``(1, m)``
array ``dZ[L]``, and asks :func:`linear_backward` for the products without it
(``mean=False``): no ``dW[l]`` or ``db[l]`` is scaled afterwards. ``dA[0]`` (the
gradient with respect to ``X``) is never computed: ``X`` is data, not a parameter,
and that product alone is the most expensive one of the backward pass when ``n[0]``
is large.
"""

from __future__ import annotations

import numpy as np

from .activations import get_activation
from .forward import LayerCache
from .validation import check_labels, check_probabilities


def linear_backward(
    dZ: np.ndarray, cache: LayerCache, *, compute_dA_prev: bool = True, mean: bool = True
) -> tuple[np.ndarray | None, np.ndarray, np.ndarray]:
    r"""Gradients of the linear part of layer l, :eq:`eq-backward-dW`,
    :eq:`eq-backward-db`, :eq:`eq-backward-dA-prev`.

    .. math::

       dW^{[l]} = \frac{1}{m}\, dZ^{[l]} A^{[l-1]\,T}, \qquad
       db^{[l]} = \frac{1}{m} \sum_{i=1}^{m} dZ^{[l](i)}, \qquad
       dA^{[l-1]} = W^{[l]\,T} dZ^{[l]}

    ``dZ`` is ``(n[l], m)``; returns ``dA_prev`` ``(n[l-1], m)`` (``None`` when
    ``compute_dA_prev`` is false), ``dW`` ``(n[l], n[l-1])`` and ``db``
    ``(n[l], 1)``: each gradient has the shape of what it differentiates.
    ``mean=False`` leaves out the ``1/m``, for a ``dZ`` that carries it already
    (as in :func:`model_backward`).
    """
    A_prev, W = cache.A_prev, cache.W
    # np.dot rather than @: the same BLAS product, with less overhead on small arrays
    dW = np.dot(dZ, A_prev.T)
    db = np.add.reduce(dZ, axis=1, keepdims=True)
    if mean:
        inv_m = 1.0 / A_prev.shape[1]
        dW *= inv_m
        db *= inv_m
    dA_prev = np.dot(W.T, dZ) if compute_dA_prev else None
    return dA_prev, dW, db


def activation_backward(dA: np.ndarray, cache: LayerCache, *, in_place: bool = False) -> np.ndarray:
    r"""From :math:`dA^{[l]}` to :math:`dZ^{[l]}`, :eq:`eq-backward-dZ`.

    .. math:: dZ^{[l]} = dA^{[l]} * g^{[l]\prime}\bigl(Z^{[l]}\bigr)

    (``*`` element-wise), with :math:`g'` read off the cached ``A[l]``.
    ``in_place=True`` overwrites ``dA`` with ``dZ`` (for a ``dA`` nobody else holds).
    """
    g_prime = get_activation(cache.activation).derivative_from_output(cache.A)
    return np.multiply(dA, g_prime, out=dA if in_place else None)


def linear_activation_backward(
    dA: np.ndarray, cache: LayerCache, *, compute_dA_prev: bool = True
) -> tuple[np.ndarray | None, np.ndarray, np.ndarray]:
    """One whole layer backward: :func:`activation_backward`, then :func:`linear_backward`.

    Input ``dA[l]`` ``(n[l], m)`` and the layer's cache; returns
    ``dA[l-1], dW[l], db[l]``.
    """
    return linear_backward(activation_backward(dA, cache), cache, compute_dA_prev=compute_dA_prev)


def model_backward(
    AL: np.ndarray, Y: np.ndarray, caches: list[LayerCache], *, validate: bool = True
) -> dict[str, np.ndarray]:
    r"""Gradients of the cost for every layer, from L down to 1.

    The output layer (sigmoid with cross-entropy) starts from :eq:`eq-backward-dZL`,

    .. math:: dZ^{[L]} = A^{[L]} - Y,

    and each hidden layer l applies :eq:`eq-backward-dZ` to the
    :math:`dA^{[l]} = W^{[l+1]\,T} dZ^{[l+1]}` handed down by layer l + 1.

    Parameters
    ----------
    AL : ndarray
        ``(1, m)`` from :func:`chainrule.model_forward`.
    Y : ndarray
        ``(1, m)`` labels in {0, 1}.
    caches : list of LayerCache
        From :func:`chainrule.model_forward`, layer 1 first.

    Returns
    -------
    dict
        ``dW{l}`` and ``db{l}`` for l = 1..L, shaped like ``W{l}`` and ``b{l}``.
    """
    if validate:
        check_probabilities(AL)
        check_labels(Y, AL.shape[1])
        if not caches or caches[-1].activation != "sigmoid":
            raise ValueError("caches must come from model_forward, whose output layer is sigmoid")
    grads = {}
    L = len(caches)
    dZ = np.subtract(AL, Y, dtype=AL.dtype)
    dZ *= 1.0 / AL.shape[1]  # the 1/m of every dW[l] and db[l], once (see above)
    for l in range(L, 0, -1):
        dA_prev, grads[f"dW{l}"], grads[f"db{l}"] = linear_backward(
            dZ, caches[l - 1], compute_dA_prev=l > 1, mean=False
        )
        if l > 1:
            # dA_prev is a fresh array that only this loop holds: reuse it for dZ.
            dZ = activation_backward(dA_prev, caches[l - 2], in_place=True)
    return grads
