import numpy as np
import pytest

import chainrule as cr


def make_problem(layer_dims, m, *, seed=0, dtype=np.float64):
    """A random X (n0, m), binary Y (1, m) and He-initialised parameters with non-zero biases."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((layer_dims[0], m)).astype(dtype)
    Y = (rng.random((1, m)) > 0.5).astype(dtype)
    parameters = cr.initialize_parameters(layer_dims, method="he", seed=seed + 1, dtype=dtype)
    for key in parameters:
        if key.startswith("b"):
            parameters[key] = (0.1 * rng.standard_normal(parameters[key].shape)).astype(dtype)
    return X, Y, parameters


@pytest.fixture(scope="session")
def problem():  # a factory: safe to share between hypothesis examples
    return make_problem
