"""An independent oracle for the engine tests: plain NumPy forward and backward
passes for one network, written from the textbook formulas and sharing no code
with playground.engine.

Activations are defined on z with their derivative f'(z) written out by hand (the
engine takes derivatives from the outputs); the output layer's gradient goes
through the full Jacobian of the activation (the engine fuses softmax with
cross-entropy and sigmoid with binary cross-entropy). Losses follow the README ("Files"):
mse = mean over output units of (o - y)², half_se = ½ Σ (o - y)², bce, cce; over
a batch, the mean over samples.
"""

from __future__ import annotations

import numpy as np

LEAKY_SLOPE = 0.01  # the engine's slope (activations.LEAKY_RELU_SLOPE); 0.01 is the usual one


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _softmax(z):
    e = np.exp(z - np.max(z))
    return e / e.sum()


# name -> (f(z), Jacobian of f at z as a matrix), for one sample (a vector z)
def _diagonal(fprime):
    return lambda z: np.diag(fprime(z))


ACTIVATIONS = {
    "linear": (lambda z: z.copy(), _diagonal(lambda z: np.ones_like(z))),
    "relu": (lambda z: np.where(z > 0, z, 0.0), _diagonal(lambda z: (z > 0).astype(float))),
    "leaky_relu": (lambda z: np.where(z > 0, z, LEAKY_SLOPE * z),
                   _diagonal(lambda z: np.where(z > 0, 1.0, LEAKY_SLOPE))),
    "tanh": (np.tanh, _diagonal(lambda z: 1.0 / np.cosh(z) ** 2)),
    "sigmoid": (_sigmoid, _diagonal(lambda z: _sigmoid(z) * (1.0 - _sigmoid(z)))),
    "softmax": (_softmax, lambda z: np.diag(_softmax(z)) - np.outer(_softmax(z), _softmax(z))),
}

# name -> (L(o, y), dL/do) for one sample
LOSSES = {
    "mse": (lambda o, y: np.mean((o - y) ** 2), lambda o, y: 2.0 * (o - y) / len(o)),
    "half_se": (lambda o, y: 0.5 * np.sum((o - y) ** 2), lambda o, y: o - y),
    "bce": (lambda o, y: float(-np.sum(y * np.log(o) + (1 - y) * np.log(1 - o))),
            lambda o, y: (o - y) / (o * (1 - o))),
    "cce": (lambda o, y: float(-np.sum(y * np.log(o))), lambda o, y: -y / o),
}


def forward(layers, x):
    """layers: [(activation, W, b)]; returns pre-activations zs and activations
    (the input first) for one sample x."""
    a = np.asarray(x, dtype=float)
    zs, acts = [], [a]
    for act, W, b in layers:
        z = np.asarray(W, float) @ a + np.asarray(b, float)
        a = ACTIVATIONS[act][0](z)
        zs.append(z)
        acts.append(a)
    return zs, acts


def backprop(layers, loss, x, y=None, lr=None, wrt="loss"):
    """The lecture's table for one sample, as a dict shaped like the cases' ``expect``."""
    zs, acts = forward(layers, x)
    out = acts[-1]
    if wrt == "output":
        grad = np.ones(1)
    else:
        grad = LOSSES[loss][1](out, np.asarray(y, float))
    table = [None] * len(layers)
    for i in range(len(layers) - 1, -1, -1):
        act, W, b = layers[i]
        dz = ACTIVATIONS[act][1](zs[i]).T @ grad
        dW = np.outer(dz, acts[i])
        row = {"z": zs[i], "a": acts[i + 1], "dz": dz, "dW": dW, "db": dz}
        if lr is not None:
            row["W_new"] = np.asarray(W, float) - lr * dW
            row["b_new"] = np.asarray(b, float) - lr * dz
        table[i] = row
        grad = np.asarray(W, float).T @ dz
    result = {"output": out, "layers": table}
    if y is not None:
        result["loss"] = LOSSES[loss][0](out, np.asarray(y, float))
    return result


def mean_loss(layers, loss, X, Y):
    """Mean loss over samples given as columns of X and Y."""
    return float(np.mean([LOSSES[loss][0](forward(layers, x)[1][-1], y) for x, y in zip(X.T, Y.T)]))


def penalty(layers, kind, rate):
    """rate · R(w) over the weights only: R = Σ|w| (L1) or ½ Σ w² (L2)."""
    if kind == "none" or rate == 0:
        return 0.0
    weights = np.concatenate([np.ravel(W) for _, W, _ in layers])
    return rate * (np.sum(np.abs(weights)) if kind == "L1" else 0.5 * np.sum(weights ** 2))
