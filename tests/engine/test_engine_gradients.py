"""Finite-difference gradient checks, for every hidden activation and every valid
(output activation, loss) pair, with and without L1/L2 regularization.

The objective is the mean data loss + rate·R(w), R = Σ|w| (L1) or ½Σw² (L2),
over weights only. Its value and its central differences are computed by the
independent oracle (engine_oracle.py), in float64, from random weights kept
away from the kinks of relu, leaky relu and |w|. Checked against it:

- the reference path, ``Trainer.objective_and_gradient`` (value and gradient);
- the training kernel's float64 path (batches below kernel.FLOAT32_FROM_COLUMNS
  samples), gathered from a larger training set by index, plus the regularizer;
- the kernel's float32 path (batches of at least FLOAT32_FROM_COLUMNS samples,
  full batch too) against the reference, to a looser relative tolerance;
- and, on real data sets, Trainer.batch_gradient (what training uses) against
  Trainer.objective_and_gradient (what it reports).
"""

import engine_oracle as oracle
import numpy as np
import pytest

from playground.engine.data import Dataset, Split
from playground.engine.errors import InputError
from playground.engine.kernel import FLOAT32_FROM_COLUMNS, TrainingKernel
from playground.engine.network import Network
from playground.engine.regularization import Regularizer
from playground.engine.trainer import Trainer
from playground.scenario import Scenario, build_trainer
from playground.settings import Settings

HIDDEN_ACTIVATIONS = ("linear", "relu", "leaky_relu", "tanh", "sigmoid")
OUTPUT_ACTIVATIONS = ("linear", "relu", "leaky_relu", "tanh", "sigmoid", "softmax")
VALID_PAIRS = ([(act, loss) for loss in ("mse", "half_se") for act in OUTPUT_ACTIVATIONS]
               + [("sigmoid", "bce"), ("softmax", "cce")])
REGULARIZATIONS = (("none", 0.0), ("L1", 0.01), ("L2", 0.03))
INPUTS = ("x1", "x2", "x1*x2")

FD_STEP = 1e-6
FD_RTOL, FD_ATOL = 1e-6, 1e-8       # central differences in float64
KINK_MARGIN = 1e-3                  # no pre-activation (relu) or weight (L1) nearer 0 than this
FLOAT64_RTOL = 1e-10                # kernel float64 path vs the reference (scaled by the largest entry)
FLOAT32_RTOL = 1e-4                 # kernel float32 path vs the reference (scaled by the largest entry)


def _units(output_activation, loss):
    if loss == "bce":
        return 1
    return 3 if output_activation == "softmax" else 2


def _targets(loss, output_activation, units, n, rng):
    if loss == "bce":
        return rng.integers(0, 2, size=(1, n)).astype(float)
    if loss == "cce":
        return np.eye(units)[:, rng.integers(0, units, size=n)]
    if output_activation in ("sigmoid", "softmax"):
        return rng.uniform(0, 1, size=(units, n))
    return rng.normal(0, 1, size=(units, n))


def _layers_of(net):
    return [(act.name, net.W(i), net.b(i)) for i, act in enumerate(net.activations)]


def make_problem(hidden_activation, output_activation, loss, n, seed, hidden=(4, 3)):
    """A network with random weights (|w| in [0.2, 1], random signs) and a data set
    X (features × n), Y (outputs × n), with every pre-activation off the kinks.
    ``hidden_activation`` is one name for all hidden layers, or one per layer."""
    rng = np.random.default_rng(seed)
    units = _units(output_activation, loss)
    sizes = [len(INPUTS), *hidden, units]
    if isinstance(hidden_activation, str):
        hidden_activation = [hidden_activation] * len(hidden)
    acts = list(hidden_activation) + [output_activation]
    net = Network(INPUTS, sizes, acts, loss)
    for _ in range(200):
        signs = rng.choice([-1.0, 1.0], size=net.params.size)
        net.params[...] = np.where(net.weight_mask == 1, signs * rng.uniform(0.2, 1.0, net.params.size),
                                   rng.uniform(-0.5, 0.5, net.params.size))
        X = rng.normal(0, 1, size=(len(INPUTS), n))
        zs, _ = net.trace(X)
        if min(np.min(np.abs(z)) for z in zs) > KINK_MARGIN:
            break
    else:
        raise AssertionError("could not draw weights off the relu kinks")
    return net, X, _targets(loss, output_activation, units, n, rng)


def trainer_for(net, regularization, rate):
    """A trainer around ``net`` (on a throwaway data set) for its objective."""
    classes = max(2, net.sizes[-1])
    rng = np.random.default_rng(0)
    data = Dataset("classification", rng.normal(size=(12, 2)), np.arange(12) % classes, classes)
    return Trainer(net, Split(data, data), regularization=regularization, regularization_rate=rate)


def oracle_objective(net, X, Y, regularization, rate):
    layers = _layers_of(net)
    return oracle.mean_loss(layers, net.loss.name, X, Y) + oracle.penalty(layers, regularization, rate)


def finite_differences(net, X, Y, regularization, rate):
    grad = np.empty(net.params.size)
    for i in range(net.params.size):
        keep = net.params[i]
        net.params[i] = keep + FD_STEP
        up = oracle_objective(net, X, Y, regularization, rate)
        net.params[i] = keep - FD_STEP
        down = oracle_objective(net, X, Y, regularization, rate)
        net.params[i] = keep
        grad[i] = (up - down) / (2 * FD_STEP)
    return grad


def kernel_gradient(net, X, Y, indices, regularization, rate):
    grad = np.full(net.params.size, np.nan)
    TrainingKernel(net, len(indices), X, Y, grad).run(np.asarray(indices))
    Regularizer(regularization, rate, net.weight_mask).add_gradient(net.params, grad)
    return grad


def _assert_close_scaled(actual, expected, rtol, what):
    """Elementwise, to ``rtol`` of the entry or of the largest entry, whichever is larger."""
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=rtol * np.max(np.abs(expected)), err_msg=what)


@pytest.mark.parametrize("regularization,rate", REGULARIZATIONS, ids=[r for r, _ in REGULARIZATIONS])
@pytest.mark.parametrize("hidden_activation", HIDDEN_ACTIVATIONS)
@pytest.mark.parametrize("output_activation,loss", VALID_PAIRS, ids=[f"{a}-{l}" for a, l in VALID_PAIRS])
def test_gradient_matches_finite_differences(output_activation, loss, hidden_activation, regularization, rate):
    seed = sum(map(ord, f"{output_activation}{loss}{hidden_activation}{regularization}"))
    net, X, Y = make_problem(hidden_activation, output_activation, loss, n=40, seed=seed)
    batch = np.random.default_rng(seed).choice(40, size=16, replace=False)
    Xb, Yb = X[:, batch], Y[:, batch]

    trainer = trainer_for(net, regularization, rate)
    value, reference = trainer.objective_and_gradient(Xb, Yb)
    np.testing.assert_allclose(value, oracle_objective(net, Xb, Yb, regularization, rate), rtol=1e-12)

    numeric = finite_differences(net, Xb, Yb, regularization, rate)
    np.testing.assert_allclose(reference, numeric, rtol=FD_RTOL, atol=FD_ATOL, err_msg="reference path")

    kernel = kernel_gradient(net, X, Y, batch, regularization, rate)
    np.testing.assert_allclose(kernel, numeric, rtol=FD_RTOL, atol=FD_ATOL, err_msg="kernel, float64")
    _assert_close_scaled(kernel, reference, FLOAT64_RTOL, "kernel float64 vs reference")


@pytest.mark.parametrize("regularization,rate", REGULARIZATIONS[1:], ids=[r for r, _ in REGULARIZATIONS[1:]])
@pytest.mark.parametrize("hidden_activation", HIDDEN_ACTIVATIONS)
@pytest.mark.parametrize("output_activation,loss", VALID_PAIRS, ids=[f"{a}-{l}" for a, l in VALID_PAIRS])
def test_float32_kernel_matches_reference(output_activation, loss, hidden_activation, regularization, rate):
    seed = 1000 + sum(map(ord, f"{output_activation}{loss}{hidden_activation}{regularization}"))
    n = 100
    net, X, Y = make_problem(hidden_activation, output_activation, loss, n=n, seed=seed)
    trainer = trainer_for(net, regularization, rate)
    batch = np.random.default_rng(seed).choice(n, size=FLOAT32_FROM_COLUMNS, replace=False)
    for indices in (batch, np.arange(n)):  # a gathered mini-batch, and the full batch
        _, reference = trainer.objective_and_gradient(X[:, indices], Y[:, indices])
        kernel = kernel_gradient(net, X, Y, indices, regularization, rate)
        _assert_close_scaled(kernel, reference, FLOAT32_RTOL, f"float32 kernel, {len(indices)} samples")


@pytest.mark.parametrize("output_activation,loss", VALID_PAIRS, ids=[f"{a}-{l}" for a, l in VALID_PAIRS])
def test_gradient_without_hidden_layers(output_activation, loss):
    seed = 77 + sum(map(ord, output_activation + loss))
    net, X, Y = make_problem("tanh", output_activation, loss, n=10, seed=seed, hidden=())
    _, reference = trainer_for(net, "L2", 0.1).objective_and_gradient(X, Y)
    numeric = finite_differences(net, X, Y, "L2", 0.1)
    np.testing.assert_allclose(reference, numeric, rtol=FD_RTOL, atol=FD_ATOL)
    kernel = kernel_gradient(net, X, Y, np.arange(10), "L2", 0.1)
    np.testing.assert_allclose(kernel, numeric, rtol=FD_RTOL, atol=FD_ATOL)


@pytest.mark.parametrize("hidden", [("relu", "relu", "tanh"), ("tanh", "sigmoid", "sigmoid"),
                                    ("leaky_relu", "linear", "relu"), ("sigmoid", "tanh", "linear")])
@pytest.mark.parametrize("output_activation,loss", [("sigmoid", "mse"), ("tanh", "half_se"),
                                                    ("softmax", "cce"), ("linear", "mse")])
def test_gradient_with_mixed_hidden_activations(hidden, output_activation, loss):
    """The kernel groups runs of equal activations into one call; mixed stacks
    (and an output sharing the last hidden activation) must still be right."""
    seed = sum(map(ord, "".join(hidden) + output_activation + loss))
    net, X, Y = make_problem(hidden, output_activation, loss, n=30, seed=seed, hidden=(3, 4, 3))
    assert net.activation_names == list(hidden) + [output_activation]
    batch = np.arange(0, 30, 2)
    numeric = finite_differences(net, X[:, batch], Y[:, batch], "L1", 0.02)
    _, reference = trainer_for(net, "L1", 0.02).objective_and_gradient(X[:, batch], Y[:, batch])
    np.testing.assert_allclose(reference, numeric, rtol=FD_RTOL, atol=FD_ATOL)
    kernel = kernel_gradient(net, X, Y, batch, "L1", 0.02)
    np.testing.assert_allclose(kernel, numeric, rtol=FD_RTOL, atol=FD_ATOL)


@pytest.mark.parametrize("output_activation,loss,units", [
    ("tanh", "bce", 1), ("sigmoid", "bce", 2), ("sigmoid", "cce", 2), ("linear", "cce", 2), ("softmax", "mse", 1)])
def test_invalid_output_pairs_are_refused(output_activation, loss, units):
    with pytest.raises(InputError, match="loss"):
        Network(INPUTS, [3, 2, units], ["tanh", output_activation], loss)


def test_softmax_on_a_hidden_layer_is_refused():
    with pytest.raises(InputError, match=r"layers\[0\]"):
        Network(INPUTS, [3, 2, 2], ["softmax", "softmax"], "cce")


@pytest.mark.parametrize("settings", [
    dict(dataset="spiral", hidden=[5, 3], activation="relu", regularization="L1", regularization_rate=0.01),
    dict(problem="multiclass", dataset="three-class", hidden=[4], activation="sigmoid"),
    dict(problem="regression", dataset="reg-gauss", hidden=[6], activation="leaky_relu",
         regularization="L2", regularization_rate=0.1),
    dict(dataset="circle", hidden=[3], output_activation="tanh", loss="half_se"),
])
@pytest.mark.parametrize("batch", [10, FLOAT32_FROM_COLUMNS + 6])
def test_trainer_batch_gradient_matches_its_objective(settings, batch):
    """What the trainer trains with (kernel + penalty, on its own features and
    targets) is the gradient of what it reports as its objective."""
    s = Settings(**settings)
    s.validate()
    trainer = build_trainer(Scenario(s))
    indices = np.random.default_rng(batch).choice(len(trainer.data.train), size=batch, replace=False)
    kernel = trainer.batch_gradient(indices)
    _, reference = trainer.objective_and_gradient(trainer.train_features[:, indices], trainer.train_targets[:, indices])
    _assert_close_scaled(kernel, reference, FLOAT64_RTOL if batch < FLOAT32_FROM_COLUMNS else FLOAT32_RTOL,
                         f"batch of {batch}")
