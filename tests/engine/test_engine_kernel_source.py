"""The compiled kernel is readable: its source is registered under a name like
``<kernel 2-3-1 batch 4>``, so inspect and tracebacks show it, each op's line
carries the lecture's equation, and describe() lists the ops."""

import dataclasses
import gc
import inspect
import linecache
import re
import traceback

import numpy as np
import pytest

from playground.engine.activations import ACTIVATIONS
from playground.engine.kernel import ForwardPass, Op, TrainingKernel, compile_ops
from playground.engine.network import Network
from playground.scenario import Scenario, build_trainer
from playground.settings import Settings

X = np.arange(12.0).reshape(2, 6) / 10
Y = np.array([[1.0, 0.0, 1.0, 0.0, 1.0, 1.0]])

# The lecture's 2-2-1 example grown to three hidden units: tanh, then a sigmoid output under bce.
LAYERS = [("tanh", [[0.2, 0.4], [0.3, 0.7], [-0.5, 0.1]], [0.1, 0.2, 0.0]), ("sigmoid", [[0.6, 0.9, -0.3]], [0.3])]

EXPECTED_OPS = """\
take(indices, 1, batch, 'clip')  # y, a0 ← the training samples [indices]
dot(Wb1, a0_1, a1)  # z1 = W1·a0 + b1
tanh(a1, a1)  # a1 = tanh(z1)
dot(Wb2, a1_1, a2)  # z2 = W2·a1 + b2
sigmoid(a2, a2)  # a2 = sigmoid(z2)
tanh_derivative(layers1, fprime1)  # f'(z1) = 1 − a1²  (tanh)
subtract(a2, y, dz2)  # dz2 ← a2 − y
multiply(dz2, inv_batch, dz2)  # dL/dz2 = (a2 − y)/B  (bce on sigmoid)
dot(dz2, a1_1T, dWb2)  # dW2, db2 = dL/dz2·[a1; 1]ᵀ
dot(Wb2T, dz2, da1_1)  # dL/da1 = W2ᵀ·dL/dz2
multiply(da1, fprime1, dz1)  # dL/dz1 = dL/da1 ⊙ f'(z1)
dot(dz1, a0_1T, dWb1)  # dW1, db1 = dL/dz1·[a0; 1]ᵀ"""


def named(filename, title):
    """The kernel's file name: ``<title>``, numbered when another live pass has that name."""
    return re.fullmatch(rf"<{re.escape(title)}( #\d+)?>", filename) is not None


def lecture_network():
    return Network.from_layers(["x1", "x2"], "bce", LAYERS)


def kernel_for(network, batch=4):
    return TrainingKernel(network, batch, X, Y, np.zeros_like(network.params))


def test_the_kernel_is_registered_under_its_shape_and_batch_size():
    gc.collect()
    kernel = kernel_for(lecture_network())
    assert named(kernel.run.__code__.co_filename, "kernel 2-3-1 batch 4")


def test_getsource_shows_the_ops_with_their_equations():
    source = inspect.getsource(kernel_for(lecture_network()).run)
    lines = source.splitlines()
    assert lines[0].startswith("def run(indices, *,")
    assert [line.strip() for line in lines[1:]] == EXPECTED_OPS.splitlines()


def test_describe_lists_one_line_per_op():
    kernel = kernel_for(lecture_network())
    assert kernel.describe() == EXPECTED_OPS
    assert len(kernel.describe().splitlines()) == len(kernel.ops)


def test_the_trainer_step_source_adds_penalty_and_optimizer_equations():
    trainer = build_trainer(Scenario(Settings(dataset="xor", hidden=[4], regularization="L2",
                                              regularization_rate=0.01, batch_size=10)))
    step = trainer._step(10)
    assert named(step.__code__.co_filename, "kernel 2-4-1 batch 10 + L2 + sgd")
    source = inspect.getsource(step)
    for label in ("# z1 = W1·a0 + b1", "# a1 = tanh(z1)", "# dL/dz2 = (a2 − y)/B", "# dL/dz1 = dL/da1 ⊙ f'(z1)",
                  "# dW ← dW + r  (L2 penalty)", "# W ← W − η·dW, b ← b − η·db  (SGD)"):
        assert label in source, label
    assert trainer.describe().splitlines()[-1] == "subtract(params, grad, params)  # W ← W − η·dW, b ← b − η·db  (SGD)"


def test_the_forward_pass_is_readable_too():
    forward = ForwardPass(lecture_network(), X)
    assert named(forward.run_ops.__code__.co_filename, "forward 2-3-1 columns 6")
    assert forward.describe().splitlines() == EXPECTED_OPS.splitlines()[1:5]


def test_an_error_inside_an_op_names_the_kernel_file_and_the_op_line(monkeypatch):
    def broken_tanh(z, out=None):
        raise FloatingPointError("tanh failed")

    monkeypatch.setitem(ACTIVATIONS, "tanh", dataclasses.replace(ACTIVATIONS["tanh"], forward=broken_tanh))
    kernel = kernel_for(lecture_network())
    with pytest.raises(FloatingPointError) as error:
        kernel.run(np.arange(4))
    filename = kernel.run.__code__.co_filename
    assert named(filename, "kernel 2-3-1 batch 4")
    frames = traceback.extract_tb(error.value.__traceback__)
    inside = [f for f in frames if f.filename == filename]
    assert len(inside) == 1
    assert inside[0].line == "broken_tanh(a1, a1)  # a1 = tanh(z1)"
    text = "".join(traceback.format_exception(error.value))
    assert f'File "{filename}", line 4, in run' in text
    assert "broken_tanh(a1, a1)  # a1 = tanh(z1)" in text


def test_a_numpy_error_in_the_gather_shows_the_gather_line():
    kernel = kernel_for(lecture_network())
    with pytest.raises(TypeError) as error:
        kernel.run(np.array([0.5, 1.5, 2.5, 3.5]))  # take refuses float indices
    frame = traceback.extract_tb(error.value.__traceback__)[-1]
    assert named(frame.filename, "kernel 2-3-1 batch 4")
    assert frame.line == "take(indices, 1, batch, 'clip')  # y, a0 ← the training samples [indices]"


def test_kernels_of_one_shape_keep_their_own_source():
    relu = Network.from_layers(["x1", "x2"], "bce", [("relu", *LAYERS[0][1:]), LAYERS[1]])
    first, second = kernel_for(lecture_network()), kernel_for(relu)
    assert first.run.__code__.co_filename != second.run.__code__.co_filename
    assert "# a1 = tanh(z1)" in inspect.getsource(first.run)
    assert "# a1 = relu(z1)" in inspect.getsource(second.run)


def test_the_source_leaves_linecache_with_the_function():
    kernel = kernel_for(lecture_network())
    filename = kernel.run.__code__.co_filename
    assert filename in linecache.cache
    del kernel
    gc.collect()
    assert filename not in linecache.cache


def test_the_labelled_kernel_computes_the_reference_gradient():
    network, grad = lecture_network(), np.zeros(13)
    indices = np.array([5, 0, 3, 3])
    TrainingKernel(network, 4, X, Y, grad).run(indices)
    _, reference = network.loss_and_gradient(X[:, indices], Y[:, indices])
    np.testing.assert_allclose(grad, reference, rtol=1e-12, atol=1e-15)


def test_ops_print_as_calls_with_their_equation():
    a = np.zeros((2, 3))
    op = Op(np.multiply, (a, 0.5, a), "a ← a/2")
    assert repr(op) == "multiply(<2×3 float64>, 0.5, <2×3 float64>)  # a ← a/2"
    assert repr(Op(np.add, (a, 1.0, a))) == "add(<2×3 float64>, 1.0, <2×3 float64>)"


def test_compile_ops_makes_the_calls_in_order():
    calls = []
    append = calls.append
    fn = compile_ops([Op(append, (1,), "first"), Op(append, ("two",), "second")], title="two appends")
    fn()
    assert calls == [1, "two"]
    assert inspect.getsource(fn).splitlines()[1:] == ["    append(1)  # first", "    append('two')  # second"]
