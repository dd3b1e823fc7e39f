"""Shapes of caches and gradients, symmetry, convergence, float32, and the size budget."""

import ast
import io
import tokenize
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

import chainrule as cr

SLIDES_NETWORK = [2, 3, 5, 4, 2, 1]  # L = 5, the worked example of the notes


def test_parameter_shapes_of_the_slides_network():
    parameters = cr.initialize_parameters(SLIDES_NETWORK, seed=0)
    shapes = {k: v.shape for k, v in parameters.items()}
    assert shapes == {
        "W1": (3, 2), "b1": (3, 1), "W2": (5, 3), "b2": (5, 1), "W3": (4, 5), "b3": (4, 1),
        "W4": (2, 4), "b4": (2, 1), "W5": (1, 2), "b5": (1, 1),
    }  # fmt: skip


@pytest.mark.parametrize("activation", sorted(cr.ACTIVATIONS))
def test_cache_and_gradient_shapes(problem, activation):
    m = 7
    X, Y, parameters = problem(SLIDES_NETWORK, m)
    AL, caches = cr.model_forward(X, parameters, activation)
    assert AL.shape == (1, m)
    assert len(caches) == 5
    for l, cache in enumerate(caches, start=1):
        n, n_prev = SLIDES_NETWORK[l], SLIDES_NETWORK[l - 1]
        assert cache.A_prev.shape == (n_prev, m)
        assert cache.W is parameters[f"W{l}"]  # a reference, not a copy
        assert cache.b.shape == (n, 1)
        assert cache.A.shape == (n, m)
    assert caches[0].A_prev is X
    grads = cr.model_backward(AL, Y, caches)
    assert set(grads) == {"d" + k for k in parameters}
    for key, P in parameters.items():  # foo and dfoo share a shape
        assert grads["d" + key].shape == P.shape
        assert grads["d" + key].dtype == P.dtype


def test_initialisation_scales():
    big = [1000, 500, 1]
    for method, std in [("random", 0.01), ("he", np.sqrt(2 / 1000)), ("xavier", np.sqrt(1 / 1000))]:
        W = cr.initialize_parameters(big, method=method, seed=0)["W1"]
        assert W.std() == pytest.approx(std, rel=0.02), method
    zeros = cr.initialize_parameters(big, method="zeros")
    assert not any(v.any() for v in zeros.values())
    assert all(not v.any() for k, v in cr.initialize_parameters(big, seed=1).items() if k[0] == "b")


def test_seed_reproduces_and_dtype_is_kept():
    a = cr.initialize_parameters([4, 3, 1], seed=42, dtype=np.float32)
    b = cr.initialize_parameters([4, 3, 1], seed=42, dtype=np.float32)
    assert all(np.array_equal(a[k], b[k]) and a[k].dtype == np.float32 for k in a)


def hidden_units_identical(W):
    return np.allclose(W, W[:1], rtol=0, atol=1e-12)


def test_zero_init_keeps_hidden_units_identical_random_breaks_symmetry():
    X, Y = cr.make_flower(200, seed=1)
    dims = [2, 5, 1]
    zero, _ = cr.train(X, Y, dims, learning_rate=0.5, num_iterations=300, init="zeros",
                       hidden_activation="tanh")  # fmt: skip
    assert hidden_units_identical(zero["W1"]) and hidden_units_identical(zero["W2"].T)
    random, _ = cr.train(X, Y, dims, learning_rate=0.5, num_iterations=300, init="random",
                         hidden_activation="tanh", seed=0)  # fmt: skip
    assert not hidden_units_identical(random["W1"])
    assert np.linalg.matrix_rank(random["W1"]) == 2


def test_training_reaches_95_percent_on_the_flower():
    X, Y = cr.make_flower(400, seed=0)
    parameters, costs = cr.train(
        X, Y, [2, 20, 10, 1], learning_rate=0.3, num_iterations=4000, seed=0
    )
    accuracy = (cr.predict(X, parameters) == Y).mean()
    assert accuracy >= 0.95, accuracy
    assert costs[-1] < costs[0] / 5


def test_training_reaches_95_percent_on_moons_with_tanh():
    X, Y = cr.make_moons(300, seed=2)
    parameters, _ = cr.train(X, Y, [2, 8, 1], learning_rate=1.0, num_iterations=3000,
                             hidden_activation="tanh", init="xavier", seed=0)  # fmt: skip
    assert (cr.predict(X, parameters, "tanh") == Y).mean() >= 0.95


def test_float32_end_to_end():
    X, Y = cr.make_flower(200, seed=0)
    X32 = X.astype(np.float32)
    parameters, costs = cr.train(X32, Y, [2, 10, 1], learning_rate=0.3, num_iterations=200, seed=0)
    assert all(v.dtype == np.float32 for v in parameters.values())
    AL, caches = cr.model_forward(X32, parameters)
    assert AL.dtype == np.float32 and all(c.A.dtype == np.float32 for c in caches)
    grads = cr.model_backward(AL, Y, caches)
    assert all(g.dtype == np.float32 for g in grads.values())
    assert np.isfinite(costs).all() and costs[-1] < costs[0]
    # same run in float64 agrees to float32 precision
    p64, c64 = cr.train(X, Y, [2, 10, 1], learning_rate=0.3, num_iterations=200, seed=0)
    assert costs[-1] == pytest.approx(c64[-1], rel=1e-3)


def test_update_is_in_place_and_exact():
    parameters = {"W1": np.array([[1.0, 2.0]]), "b1": np.array([[3.0]])}
    grads = {"dW1": np.array([[10.0, -10.0]]), "db1": np.array([[1.0]])}
    W = parameters["W1"]
    out = cr.update_parameters(parameters, grads, 0.1)
    assert out is parameters and parameters["W1"] is W
    np.testing.assert_array_equal(W, [[0.0, 3.0]])
    np.testing.assert_array_equal(parameters["b1"], [[2.9]])


@pytest.mark.parametrize("order", ["C", "F"])
def test_update_of_a_large_parameter_needs_no_array_of_its_size(order):
    """A ``W`` as large as (a)'s ``W1`` is updated in blocks: the update's peak memory is a
    small fraction of ``W`` (a full-size ``α dW`` is a fresh mapping, page-faulted in every
    step), the values are those of ``W - α dW``, and ``grads`` is left as it was. A
    Fortran-ordered ``W`` takes the plain path and gets the same values."""
    rng = np.random.default_rng(0)
    W = np.asarray(rng.standard_normal((20, 12288)), order=order)
    parameters = {"W1": W, "b1": rng.standard_normal((20, 1))}
    grads = {"dW1": rng.standard_normal(W.shape), "db1": rng.standard_normal((20, 1))}
    kept = {key: dP.copy() for key, dP in grads.items()}
    cr.update_parameters(parameters, grads, 0.05)  # the structure checks are now remembered
    expected = W - np.multiply(grads["dW1"], 0.05)
    tracemalloc.start()
    try:
        cr.update_parameters(parameters, grads, 0.05)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    np.testing.assert_array_equal(parameters["W1"], expected)
    for key, dP in grads.items():
        np.testing.assert_array_equal(dP, kept[key])
    if order == "C":
        assert peak < W.nbytes / 8, f"the update allocated {peak} bytes for a W of {W.nbytes}"


def test_progress_callback_and_cost_history():
    X, Y = cr.make_moons(50, seed=0)
    seen = []
    _, costs = cr.train(X, Y, [2, 3, 1], learning_rate=0.1, num_iterations=5, seed=0,
                        progress=lambda i, cost: seen.append((i, cost)))  # fmt: skip
    assert seen == list(enumerate(costs)) and len(costs) == 5


def test_train_rejects_parameters_that_do_not_fit_layer_dims():
    X, Y = cr.make_moons(20, seed=0)
    parameters = cr.initialize_parameters([2, 4, 1], seed=0)
    with pytest.raises(ValueError, match=r"do not match \[2, 3, 1\]"):
        cr.train(X, Y, [2, 3, 1], learning_rate=0.1, num_iterations=1, parameters=parameters)


def code_lines(source: str) -> int:
    """Lines that carry code: not blank, not only a comment, not part of a docstring.

    A docstring (any string standing alone as a statement) is prose, like a comment;
    a string inside code, such as an error message, is code.
    """
    prose = set()
    for node in ast.walk(ast.parse(source)):
        is_string = isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        if is_string and isinstance(node.value.value, str):
            prose.update(range(node.lineno, node.end_lineno + 1))
    code = {tokenize.OP, tokenize.NAME, tokenize.NUMBER, tokenize.STRING}
    code |= {getattr(tokenize, t) for t in ("FSTRING_START", "FSTRING_MIDDLE", "FSTRING_END")
             if hasattr(tokenize, t)}  # fmt: skip
    lines = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in code:
            lines.update(range(token.start[0], token.end[0] + 1))
    return len(lines - prose)


def test_code_lines_skip_prose_and_count_code():
    source = '''"""A module docstring
over two lines."""

# a comment
X = 1  # code with a comment


def f(a):
    """A docstring."""
    message = (
        "a string that is code"
    )
    return a + 1
'''
    assert code_lines(source) == 6  # X =, def, message = (, "...", ), return
    assert code_lines(source.replace("# a comment", "Y = 2")) == 7


ENGINE_CODE_LINES = 650


def test_engine_fits_in_one_sitting():
    """A visible size budget: the engine's code stays readable in one sitting.

    Only lines of code count, so docstrings deriving the equations cost nothing.
    """
    files = sorted(Path(cr.__file__).parent.glob("*.py"))
    lines = sum(code_lines(f.read_text(encoding="utf8")) for f in files)
    assert lines <= ENGINE_CODE_LINES, f"the engine has grown to {lines} lines of code"
