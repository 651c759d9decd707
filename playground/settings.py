"""Every setting of a session, in one declarative table.

Saving, loading, the command-line flags, `playground info` and the app's
controls all read this table, so a setting is added in one place. Each field's
metadata gives its help text and what values it accepts; ``spec(name)`` reads it.
The limits on the network's shape and their messages are here too.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

from playground.engine.activations import ACTIVATIONS
from playground.engine.data import DATASETS, MAX_POINTS, PROBLEMS, check_dataset
from playground.engine.errors import InputError
from playground.engine.features import check_inputs
from playground.engine.losses import LOSSES, check_output, get_loss
from playground.engine.network import INITIALIZERS
from playground.engine.optimizers import OPTIMIZERS, SCHEDULES
from playground.engine.regularization import REGULARIZATIONS, canonical

HIDDEN_ACTIVATIONS = tuple(name for name, a in ACTIVATIONS.items() if not a.output_only)
MAX_HIDDEN_LAYERS = 8
MAX_NEURONS = 16

# What each problem puts on the output by default: (activation, loss)
OUTPUT_DEFAULTS = {
    "classification": ("sigmoid", "bce"),
    "multiclass": ("softmax", "cce"),
    "regression": ("linear", "mse"),
    "function": ("linear", "mse"),
}


def check_neuron_count(width_after: int) -> None:
    """Refuse a hidden layer wider than MAX_NEURONS (an edit that would make one)."""
    if width_after > MAX_NEURONS:
        raise InputError(f"a layer holds at most {MAX_NEURONS} neurons, to stay readable")


def check_hidden_layer_count(layers_after: int) -> None:
    """Refuse more than MAX_HIDDEN_LAYERS hidden layers (an edit that would make them)."""
    if layers_after > MAX_HIDDEN_LAYERS:
        raise InputError(f"at most {MAX_HIDDEN_LAYERS} hidden layers, to stay readable")


def _setting(default, help, choices=None, low=None, high=None, step=None, presets=None, **kw):
    """A field with its metadata: ``choices`` for names; ``low``/``high`` for numbers;
    ``step`` a control's step; ``presets`` the values a control offers first (any
    value in range may still be typed)."""
    meta = {"help": help, "choices": choices, "low": low, "high": high, "step": step, "presets": presets}
    if isinstance(default, list):
        return field(default_factory=lambda: list(default), metadata=meta, **kw)
    return field(default=default, metadata=meta, **kw)


@dataclass
class Settings:
    problem: str = _setting("classification", "what the network learns", PROBLEMS)
    dataset: str = _setting("circle", "the data set", tuple(DATASETS))
    noise: float = _setting(0.0, "noise, in percent (TensorFlow Playground's slider)", low=0, high=50, step=1)
    points: int = _setting(500, "how many points the data set has", low=10, high=MAX_POINTS)
    train_percent: float = _setting(50.0, "the share of points used for training, in percent (100: no test set)",
                                    low=10, high=100, step=1)
    validation_percent: float = _setting(0.0, "the share of the training points held out for validation",
                                         low=0, high=50)
    # the plane's features (PLANE_FEATURES), x alone, or plain columns of your own data (any names)
    inputs: list = _setting(["x1", "x2"], "input features, in order")
    hidden: list = _setting([4, 2], "neurons per hidden layer", low=1, high=MAX_NEURONS)
    activation: str = _setting("tanh", "activation of the hidden layers", HIDDEN_ACTIVATIONS)
    output_activation: str = _setting("", "activation of the output layer (empty: the problem's default)",
                                      ("",) + tuple(ACTIVATIONS))
    loss: str = _setting("", "loss (empty: the problem's default)", ("",) + tuple(LOSSES))
    learning_rate: float = _setting(0.03, "step size of each update", low=1e-6, high=10,
                                    presets=(0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10))
    batch_size: int = _setting(10, "samples per update", low=1, high=100_000)
    optimizer: str = _setting("sgd", "how the gradient moves the weights", OPTIMIZERS)
    regularization: str = _setting("none", "weight penalty", REGULARIZATIONS)
    regularization_rate: float = _setting(0.0, "strength of the weight penalty", low=0, high=10,
                                          presets=(0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10))
    schedule: str = _setting("constant", "learning-rate schedule", SCHEDULES)
    schedule_factor: float = _setting(0.5, "learning-rate factor per step (step) or per epoch (exponential)",
                                      low=1e-6, high=1)
    schedule_every: int = _setting(100, "epochs between learning-rate steps", low=1, high=1_000_000)
    init: str = _setting("xavier", "initial weights: xavier, tfp (U(-0.5, 0.5), bias 0.1) or zeros",
                         INITIALIZERS)
    patience: int = _setting(0, "early stopping: epochs without a better validation loss (0: off)",
                             low=0, high=1_000_000)
    seed: int = _setting(1, "seed for data, initial weights and shuffling", low=0, high=2**32 - 1)

    @property
    def output(self) -> tuple[str, str]:
        """The output layer's (activation, loss), defaults filled in."""
        act, loss = OUTPUT_DEFAULTS[self.problem]
        return self.output_activation or act, self.loss or loss

    @property
    def outputs(self) -> int:
        """Output units: one per class for multi-class problems, else one."""
        if self.problem == "multiclass" or self.output[0] == "softmax":
            return max(2, check_dataset(self.dataset).classes)
        return 1

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict, source: str = "settings", strict: bool = True) -> Settings:
        """Validated settings; unknown keys are an error when ``strict``."""
        if not isinstance(data, dict):
            raise InputError(f"{source}: expected an object of settings")
        known = {f.name: f for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - set(known))
        if unknown and strict:
            raise InputError(f"{source}: unknown setting {unknown[0]!r}; known: {', '.join(known)}")
        values = {k: _check(known[k], v, f"{source}: {k}") for k, v in data.items() if k in known}
        settings = cls(**values)
        settings.validate(source)
        return settings

    def replace(self, **changes) -> Settings:
        return Settings.from_dict({**self.to_dict(), **changes})

    def validate(self, source: str = "settings") -> None:
        """Checks that need more than one field."""
        problem = check_dataset(self.dataset).problem
        if problem != self.problem:
            raise InputError(f"{source}: dataset: {self.dataset!r} is a {problem} data set, "
                             f"but problem is {self.problem!r}")
        try:
            check_inputs(self.inputs, one_dimensional=self.problem == "function")
        except InputError as e:
            raise InputError(f"{source}: {e}") from None
        if len(self.hidden) > MAX_HIDDEN_LAYERS:
            raise InputError(f"{source}: hidden: at most {MAX_HIDDEN_LAYERS} hidden layers")
        act, loss = self.output
        if self.problem == "multiclass" and act != "softmax":
            raise InputError(f"{source}: output_activation: multi-class problems need softmax")
        problem_text = check_output(get_loss(loss), act, self.outputs)
        if problem_text:
            raise InputError(f"{source}: {problem_text}")
        if self.patience and not self.validation_percent:
            raise InputError(f"{source}: patience: early stopping needs validation_percent > 0")


def _check(f: dataclasses.Field, value, where: str):
    meta, kind = f.metadata, f.type
    choices, low, high = meta["choices"], meta["low"], meta["high"]
    if kind == "list":
        if not isinstance(value, list):
            raise InputError(f"{where}: expected a list, got {value!r}")
        return [_scalar(v, int if f.name == "hidden" else str, choices, low, high, f"{where}[{i}]")
                for i, v in enumerate(value)]
    if f.name == "regularization" and isinstance(value, str) and value.lower() in map(str.lower, choices):
        value = canonical(value)  # l2 -> L2; an unknown name is refused below, with its place
    return _scalar(value, {"str": str, "int": int, "float": float}[kind], choices, low, high, where)


def _scalar(value, kind, choices, low, high, where):
    if kind is str:
        if not isinstance(value, str):
            raise InputError(f"{where}: expected a name, got {value!r}")
        if choices and value not in choices:
            raise InputError(f"{where}: expected one of {', '.join(c or '(empty)' for c in choices)}, got {value!r}")
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"{where}: expected a number, got {value!r}")
    if not math.isfinite(value):
        raise InputError(f"{where}: expected a finite number, got {value!r}")
    if kind is int:
        if value != int(value):
            raise InputError(f"{where}: expected a whole number, got {value!r}")
        value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        raise InputError(f"{where}: expected a number from {low:g} to {high:g}, got {value!r}")
    return kind(value)


@dataclass(frozen=True)
class Spec:
    """One setting as the table gives it: what the app's controls read."""
    name: str
    default: object
    help: str
    choices: tuple | None
    low: float | None
    high: float | None
    step: float | None
    presets: tuple | None


def spec(name: str) -> Spec:
    """The table's entry for one setting (KeyError for an unknown name)."""
    f = {f.name: f for f in dataclasses.fields(Settings)}[name]
    meta = f.metadata
    return Spec(name, Settings().to_dict()[name], meta["help"], meta["choices"], meta["low"], meta["high"],
                meta["step"], meta["presets"])
