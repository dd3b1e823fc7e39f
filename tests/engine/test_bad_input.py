"""Every bad input gets an error that says what was expected and what was given."""

import numpy as np
import pytest

import chainrule as cr


@pytest.fixture
def net(problem):
    return problem([3, 4, 1], 5)


def test_transposed_X(net):
    X, Y, parameters = net
    with pytest.raises(ValueError, match=r"\(n_x, m\) = \(3, m\).*got \(5, 3\).*transposed.*X\.T"):
        cr.model_forward(X.T, parameters)


def test_X_with_wrong_number_of_features(net):
    X, Y, parameters = net
    with pytest.raises(ValueError, match=r"\(3, m\).*got \(2, 5\)"):
        cr.model_forward(X[:2], parameters)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nonfinite_X_names_the_entry(net, bad):
    X, Y, parameters = net
    X = X.copy()
    X[2, 4] = bad
    with pytest.raises(
        ValueError, match=r"X must be finite, but X\[2, 4\] is (nan|inf|-inf).*column 4"
    ):
        cr.model_forward(X, parameters)
    with pytest.raises(ValueError, match=r"X\[2, 4\]"):
        cr.train(X, Y, [3, 4, 1], learning_rate=0.1, num_iterations=1)


def test_huge_but_finite_X_is_accepted(net):
    """The fast finiteness test sums X; an overflowing sum must not be mistaken for inf."""
    _, _, parameters = net
    X = np.full((3, 5), 1e308)
    AL, _ = cr.model_forward(X, parameters)
    assert AL.shape == (1, 5)


def test_one_dimensional_Y(net):
    X, Y, parameters = net
    with pytest.raises(ValueError, match=r"\(1, m\) = \(1, 5\), got \(5,\).*reshape\(1, -1\)"):
        cr.train(X, Y.ravel(), [3, 4, 1], learning_rate=0.1, num_iterations=1)


def test_Y_with_wrong_m(net):
    X, Y, parameters = net
    AL, caches = cr.model_forward(X, parameters)
    with pytest.raises(ValueError, match=r"\(1, 5\), got \(1, 4\)"):
        cr.model_backward(AL, Y[:, :4], caches)
    with pytest.raises(ValueError, match=r"\(1, 5\), got \(1, 4\)"):
        cr.compute_cost(AL, Y[:, :4])


@pytest.mark.parametrize("label", [2.0, -1.0, 0.5, np.nan])
def test_labels_outside_0_1(net, label):
    X, Y, parameters = net
    Y = Y.copy()
    Y[0, 3] = label
    with pytest.raises(ValueError, match=r"binary labels 0 or 1, but Y\[0, 3\] is"):
        cr.train(X, Y, [3, 4, 1], learning_rate=0.1, num_iterations=1)
    AL, _ = cr.model_forward(X, parameters)
    with pytest.raises(ValueError, match=r"Y\[0, 3\]"):
        cr.compute_cost(AL, Y)


def test_one_dimensional_bias_is_the_silent_broadcast_bug(net):
    X, Y, parameters = net
    parameters["b1"] = parameters["b1"].ravel()
    with pytest.raises(
        ValueError, match=r"b1 must have shape \(n\[1\], 1\) = \(4, 1\).*\(4,\).*reshape"
    ):
        cr.model_forward(X, parameters)


def test_linear_forward_alone_refuses_a_flat_bias():
    W, A_prev = np.ones((3, 2)), np.ones((2, 3))  # m = n[l]: the broadcast would "work"
    with pytest.raises(ValueError, match=r"b must have shape \(n\[l\], 1\) = \(3, 1\), got \(3,\)"):
        cr.linear_forward(A_prev, W, np.zeros(3))


def test_bias_of_wrong_length(net):
    X, Y, parameters = net
    parameters["b2"] = np.zeros((3, 1))
    with pytest.raises(
        ValueError, match=r"b2 must have shape \(n\[2\], 1\) = \(1, 1\).*got \(3, 1\)"
    ):
        cr.model_forward(X, parameters)


def test_W_that_does_not_chain(net):
    X, Y, parameters = net
    parameters["W2"] = np.zeros((1, 3))
    with pytest.raises(
        ValueError, match=r"W2 must have shape \(n\[2\], n\[1\]\) = \(1, 4\).*got \(1, 3\)"
    ):
        cr.model_forward(X, parameters)


def test_missing_parameter(net):
    X, Y, parameters = net
    del parameters["b2"]
    with pytest.raises(ValueError, match=r"exactly W1, b1, \.\.\., WL, bL"):
        cr.model_forward(X, parameters)


@pytest.mark.parametrize("dims", [[3], [], [3, 0, 1], [3, -2, 1]])
def test_bad_layer_dims(dims):
    with pytest.raises(ValueError, match="layer_dims"):
        cr.initialize_parameters(dims)


@pytest.mark.parametrize("dims", ["3,4,1", 5, [3, 2.5, 1], [3, True, 1]])
def test_layer_dims_of_wrong_type(dims):
    with pytest.raises(TypeError, match="layer_dims"):
        cr.initialize_parameters(dims)


@pytest.mark.parametrize("rate", [0, -0.1, np.nan, np.inf])
def test_bad_learning_rate(net, rate):
    X, Y, parameters = net
    grads = cr.model_backward(
        *cr.model_forward(X, parameters)[:1], Y, cr.model_forward(X, parameters)[1]
    )
    with pytest.raises(ValueError, match=r"learning_rate must be finite and > 0"):
        cr.update_parameters(parameters, grads, rate)
    with pytest.raises(ValueError, match=r"learning_rate must be finite and > 0"):
        cr.train(X, Y, [3, 4, 1], learning_rate=rate, num_iterations=1)


def test_unknown_activation_lists_known_ones(net):
    X, Y, parameters = net
    with pytest.raises(
        ValueError,
        match=r"unknown activation 'softplus'; "
        r"expected one of 'sigmoid', 'tanh', 'relu', 'leaky_relu'",
    ):
        cr.model_forward(X, parameters, "softplus")


def test_unknown_init_method_lists_known_ones():
    with pytest.raises(
        ValueError,
        match=r"unknown init method 'glorot'; expected one of 'zeros', 'random', 'he', 'xavier'",
    ):
        cr.initialize_parameters([2, 3, 1], method="glorot")


def test_mismatched_dtypes(net):
    X, Y, parameters = net
    with pytest.raises(
        TypeError, match=r"X has dtype float32 but the parameters have dtype float64"
    ):
        cr.model_forward(X.astype(np.float32), parameters)
    parameters["W2"] = parameters["W2"].astype(np.float32)
    with pytest.raises(TypeError, match=r"one dtype; W1 is float64 but W2 is float32"):
        cr.model_forward(X, parameters)


def test_integer_X(net):
    X, Y, parameters = net
    with pytest.raises(TypeError, match=r"X must have dtype float32 or float64, got int64"):
        cr.model_forward(X.astype(np.int64), parameters)


def test_X_not_an_array(net):
    X, Y, parameters = net
    with pytest.raises(TypeError, match="X must be a NumPy array, got list"):
        cr.model_forward(X.tolist(), parameters)


def test_grads_of_wrong_shape(net):
    X, Y, parameters = net
    AL, caches = cr.model_forward(X, parameters)
    grads = cr.model_backward(AL, Y, caches)
    grads["db1"] = grads["db1"].ravel()
    with pytest.raises(ValueError, match=r"db1 must have the shape of b1, \(4, 1\); got \(4,\)"):
        cr.update_parameters(parameters, grads, 0.1)


def test_output_layer_must_have_one_unit(net):
    X, Y, _ = net
    with pytest.raises(ValueError, match=r"1 unit.*n\[L\] = 2"):
        cr.train(X, Y, [3, 2], learning_rate=0.1, num_iterations=1)


def test_nothing_is_lost_on_error(net):
    """A rejected update leaves the parameters exactly as they were."""
    X, Y, parameters = net
    before = {k: v.copy() for k, v in parameters.items()}
    AL, caches = cr.model_forward(X, parameters)
    grads = cr.model_backward(AL, Y, caches)
    del grads["dW2"]
    with pytest.raises(ValueError, match="missing 'dW2'"):
        cr.update_parameters(parameters, grads, 0.1)
    for key in before:
        np.testing.assert_array_equal(parameters[key], before[key])


def test_cost_is_finite_at_exact_0_and_1():
    AL = np.array([[0.0, 1.0, 0.0, 1.0]])
    Y = np.array([[1.0, 0.0, 0.0, 1.0]])
    cost = cr.compute_cost(AL, Y)
    assert np.isfinite(cost) and cost > 10
    assert cr.compute_cost(AL.astype(np.float32), Y) > 5


def test_probabilities_outside_0_1_are_rejected():
    with pytest.raises(ValueError, match=r"probabilities in \[0, 1\]"):
        cr.compute_cost(np.array([[1.2, 0.3]]), np.array([[1.0, 0.0]]))


def test_sigmoid_never_warns_on_overflow():
    Z = np.array([[-1e4, -800.0, -50.0, 0.0, 50.0, 800.0, 1e4]])
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        A = cr.sigmoid(Z)
        A32 = cr.sigmoid(Z.astype(np.float32))
    assert A[0, 0] == 0.0 and A[0, -1] == 1.0 and A[0, 3] == 0.5
    assert A32.dtype == np.float32
    assert np.all(np.diff(A) >= 0)
