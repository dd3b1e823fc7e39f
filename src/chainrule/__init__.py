"""chainrule: a small NumPy engine for deep L-layer networks, as derived in the notes.

Column convention throughout: ``X`` is ``(n[0], m)`` with one example per
column, ``W[l]`` is ``(n[l], n[l-1])``, ``b[l]`` is ``(n[l], 1)``; parameters
are a dict ``{"W1", "b1", ..., "WL", "bL"}`` and gradients
``{"dW1", "db1", ...}``.
"""

from .activations import (
    ACTIVATIONS,
    leaky_relu,
    leaky_relu_derivative,
    relu,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
    tanh,
    tanh_derivative,
)
from .backward import (
    activation_backward,
    linear_activation_backward,
    linear_backward,
    model_backward,
)
from .cost import compute_cost, cost_derivative
from .datasets import make_flower, make_moons
from .forward import LayerCache, linear_activation_forward, linear_forward, model_forward
from .gradcheck import gradient_check, numerical_gradients, relative_error
from .initialization import initialize_parameters
from .training import predict, train, update_parameters

__all__ = [
    "ACTIVATIONS",
    "LayerCache",
    "activation_backward",
    "compute_cost",
    "cost_derivative",
    "gradient_check",
    "initialize_parameters",
    "leaky_relu",
    "leaky_relu_derivative",
    "linear_activation_backward",
    "linear_activation_forward",
    "linear_backward",
    "linear_forward",
    "make_flower",
    "make_moons",
    "model_backward",
    "model_forward",
    "numerical_gradients",
    "predict",
    "relative_error",
    "relu",
    "relu_derivative",
    "sigmoid",
    "sigmoid_derivative",
    "tanh",
    "tanh_derivative",
    "train",
    "update_parameters",
]
