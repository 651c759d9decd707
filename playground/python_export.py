"""File ▸ Export ▸ Python Script and `playground export SCENARIO --python OUT.py`.

One standalone script (NumPy and the standard library only) in the lecture's
style: a ``Layer`` class with ``forward_pass`` and ``backward_pass`` (deck 002),
the activations, the loss, the optimizer and a training loop, with the session
written into it: the network's weights, the data as the network sees it (the
trainer's own feature matrices and targets, never the generators' code), where
the shuffle stands (this epoch's order, the cursor and the generator's state),
the optimizer's memory and the settings. Run as is, it trains on from there and
prints the losses the app shows, epoch for epoch.

Its code is python_script.py's fixed text; what is filled in here enters it only
as ``repr`` (text, whole numbers, floats: repr round-trips them exactly) or as a
packed array (the exact bytes, compressed, in base 64). For a 500-point scenario
of two inputs it is about 25 KB; for 100,000 points about 2 MB (two inputs) to
7 MB (all seven plane features).
"""

from __future__ import annotations

import base64
import os
import zlib

import numpy as np

from playground import python_script as text
from playground import python_script_training as training
from playground.engine.errors import InputError
from playground.engine.features import feature_matrix
from playground.engine.kernel import FLOAT32_FROM_COLUMNS
from playground.engine.metrics import targets_for
from playground.engine.network import Network
from playground.engine.regularization import canonical
from playground.engine.trainer import Trainer
from playground.files import write_atomic

ACTIVATION_CLASSES = {"linear": "Linear", "relu": "ReLU", "leaky_relu": "LeakyReLU", "tanh": "Tanh",
                      "sigmoid": "Sigmoid", "softmax": "Softmax"}
LOSS_CLASSES = {"bce": "BinaryCrossEntropy", "cce": "CategoricalCrossEntropy", "mse": "MeanSquaredError",
                "half_se": "HalfSquaredError"}
DEFAULT_EPOCHS = 100  # what the script trains when run without a number
PACKED_LINE = 100     # characters per line of a packed array
# What the optimizer remembers, per weight: (the app's state key, the script's attribute)
MEMORY = {"sgd": (), "momentum": (("velocity", "velocity"),), "adam": (("m", "m"), ("v", "v"))}


def python_script(trainer: Trainer, title: str = "") -> str:
    """The script that trains on from ``trainer``'s state and prints the app's losses."""
    net, state = trainer.network, trainer.state()
    optimizer = str(trainer.optimizer_name).lower()
    _check_numbers(net, state["optimizer"])
    kind, rate = trainer.regularization
    penalty = canonical(kind) if rate > 0 else "none"
    activations = list(dict.fromkeys(net.activation_names))  # each class once, in order of first use
    return "".join([
        text.HEADER, _settings(trainer, title, penalty), _data(trainer), text.LAYER,
        *(text.ACTIVATIONS[name] for name in activations), text.NETWORK, text.LOSSES[net.loss.name],
        training.OPTIMIZERS[optimizer], training.PENALTIES[penalty], training.SCHEDULES[trainer.schedule.kind],
        _network(net), _optimizer(net, optimizer, state["optimizer"]), _shuffle(state),
        training.STOPPING[bool(trainer.patience)], training.TRAINING])


def save_python_script(trainer: Trainer, path: str | os.PathLike, title: str = "") -> int:
    """Write the script (through the one safe writer); returns its size in bytes."""
    script = python_script(trainer, title).encode("utf-8")
    write_atomic(path, script)
    return len(script)


def export_scenario(scenario, path: str | os.PathLike) -> int:
    """The script of a scenario (its weights, data and training state), written to ``path``."""
    from playground.scenario import build_trainer

    with np.errstate(all="ignore"):  # a loss that overflowed is the script's to print, not a warning here
        trainer = build_trainer(scenario)
    return save_python_script(trainer, path, scenario.title)


def _check_numbers(net: Network, optimizer: dict) -> None:
    memory = [np.asarray(v, dtype=float) for v in optimizer.values() if isinstance(v, list)]
    if not all(np.isfinite(a).all() for a in [net.params, *memory]):
        raise InputError("cannot export: the session holds an infinite or NaN weight (training diverged?); "
                         "reset the weights or change what overflowed, then export")


# --- the parts filled in ---------------------------------------------------------------

def _heading(title: str) -> str:
    return f"\n\n# --- {title} " + "-" * max(3, 86 - len(title) - 7)


def _settings(trainer: Trainer, title: str, penalty: str) -> str:
    lines = [_heading("the settings"),
             f"TITLE = {title!r}",
             f"INPUTS = {list(trainer.network.inputs)!r}  # the input features: the rows of X, in order",
             f"EPOCH = {int(trainer.epoch)!r}  # epochs trained so far ({int(trainer.updates)!r} updates)",
             f"EPOCHS = {DEFAULT_EPOCHS!r}  # epochs this script trains (a number after its name overrides it)",
             f"LEARNING_RATE = {_number(trainer.learning_rate)}  # η",
             f"BATCH_SIZE = {int(trainer.batch_size)!r}  # B: samples per update"]
    if penalty != "none":
        lines.append(f"REGULARIZATION_RATE = {_number(trainer.regularization[1])}  # λ of the {penalty} penalty")
    schedule = trainer.schedule
    if schedule.kind != "constant":
        lines += [f"SCHEDULE_FACTOR = {_number(schedule.factor)}  # the learning rate's factor ({schedule.kind})",
                  f"SCHEDULE_EVERY = {int(schedule.every)!r}  # epochs between its steps"]
    if trainer.patience:
        lines.append(f"PATIENCE = {int(trainer.patience)!r}  # early stopping: epochs without a better "
                     "validation loss")
    lines.append(f"FLOAT32_FROM = {FLOAT32_FROM_COLUMNS!r}  # passes over this many samples or more: float32")
    return "\n".join(lines) + "\n"


def _data(trainer: Trainer) -> str:
    """Each set's inputs as the network sees them and its targets, as the trainer holds them."""
    net, split = trainer.network, trainer.data
    sets = [("train", trainer.train_features, trainer.train_targets)]
    for name, part in (("test", split.test), ("validation", split.validation)):
        if part is not None and (name == "test" or len(part)):
            sets.append((name, feature_matrix(net.inputs, part.points), targets_for(part, net)))
    counts = ", ".join(f"{X.shape[1]:,} {name}" for name, X, _ in sets)
    lines = [_heading("the data"),
             "# Per set (name: (X, Y)): X, the inputs as the network sees them, one row per input",
             "# feature and one column per sample, and Y, the targets of the output units (for",
             "# classes: 1 for the sample's class, else 0 under a sigmoid, relu or softmax output, -1",
             "# under the others).",
             f"# Points: {counts}.",
             "DATA = {"]
    for name, X, Y in sets:
        lines += [f"    {name!r}: ({_packed(X, '<f8')},", f"        {_packed(Y, '<f8')}),"]
    lines += ["}", 'X_TRAIN, Y_TRAIN = DATA["train"]']
    return "\n".join(lines) + "\n"


def _network(net: Network) -> str:
    lines = [_heading("the network, with its weights now"),
             "# weights[i][j]: from unit j of the layer below into neuron i (z = W·a + b)"]
    names = []
    for layer, activation in enumerate(net.activation_names, start=1):
        start = f"layer{layer} = Layer("
        lines += [f"{start}weights={_matrix(net.W(layer - 1), len(start) + 9)},",
                  f"{' ' * len(start)}biases={_vector(net.b(layer - 1))})",
                  f"activation{layer} = {ACTIVATION_CLASSES[activation]}()"]
        names += [f"layer{layer}", f"activation{layer}"]
    lines += [f"network = Network([{', '.join(names)}])", f"loss = {LOSS_CLASSES[net.loss.name]}()"]
    return "\n".join(lines) + "\n"


def _optimizer(net: Network, name: str, state: dict) -> str:
    """The optimizer and, per layer, its memory for W and for b (the app keeps one flat
    vector laid out like the network's parameters: each layer's [W | b], row by row)."""
    lines = ["", "# the optimizer, and what it remembers of the steps so far (per layer, for W and for b)"]
    lines.append({"sgd": "optimizer = SGD()  # plain gradient descent remembers nothing",
                  "momentum": "optimizer = Momentum()",
                  "adam": f"optimizer = Adam(iterations={int(state.get('t', 0))!r})"}[name])
    for key, attribute in MEMORY[name]:
        for layer, Wb in enumerate(net.layer_views(np.asarray(state[key], dtype=float)), start=1):
            start = f"layer{layer}.weight_{attribute} = np.array("
            lines += [f"{start}{_matrix(Wb[:, :-1], len(start) + 1)})",
                      f"layer{layer}.bias_{attribute} = np.array({_vector(Wb[:, -1])}).reshape(-1, 1)"]
    return "\n".join(lines) + "\n"


def _shuffle(state: dict) -> str:
    generator = state["shuffle"]
    if generator.get("bit_generator") != "PCG64":
        raise InputError(f"cannot export: the shuffle's generator is {generator.get('bit_generator')!r}, "
                         "not NumPy's PCG64")
    pcg = {"bit_generator": "PCG64",
           "state": {"state": int(generator["state"]["state"]), "inc": int(generator["state"]["inc"])},
           "has_uint32": int(generator["has_uint32"]), "uinteger": int(generator["uinteger"])}
    return "\n".join([
        _heading("where the shuffle stands"),
        "# This epoch's order of the training points and how many of them were used; the",
        "# generator (NumPy's PCG64, in the app's state) draws the next epochs' orders.",
        f"ORDER = {_packed(np.asarray(state['order'], dtype=np.int64), '<i8')}",
        f"CURSOR = {int(state['cursor'])!r}",
        "shuffle = np.random.Generator(np.random.PCG64())",
        f"shuffle.bit_generator.state = {pcg!r}"]) + "\n"


# --- numbers, exactly --------------------------------------------------------------------

def _number(value) -> str:
    """A float as Python source that reads back to the same float (repr round-trips)."""
    return repr(float(value))


def _vector(values) -> str:
    return "[" + ", ".join(map(_number, values)) + "]"


def _matrix(rows, indent: int) -> str:
    return "[" + (",\n" + " " * indent).join(_vector(row) for row in rows) + "]"


def _packed(array: np.ndarray, dtype: str) -> str:
    """``unpack(...)`` of ``array``: its bytes (little-endian), zlib-compressed, in base 64
    (no quote or backslash in its alphabet), in lines of PACKED_LINE characters."""
    array = np.ascontiguousarray(array, dtype=dtype)
    encoded = base64.b64encode(zlib.compress(array.tobytes(), 9)).decode("ascii")
    lines = "\n".join(encoded[i:i + PACKED_LINE] for i in range(0, len(encoded), PACKED_LINE))
    return f'unpack({dtype!r}, {array.shape!r}, """\n{lines}""")'
