"""The benchmark problems: layer sizes, number of examples, data, initial parameters."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import chainrule as cr


@dataclass(frozen=True)
class Case:
    """One problem: a network ``dims = [n0, ..., nL]`` trained on ``m`` examples."""

    key: str  # "a", "b", "c"
    dims: tuple[int, ...]
    m: int
    data: str  # "random" or "flower"
    learning_rate: float

    @property
    def label(self) -> str:
        return f"({self.key}) [{', '.join(map(str, self.dims))}], m = {self.m}"


CASES = {
    # The course's cat classifier: 64 x 64 x 3 pixels, 209 training images.
    "a": Case("a", (12288, 20, 7, 5, 1), 209, "random", 0.0075),
    # An MNIST-sized network on a larger batch: the products dominate.
    "b": Case("b", (784, 256, 128, 1), 10_000, "random", 0.05),
    # The flower data set: the network is tiny, per-call overhead dominates.
    "c": Case("c", (2, 4, 1), 400, "flower", 1.2),
}

DTYPES = (np.float64, np.float32)


def make_data(case: Case, dtype, *, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``X (n0, m)`` and ``Y (1, m)`` in ``dtype``, C-contiguous, the engine's layout."""
    if case.data == "flower":
        X, Y = cr.make_flower(case.m, seed=seed)
    else:
        rng = np.random.default_rng(seed)
        X = rng.random((case.dims[0], case.m))  # in [0, 1), like scaled pixels
        Y = (rng.random((1, case.m)) < 0.5).astype(np.float64)
    return np.ascontiguousarray(X, dtype=dtype), np.ascontiguousarray(Y, dtype=dtype)


def make_parameters(case: Case, dtype, *, seed: int = 1) -> dict[str, np.ndarray]:
    """He-initialised parameters (the same network in either dtype for one seed)."""
    return cr.initialize_parameters(list(case.dims), method="he", seed=seed, dtype=dtype)
