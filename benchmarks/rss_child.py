"""A fresh process that trains a few steps and prints its peak resident memory as JSON.

Run by :func:`benchmarks.harness.rss_peak`:
``python -m benchmarks.rss_child CONTENDER CASE STEPS THREADS``. The baseline is taken once
the libraries are imported and the data exist, so the peak above it is what training costs.
"""

from __future__ import annotations

import json
import resource
import sys

import numpy as np

from benchmarks import steps
from benchmarks.cases import CASES, make_data, make_parameters


def rss() -> int:
    """Resident set size now, bytes."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize()


def reset_peak() -> bool:
    """Linux >= 4.0: set the peak (VmHWM) to the current RSS; False where that is refused."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def peak() -> int:
    """Peak resident set size since the last reset, bytes."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main(contender: str, key: str, steps_to_run: int, threads: int) -> dict:
    case = CASES[key]
    if contender == "torch":
        import torch

        torch.set_num_threads(threads)
        torch.ones(8, 8, dtype=torch.float64) @ torch.ones(8, 8, dtype=torch.float64)
    if contender == "sklearn":
        import sklearn.neural_network  # noqa: F401  (imported before the baseline)
    np.ones((8, 8)) @ np.ones((8, 8))  # start the BLAS thread pool before the baseline
    X, Y = make_data(case, np.float64)
    X_rows = None
    if contender == "sklearn":  # its own layout of the data is data too: (m, n0)
        X_rows = np.ascontiguousarray(X.T)
        X = X[:, :0]  # only shape and dtype are still needed
    reset = reset_peak()
    before = rss()
    P = make_parameters(case, np.float64)
    if contender == "learner":
        run = steps.LearnersLoop(X, Y, P, case.learning_rate)
    elif contender == "train":
        run = steps.Engine(X, Y, P, case.learning_rate)
    elif contender == "torch":
        run = steps.Torch(X, Y, P, case.learning_rate, threads=threads)
    else:
        run = steps.Sklearn(X, Y, P, case.learning_rate, X_rows=X_rows)
    run.run(steps_to_run)
    data_bytes = (X_rows.nbytes if X_rows is not None else X.nbytes) + Y.nbytes
    return {
        "data_bytes": data_bytes,
        "rss_before": before,
        "rss_peak": peak(),
        "peak_was_reset": reset,
    }


if __name__ == "__main__":
    contender, key, steps_to_run, threads = sys.argv[1:5]
    print(json.dumps(main(contender, key, int(steps_to_run), int(threads))))
