"""Activation functions, each with its derivative beside it.

Arrays hold one sample per column (z = W·a + b with a a column), so softmax
normalises over axis 0. Derivatives are written in terms of the activation's
*output* a = f(z): the training kernel overwrites z with a in place and never
keeps z, and every activation here has a derivative that a alone determines.
Every function takes an optional ``out`` so the kernel can reuse buffers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from playground.engine.errors import InputError

LEAKY_RELU_SLOPE = 0.01


@dataclass(frozen=True)
class Activation:
    name: str
    forward: Callable[..., np.ndarray]
    # f'(z) as a function of a = f(z); None for softmax, whose Jacobian is not diagonal.
    derivative: Callable[..., np.ndarray] | None
    output_only: bool = False
    about: str = ""
    # f'(z) written in terms of the output, "{a}" standing for it (the kernel's labels)
    derivative_text: str = ""

    def backprop(self, a: np.ndarray, grad_a: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """dL/dz from dL/da, for a batch of columns."""
        if self.derivative is not None:
            out = self.derivative(a, out)
            return np.multiply(out, grad_a, out=out)
        return softmax_backprop(a, grad_a, out)


def _linear(z, out=None):
    if out is None:
        return np.array(z, dtype=float, copy=True)
    if out is not z:
        np.copyto(out, z)
    return out


def _linear_derivative(a, out=None):
    if out is None:
        return np.ones_like(a)
    out.fill(1.0)
    return out


def _relu(z, out=None):
    return np.maximum(z, 0.0, out=out)


def _relu_derivative(a, out=None):
    # a > 0 exactly where z > 0; at z = 0 the derivative is taken as 0, as TF does.
    if out is None:
        out = np.empty_like(a)
    return np.greater(a, 0.0, out=out)


def _leaky_relu(z, out=None):
    # max(z, s·z) is the leaky ReLU for 0 < s < 1.
    return np.maximum(z, LEAKY_RELU_SLOPE * z, out=out)


def _leaky_relu_derivative(a, out=None):
    # 1 where a > 0, else the slope: (1 - s)·[a > 0] + s
    out = _relu_derivative(a, out)
    np.multiply(out, 1.0 - LEAKY_RELU_SLOPE, out=out)
    return np.add(out, LEAKY_RELU_SLOPE, out=out)


def _tanh_derivative(a, out=None):
    out = np.multiply(a, a, out=out)
    return np.subtract(1.0, out, out=out)


def sigmoid(z, out=None):
    # 1/(1+e^-z) overflows e^-z for very negative z; (1 + tanh(z/2))/2 is the same
    # function, exact in floating point to a few ulp, and never overflows.
    out = np.multiply(z, 0.5, out=out)
    np.tanh(out, out=out)
    np.add(out, 1.0, out=out)
    return np.multiply(out, 0.5, out=out)


def _sigmoid_derivative(a, out=None):
    out = np.subtract(1.0, a, out=out)
    return np.multiply(out, a, out=out)


def _softmax(z, out=None):
    out = np.subtract(z, np.max(z, axis=0, keepdims=True), out=out)
    np.exp(out, out=out)
    return np.divide(out, np.sum(out, axis=0, keepdims=True), out=out)


def softmax_backprop(a, grad_a, out=None):
    """dL/dz of a softmax layer from its output a and dL/da: its Jacobian is not
    diagonal, dz_i = a_i·(g_i − Σ_j a_j·g_j) per column. ``out`` may be grad_a."""
    dot = np.sum(a * grad_a, axis=0, keepdims=True)
    return np.multiply(a, grad_a - dot, out=out)


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("linear", _linear, _linear_derivative, about="f(z) = z", derivative_text="1"),
        Activation("relu", _relu, _relu_derivative, about="f(z) = max(0, z)", derivative_text="[{a} > 0]"),
        Activation("leaky_relu", _leaky_relu, _leaky_relu_derivative,
                   about=f"f(z) = z for z > 0, else {LEAKY_RELU_SLOPE}·z",
                   derivative_text=f"1 if {{a}} > 0 else {LEAKY_RELU_SLOPE}"),
        Activation("tanh", np.tanh, _tanh_derivative, about="f(z) = tanh z, in (-1, 1)",
                   derivative_text="1 − {a}²"),
        Activation("sigmoid", sigmoid, _sigmoid_derivative, about="f(z) = 1 / (1 + e^-z), in (0, 1)",
                   derivative_text="{a}·(1 − {a})"),
        Activation("softmax", _softmax, None, output_only=True,
                   about="f(z)_i = e^z_i / sum_j e^z_j; output layer only"),
    )
}

# Spellings people type that mean the same thing.
ALIASES = {"leaky-relu": "leaky_relu", "leakyrelu": "leaky_relu", "identity": "linear", "logistic": "sigmoid"}


def get_activation(name: str) -> Activation:
    key = ALIASES.get(str(name).lower(), str(name).lower())
    try:
        return ACTIVATIONS[key]
    except KeyError:
        raise InputError(f"unknown activation {name!r}; expected one of {', '.join(ACTIVATIONS)}") from None
