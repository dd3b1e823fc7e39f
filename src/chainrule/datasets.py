"""Small generated 2-D data sets, in the column convention ``X (2, m)``, ``Y (1, m)``."""

from __future__ import annotations

import numpy as np


def make_flower(m: int = 400, *, petals: int = 4, noise: float = 0.2, seed: int | None = 0):
    r"""Points on a rose curve :math:`r = a \sin(k\theta)`, alternate petals labelled 0 and 1.

    Half the points belong to each class; ``noise`` blurs angle and radius.
    Returns ``X`` ``(2, m)`` and ``Y`` ``(1, m)``, both float64.
    """
    rng = np.random.default_rng(seed)
    k = petals / 2  # a rose r = sin(k θ) with even 2k has 2k petals
    theta = rng.uniform(0, 2 * np.pi, m)
    petal = np.floor(theta * petals / (2 * np.pi)).astype(int)
    theta = theta + noise * rng.standard_normal(m) / petals
    r = 4 * np.abs(np.sin(k * theta)) + noise * rng.standard_normal(m)
    X = np.stack([r * np.cos(theta), r * np.sin(theta)])
    Y = (petal % 2).astype(np.float64).reshape(1, m)
    return X, Y


def make_moons(m: int = 400, *, noise: float = 0.15, seed: int | None = 0):
    """Two interleaving half circles, one per class.

    Returns ``X`` ``(2, m)`` and ``Y`` ``(1, m)``, both float64.
    """
    rng = np.random.default_rng(seed)
    Y = (np.arange(m) % 2).astype(np.float64)
    t = rng.uniform(0, np.pi, m)
    x = np.where(Y == 0, np.cos(t), 1 - np.cos(t))
    y = np.where(Y == 0, np.sin(t), 0.5 - np.sin(t))
    X = np.stack([x, y]) + noise * rng.standard_normal((2, m))
    return X, Y.reshape(1, m)
