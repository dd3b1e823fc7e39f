"""What each of the engine's economies saves per step, each timed alone on problems (a), (b).

Every row times two ways of doing one part of a step, round-robin in the same process,
and reports both medians and their ratio:

* finiteness of ``X``: a sum over ``X`` itself, as the checks once did on every call,
  against the same test on ``Z[1] = W[1] X + b[1]``, which holds every NaN or infinity of ``X``
  and is smaller whenever ``n[1] < n[0]``;
* structure of the parameters: every check run anew, against a signature that passed before;
* the update ``P -= alpha dP``: with the temporary ``alpha dP``, against scaling ``dP`` in
  place (what ``train`` does with gradients nobody else holds);
* ``dW[1]`` and the update of ``W[1]``: a product into a new ``dW[1]`` followed by the update,
  against one BLAS ``gemm`` with ``beta = 1`` that adds ``-(alpha/m) dZ[1] A[0]^T`` to ``W[1]``
  directly (SciPy's BLAS, only if SciPy is installed: the engine itself needs NumPy only).
"""

from __future__ import annotations

import numpy as np

import chainrule as cr
from chainrule import validation

from . import harness
from .cases import CASES, make_data, make_parameters

ROUNDS = 15


def _pair(name: str, old, new, k: int, rounds: int) -> dict:
    timings = harness.round_robin({"old": (old, k), "new": (new, k)}, rounds=rounds)
    return {
        "what": name,
        "old_s": float(f"{timings['old'].median:.5g}"),
        "new_s": float(f"{timings['new'].median:.5g}"),
        "old/new": round(harness.paired_ratio(timings["old"], timings["new"])["median"], 3),
    }


def measure(case_key: str, dtype: str = "float64", rounds: int = ROUNDS) -> dict:
    """The rows above for one problem, with the time of a whole step of ``train`` for scale."""
    case = CASES[case_key]
    X, Y = make_data(case, dtype)
    P = make_parameters(case, dtype)
    learning_rate = case.learning_rate
    AL, caches = cr.model_forward(X, P)
    grads = cr.model_backward(AL, Y, caches)
    Z1 = P["W1"] @ X + P["b1"]
    k = 1 if case_key == "b" else 10
    rows = []

    def search_X(n):  # the test the checks ran on X on every call: a sum over all of X
        with np.errstate(over="ignore"):
            for _ in range(n):
                validation.sum_is_finite(X)

    def test_Z1(n):
        with np.errstate(over="ignore"):
            for _ in range(n):
                validation.sum_is_finite(Z1)

    rows.append(_pair("finiteness of X: test X / test Z[1]", search_X, test_Z1, k, rounds))

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
    try:
        from scipy.linalg import blas
    except ImportError:
        blas = None
    if blas is not None:
        gemm = blas.dgemm if dtype == "float64" else blas.sgemm
        dZ1 = np.ascontiguousarray(np.random.default_rng(0).standard_normal(Z1.shape), dtype=dtype)
        W1 = P["W1"]
        m = X.shape[1]

        def product_then_update(n, W=W1, alpha=tiny):
            for _ in range(n):
                dW1 = dZ1 @ X.T
                dW1 *= alpha / m
                np.subtract(W, dW1, out=W)

        def one_gemm(n, W=W1, alpha=tiny):
            for _ in range(n):
                # W.T is Fortran-ordered, so gemm writes into W: W <- W - (alpha/m) dZ1 X^T
                gemm(-alpha / m, X.T, dZ1.T, beta=1.0, c=W.T, trans_a=1, overwrite_c=1)

        by_product, by_gemm = W1.copy(), W1.copy()  # both do the same update
        product_then_update(1, by_product, 0.1)
        one_gemm(1, by_gemm, 0.1)
        if not np.allclose(by_gemm, by_product, rtol=1e-4, atol=1e-6):
            raise AssertionError("gemm with beta = 1 did not update W[1] in place")

        rows.append(
            _pair("dW[1] and its update: matmul + update / one gemm, beta = 1",
                  product_then_update, one_gemm, k, rounds)
        )  # fmt: skip
    step = harness.round_robin(
        {"train": (lambda n: cr.train(X, Y, list(case.dims), learning_rate=learning_rate,
                                      num_iterations=n, parameters=P), k)},
        rounds=5,
    )["train"].median  # fmt: skip
    return {"case": case_key, "label": case.label, "dtype": dtype, "step_s": step, "rows": rows}
