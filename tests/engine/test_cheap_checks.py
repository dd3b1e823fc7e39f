"""The checks that run on every step are cheap, yet catch what the full checks catch.

Structure is remembered per signature, values are tested on Z[l]: each shortcut is
shown to still catch a change made after a step that passed.
"""

import math

import numpy as np
import pytest

import chainrule as cr
from chainrule import validation


@pytest.fixture
def net(problem):
    X, Y, parameters = problem([3, 4, 1], 5)
    cr.model_forward(X, parameters)  # this signature has passed once
    return X, Y, parameters


def learner_step(X, Y, parameters, learning_rate=0.1):
    AL, caches = cr.model_forward(X, parameters)
    cr.compute_cost(AL, Y)
    grads = cr.model_backward(AL, Y, caches)
    cr.update_parameters(parameters, grads, learning_rate)


def test_a_signature_is_checked_once(net, monkeypatch):
    X, Y, parameters = net
    calls = []
    original = validation._check_structure
    monkeypatch.setattr(validation, "_check_structure", lambda p: calls.append(1) or original(p))
    for _ in range(3):
        learner_step(X, Y, parameters)
    copy = {key: value.copy() for key, value in parameters.items()}
    cr.model_forward(X, copy)  # another dict, same keys, types, shapes, dtypes
    assert calls == []
    copy["W2"] = copy["W2"][:, :3]  # a new shape: checked again, and refused
    with pytest.raises(ValueError, match=r"W2 must have shape \(n\[2\], n\[1\]\) = \(1, 4\)"):
        cr.model_forward(X, copy)
    assert calls == [1]


def test_a_bias_made_flat_after_good_steps_is_caught(net):
    X, Y, parameters = net
    learner_step(X, Y, parameters)
    parameters["b1"] = parameters["b1"].ravel()
    with pytest.raises(ValueError, match=r"b1 must have shape \(n\[1\], 1\) = \(4, 1\).*\(4,\)"):
        cr.model_forward(X, parameters)


def test_an_array_reshaped_in_place_is_caught(net):
    X, Y, parameters = net
    parameters["b2"].shape = (1,)  # same object, new shape
    with pytest.raises(ValueError, match=r"b2 must have shape \(n\[2\], 1\)"):
        cr.model_forward(X, parameters)


def test_a_dtype_change_after_good_steps_is_caught(net):
    X, Y, parameters = net
    parameters["W1"] = parameters["W1"].astype(np.float32)
    with pytest.raises(TypeError, match=r"one dtype; W1 is float32 but b1 is float64"):
        cr.model_forward(X, parameters)


@pytest.mark.parametrize(("key", "entry"), [("X", (1, 2)), ("W1", (3, 0)), ("b1", (2, 0)),
                                            ("W2", (0, 1)), ("b2", (0, 0))])  # fmt: skip
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_a_value_changed_in_place_after_good_steps_is_named(net, key, entry, bad):
    X, Y, parameters = net
    X = X.copy()
    learner_step(X, Y, parameters)
    array = X if key == "X" else parameters[key]
    array[entry] = bad  # the same objects as in the step that passed
    row, col = entry
    with pytest.raises(ValueError, match=rf"{key} must be finite, but {key}\[{row}, {col}\]"):
        cr.model_forward(X, parameters)


def test_an_infinity_that_relu_would_hide_is_caught(problem):
    """+inf in X meets only negative weights: Z[1] is -inf and relu(Z[1]) = 0, so the
    output is finite. Testing A (or only the output) would miss it; Z[1] does not."""
    X, Y, parameters = problem([3, 4, 1], 5)
    parameters["W1"][:, 0] = -np.abs(parameters["W1"][:, 0]) - 0.1
    X[0, 3] = np.inf
    AL, caches = cr.model_forward(X, parameters, validate=False)
    assert np.isfinite(AL).all() and np.isfinite(caches[0].A).all()  # the hidden infinity
    with pytest.raises(ValueError, match=r"X must be finite, but X\[0, 3\] is inf"):
        cr.model_forward(X, parameters)


def test_nan_in_X_is_caught_when_W1_is_zero(problem):
    """0 * NaN is NaN: the product W1 X carries a NaN of X even through zero weights."""
    X, Y, _ = problem([3, 4, 1], 5)
    parameters = cr.initialize_parameters([3, 4, 1], method="zeros")
    X[2, 1] = np.nan
    with pytest.raises(ValueError, match=r"X must be finite, but X\[2, 1\] is nan"):
        cr.model_forward(X, parameters)
    with pytest.raises(ValueError, match=r"X\[2, 1\]"):
        cr.train(X, Y, [3, 4, 1], learning_rate=0.1, num_iterations=1, init="zeros")


def test_valid_steps_never_search_for_the_bad_entry(net, monkeypatch):
    """The search over X (or W, b) runs only after a test found something."""
    X, Y, parameters = net
    searched = []
    original = validation.check_finite
    monkeypatch.setattr(validation, "check_finite", lambda A, name: searched.append(name))
    from chainrule import forward

    monkeypatch.setattr(forward, "check_finite", validation.check_finite)
    for _ in range(3):
        learner_step(X, Y, parameters)
    assert searched == []
    X = X.copy()
    X[0, 0] = np.nan
    monkeypatch.setattr(forward, "check_finite", original)
    with pytest.raises(ValueError, match=r"X\[0, 0\]"):
        cr.model_forward(X, parameters)


def test_update_still_refuses_non_finite_parameters(net):
    X, Y, parameters = net
    AL, caches = cr.model_forward(X, parameters)
    grads = cr.model_backward(AL, Y, caches)
    parameters["W1"][1, 2] = np.nan
    with pytest.raises(ValueError, match=r"W1 must be finite, but W1\[1, 2\] is nan"):
        cr.update_parameters(parameters, grads, 0.1)


@pytest.mark.parametrize("label", [2.0, -1.0, 0.5, 1e-300, 1 + 2**-52, 1e200, np.inf, np.nan])
def test_the_one_line_label_test_refuses_every_non_binary_float(label):
    Y = np.array([[0.0, 1.0, 1.0, 0.0]])
    Y[0, 2] = label
    with np.errstate(over="ignore"), pytest.raises(ValueError, match=r"Y\[0, 2\]"):
        validation.check_labels(Y, 4)


@pytest.mark.parametrize("label", [2.0, 0.5, np.nan, -1.0])
def test_labels_changed_in_place_after_passing_are_tested_again(label):
    Y = np.array([[0.0, 1.0, 1.0, 0.0]])
    validation.check_labels(Y, 4)
    Y[0, 2] = label
    with pytest.raises(ValueError, match=r"Y\[0, 2\]"):
        validation.check_labels(Y, 4)


@pytest.mark.parametrize("bad", [1.5, -0.25, np.nan, np.inf])
def test_probabilities_changed_in_place_after_passing_are_tested_again(bad):
    AL = np.array([[0.25, 0.5, 0.75]])
    validation.check_probabilities(AL)
    AL[0, 1] = bad
    with np.errstate(invalid="ignore"), pytest.raises(ValueError, match="AL"):
        validation.check_probabilities(AL)


def test_labels_that_passed_pass_again_without_the_arithmetic(monkeypatch):
    monkeypatch.setitem(validation._PASSED, "labels", None)  # whatever passed before
    counted = []
    count_nonzero = np.count_nonzero
    monkeypatch.setattr(np, "count_nonzero", lambda a: counted.append(1) or count_nonzero(a))
    Y = np.array([[0.0, 1.0, 1.0, 0.0, 1.0]])
    for labels in (Y, Y, Y.copy(), Y.astype(np.float32), Y.astype(np.float32)):
        validation.check_labels(labels, 5)
    assert len(counted) == 2  # once per dtype: equal bytes pass, whatever the array


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.bool_])
def test_binary_labels_pass_in_any_numeric_dtype(dtype):
    Y = np.array([[0, 1, 1, 0]], dtype=dtype)
    assert validation.check_labels(Y, 4) is Y


def test_sigmoid_is_accurate_in_both_tails():
    Z = np.array([[-708.0, -700.0, -30.0, -1.0, 0.0, 1.0, 30.0, 700.0]])
    with np.errstate(all="raise"):
        A = cr.sigmoid(Z)
    for z, a in zip(Z[0], A[0], strict=True):
        exact = 1 / (1 + math.exp(-z))
        assert a == pytest.approx(exact, rel=1e-14, abs=0), z
    out = Z.copy()
    assert cr.sigmoid(out, out=out) is out and np.array_equal(out, A)


@pytest.mark.parametrize("z", [0.5, np.array(0.5), np.array([[0, 2]]), [[0.0, 2.0]]])
def test_sigmoid_takes_scalars_integers_and_lists(z):
    expected = 1 / (1 + np.exp(-np.asarray(z, dtype=np.float64)))
    np.testing.assert_allclose(cr.sigmoid(z), expected, rtol=1e-15)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (np.nan, r"AL must be finite, but AL\[0, 2\] is nan"),
        (np.inf, r"AL must be finite, but AL\[0, 2\] is inf"),
        (-(2.0**-100), r"probabilities in \[0, 1\], got values in \[-7\.88860\d*e-31"),
        (1.0000001, r"probabilities in \[0, 1\], got values in \[.*, 1\.0000001"),
        (-np.nan, r"AL must be finite, but AL\[0, 2\] is nan"),
    ],
)
def test_an_output_changed_in_place_after_forward_is_refused(net, dtype, bad, message):
    """The one-reduction range test of AL (bit patterns read as integers) refuses what
    the minimum and maximum refused, in either dtype, in both functions that read AL."""
    X, Y, parameters = net
    X = X.astype(dtype)
    parameters = {key: value.astype(dtype) for key, value in parameters.items()}
    AL, caches = cr.model_forward(X, parameters)
    AL[0, 2] = bad
    with np.errstate(invalid="ignore"), pytest.raises(ValueError, match=message):
        cr.compute_cost(AL, Y)
    with np.errstate(invalid="ignore"), pytest.raises(ValueError, match=message):
        cr.model_backward(AL, Y, caches)


@pytest.mark.parametrize("edge", [0.0, -0.0, 1.0, 5e-324])
def test_probabilities_at_the_edges_pass(edge):
    """-0.0 has its sign bit set, so the integer test says "look closer"; the exact test
    then accepts it, as it accepts 0, 1 and the smallest subnormal."""
    AL = np.array([[0.25, edge, 0.75]])
    assert validation.check_probabilities(AL) is AL
    assert validation.check_probabilities(AL.astype(np.float32)).dtype == np.float32


def test_huge_but_finite_parameters_pass_the_update(net):
    """The sum of squares overflows for |values| > 1e154: that only sends the update to the
    exact test, which accepts finite values."""
    X, Y, parameters = net
    AL, caches = cr.model_forward(X, parameters)
    grads = cr.model_backward(AL, Y, caches)
    parameters["W2"][0, 1] = 1e200
    cr.update_parameters(parameters, grads, 0.1)
    assert parameters["W2"][0, 1] == pytest.approx(1e200)
    with pytest.raises(ValueError, match=r"W2 must be finite, but W2\[0, 3\] is -inf"):
        parameters["W2"][0, 3] = -np.inf
        cr.update_parameters(parameters, grads, 0.1)


def test_train_checks_X_even_without_a_step(net):
    """train leaves the search over X to the first step's Z[1]; with no step, X itself."""
    X, Y, _ = net
    X = X.copy()
    X[1, 3] = np.inf
    with pytest.raises(ValueError, match=r"X must be finite, but X\[1, 3\] is inf"):
        cr.train(X, Y, [3, 4, 1], learning_rate=0.1, num_iterations=0)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_train_is_the_learners_loop_bit_for_bit(problem, activation, dtype):
    """train checks X on Z[1] of its first step only and scales its own gradients in place;
    the loop of the public functions checks everything and makes alpha dP anew: the same
    numbers all the same, to the last bit."""
    X, Y, start = problem([5, 4, 3, 1], 7, seed=2, dtype=dtype)
    by_loop = {key: value.copy() for key, value in start.items()}
    loop_costs = []
    for _ in range(5):
        AL, caches = cr.model_forward(X, by_loop, activation)
        loop_costs.append(cr.compute_cost(AL, Y))
        grads = cr.model_backward(AL, Y, caches)
        cr.update_parameters(by_loop, grads, 0.3)
    by_train, costs = cr.train(
        X, Y, [5, 4, 3, 1], learning_rate=0.3, num_iterations=5,
        hidden_activation=activation, parameters={k: v.copy() for k, v in start.items()},
    )  # fmt: skip
    assert costs == loop_costs
    for key in start:
        np.testing.assert_array_equal(by_train[key], by_loop[key])
        assert not np.array_equal(by_train[key], start[key]), key  # the steps did move them


def test_an_unhashable_signature_is_checked_not_remembered():
    """A mapping whose values report a list as their shape cannot be remembered: it is
    checked on every call, and refused for what it is."""

    class Odd:
        def __init__(self):
            self.shape, self.dtype = [4, 2], np.dtype(np.float64)

    with pytest.raises(TypeError, match="W1 must be a NumPy array, got Odd"):
        validation.parameter_structure({"W1": Odd(), "b1": np.zeros((4, 1))})


@pytest.mark.parametrize("size", [12, validation._DOT_ENTRIES + 1], ids=["dot", "sum"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_the_quick_finiteness_test_catches_every_non_finite_entry(size, dtype):
    """Small arrays are tested by a dot product, large ones by a sum on one thread; both
    turn NaN, inf, -inf and inf with -inf into a non-finite result, wherever they are."""
    rng = np.random.default_rng(3)
    A = rng.standard_normal((3, size // 3 + 1)).astype(dtype)
    assert validation.sum_is_finite(A)
    for bad in ([np.nan], [np.inf], [-np.inf], [np.inf, -np.inf]):
        B = A.copy()
        for k, value in enumerate(bad):
            B.flat[(k * 7919 + size // 2) % B.size] = value
        assert not validation.sum_is_finite(B), bad
        assert not validation.sum_is_finite(B[:, ::-1].T), bad  # any layout


def test_a_large_check_uses_no_blas_threads(monkeypatch):
    """A long BLAS dot product runs on all threads and slows the single-threaded work after
    it (see sum_is_finite): above _DOT_ENTRIES the quick test does not call it."""
    calls = []
    monkeypatch.setattr(validation.np, "vdot", lambda *a: calls.append(a) or 0.0)
    validation.sum_is_finite(np.ones(validation._DOT_ENTRIES + 1))
    assert calls == []
    validation.sum_is_finite(np.ones(validation._DOT_ENTRIES))
    assert len(calls) == 1
