"""Network editing: each edit returns a new network, leaves the old one alone,
and keeps every weight and bias that still has a place; new weights start small
(or Xavier-sized for redrawn layers). Where an edit cannot change what the
network computes (removing a neuron that feeds nothing, reordering inputs,
adding a feature with zero weights) the outputs stay the same.
"""

import numpy as np
import pytest

from playground.engine.errors import InputError
from playground.engine.network import Network

INPUTS = ("x1", "x2", "x1*x2")


@pytest.fixture
def net():
    """3 inputs, hidden 4 (tanh) and 3 (relu), 2 sigmoid outputs; every number distinct."""
    n = Network(INPUTS, [3, 4, 3, 2], ["tanh", "relu", "sigmoid"], "mse")
    n.params[...] = np.random.default_rng(0).uniform(-1, 1, n.params.size)
    return n


def rng():
    return np.random.default_rng(42)


POINTS = np.random.default_rng(1).uniform(-3, 3, size=(20, 2))


def outputs(network):
    x1, x2 = POINTS.T
    features = {"x1": x1, "x2": x2, "x1*x2": x1 * x2, "x1^2": x1 ** 2, "sin(x1)": np.sin(x1)}
    return network.predict(np.column_stack([features[name] for name in network.inputs]))


def unchanged(original, before):
    return np.array_equal(original.params, before)


def test_neuron_added(net):
    before = net.params.copy()
    new = net.with_neuron_added(1, rng())
    assert unchanged(net, before) and new.sizes == (3, 4, 4, 2)
    assert np.array_equal(new.W(0), net.W(0)) and np.array_equal(new.b(0), net.b(0))
    assert np.array_equal(new.W(1)[:3], net.W(1)) and np.array_equal(new.b(1)[:3], net.b(1))
    assert np.array_equal(new.W(2)[:, :3], net.W(2)) and np.array_equal(new.b(2), net.b(2))
    # the newcomer: small random weights in and out, bias 0
    assert np.all(np.abs(new.W(1)[3]) <= 0.1) and np.any(new.W(1)[3] != 0) and new.b(1)[3] == 0
    assert np.all(np.abs(new.W(2)[:, 3]) <= 0.1) and np.any(new.W(2)[:, 3] != 0)


@pytest.mark.parametrize("index", [0, 2, 3])
def test_neuron_removed(net, index):
    before = net.params.copy()
    new = net.with_neuron_removed(0, index)
    keep = [i for i in range(4) if i != index]
    assert unchanged(net, before) and new.sizes == (3, 3, 3, 2)
    assert np.array_equal(new.W(0), net.W(0)[keep]) and np.array_equal(new.b(0), net.b(0)[keep])
    assert np.array_equal(new.W(1), net.W(1)[:, keep]) and np.array_equal(new.b(1), net.b(1))
    assert np.array_equal(new.W(2), net.W(2)) and np.array_equal(new.b(2), net.b(2))


def test_removing_a_neuron_that_feeds_nothing_changes_no_output(net):
    net.W(1)[:, 2] = 0.0
    np.testing.assert_allclose(outputs(net.with_neuron_removed(0, 2)), outputs(net), rtol=1e-14)
    assert not np.allclose(outputs(net.with_neuron_removed(0, 1)), outputs(net))


def test_adding_then_removing_a_neuron_gives_the_network_back(net):
    assert net.with_neuron_added(0, rng()).with_neuron_removed(0, 4) == net


def test_layer_added_in_the_middle(net):
    before = net.params.copy()
    new = net.with_layer_added(1, 5, "sigmoid", rng())
    assert unchanged(net, before)
    assert new.sizes == (3, 4, 5, 3, 2) and new.activation_names == ["tanh", "sigmoid", "relu", "sigmoid"]
    # untouched layers keep everything
    assert np.array_equal(new.Wb[0], net.Wb[0]) and np.array_equal(new.Wb[3], net.Wb[2])
    # the layer after the new one keeps its biases; both matrices touching the new layer are redrawn, Xavier-sized
    assert np.array_equal(new.b(2), net.b(1)) and np.all(new.b(1) == 0)
    for layer, (fan_out, fan_in) in ((1, (5, 4)), (2, (3, 5))):
        assert new.W(layer).shape == (fan_out, fan_in)
        assert np.all(np.abs(new.W(layer)) <= np.sqrt(6 / (fan_in + fan_out)))


def test_layer_added_first_and_last(net):
    first = net.with_layer_added(0, 2, "tanh", rng())
    assert first.sizes == (3, 2, 4, 3, 2)
    assert np.array_equal(first.Wb[2], net.Wb[1]) and np.array_equal(first.Wb[3], net.Wb[2])
    assert np.array_equal(first.b(1), net.b(0))
    last = net.with_layer_added(2, 2, "linear", rng())
    assert last.sizes == (3, 4, 3, 2, 2)
    assert np.array_equal(last.Wb[0], net.Wb[0]) and np.array_equal(last.Wb[1], net.Wb[1])
    assert np.array_equal(last.b(3), net.b(2))


def test_layer_removed(net):
    before = net.params.copy()
    new = net.with_layer_removed(0, rng())
    assert unchanged(net, before)
    assert new.sizes == (3, 3, 2) and new.activation_names == ["relu", "sigmoid"]
    # the layer after the removed one is redrawn to fit, keeping its biases
    assert new.W(0).shape == (3, 3) and np.array_equal(new.b(0), net.b(1))
    assert np.array_equal(new.Wb[1], net.Wb[2])
    new = net.with_layer_removed(1, rng())
    assert new.sizes == (3, 4, 2) and np.array_equal(new.Wb[0], net.Wb[0])
    assert np.array_equal(new.b(1), net.b(2))


def test_inputs_switched(net):
    before = net.params.copy()
    new = net.with_inputs(["x1*x2", "x1^2", "x1"], rng())
    assert unchanged(net, before) and new.inputs == ("x1*x2", "x1^2", "x1")
    assert np.array_equal(new.W(0)[:, 0], net.W(0)[:, 2]) and np.array_equal(new.W(0)[:, 2], net.W(0)[:, 0])
    assert np.all(np.abs(new.W(0)[:, 1]) <= 0.1)
    assert np.array_equal(new.b(0), net.b(0)) and np.array_equal(new.Wb[1], net.Wb[1])
    assert np.array_equal(new.Wb[2], net.Wb[2])


def test_reordered_inputs_compute_the_same(net):
    np.testing.assert_allclose(outputs(net.with_inputs(["x2", "x1*x2", "x1"], rng())), outputs(net), rtol=1e-14)


def test_fewer_inputs_drop_their_columns(net):
    new = net.with_inputs(["x2"], rng())
    assert new.sizes == (1, 4, 3, 2) and np.array_equal(new.W(0), net.W(0)[:, 1:2])


def test_a_new_feature_with_zero_weights_changes_no_output(net):
    new = net.with_inputs(["x1", "x2", "x1*x2", "sin(x1)"], rng())
    new.W(0)[:, 3] = 0.0
    np.testing.assert_allclose(outputs(new), outputs(net), rtol=1e-14)


def test_activation_changed(net):
    before = net.params.copy()
    new = net.with_activation(1, "leaky-relu")
    assert unchanged(net, before)
    assert new.activation_names == ["tanh", "leaky_relu", "sigmoid"] and np.array_equal(new.params, net.params)
    assert new.params is not net.params
    out = net.with_activation(2, "softmax", loss="cce")
    assert out.loss.name == "cce" and np.array_equal(out.params, net.params)


@pytest.mark.parametrize("edit,message", [
    (lambda n: n.with_activation(0, "softmax"), "output layer only"),
    (lambda n: n.with_activation(2, "tanh", loss="bce"), "loss"),
    (lambda n: n.with_activation(0, "swish"), "swish"),
    (lambda n: n.with_neuron_added(2, rng()), "hidden layer 2"),
    (lambda n: n.with_neuron_removed(0, 4), "no neuron 4"),
    (lambda n: n.with_neuron_removed(1, 0).with_neuron_removed(1, 0).with_neuron_removed(1, 0), "at least one"),
    (lambda n: n.with_layer_added(3, 2, "tanh", rng()), "position 3"),
    (lambda n: n.with_layer_removed(2, rng()), "hidden layer 2"),
    (lambda n: n.with_inputs([], rng()), "inputs"),
])
def test_impossible_edits_are_refused(net, edit, message):
    before = net.params.copy()
    with pytest.raises(InputError, match=message):
        edit(net)
    assert unchanged(net, before)
