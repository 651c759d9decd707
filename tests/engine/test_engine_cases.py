"""Worked backprop cases: one sample's forward values, gradients and SGD step.

Every ``*.case.json`` in the cases folders (conftest.CASES_DIRS, de-duplicated by
file name), each sample it lists, must reproduce through the Python API to its tolerance: the network
file is loaded with ``network_from_dict`` and traced with
``playground.engine.trace.trace``. A new case file dropped into either folder is
picked up without touching this file.

Besides the lecture's cases, a set of our own covers the other activations,
losses, deeper networks and ``wrt="output"``; their expected numbers come from
the independent oracle in engine_oracle.py (textbook formulas, full Jacobians),
never from the engine.

For every gradient of the loss, the two training paths must agree with the
trace for that single sample: the reference ``Network.loss_and_gradient`` and
the fast ``TrainingKernel``.
"""

import json
from pathlib import Path

import engine_oracle as oracle
import numpy as np
import pytest
from conftest import CASES_DIRS

from playground.engine.errors import InputError
from playground.engine.kernel import TrainingKernel
from playground.engine.trace import trace
from playground.network_file import network_from_dict
from playground.worked_case import case_samples

DEFAULT_RTOL = 1e-9  # the cases' README: 1e-9 relative unless "tolerance" says otherwise
AGREEMENT_RTOL = 1e-10  # reference path and float64 kernel versus the trace


def _case_files() -> list[Path]:
    by_name = {}
    for folder in CASES_DIRS:
        for path in sorted(Path(folder).glob("*.case.json")):
            by_name.setdefault(path.name, path)
    return [by_name[name] for name in sorted(by_name)]


CASE_FILES = _case_files()


def _close(actual, expected, tol, what):
    """``tol`` is (rtol, atol): |actual − expected| ≤ atol + rtol·|expected|."""
    rtol, atol = tol
    np.testing.assert_allclose(np.asarray(actual, float), np.asarray(expected, float),
                               rtol=rtol, atol=atol, err_msg=what)


def case_tolerance(case: dict) -> tuple[float, float]:
    """Exact cases: 1e-9 relative. A case with a "tolerance" rounds its numbers
    (to 8 decimals, say), so that tolerance holds absolutely for small numbers
    and relatively for large ones."""
    if "tolerance" in case:
        return float(case["tolerance"]), float(case["tolerance"])
    return DEFAULT_RTOL, 1e-15


def check_trace(case: dict, expect: dict, tol: tuple[float, float]) -> None:
    net = network_from_dict(case["network"])
    wrt = case.get("wrt", "loss")
    t = trace(net, case["input"], case.get("target"), case.get("lr"), wrt)
    assert len(t.layers) == len(expect["layers"]), "number of layers"
    if "loss" in expect:
        _close(t.loss, expect["loss"], tol, "loss")
    _close(t.output, expect["output"], tol, "output")
    for i, (got, want) in enumerate(zip(t.layers, expect["layers"])):
        for key, value in want.items():
            _close(getattr(got, key), value, tol, f"layers[{i}].{key}")
        if case.get("lr") is None:
            assert got.W_new is None and got.b_new is None
        else:
            assert got.W_new is not None and got.b_new is not None
    if wrt == "loss":
        check_training_paths(net, case, t)


def check_training_paths(net, case, t) -> None:
    """Reference path and kernel give the trace's dW, db for this one sample."""
    x = np.asarray(case["input"], float)[:, None]
    y = np.asarray(case["target"], float)[:, None]
    from_trace = np.concatenate([np.hstack([layer.dW, layer.db[:, None]]).ravel() for layer in t.layers])

    loss, reference = net.loss_and_gradient(x, y)
    np.testing.assert_allclose(loss, t.loss, rtol=AGREEMENT_RTOL)
    np.testing.assert_allclose(reference, from_trace, rtol=AGREEMENT_RTOL, atol=1e-15)

    grad = np.full(net.params.size, np.nan)
    kernel = TrainingKernel(net, 1, x, y, grad)
    kernel.run(np.array([0]))
    np.testing.assert_allclose(grad, from_trace, rtol=AGREEMENT_RTOL, atol=1e-15)


def test_the_cases_folders_hold_cases():
    assert CASE_FILES, f"no *.case.json in {CASES_DIRS}"


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.name for p in CASE_FILES])
def test_case_file_reproduces(path):
    case = json.loads(path.read_text(encoding="utf-8"))
    for sample in case_samples(case):
        check_trace({**case, **sample}, sample["expect"], case_tolerance(case))


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.name for p in CASE_FILES])
def test_the_oracle_reproduces_the_case_files_too(path):
    """The oracle below earns its trust on the lecture's own numbers first."""
    case = json.loads(path.read_text(encoding="utf-8"))
    tol = case_tolerance(case)
    for sample in case_samples(case):
        got, expect = _oracle_expect({"wrt": "loss", "lr": None, **case, **sample}), sample["expect"]
        if "loss" in expect:
            _close(got["loss"], expect["loss"], tol, "loss")
        _close(got["output"], expect["output"], tol, "output")
        for i, (mine, want) in enumerate(zip(got["layers"], expect["layers"])):
            for key, value in want.items():
                _close(mine[key], value, tol, f"layers[{i}].{key}")


# --- our own cases, with numbers from the independent oracle ----------------------

def _layer(activation, W, b):
    return {"activation": activation, "weights": np.asarray(W, float).tolist(), "biases": np.asarray(b, float).tolist()}


def _case(inputs, loss, layers, x, target=None, lr=None, wrt="loss"):
    return {"network": {"format": "playground.network", "version": 1, "inputs": inputs, "loss": loss,
                        "layers": [_layer(*layer) for layer in layers]},
            "input": x, "target": target, "lr": lr, "wrt": wrt}


def _random_layers(sizes, activations, seed):
    """Two-decimal weights, as a lecture would write them."""
    rng = np.random.default_rng(seed)
    return [(act, np.round(rng.uniform(-1, 1, (n_out, n_in)), 2), np.round(rng.uniform(-0.5, 0.5, n_out), 2))
            for n_in, n_out, act in zip(sizes[:-1], sizes[1:], activations)]


OWN_CASES = {
    # 2-3-2, tanh hidden, softmax output with categorical cross-entropy
    "2-3-2-tanh-softmax-cce": _case(
        ["x1", "x2"], "cce",
        [("tanh", [[0.1, -0.2], [0.4, 0.3], [-0.5, 0.6]], [0.1, 0.0, -0.1]),
         ("softmax", [[0.3, -0.1, 0.2], [-0.4, 0.5, 0.7]], [0.05, -0.05])],
        [0.5, -1.0], [0.0, 1.0], 0.1),
    # tanh throughout, two outputs: mse is the mean over the two units
    "2-3-2-tanh-mse": _case(
        ["x1", "x2"], "mse",
        [("tanh", [[0.2, 0.4], [-0.3, 0.7], [0.5, -0.6]], [0.1, -0.2, 0.3]),
         ("tanh", [[0.6, -0.9, 0.2], [0.1, 0.3, -0.4]], [0.3, -0.1])],
        [0.5, 0.1], [1.0, -1.0], 0.05),
    # relu hidden with one dead unit (z < 0), linear output, half squared error
    "2-3-1-relu-half_se": _case(
        ["x1", "x2"], "half_se",
        [("relu", [[0.5, 0.25], [-0.8, -0.3], [0.4, -0.9]], [0.1, 0.0, 0.2]),
         ("linear", [[0.7, -0.6, 0.5]], [0.1])],
        [1.0, -0.5], [2.0], 0.01),
    # deeper, mixed activations, sigmoid outputs under mse
    "3-4-3-3-2-mixed-mse": _case(
        ["x1", "x2", "x1*x2"], "mse",
        _random_layers([3, 4, 3, 3, 2], ["sigmoid", "leaky_relu", "tanh", "sigmoid"], seed=7),
        [0.3, -1.2, -0.36], [0.2, 0.9], 0.5),
    # softmax under a squared error: the full softmax Jacobian, no fusing
    "2-4-3-sigmoid-softmax-mse": _case(
        ["x1", "x2"], "mse",
        _random_layers([2, 4, 3], ["sigmoid", "softmax"], seed=11),
        [-0.7, 0.4], [0.0, 0.0, 1.0], 0.2),
    "2-3-3-linear-softmax-half_se": _case(
        ["x1", "x2"], "half_se",
        _random_layers([2, 3, 3], ["linear", "softmax"], seed=12),
        [1.5, 0.5], [1.0, 0.0, 0.0], 0.1),
    # leaky relu with a negative pre-activation, sigmoid output, bce
    "2-2-1-leaky_relu-bce": _case(
        ["x1", "x2"], "bce",
        [("leaky_relu", [[0.6, -0.4], [-0.7, -0.2]], [0.1, -0.1]),
         ("sigmoid", [[1.1, -0.8]], [0.2])],
        [0.8, 0.3], [0.0], 0.3),
    # 1-D function input, linear hidden layer, relu output (active) under mse
    "1-2-1-linear-relu-mse": _case(
        ["x"], "mse",
        [("linear", [[0.9], [-0.4]], [0.2, 0.1]), ("relu", [[0.7, -0.5]], [0.3])],
        [1.3], [0.5], 0.1),
    # three classes from seven features, two hidden layers
    "7-5-4-3-tanh-cce": _case(
        ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"], "cce",
        _random_layers([7, 5, 4, 3], ["tanh", "tanh", "softmax"], seed=3),
        [0.5, -0.2, 0.25, 0.04, -0.1, float(np.sin(0.5)), float(np.sin(-0.2))], [0.0, 1.0, 0.0], 0.05),
    # gradient of the single output unit instead of the loss, with a target (loss shown) and a step
    "2-2-1-tanh-sigmoid-wrt-output": _case(
        ["x1", "x2"], "bce",
        [("tanh", [[0.2, 0.4], [0.3, 0.7]], [0.1, 0.2]), ("sigmoid", [[0.6, 0.9]], [0.3])],
        [0.5, 0.1], [1.0], 0.01, wrt="output"),
    # ... and without a target: no loss at all
    "2-3-1-relu-linear-wrt-output": _case(
        ["x1", "x2"], "mse",
        [("relu", [[0.5, 0.25], [-0.8, -0.3], [0.4, -0.9]], [0.1, 0.0, 0.2]),
         ("linear", [[0.7, -0.6, 0.5]], [0.1])],
        [1.0, -0.5], None, None, wrt="output"),
}


def _oracle_expect(case):
    layers = [(layer["activation"], layer["weights"], layer["biases"]) for layer in case["network"]["layers"]]
    return oracle.backprop(layers, case["network"]["loss"], case["input"], case["target"], case["lr"], case["wrt"])


@pytest.mark.parametrize("name", OWN_CASES)
def test_own_case_matches_oracle(name):
    case = OWN_CASES[name]
    expect = _oracle_expect(case)
    # relu and leaky relu are not differentiable at 0: keep the cases away from it
    for layer in expect["layers"]:
        assert np.all(np.abs(layer["z"]) > 1e-3)
    check_trace(case, expect, (DEFAULT_RTOL, 1e-15))


def test_trace_without_target_has_no_loss():
    case = OWN_CASES["2-3-1-relu-linear-wrt-output"]
    t = trace(network_from_dict(case["network"]), case["input"], wrt="output")
    assert t.loss is None
    # a linear output: do/dz of the output is 1, and do/db equals it
    assert t.layers[-1].dz.tolist() == [1.0]
    # the dead relu unit passes no gradient back
    z = t.layers[0].z
    assert z[1] < 0 and t.layers[0].dz[1] == 0.0 and np.all(t.layers[0].dW[1] == 0.0)


@pytest.mark.parametrize("kwargs,field", [
    (dict(x=[0.5]), "input"),
    (dict(x=[0.5, float("nan")]), "input"),
    (dict(target=[1.0, 0.0]), "target"),
    (dict(target=[float("inf")]), "target"),
    (dict(target=None), "target"),
    (dict(lr=0.0), "lr"),
    (dict(lr=-1.0), "lr"),
    (dict(wrt="weights"), "wrt"),
])
def test_trace_refuses_bad_input_naming_it(kwargs, field):
    net = network_from_dict(OWN_CASES["2-3-1-relu-half_se"]["network"])
    args = dict(x=[1.0, -0.5], target=[2.0], lr=0.1, wrt="loss") | kwargs
    with pytest.raises(InputError, match=field):
        trace(net, args["x"], args["target"], args["lr"], args["wrt"])


def test_wrt_output_needs_a_single_output_unit():
    net = network_from_dict(OWN_CASES["2-3-2-tanh-mse"]["network"])
    with pytest.raises(InputError, match="single output"):
        trace(net, [0.5, 0.1], wrt="output")
