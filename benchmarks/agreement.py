"""Before anything is timed, every contender must agree with ``train`` after a few steps."""

from __future__ import annotations

import numpy as np

from .plan import CHECK_STEPS, TOLERANCE, make_contender


def relative_difference(P: dict, Q: dict, start: dict | None = None) -> float:
    """max over arrays of max|P - Q| / max|P| (of P - start and Q - start if given)."""
    worst = 0.0
    for key in P:
        a, b = P[key].astype(np.float64), Q[key].astype(np.float64)
        if start is not None:
            a, b = a - start[key], b - start[key]
        scale = float(np.max(np.abs(a)))
        worst = max(worst, float(np.max(np.abs(a - b))) / scale if scale else 0.0)
    return worst


def check_agreement(case, dtype, X, Y, P0, names, threads) -> dict:
    """Run every contender CHECK_STEPS steps from P0; all must match ``train``."""
    reference_run = make_contender("train", case, X, Y, P0, threads)
    reference_run.run(CHECK_STEPS)
    reference = reference_run.parameters()
    start = {key: value.astype(np.float64) for key, value in P0.items()}
    result = {}
    tol = TOLERANCE[dtype]
    for name in names:
        if name in ("train", "floor"):
            continue
        other = make_contender(name, case, X, Y, P0, threads)
        other.run(CHECK_STEPS)
        diff = {
            "parameters": relative_difference(reference, other.parameters()),
            "updates": relative_difference(reference, other.parameters(), start),
        }
        for what, value in diff.items():
            if not value < tol[what]:
                raise AssertionError(
                    f"{case.label} {dtype}: {name} disagrees with train after "
                    f"{CHECK_STEPS} steps: relative difference of the {what} {value:.2e} "
                    f">= {tol[what]:.0e}"
                )
        result[name] = diff
    return {"steps": CHECK_STEPS, "tolerance": tol, "max_relative_difference": result}
