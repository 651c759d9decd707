"""A scenario is everything a session is: settings, the network with its weights,
the training state (epoch, history, where the shuffle stands) and, for data not
drawn from a generator, the points themselves. Saved as versioned JSON.

A network file is accepted wherever a scenario is: its settings are then taken
from the network and the defaults.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field

import numpy as np

from playground.engine.data import MAX_POINTS, Dataset, Split, check_order, generate, split
from playground.engine.errors import InputError
from playground.engine.features import LINE_FEATURES, MAX_INPUTS, describe_plain, is_plain
from playground.engine.network import Network
from playground.engine.optimizers import Schedule
from playground.engine.trainer import Trainer, init_rng
from playground.files import dump_json, read_json, write_atomic
from playground.network_file import FORMAT as NETWORK_FORMAT
from playground.network_file import network_from_dict, network_to_dict
from playground.settings import Settings
from playground.tfp_link import is_link, parse_link

FORMAT = "playground.scenario"
VERSION = 2        # the newest this program reads
PLAIN_VERSION = 2  # a scenario of plain inputs (any names, the data's columns); others stay version 1
DEFAULT_DATASET = {"classification": "circle", "multiclass": "three-class",
                   "regression": "reg-plane", "function": "bumps"}


@dataclass
class Scenario:
    settings: Settings
    network: Network | None = None   # None: drawn from the seed
    state: dict | None = None        # Trainer.state(); None: epoch 0
    data: Dataset | None = None      # None: generated from the settings
    title: str = ""
    # Not saved: how the views start (show_test, discretize, hidden_controls) and
    # notes on what a TensorFlow Playground link could not carry over.
    view: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)


def settings_for_problem(settings: Settings, problem: str, dataset: str | None = None) -> Settings:
    """Switching the problem picks its default data set (or ``dataset``), the inputs
    it can take (``x`` for a 1-D function, the plane features otherwise) and its
    own output layer and loss; the hidden layers stay."""
    if problem not in DEFAULT_DATASET:
        raise InputError(f"problem: unknown {problem!r}; expected one of {', '.join(DEFAULT_DATASET)}")
    if problem == "function":
        inputs = ["x"]
    else:
        inputs = list(settings.inputs) if settings.problem != "function" else ["x1", "x2"]
    return settings.replace(problem=problem, dataset=dataset or DEFAULT_DATASET[problem], inputs=inputs,
                            output_activation="", loss="")


# --- building a session -----------------------------------------------------------

def waiting_for_data(scenario: Scenario) -> tuple[Scenario, str]:
    """A network that opens for the inspector but has no data to train on: plain inputs
    without data (a network file of the lecture's x0, x1, x2), or a regression of several
    output units (data has one target). It opens on two stand-in points at 0, so it can be
    drawn and inspected; also why it cannot train ("" when it can)."""
    settings, net = scenario.settings, scenario.network
    outputs = net.sizes[-1] if net is not None else 1
    several = settings.problem in ("regression", "function") and outputs > 1
    if scenario.data is not None or not (is_plain(settings.inputs) or several):
        return scenario, ""
    if several:
        why = (f"this network can be inspected, not trained: a regression of {outputs} output units needs "
               "a target for each, and data has one")
    else:
        why = f"nothing to train on yet: import data with the columns {', '.join(settings.inputs)} (File > Import Data)"
    classes = 0 if settings.problem in ("regression", "function") else max(2, outputs)
    points = np.zeros((2, len(settings.inputs)))
    values = np.array([0, 1]) if classes else np.zeros((2, outputs)) if several else np.zeros(2)
    data = Dataset(settings.problem, points, values, classes)
    return dataclasses.replace(scenario, data=data), why


def with_data(scenario: Scenario, data: Dataset, inputs) -> Scenario:
    """The scenario training on your own ``data`` as ``inputs``: its network (hand-set
    weights too) is kept when it fits, the same problem, classes and inputs; otherwise
    the settings' network is drawn for them."""
    s, net = scenario.settings, scenario.network
    outputs = net.sizes[-1] if net is not None else s.outputs
    classes_fit = (data.classes or 1) == (1 if outputs == 1 else outputs) or (data.classes == 2 and outputs == 1)
    if data.problem == s.problem and list(inputs) == list(s.inputs) and classes_fit:
        return dataclasses.replace(scenario, data=data, state=None)  # the state's shuffle was of other data
    settings = settings_for_problem(s, data.problem)
    if data.problem != "function":
        settings = settings.replace(inputs=list(inputs))
    return Scenario(settings, None, None, data, scenario.title, notes=list(scenario.notes))


def build_data(settings: Settings, data: Dataset | None = None) -> Split:
    if data is None and is_plain(settings.inputs):
        raise InputError(f"inputs: {describe_plain(settings.inputs)}; they need data with those columns "
                         "(File > Import Data, or the scenario's data)")
    data = data if data is not None else generate(settings.dataset, settings.points, settings.noise, settings.seed)
    return split(data, settings.train_percent, np.random.default_rng([settings.seed, 3]),
                 settings.validation_percent)


def build_network(settings: Settings, draw: int = 0, data: Dataset | None = None) -> Network:
    """The settings' network, drawn from the seed; ``data`` (your own points) may
    have another number of classes than the built-in sets."""
    outputs = settings.outputs
    if data is not None and outputs > 1 and data.classes > 1:
        outputs = data.classes
    return Network.create(settings.inputs, settings.hidden, settings.activation, outputs,
                          *settings.output, init=settings.init, rng=init_rng(settings.seed, draw))


def build_trainer(scenario: Scenario) -> Trainer:
    s = scenario.settings
    network = scenario.network.copy() if scenario.network is not None else build_network(s, data=scenario.data)
    trainer = Trainer(network, build_data(s, scenario.data), learning_rate=s.learning_rate,
                      batch_size=s.batch_size, optimizer=s.optimizer, regularization=s.regularization,
                      regularization_rate=s.regularization_rate,
                      schedule=Schedule(s.schedule, s.schedule_factor, s.schedule_every),
                      seed=s.seed, init=s.init, patience=s.patience or None)
    if scenario.state:
        try:
            _check_state(scenario.state, len(trainer.data.train))
            trainer.load_state(scenario.state)
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError, IndexError) as e:
            raise InputError(f"state: does not fit this scenario ({e})") from None
    return trainer


MAX_COUNT = 1_000_000_000  # epochs or updates: far past any run, and within a slider's whole numbers


def _whole(value, key: str, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= high:
        raise ValueError(f"{key}: expected a whole number from 0 to {high:,}")


def _check_state(state: dict, n_train: int) -> None:
    """What load_state takes on trust but training or the views would trip over later."""
    check_order(state["order"], state["cursor"], n_train, "state")
    for key in ("epoch", "updates"):
        _whole(state[key], key, MAX_COUNT)
    _whole(state.get("init_draw", 0), "init_draw", 2**32)
    history = state["history"]
    if not isinstance(history, dict):
        raise ValueError("history: expected an object of lists")
    for key, values in history.items():
        if isinstance(values, np.ndarray) and values.dtype.kind == "f":
            continue  # undo's own compact copy: numbers already
        if not isinstance(values, list):
            raise ValueError(f"history.{key}: expected a list")
        for i, v in enumerate(values):
            if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float))):
                raise ValueError(f"history.{key}[{i}]: expected a number, got {v!r}")
            if key == "epoch":
                _whole(v, f"history.epoch[{i}]", MAX_COUNT)
    initial = state.get("initial_params", [])
    if not isinstance(initial, list) or not all(_finite(v) for v in initial):
        raise ValueError("initial_params: expected a list of finite numbers")  # else a run no file can hold
    step = state["optimizer"].get("t", 0) if isinstance(state["optimizer"], dict) else 0
    if not isinstance(step, int) or step < 0:
        raise ValueError("optimizer.t: expected a whole number ≥ 0")


def _finite(value) -> bool:
    return not isinstance(value, bool) and isinstance(value, (int, float)) and np.isfinite(value)


def settings_for_network(settings: Settings, network: Network) -> Settings:
    """The settings with the network's own shape, activations and loss written in."""
    hidden_acts = network.activation_names[:-1]
    return settings.replace(inputs=list(network.inputs), hidden=network.hidden,
                            activation=hidden_acts[0] if hidden_acts else settings.activation,
                            output_activation=network.activations[-1].name, loss=network.loss.name)


def snapshot(trainer: Trainer, settings: Settings, title: str = "", custom_data: Dataset | None = None) -> Scenario:
    """The scenario that reopens exactly this session."""
    return Scenario(settings_for_network(settings, trainer.network), trainer.network.copy(),
                    trainer.state(), custom_data, title)


# --- files ----------------------------------------------------------------------------

def scenario_to_dict(scenario: Scenario) -> dict:
    version = PLAIN_VERSION if is_plain(scenario.settings.inputs) else 1
    d = {"format": FORMAT, "version": version, "title": scenario.title, "settings": scenario.settings.to_dict()}
    if scenario.network is not None:
        d["network"] = network_to_dict(scenario.network)
    if scenario.data is not None:
        data = scenario.data
        d["data"] = {"problem": data.problem, "classes": data.classes,
                     "points": data.points.tolist(), "values": data.values.tolist()}
        if data.class_names:
            d["data"]["class_names"] = list(data.class_names)
    if scenario.state is not None:
        d["state"] = {**scenario.state, "history": thinned_history(scenario.state["history"])}
    return d


# A saved run keeps at most this many rows of its history (~2.4 MB of JSON), evenly spread
# with the first and last kept: a file of a run of a million epochs stays one the reader
# takes (16 MB), and saving it stays quick; the loss curve has more rows than pixels.
MAX_SAVED_HISTORY = 20_000


def thinned_history(history: dict, limit: int = MAX_SAVED_HISTORY) -> dict:
    """Trainer.state()'s history (columns of equal length), at most ``limit`` rows."""
    count = len(history.get("epoch", []))
    if count <= limit:
        return history
    rows = np.unique(np.linspace(0, count - 1, limit).round().astype(int)).tolist()
    return {key: [column[i] for i in rows] for key, column in history.items()}


SCENARIO_KEYS = {"format", "version", "title", "settings", "network", "data", "state"}


def scenario_from_dict(d: dict, source: str = "scenario") -> Scenario:
    if d.get("format") == NETWORK_FORMAT:
        return _scenario_for_network(network_from_dict(d, source), source)
    if d.get("format") != FORMAT:
        raise InputError(f"{source}: format: expected {FORMAT!r} (or a network file), got {d.get('format')!r}")
    version = d.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InputError(f"{source}: version: expected a whole number ≥ 1, got {version!r}")
    if version > VERSION:
        raise InputError(f"{source}: version: this file is version {version}, written by a newer Playground; "
                         f"this one reads up to version {VERSION}")
    settings = Settings.from_dict(d.get("settings", {}), f"{source}: settings")
    network = network_from_dict(d["network"], f"{source}: network") if "network" in d else None
    if network is not None:
        settings = settings_for_network(settings, network)
    title = d.get("title", "")
    if not isinstance(title, str):
        raise InputError(f"{source}: title: expected text")
    state = d.get("state")
    if state is not None and not isinstance(state, dict):
        raise InputError(f"{source}: state: expected an object")
    data = _data_from_dict(d["data"], f"{source}: data") if "data" in d else None
    if data is not None:
        _check_data_fits(data, settings, source)
    scenario = Scenario(settings, network, state, data, title)
    unknown = sorted(set(d) - SCENARIO_KEYS)
    if unknown:  # kept readable (a newer Playground's field, or a typo), but never silently
        scenario.notes.append(f"{source}: ignored {', '.join(map(repr, unknown))}: not a field of a scenario")
    try:
        build_trainer(scenario)  # refuse now, with a clear message, what would fail later
    except InputError as e:
        raise InputError(f"{source}: {e}") from None
    return scenario


def _scenario_for_network(network: Network, source: str) -> Scenario:
    act = network.activations[-1].name
    problem = ("multiclass" if act == "softmax" else "classification" if act == "sigmoid"
               else "function" if network.inputs == LINE_FEATURES else "regression")
    settings = Settings(problem=problem, dataset=DEFAULT_DATASET[problem], inputs=list(network.inputs))
    try:
        settings = settings_for_network(settings, network)
    except InputError as e:
        raise InputError(f"{source}: {e}") from None
    return Scenario(settings, network)


def _check_data_fits(data: Dataset, settings: Settings, source: str) -> None:
    """The points are for the settings' problem: one column for a 1-D function, two
    otherwise; classes only for classification (2) and multi-class (3 or more)."""
    if data.problem != settings.problem:
        raise InputError(f"{source}: data.problem: expected {settings.problem!r} (the settings' problem), "
                         f"got {data.problem!r}")
    plain = is_plain(settings.inputs)
    columns = len(settings.inputs) if plain else 1 if settings.problem == "function" else 2
    if data.points.shape[1] != columns:
        what = f"the inputs {', '.join(settings.inputs)}" if plain else f"a {settings.problem} problem"
        raise InputError(f"{source}: data.points: expected rows of {columns} number{'s' if columns > 1 else ''} "
                         f"for {what}, got {data.points.shape[1]}")
    wanted = {"classification": (2, 2), "multiclass": (3, 64)}.get(settings.problem, (0, 0))
    if not wanted[0] <= data.classes <= wanted[1]:
        expected = "0 (no classes)" if not wanted[0] else f"{wanted[0]}" if wanted[0] == wanted[1] else \
            f"{wanted[0]} to {wanted[1]}"
        raise InputError(f"{source}: data.classes: expected {expected} for a {settings.problem} problem, "
                         f"got {data.classes}")


def _data_from_dict(d, source: str) -> Dataset:
    if not isinstance(d, dict):
        raise InputError(f"{source}: expected an object with points and values")
    try:
        points = np.asarray(d["points"], dtype=float)
        values = np.asarray(d["values"], dtype=float)
        problem, classes = d["problem"], int(d.get("classes", 0))
    except KeyError as e:
        raise InputError(f"{source}: {e.args[0]}: missing") from None
    except (TypeError, ValueError):
        raise InputError(f"{source}: points and values: expected lists of numbers") from None
    if len(points) > MAX_POINTS:
        raise InputError(f"{source}: points: {len(points):,} of them; Playground takes up to {MAX_POINTS:,}")
    if points.ndim != 2 or not 1 <= points.shape[1] <= MAX_INPUTS or len(points) < 2:
        raise InputError(f"{source}: points: expected at least two rows of 1 to {MAX_INPUTS} numbers")
    if values.shape != (len(points),):
        raise InputError(f"{source}: values: expected one number per point ({len(points)})")
    if not (np.all(np.isfinite(points)) and np.all(np.isfinite(values))):
        raise InputError(f"{source}: points and values: expected finite numbers")
    if classes:
        if np.any(values != np.round(values)) or values.min() < 0 or values.max() >= classes:
            raise InputError(f"{source}: values: expected class numbers 0 to {classes - 1}")
        values = values.astype(np.int64)
    names = d.get("class_names", [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names) or len(names) not in (0, classes):
        raise InputError(f"{source}: class_names: expected {classes} names (one per class), as text")
    return Dataset(problem, points, values, classes, tuple(names))


def load_scenario(path: str | os.PathLike) -> Scenario:
    """A scenario (or network) file, or a TensorFlow Playground link."""
    if is_link(str(path)):
        settings, view, notes = parse_link(str(path))
        return Scenario(settings, title="From TensorFlow Playground", view=view, notes=notes)
    return scenario_from_dict(read_json(path, "scenario"), str(path))


def save_scenario(scenario: Scenario, path: str | os.PathLike) -> None:
    try:
        text = dump_json(scenario_to_dict(scenario))
    except ValueError:  # json refuses inf and NaN: a file could not be read back
        raise InputError(f"{path}: cannot save: the session holds an infinite or NaN number (a loss that overflowed?); "
                         "reset the weights or change what overflowed, then save") from None
    write_atomic(path, text)
