"""Backprop against an outside oracle: central differences of the cost, and a hand calculation."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import chainrule as cr

ACTIVATIONS = sorted(cr.ACTIVATIONS)


@settings(max_examples=40, deadline=None)
@given(
    hidden=st.lists(st.integers(1, 6), min_size=0, max_size=3),
    n0=st.integers(1, 5),
    m=st.integers(1, 9),
    activation=st.sampled_from(ACTIVATIONS),
    seed=st.integers(0, 10_000),
)
def test_backprop_matches_central_differences(problem, hidden, n0, m, activation, seed):
    X, Y, parameters = problem([n0, *hidden, 1], m, seed=seed)
    error = cr.gradient_check(X, Y, parameters, hidden_activation=activation)
    assert error < 1e-7, f"{activation} {[n0, *hidden, 1]} m={m}: relative error {error:.2e}"


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_every_gradient_entry_matches(problem, activation):
    """Entry by entry, not only as one norm: a single wrong dW column must show up."""
    X, Y, parameters = problem([3, 4, 3, 1], 6, seed=7)
    AL, caches = cr.model_forward(X, parameters, activation)
    grads = cr.model_backward(AL, Y, caches)
    numeric = cr.numerical_gradients(X, Y, parameters, hidden_activation=activation)
    for key in numeric:
        np.testing.assert_allclose(grads[key], numeric[key], rtol=1e-5, atol=1e-9, err_msg=key)


def test_gradient_check_detects_a_wrong_equation(problem, monkeypatch):
    """The check can fail: drop the 1/m of dW (a slide-style mistake) and it must notice."""
    X, Y, parameters = problem([3, 4, 1], 5, seed=3)
    assert cr.gradient_check(X, Y, parameters) < 1e-7

    from chainrule import backward

    original = backward.linear_backward

    def without_one_over_m(dZ, cache, **options):
        dA_prev, dW, db = original(dZ, cache, **options)
        return dA_prev, dW * cache.A_prev.shape[1], db

    monkeypatch.setattr(backward, "linear_backward", without_one_over_m)
    assert cr.gradient_check(X, Y, parameters) > 1e-2


def test_slide_erratum_A_L_instead_of_A_L_minus_1_is_caught(problem):
    """The slide's dW[L] = (1/m) dZ[L] A[L]^T is not the gradient, even where its shapes fit."""
    X, Y, parameters = problem(
        [2, 1, 1], 8, seed=11
    )  # n[L-1] = n[L] = 1 so the wrong one even fits
    AL, caches = cr.model_forward(X, parameters)
    grads = cr.model_backward(AL, Y, caches)
    numeric = cr.numerical_gradients(X, Y, parameters)
    dZL = AL - Y
    wrong_dWL = dZL @ AL.T / X.shape[1]
    assert cr.relative_error(grads["dW2"], numeric["dW2"]) < 1e-7
    assert cr.relative_error(wrong_dWL, numeric["dW2"]) > 1e-2


def test_two_layer_network_by_hand():
    """One example, a [1, 1, 1] ReLU network: every number checkable with pencil and paper.

    x = 2, y = 1, W1 = 0.5, b1 = 0, W2 = -1, b2 = 0.5
      z1 = 0.5 * 2 + 0 = 1        a1 = relu(1) = 1
      z2 = -1 * 1 + 0.5 = -0.5    a2 = σ(-0.5) = 1 / (1 + e^0.5)
      dz2 = a2 - y                dW2 = dz2 * a1 = dz2       db2 = dz2
      dz1 = W2 * dz2 * relu'(z1) = -dz2                      dW1 = dz1 * x = -2 dz2   db1 = -dz2
    """
    X = np.array([[2.0]])
    Y = np.array([[1.0]])
    parameters = {
        "W1": np.array([[0.5]]),
        "b1": np.array([[0.0]]),
        "W2": np.array([[-1.0]]),
        "b2": np.array([[0.5]]),
    }
    a2 = 1 / (1 + math.exp(0.5))
    dz2 = a2 - 1
    AL, caches = cr.model_forward(X, parameters)
    grads = cr.model_backward(AL, Y, caches)
    assert AL[0, 0] == pytest.approx(a2, rel=1e-15)
    assert cr.compute_cost(AL, Y) == pytest.approx(-math.log(a2), rel=1e-14)
    expected = {"dW2": dz2, "db2": dz2, "dW1": -2 * dz2, "db1": -dz2}
    for key, value in expected.items():
        assert grads[key][0, 0] == pytest.approx(value, rel=1e-14), key


def test_dA_L_path_equals_the_shortcut(problem):
    """dZ[L] = dA[L] * σ'(Z[L]) with dA[L] = -Y/A + (1-Y)/(1-A) collapses to A[L] - Y."""
    X, Y, parameters = problem([3, 2, 1], 10, seed=5)
    AL, caches = cr.model_forward(X, parameters)
    dAL = cr.cost_derivative(AL, Y)
    long_way = cr.activation_backward(dAL, caches[-1])
    np.testing.assert_allclose(long_way, AL - Y, rtol=1e-12, atol=1e-15)


def test_model_backward_never_computes_dA0(problem, monkeypatch):
    from chainrule import backward

    calls = []
    original = backward.linear_backward

    def spy(dZ, cache, **options):
        calls.append(options["compute_dA_prev"])
        return original(dZ, cache, **options)

    monkeypatch.setattr(backward, "linear_backward", spy)
    X, Y, parameters = problem([4, 3, 2, 1], 5)
    AL, caches = cr.model_forward(X, parameters)
    cr.model_backward(AL, Y, caches)
    assert calls == [True, True, False]  # layers 3, 2, then layer 1 without dA[0]


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_linear_backward_without_the_mean_is_m_times_with_it(problem, dtype):
    """model_backward puts the 1/m into dZ[L] and asks for the products alone
    (mean=False); by itself, linear_backward keeps the 1/m of the equations."""
    X, Y, parameters = problem([3, 4, 1], 5, seed=3, dtype=dtype)
    _, caches = cr.model_forward(X, parameters)
    dZ = np.random.default_rng(0).standard_normal((4, 5)).astype(dtype)
    dA_prev, dW, db = cr.linear_backward(dZ, caches[0])
    sums = cr.linear_backward(dZ, caches[0], mean=False)
    rtol = 1e-6 if dtype == np.float32 else 1e-15
    np.testing.assert_allclose(dW, sums[1] / 5, rtol=rtol)
    np.testing.assert_allclose(db, sums[2] / 5, rtol=rtol)
    np.testing.assert_array_equal(dA_prev, sums[0])
    np.testing.assert_allclose(dW, dZ @ X.T / 5, rtol=10 * rtol)
