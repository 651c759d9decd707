"""The network file (README, "Files"): saving and loading is exact,
the fields are the contract's, and every malformed file is refused with an
InputError whose message names the field at fault (and the file, when loading).
"""

import copy
import json

import numpy as np
import pytest

from playground.engine.errors import InputError
from playground.engine.network import Network
from playground.network_file import load_network, network_from_dict, network_to_dict, save_network

LECTURE = {
    "format": "playground.network", "version": 1, "inputs": ["x1", "x2"], "loss": "bce",
    "layers": [
        {"activation": "sigmoid", "weights": [[0.2, 0.4], [0.3, 0.7]], "biases": [0.1, 0.2]},
        {"activation": "sigmoid", "weights": [[0.6, 0.9]], "biases": [0.3]},
    ],
}


def awkward_network():
    """Weights no short decimal writes exactly, tiny and huge magnitudes, a signed zero."""
    net = Network(("x1^2", "sin(x2)", "x1*x2"), [3, 5, 4, 3], ["leaky_relu", "tanh", "softmax"], "cce")
    rng = np.random.default_rng(3)
    net.params[...] = rng.normal(size=net.params.size) * 10.0 ** rng.integers(-12, 12, net.params.size)
    net.params[0] = -0.0
    net.params[1] = 0.1 + 0.2
    return net


def test_the_lecture_network_reads_as_written():
    net = network_from_dict(LECTURE)
    assert net.inputs == ("x1", "x2") and net.sizes == (2, 2, 1) and net.loss.name == "bce"
    assert net.activation_names == ["sigmoid", "sigmoid"]
    # weights[i][j]: from unit j of the layer before into neuron i
    assert net.W(0).tolist() == [[0.2, 0.4], [0.3, 0.7]] and net.b(0).tolist() == [0.1, 0.2]
    z = net.W(0) @ np.array([0.5, 0.1]) + net.b(0)
    np.testing.assert_allclose(z, [0.1 + 0.2 * 0.5 + 0.4 * 0.1, 0.2 + 0.3 * 0.5 + 0.7 * 0.1], rtol=1e-15)
    assert network_to_dict(net) == LECTURE


def test_round_trip_through_a_dict_and_json_text_is_exact():
    net = awkward_network()
    d = json.loads(json.dumps(network_to_dict(net)))
    back = network_from_dict(d)
    assert back == net
    assert np.array_equal(np.signbit(back.params), np.signbit(net.params))


def test_save_and_load_round_trip_is_exact(tmp_path):
    net = awkward_network()
    path = tmp_path / "net.json"
    save_network(net, path)
    back = load_network(path)
    assert back == net and back.params.tobytes() == net.params.tobytes()
    save_network(back, tmp_path / "again.json")
    assert (tmp_path / "again.json").read_text() == path.read_text()
    saved = json.loads(path.read_text())
    assert set(saved) >= {"format", "version", "inputs", "loss", "layers"}
    assert saved["format"] == "playground.network" and saved["version"] == 1
    assert [layer["activation"] for layer in saved["layers"]] == ["leaky_relu", "tanh", "softmax"]


def test_format_and_version_may_be_left_out():
    d = {k: v for k, v in LECTURE.items() if k not in ("format", "version")}
    assert network_from_dict(d) == network_from_dict(LECTURE)


# --- malformed networks: (what to change, words the message must contain) ----------

def _set(path, value):
    def change(d):
        target = d
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        return d
    return change


def _drop(path):
    def change(d):
        target = d
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
        return d
    return change


MALFORMED = {
    "row too long": (_set(["layers", 0, "weights", 1], [0.3, 0.7, 0.9]), ["layers[0].weights[1]", "2 numbers"]),
    "row too short": (_set(["layers", 1, "weights", 0], [0.6]), ["layers[1].weights[0]", "2 numbers"]),
    "too few biases": (_set(["layers", 0, "biases"], [0.1]), ["layers[0].biases", "2 numbers"]),
    "too many biases": (_set(["layers", 1, "biases"], [0.3, 0.4]), ["layers[1].biases", "1 numbers"]),
    "weights not a matrix": (_set(["layers", 0, "weights"], [0.2, 0.4]), ["layers[0].weights[0]"]),
    "no weights rows": (_set(["layers", 0, "weights"], []), ["layers[0].weights"]),
    "text for a weight": (_set(["layers", 0, "weights", 0, 1], "0.4"), ["layers[0].weights[0][1]", "number"]),
    "boolean for a bias": (_set(["layers", 1, "biases", 0], True), ["layers[1].biases[0]", "number"]),
    "NaN weight": (_set(["layers", 0, "weights", 0, 0], float("nan")), ["layers[0].weights[0][0]", "finite"]),
    "infinite bias": (_set(["layers", 1, "biases", 0], float("-inf")), ["layers[1].biases[0]", "finite"]),
    "unknown activation": (_set(["layers", 0, "activation"], "swish"), ["layers[0].activation", "swish"]),
    "unknown loss": (_set(["loss"], "hinge"), ["loss", "hinge"]),
    "loss not a name": (_set(["loss"], 3), ["loss"]),
    "softmax on a hidden layer": (_set(["layers", 0, "activation"], "softmax"),
                                  ["layers[0].activation", "output layer only"]),
    "bce on a tanh output": (_set(["layers", 1, "activation"], "tanh"), ["loss", "sigmoid"]),
    "bce on two outputs": (lambda d: _set(["layers", 1], {"activation": "sigmoid", "weights": [[0.6, 0.9], [0.1, 0.2]],
                                                          "biases": [0.3, 0.4]})(d), ["loss", "one output"]),
    "cce without softmax": (_set(["loss"], "cce"), ["loss", "softmax"]),
    "missing inputs": (_drop(["inputs"]), ["inputs", "missing"]),
    "missing loss": (_drop(["loss"]), ["loss", "missing"]),
    "missing layers": (_drop(["layers"]), ["layers", "missing"]),
    "missing weights": (_drop(["layers", 1, "weights"]), ["layers[1].weights", "missing"]),
    "missing biases": (_drop(["layers", 0, "biases"]), ["layers[0].biases", "missing"]),
    "missing activation": (_drop(["layers", 0, "activation"]), ["layers[0].activation", "missing"]),
    "no layers": (_set(["layers"], []), ["layers"]),
    "unknown input feature": (_set(["inputs"], ["x1", "x3"]), ["inputs", "x3"]),
    "input listed twice": (_set(["inputs"], ["x1", "x1"]), ["inputs", "twice"]),
    "newer version": (_set(["version"], 3), ["version", "newer"]),
    "version not a number": (_set(["version"], "1"), ["version"]),
    "other format": (_set(["format"], "playground.scenario"), ["format"]),
}


@pytest.mark.parametrize("name", MALFORMED)
def test_malformed_network_dicts_name_the_field(name):
    change, words = MALFORMED[name]
    d = change(copy.deepcopy(LECTURE))
    with pytest.raises(InputError) as error:
        network_from_dict(d, "net.json")
    message = str(error.value)
    assert message.startswith("net.json: ")
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"


@pytest.mark.parametrize("name", MALFORMED)
def test_malformed_network_files_name_file_and_field(tmp_path, name):
    change, words = MALFORMED[name]
    d = change(copy.deepcopy(LECTURE))
    path = tmp_path / "net.json"
    # NaN and Infinity as JSON tokens, which json.dumps writes for non-finite floats
    path.write_text(json.dumps(d, allow_nan=True))
    with pytest.raises(InputError) as error:
        load_network(path)
    message = str(error.value)
    assert str(path) in message
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_json_tokens_are_refused_naming_the_field(tmp_path, token):
    text = json.dumps(LECTURE).replace("0.7", token)
    path = tmp_path / "net.json"
    path.write_text(text)
    with pytest.raises(InputError, match=r"layers\[0\]\.weights\[1\]\[1\]") as error:
        load_network(path)
    assert str(path) in str(error.value)


@pytest.mark.parametrize("text,words", [
    ('{"inputs": ["x1", "x2"], "loss": "bce", "layers": [', ["not valid JSON"]),
    ("", ["not valid JSON"]),
    ('[1, 2, 3]', ["JSON object"]),
    ('{"inputs": ["x1", "x2"], "loss": "bce", "layers": [{"activation": "sigmoid", "weights": [[0.2, 0.4]], '
     '"biases": [0.1]},]}', ["not valid JSON"]),
])
def test_bad_json_is_refused_naming_the_file(tmp_path, text, words):
    path = tmp_path / "broken.json"
    path.write_text(text)
    with pytest.raises(InputError) as error:
        load_network(path)
    assert str(path) in str(error.value)
    for word in words:
        assert word in str(error.value)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_network(tmp_path / "nowhere.json")
