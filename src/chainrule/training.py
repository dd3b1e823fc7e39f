"""Gradient descent: the update :eq:`eq-update`, the training loop, prediction."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .backward import model_backward
from .cost import compute_cost
from .forward import model_forward
from .initialization import initialize_parameters
from .validation import (
    check_grads,
    check_labels,
    check_layer_dims,
    check_learning_rate,
    check_parameters,
    check_same_dtype,
    check_X,
)


def update_parameters(
    parameters: dict[str, np.ndarray],
    grads: dict[str, np.ndarray],
    learning_rate: float,
    *,
    validate: bool = True,
) -> dict[str, np.ndarray]:
    r"""One gradient-descent step, :eq:`eq-update`, **in place**.

    .. math::

       W^{[l]} \leftarrow W^{[l]} - \alpha\, dW^{[l]}, \qquad
       b^{[l]} \leftarrow b^{[l]} - \alpha\, db^{[l]}

    The arrays in ``parameters`` are overwritten (no copy of the network per
    step); the same dict is returned for convenience. Copy it first
    (``{k: v.copy() for k, v in parameters.items()}``) to keep the old values.
    ``grads`` is left as it is.
    """
    if validate:
        learning_rate = check_learning_rate(learning_rate)
        check_parameters(parameters)
        check_grads(grads, parameters)
    descend(parameters, grads, learning_rate, scratch_grads=False)
    return parameters


def descend(
    parameters: dict[str, np.ndarray],
    grads: dict[str, np.ndarray],
    learning_rate: float,
    *,
    scratch_grads: bool,
) -> None:
    """:eq:`eq-update` for every parameter: ``P -= α dP``, the one place it is written.

    ``α dP`` needs memory of its own unless ``grads`` may be overwritten
    (``scratch_grads``, for a caller that made them and needs them no more, as
    :func:`train`): then ``dP`` is scaled in place and the step allocates nothing.
    Otherwise a large parameter is updated in blocks of ``_BLOCK_BYTES``: one array
    as large as ``W[1]`` would be a fresh memory mapping in every step, whose first
    writes fault in every page (≈ 950 page faults, 1–2 ms, per step of
    ``[12288, 20, 7, 5, 1]``), while small blocks are reused from the heap.
    The values are the same either way, so :func:`train` and a loop of
    :func:`update_parameters` agree bit for bit.
    """
    for key, P in parameters.items():
        dP = grads["d" + key]
        if scratch_grads or P.nbytes <= _BLOCK_BYTES or not P.flags.c_contiguous:
            P -= np.multiply(dP, learning_rate, out=dP if scratch_grads else None)
            continue
        P, dP, n = P.reshape(-1), dP.reshape(-1), _BLOCK_BYTES // P.itemsize
        for i in range(0, P.size, n):
            P[i : i + n] -= np.multiply(dP[i : i + n], learning_rate)


_BLOCK_BYTES = 1 << 16  # 64 KiB: below glibc's threshold for a fresh mapping, and in cache


def train(
    X: np.ndarray,
    Y: np.ndarray,
    layer_dims,
    *,
    learning_rate: float,
    num_iterations: int,
    hidden_activation: str = "relu",
    init: str = "he",
    seed: int | None = None,
    parameters: dict[str, np.ndarray] | None = None,
    progress: Callable[[int, float], None] | None = None,
) -> tuple[dict[str, np.ndarray], list[float]]:
    """Full-batch gradient descent: forward, cost, backward, update, repeated.

    Parameters
    ----------
    X : ndarray
        ``(n[0], m)``; its dtype (float32 or float64) is the dtype of the run.
    Y : ndarray
        ``(1, m)`` labels in {0, 1}.
    layer_dims : list of int
        ``[n[0], ..., n[L]]`` with ``n[0] = X.shape[0]`` and ``n[L] = 1``.
    learning_rate : float
        α > 0.
    num_iterations : int
        Number of gradient-descent steps (≥ 0).
    hidden_activation : str
        Activation of layers 1..L-1; the output layer is a sigmoid.
    init, seed :
        Passed to :func:`chainrule.initialize_parameters`.
    parameters : dict, optional
        Start from these (they are updated in place) instead of initialising.
    progress : callable, optional
        Called as ``progress(iteration, cost)`` after every step.

    Returns
    -------
    parameters : dict
        The trained ``W{l}``, ``b{l}``.
    costs : list of float
        The cost before each step, ``costs[i]`` at iteration i.
    """
    dims = check_layer_dims(layer_dims)
    if dims[-1] != 1:
        raise ValueError(
            f"the output layer must have 1 unit (binary classification), got n[L] = {dims[-1]}"
        )
    learning_rate = check_learning_rate(learning_rate)
    if isinstance(num_iterations, bool) or not isinstance(num_iterations, int | np.integer):
        raise TypeError(f"num_iterations must be an integer, got {num_iterations!r}")
    if num_iterations < 0:
        raise ValueError(f"num_iterations must be >= 0, got {num_iterations}")
    # A step checks the values of X where it is cheapest, on Z[1] (model_forward).
    X = check_X(X, dims[0], finite=num_iterations == 0)
    check_labels(Y, X.shape[1])
    if parameters is None:
        parameters = initialize_parameters(dims, method=init, seed=seed, dtype=X.dtype)
    _, dtype = check_parameters(parameters)
    shapes = [parameters[f"W{l}"].shape for l in range(1, len(parameters) // 2 + 1)]
    if shapes != list(zip(dims[1:], dims[:-1], strict=True)):
        raise ValueError(f"parameters have shapes {shapes}, which do not match {dims}")
    check_same_dtype(X, dtype)
    Y = Y.astype(dtype, copy=False)

    costs = []
    for i in range(num_iterations):
        AL, caches = model_forward(X, parameters, hidden_activation, validate=i == 0)
        cost = compute_cost(AL, Y, validate=False)
        grads = model_backward(AL, Y, caches, validate=False)
        descend(parameters, grads, learning_rate, scratch_grads=True)  # grads are ours
        costs.append(cost)
        if progress is not None:
            progress(i, cost)
    return parameters, costs


def predict(
    X: np.ndarray,
    parameters: dict[str, np.ndarray],
    hidden_activation: str = "relu",
    *,
    threshold: float = 0.5,
) -> np.ndarray:
    r"""Class predictions :math:`\hat y = [a^{[L]} > \text{threshold}]`, shape ``(1, m)``, int."""
    AL, _ = model_forward(X, parameters, hidden_activation)
    return (AL > threshold).astype(np.int64)
