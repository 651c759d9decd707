"""The network file (README, "Files"): load, validate, save.

Every problem raises an InputError that names the field and what was expected,
e.g. ``net.json: layers[1].weights: expected 1 row of 2 numbers, got 3 in row 0``.
"""

from __future__ import annotations

import io
import math
import os

import numpy as np

from playground.engine.activations import get_activation
from playground.engine.errors import InputError
from playground.engine.features import check_inputs, describe_plain, is_plain
from playground.engine.losses import get_loss
from playground.engine.network import Network
from playground.files import dump_json, read_bytes, read_json, write_atomic

FORMAT = "playground.network"
VERSION = 2        # the newest this program reads
PLAIN_VERSION = 2  # plain inputs (any names) came with version 2; plane-feature files stay version 1
MAX_UNITS = 4096  # per layer; far beyond anything the app draws, it bounds memory


def network_to_dict(net: Network) -> dict:
    return {
        "format": FORMAT,
        "version": PLAIN_VERSION if is_plain(net.inputs) else 1,
        "inputs": list(net.inputs),
        "loss": net.loss.name,
        "layers": [{"activation": act.name, "weights": net.W(i).tolist(), "biases": net.b(i).tolist()}
                   for i, act in enumerate(net.activations)],
    }


def network_from_dict(data: dict, source: str = "network") -> Network:
    def fail(field: str, message: str):
        raise InputError(f"{source}: {field}: {message}")

    if not isinstance(data, dict):
        raise InputError(f"{source}: expected a JSON object, got {type(data).__name__}")
    if "format" in data and data["format"] != FORMAT:
        fail("format", f"expected {FORMAT!r}, got {data['format']!r}")
    version = data.get("version", VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        fail("version", f"expected a whole number ≥ 1, got {version!r}")
    if version > VERSION:
        fail("version", f"this file is version {version}; this Playground reads up to version {VERSION}, "
                        "so it was written by a newer Playground")
    for key in ("inputs", "loss", "layers"):
        if key not in data:
            fail(key, "missing")

    inputs = _inputs(data["inputs"], version, source, fail)

    if not isinstance(data["loss"], str):
        fail("loss", f"expected a name, got {data['loss']!r}")
    try:
        get_loss(data["loss"])
    except InputError as e:
        fail("loss", str(e))

    layers = data["layers"]
    if not isinstance(layers, list) or not layers:
        fail("layers", "expected a non-empty list of layers")
    parsed, width = [], len(inputs)
    for i, layer in enumerate(layers):
        where = f"layers[{i}]"
        if not isinstance(layer, dict):
            fail(where, "expected an object with activation, weights and biases")
        for key in ("activation", "weights", "biases"):
            if key not in layer:
                fail(f"{where}.{key}", "missing")
        try:
            act = get_activation(layer["activation"])
        except InputError as e:
            fail(f"{where}.activation", str(e))
        if act.output_only and i != len(layers) - 1:
            fail(f"{where}.activation", f"{act.name} is allowed on the output layer only")
        W = _matrix(layer["weights"], width, f"{where}.weights", fail)
        b = _vector(layer["biases"], len(W), f"{where}.biases", fail)
        parsed.append((act.name, W, b))
        width = len(W)
    try:
        return Network.from_layers(inputs, data["loss"], parsed)
    except InputError as e:
        raise InputError(f"{source}: {e}") from None


def _inputs(inputs, version: int, source: str, fail) -> list:
    if not isinstance(inputs, list):
        fail("inputs", "expected a non-empty list of feature names")
    try:
        check_inputs(inputs)
    except InputError as e:
        raise InputError(f"{source}: {e}") from None
    if is_plain(inputs) and version < PLAIN_VERSION:
        fail("inputs", f"{describe_plain(inputs)}, which needs \"version\": {PLAIN_VERSION}; "
                       "a version 1 file takes the plane's features (or x alone)")
    return inputs


def _number(value, field, fail) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        fail(field, f"expected a number, got {value!r}")
    if not math.isfinite(value):
        fail(field, f"expected a finite number, got {value!r}")
    return float(value)


def _vector(values, length, field, fail) -> np.ndarray:
    if not isinstance(values, list):
        fail(field, f"expected a list of {length} numbers, got {type(values).__name__}")
    if len(values) != length:
        fail(field, f"expected {length} numbers (one per neuron), got {len(values)}")
    return np.array([_number(v, f"{field}[{j}]", fail) for j, v in enumerate(values)])


def _matrix(rows, width, field, fail) -> np.ndarray:
    shape = f"rows of {width} numbers (one per unit of the layer before)"
    if not isinstance(rows, list) or not rows:
        fail(field, f"expected a non-empty list of {shape}")
    if len(rows) > MAX_UNITS:
        fail(field, f"expected at most {MAX_UNITS} neurons, got {len(rows)}")
    for r, row in enumerate(rows):
        if not isinstance(row, list):
            fail(f"{field}[{r}]", f"expected a list of {width} numbers, got {type(row).__name__}")
        if len(row) != width:
            fail(f"{field}[{r}]", f"expected {width} numbers (one per unit of the layer before), got {len(row)}")
    return np.array([[_number(v, f"{field}[{r}][{c}]", fail) for c, v in enumerate(row)]
                     for r, row in enumerate(rows)])


def load_network(path: str | os.PathLike) -> Network:
    return network_from_dict(read_json(path, "network file"), str(path))


def save_network(net: Network, path: str | os.PathLike) -> None:
    write_atomic(path, dump_json(network_to_dict(net)))


def save_network_npz(net: Network, path: str | os.PathLike) -> None:
    """W0, b0, W1, b1, ... as NumPy arrays, with inputs, activations and loss."""
    arrays = {}
    for i in range(net.depth):
        arrays[f"W{i}"], arrays[f"b{i}"] = net.W(i).copy(), net.b(i).copy()
    archive = io.BytesIO()  # in memory, then the one safe writer (np.savez would add ".npz" to a bare name)
    np.savez(archive, inputs=np.array(net.inputs), activations=np.array(net.activation_names),
             loss=np.array(net.loss.name), **arrays)
    write_atomic(path, archive.getvalue())


def load_network_npz(path: str | os.PathLike) -> Network:
    archive = io.BytesIO(read_bytes(path, ".npz network"))  # a regular file, within the size limit
    try:
        with np.load(archive, allow_pickle=False) as data:
            layers = [(str(act), data[f"W{i}"], data[f"b{i}"]) for i, act in enumerate(data["activations"])]
            return Network.from_layers([str(x) for x in data["inputs"]], str(data["loss"]), layers)
    except (OSError, ValueError, KeyError) as e:
        raise InputError(f"{path}: not a Playground .npz network ({e})") from None
