"""What each of the engine's economies saves per step, each timed alone on problems (a), (b).

Every row times two ways of doing one part of a step, round-robin in the same process,
and reports both medians and their ratio:

* finiteness of ``X``: a sum over ``X`` itself, as the checks once did on every call,
  against the test on ``Z[1] = W[1] X + b[1]``, which holds every NaN or infinity of ``X``
  and is smaller whenever ``n[1] < n[0]``;
* the quick finiteness test, inside whole steps of the learner's loop: always a sum of
  squares (one BLAS dot product, which BLAS runs on all its threads when the array is
  long), against the engine's test, which sums a long array with NumPy on one thread;
* the range of ``AL``: its minimum and its maximum, against one maximum over its bit patterns;
* labels of 0 and 1: the arithmetic test, against labels whose bytes equal those of the last
  labels that passed (``compute_cost`` and ``model_backward`` both check them, every step);
* structure of the parameters: every check run anew, against a signature that passed before;
* the backward pass: ``1/m`` applied to every ``dW[l]`` and ``db[l]`` (or to a copy of
  ``dZ[l]``), as the engine did before, against ``1/m`` applied once to the ``(1, m)``
  array ``dZ[L]``, which every later product carries;
* the update ``P -= alpha dP``: with the temporary ``alpha dP``, against scaling ``dP`` in
  place (what ``train`` does with gradients nobody else holds);
* the same, inside whole steps of the learner's loop: ``update_parameters`` with one
  temporary as large as ``W[1]`` (a fresh memory mapping, page-faulted in every step),
  against ``update_parameters`` as it is, which forms ``alpha dP`` in small blocks;
* ``dW[1]`` and the update of ``W[1]``: a product into a new ``dW[1]`` followed by the update,
  against one BLAS ``gemm`` with ``beta = 1`` that adds ``-(alpha/m) dZ[1] A[0]^T`` to ``W[1]``
  directly (SciPy's BLAS, only if SciPy is installed: the engine itself needs NumPy only).
"""

from __future__ import annotations

import math

import numpy as np

import chainrule as cr
from chainrule import forward, validation

from . import harness
from .cases import CASES, make_data, make_parameters

ROUNDS = 15
GAP = 0.1  # seconds


def _pair(name: str, old, new, k: int, rounds: int) -> dict:
    # As the blocks of (a) and (b) (see benchmarks.plan): an idle gap, so that one way's BLAS
    # threads have stopped spinning when the other starts, then one untimed call.
    timings = harness.round_robin(
        {"old": (old, k), "new": (new, k)}, rounds=rounds, gap=GAP, prime=1
    )
    return {
        "what": name,
        "old_s": float(f"{timings['old'].median:.5g}"),
        "new_s": float(f"{timings['new'].median:.5g}"),
        "old/new": round(harness.paired_ratio(timings["old"], timings["new"])["median"], 3),
    }


def _backward_scaling_each_layer(AL, Y, caches) -> dict:
    """The engine's model_backward before the 1/m moved into dZ[L]: each layer scaled either
    its dW and db or, when m < n[l-1], a copy of its dZ."""
    grads = {}
    dZ = AL - Y
    for l in range(len(caches), 0, -1):
        A_prev, W = caches[l - 1].A_prev, caches[l - 1].W
        m = A_prev.shape[1]
        if m < W.shape[1]:
            dZ_over_m = dZ * (1.0 / m)
            grads[f"dW{l}"] = dZ_over_m @ A_prev.T
            grads[f"db{l}"] = np.add.reduce(dZ_over_m, axis=1, keepdims=True)
        else:
            grads[f"dW{l}"] = dZ @ A_prev.T
            grads[f"dW{l}"] *= 1.0 / m
            grads[f"db{l}"] = np.add.reduce(dZ, axis=1, keepdims=True)
            grads[f"db{l}"] *= 1.0 / m
        if l > 1:
            dZ = cr.activation_backward(W.T @ dZ, caches[l - 2], in_place=True)
    return grads


def measure(case_key: str, dtype: str = "float64", rounds: int = ROUNDS) -> dict:
    """The rows above for one problem, with the time of a whole step of ``train`` for scale."""
    case = CASES[case_key]
    X, Y = make_data(case, dtype)
    P = make_parameters(case, dtype)
    learning_rate = case.learning_rate
    AL, caches = cr.model_forward(X, P)
    Z1 = P["W1"] @ X + P["b1"]
    k = 1 if case_key == "b" else 10
    rows = []

    def search_X(n):  # the test the checks ran on X on every call: a sum over all of X
        with np.errstate(over="ignore"):
            for _ in range(n):
                math.isfinite(X.sum())

    def test_Z1(n):
        for _ in range(n):
            validation.sum_is_finite(Z1)

    rows.append(_pair("finiteness of X: test X / test Z[1]", search_X, test_Z1, k, rounds))

    def learner_steps(n):
        for _ in range(n):
            AL, caches = cr.model_forward(X, P)
            cr.compute_cost(AL, Y)
            cr.update_parameters(P, cr.model_backward(AL, Y, caches), 1e-300)

    def learner_steps_dot_only(n):  # the quick test as it was: a dot product at any size
        quick_test = validation.sum_is_finite
        dot_only = lambda A: math.isfinite(np.vdot(A, A))  # noqa: E731
        forward.sum_is_finite = validation.sum_is_finite = dot_only
        try:
            learner_steps(n)
        finally:
            forward.sum_is_finite = validation.sum_is_finite = quick_test

    rows.append(
        _pair("learner's step, finiteness tests: dot product / sum on one thread",
              learner_steps_dot_only, learner_steps, k, rounds)
    )  # fmt: skip

    def min_and_max(n):
        for _ in range(n):
            _ = 0 <= AL.min() and AL.max() <= 1

    def bit_patterns(n):
        for _ in range(n):
            validation._at_most_one(AL)

    rows.append(
        _pair("AL in [0, 1]: min and max / max of bit patterns", min_and_max, bit_patterns,
              100, rounds)
    )  # fmt: skip

    def labels_tested(n):  # the arithmetic test, as for labels never seen before
        for _ in range(n):
            validation._PASSED["labels"] = None
            validation.check_labels(Y, case.m)

    def labels_remembered(n):
        for _ in range(n):
            validation.check_labels(Y, case.m)

    rows.append(
        _pair("labels 0 or 1: tested / equal to the last that passed", labels_tested,
              labels_remembered, 100, rounds)
    )  # fmt: skip

    def structure_anew(n):
        for _ in range(n):
            validation._check_structure(P)

    def structure_remembered(n):
        for _ in range(n):
            validation.parameter_structure(P)

    rows.append(
        _pair(
            "structure: checked anew / remembered",
            structure_anew,
            structure_remembered,
            100,
            rounds,
        )
    )

    def scale_each_gradient(n):  # model_backward before the 1/m moved into dZ[L]
        for _ in range(n):
            _backward_scaling_each_layer(AL, Y, caches)

    def scale_dZL(n):
        for _ in range(n):
            cr.model_backward(AL, Y, caches, validate=False)

    rows.append(
        _pair("backward, 1/m: on each dW, db (or dZ) / once, on dZ[L]",
              scale_each_gradient, scale_dZL, k, rounds)
    )  # fmt: skip
    grads = cr.model_backward(AL, Y, caches)
    scratch = {key: value.copy() for key, value in grads.items()}
    tiny = 1e-300  # the parameters must not drift while we time the same step again and again

    def with_temporary(n):
        for _ in range(n):
            for key, W in P.items():
                W -= tiny * grads["d" + key]

    def in_place(n):
        for _ in range(n):
            for key, W in P.items():
                dW = scratch["d" + key]
                np.multiply(grads["d" + key], tiny, out=dW)  # stands for the fresh gradient
                W -= dW

    rows.append(
        _pair("update: alpha dP as a temporary / in place", with_temporary, in_place, k, rounds)
    )

    def learner_step(update):  # one step of the learner's loop, with a given update
        def steps(n):
            for _ in range(n):
                AL, caches = cr.model_forward(X, P)
                cr.compute_cost(AL, Y)
                update(cr.model_backward(AL, Y, caches))

        return steps

    def update_with_temporary(grads):  # update_parameters before it worked in blocks
        validation.check_parameters(P)
        validation.check_grads(grads, P)
        for key, W in P.items():
            W -= np.multiply(grads["d" + key], tiny)

    rows.append(
        _pair("learner's step, update: one temporary / in blocks",
              learner_step(update_with_temporary),
              learner_step(lambda grads: cr.update_parameters(P, grads, tiny)), k, rounds)
    )  # fmt: skip
    try:
        from scipy.linalg import blas
    except ImportError:
        blas = None
    if blas is not None:
        gemm = blas.dgemm if dtype == "float64" else blas.sgemm
        dZ1 = np.ascontiguousarray(np.random.default_rng(0).standard_normal(Z1.shape), dtype=dtype)
        m = X.shape[1]

        def product_then_update(n, W, alpha=learning_rate):
            for _ in range(n):
                dW1 = dZ1 @ X.T
                dW1 *= alpha / m
                np.subtract(W, dW1, out=W)

        def one_gemm(n, W, alpha=learning_rate):
            for _ in range(n):
                # W.T is Fortran-ordered, so gemm writes into W: W <- W - (alpha/m) dZ1 X^T
                gemm(-alpha / m, X.T, dZ1.T, beta=1.0, c=W.T, trans_a=1, overwrite_c=1)

        by_product, by_gemm = P["W1"].copy(), P["W1"].copy()  # both do the same update
        product_then_update(1, by_product)
        one_gemm(1, by_gemm)
        if not np.allclose(by_gemm, by_product, rtol=1e-4, atol=1e-6):
            raise AssertionError("gemm with beta = 1 did not update W[1] in place")

        rows.append(
            _pair("dW[1] and its update: matmul + update / one gemm, beta = 1",
                  lambda n: product_then_update(n, by_product),
                  lambda n: one_gemm(n, by_gemm), k, rounds)
        )  # fmt: skip
    step = harness.round_robin(
        {"train": (lambda n: cr.train(X, Y, list(case.dims), learning_rate=learning_rate,
                                      num_iterations=n, parameters=P), k)},
        rounds=5,
    )["train"].median  # fmt: skip
    return {"case": case_key, "label": case.label, "dtype": dtype, "step_s": step, "rows": rows}
