"""A live session: settings, the trainer, the edits the app makes, and snapshots.

The worker thread owns one Session and calls it between training steps; views
only ever see Snapshots, immutable copies of everything they draw, grids and
colours included. Nothing here knows Qt exists, so all of it is testable headless.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.colors import PLANE_LUT, class_colors, diverging_levels, to_signed
from playground.engine.data import Dataset, Split, check_dataset
from playground.engine.errors import InputError
from playground.engine.grid import GridEvaluator
from playground.engine.network import Network
from playground.engine.optimizers import Schedule
from playground.engine.trainer import History, Metrics
from playground.explore import ExploreViews
from playground.scenario import (
    DEFAULT_DATASET,
    Scenario,
    build_data,
    build_network,
    build_trainer,
    settings_for_network,
)
from playground.scenario import snapshot as scenario_snapshot
from playground.session_explore import ExploreCommands
from playground.settings import MAX_HIDDEN_LAYERS, MAX_NEURONS, Settings
from playground.teaching import Inspection, TeachingViews, TrainingRecord, gradient_norms, hidden_map, weight_histograms

GRID_RESOLUTION = 100      # the output plot's heatmap, as TensorFlow Playground's
THUMB_STEP = 3             # neurons show every third grid cell: 34 × 34
CURVE_POINTS = 240         # samples of x for 1-D function problems
DATA_SETTINGS = {"dataset", "noise", "points", "train_percent", "validation_percent", "seed"}
TRAINING_SETTINGS = {"learning_rate", "batch_size", "optimizer", "regularization", "regularization_rate",
                     "schedule", "schedule_factor", "schedule_every", "patience"}
# Edits a session accepts from the app (the worker refuses any other name).
COMMANDS = ("add_neuron", "remove_neuron", "add_layer", "remove_layer", "set_weight", "set_bias",
            "set_activation", "set_inputs", "set_setting", "reset", "regenerate", "select_neuron", "step",
            "set_discrete", "load", "import_data", "add_point", "erase_points", "clear_points",
            "inspect", "release", "apply_sgd_step", "show_views", "train_epochs", "train_until",
            "view_epoch", "continue_from", "compute_landscape", "sweep_weight", "start_race", "cancel_job")


@dataclass(frozen=True)
class Curves:
    """A 1-D function problem drawn as curves over x."""
    x: np.ndarray
    output: np.ndarray          # the network's function
    contributions: np.ndarray   # per unit of the last hidden layer: its weighted output w·h(x)
    selected: np.ndarray | None  # the selected neuron's output, if any


@dataclass(frozen=True)
class Snapshot:
    generation: int
    epoch: int
    updates: int
    settings: Settings
    network: Network
    metrics: Metrics
    history: dict              # key -> array (NaN where a value does not exist)
    data: Split
    data_version: int
    output_image: np.ndarray | None     # res × res × 4 RGBA, row 0 at the bottom (x2 = -6)
    neuron_levels: list                 # per layer, inputs first: units × t × t uint8 levels
    neuron_curves: list | None          # 1-D problems: per layer, units × points
    curves: Curves | None
    batch: np.ndarray | None            # the last single step's samples (indices into data.train)
    selected: tuple[int, int] | None    # (layer, unit) shown in the big plot; layer 0 = inputs
    discrete: bool
    message: str | None
    stopped: bool
    best_epoch: int | None
    teaching: TeachingViews | None = None   # the teaching panels' numbers, while they are shown
    history_start: int = 0              # in transit: ``history`` holds the rows from here on
    viewing: int | None = None          # time travel: the epoch drawn, if not now
    timeline: tuple = (1, 0, 0)         # (checkpoint spacing in epochs, checkpoints kept, first one's epoch)
    explore: ExploreViews | None = None  # landscape, sweep, race (None in transit when unchanged)
    explore_version: int = 0
    job: tuple | None = None            # (what is being computed, fraction done)


class Session(ExploreCommands):
    def __init__(self, scenario: Scenario | None = None):
        self.generation = self.data_version = self.explore_version = 0
        # which teaching views are shown: kept when another scenario is loaded
        self.hidden_view: tuple[int, tuple[int, int] | None] | None = None  # (layer, units)
        self.recording = False  # gradient norms and weight histograms over training
        self.load(scenario or Scenario(Settings()))

    # --- lifecycle --------------------------------------------------------------

    def load(self, scenario: Scenario) -> None:
        self.settings = scenario.settings
        self.custom_data = scenario.data
        self.title = scenario.title
        self.trainer = build_trainer(scenario)
        self.generation += 1
        self.data_version += 1
        self._edits = 0
        self.selected: tuple[int, int] | None = None
        self.discrete = False
        self.batch: np.ndarray | None = None
        self.message: str | None = None
        self._grid: GridEvaluator | None = None
        self._history = ColumnBuffer()
        self.inspection: Inspection | None = None
        self.record = TrainingRecord()
        self.job = None
        self.explore = ExploreViews()
        self.explore_version += 1
        self._new_timeline()

    def scenario(self) -> Scenario:
        return scenario_snapshot(self.trainer, self.settings, self.title, self.custom_data)

    @property
    def network(self) -> Network:
        return self.trainer.network

    # --- training ---------------------------------------------------------------

    def step(self) -> None:
        """One mini-batch; its samples are highlighted in the next snapshot."""
        self.batch = None
        self.batch = self.trainer.step()

    def train_epochs(self, count: int) -> None:
        self.batch = None
        self.trainer.train_epochs(int(count))

    def train_until(self, loss: float, max_epochs: int = 1000) -> None:
        """Train until the training loss is at most ``loss`` (or ``max_epochs`` more)."""
        end = self.trainer.epoch + int(max_epochs)
        while self.trainer.metrics.train_loss > loss and self.trainer.epoch < end and not self.trainer.stopped:
            self.train_epochs(min(10, end - self.trainer.epoch))

    # --- network edits ------------------------------------------------------------

    def _rng(self) -> np.random.Generator:
        # Edits draw from a generator seeded by the seed and the edit count, so a
        # replayed sequence of edits gives the same weights.
        self._edits += 1
        return np.random.default_rng([self.settings.seed, 4, self._edits])

    def _set_network(self, network: Network) -> None:
        # the settings check first: it refuses what the problem cannot take (plane
        # features on a 1-D problem) before the trainer has swapped anything in
        settings = settings_for_network(self.settings, network)
        if network.depth != self.network.depth:
            self.record = TrainingRecord()  # a norm per layer: another depth starts afresh
        self.trainer.set_network(network)
        self.settings = settings
        self._grid = None
        if self.selected and (self.selected[0] >= len(network.sizes)
                              or self.selected[1] >= network.sizes[self.selected[0]]):
            self.selected = None

    def add_neuron(self, layer: int, sizes=None) -> None:
        self._check_sizes(sizes)
        if self.network.sizes[layer + 1] >= MAX_NEURONS:
            raise InputError(f"a layer holds at most {MAX_NEURONS} neurons, to stay readable")
        self._set_network(self.network.with_neuron_added(layer, self._rng()))

    def remove_neuron(self, layer: int, index: int, sizes=None) -> None:
        self._check_sizes(sizes)
        if self.network.sizes[layer + 1] == 1:
            self.remove_layer(layer)
        else:
            self._set_network(self.network.with_neuron_removed(layer, index))

    def add_layer(self, position: int | None = None, width: int = 2, sizes=None) -> None:
        self._check_sizes(sizes)
        hidden = self.network.hidden
        if len(hidden) >= MAX_HIDDEN_LAYERS:
            raise InputError(f"at most {MAX_HIDDEN_LAYERS} hidden layers, to stay readable")
        position = len(hidden) if position is None else position
        self._set_network(self.network.with_layer_added(position, width, self.settings.activation, self._rng()))

    def remove_layer(self, position: int, sizes=None) -> None:
        self._check_sizes(sizes)
        self._set_network(self.network.with_layer_removed(position, self._rng()))

    def set_weight(self, layer: int, row: int, column: int, value: float, sizes=None) -> None:
        self._check_sizes(sizes)
        self._check_number(value, "weight")
        self.network.W(layer)[row, column] = value
        self.trainer.set_network(self.network)

    def set_bias(self, layer: int, row: int, value: float, sizes=None) -> None:
        self._check_sizes(sizes)
        self._check_number(value, "bias")
        self.network.b(layer)[row] = value
        self.trainer.set_network(self.network)

    def set_activation(self, layer: int, activation: str, sizes=None) -> None:
        self._check_sizes(sizes)
        if layer >= len(self.network.hidden):
            raise InputError("the output layer's activation goes with the loss; change the problem or the loss")
        self._set_network(self.network.with_activation(layer, activation))

    def set_inputs(self, inputs: list[str]) -> None:
        if not inputs:
            raise InputError("the network needs at least one input feature")
        self._set_network(self.network.with_inputs(inputs, self._rng()))

    def _check_sizes(self, sizes) -> None:
        """Edits name neurons by position in the network the window drew; if the
        network changed shape before the edit arrived, the edit is refused, never
        applied to another neuron."""
        if sizes is not None and tuple(sizes) != self.network.sizes:
            raise InputError("the network changed before this edit arrived; nothing was changed, try again")

    @staticmethod
    def _check_number(value, what: str) -> None:
        if not np.isfinite(value):
            raise InputError(f"{what}: expected a finite number, got {value}")

    # --- settings -------------------------------------------------------------------

    def set_setting(self, key: str, value) -> None:
        if key == "problem":
            self._set_problem(value)
            return
        if key == "dataset" and check_dataset(value).problem != self.settings.problem:
            self._set_problem(check_dataset(value).problem, value)
            return
        new = self.settings.replace(**{key: value})
        if key == "seed":
            self._rebuild(new)
        elif key in DATA_SETTINGS:
            self.settings, self.custom_data = new, (None if key in ("dataset", "points", "noise") else self.custom_data)
            self.trainer.set_data(build_data(new, self.custom_data))
            self.data_version += 1
            self.batch = None  # the highlighted step's indices were into the old training set
        elif key in TRAINING_SETTINGS:
            self.settings = new
            self.trainer.configure(learning_rate=new.learning_rate, batch_size=new.batch_size,
                                   optimizer=new.optimizer if key == "optimizer" else None,
                                   regularization=new.regularization, regularization_rate=new.regularization_rate,
                                   schedule=Schedule(new.schedule, new.schedule_factor, new.schedule_every),
                                   patience=new.patience or None)
        elif key == "activation":
            self.settings = new
            network = self.network
            for layer in range(len(network.hidden)):
                network = network.with_activation(layer, value)
            self._set_network(network)
        elif key in ("output_activation", "loss", "inputs", "hidden", "init"):
            self.settings = new
            if key != "init":
                self._set_network(build_network(new, self.trainer.init_draw))
            self.trainer.init = new.init
        else:
            raise InputError(f"unknown setting {key!r}")

    def _set_problem(self, problem: str, dataset: str | None = None) -> None:
        """Switching the problem picks its default data set, inputs and output layer,
        and keeps the hidden layers."""
        if problem == self.settings.problem:
            return
        if problem not in DEFAULT_DATASET:
            raise InputError(f"unknown problem {problem!r}")
        dataset = dataset or DEFAULT_DATASET[problem]
        inputs = ["x"] if problem == "function" else (
            self.settings.inputs if self.settings.problem != "function" else ["x1", "x2"])
        self._rebuild(self.settings.replace(problem=problem, dataset=dataset, inputs=inputs,
                                            output_activation="", loss=""))

    def _rebuild(self, settings: Settings) -> None:
        """New data and network from settings; the epoch count starts again."""
        self.load(Scenario(settings, None, None, None, self.title))

    # --- your own data ---------------------------------------------------------------------

    def import_data(self, data: Dataset) -> None:
        """Train on these points from now on (weights start afresh if the problem changed)."""
        problem = data.problem
        if problem not in DEFAULT_DATASET:
            raise InputError(f"data: unknown problem {problem!r}")
        if problem == self.settings.problem and (data.classes or 1) == (self.data_classes or 1):
            self.custom_data = data
            self.trainer.set_data(build_data(self.settings, data))
            self.data_version += 1
            self.batch = None
            return
        inputs = ["x"] if problem == "function" else (
            self.settings.inputs if self.settings.problem != "function" else ["x1", "x2"])
        settings = self.settings.replace(problem=problem, dataset=DEFAULT_DATASET[problem], inputs=inputs,
                                         output_activation="", loss="")
        self.load(Scenario(settings, None, None, data, self.title))

    @property
    def data_classes(self) -> int:
        return self.trainer.data.train.classes

    def _all_points(self) -> Dataset:
        """Every point now in use (train, test, validation), as one data set."""
        parts = [p for p in (self.trainer.data.train, self.trainer.data.test, self.trainer.data.validation) if p]
        return Dataset(parts[0].problem, np.concatenate([p.points for p in parts]),
                       np.concatenate([p.values for p in parts]), parts[0].classes)

    def add_point(self, x1: float, x2: float = 0.0, value: float = 1.0) -> None:
        """Paint a point: a class number (classification), a target (regression) or,
        for 1-D problems, the point (x1, value)."""
        data = self._all_points()
        self._check_number(x1, "x1")
        self._check_number(value, "value")
        if data.classes:
            if value != int(value) or not 0 <= value < data.classes:
                raise InputError(f"class: expected 0 to {data.classes - 1}, got {value}")
            value = int(value)
        point = [x1] if data.points.shape[1] == 1 else [x1, x2]
        self.import_data(Dataset(data.problem, np.vstack([data.points, [point]]),
                                 np.append(data.values, value).astype(data.values.dtype), data.classes))

    def erase_points(self, x1: float, x2: float = 0.0, radius: float = 0.5) -> None:
        """Erase the painted or generated points within ``radius`` of (x1, x2)."""
        data = self._all_points()
        if data.points.shape[1] == 1:
            far = np.abs(data.points[:, 0] - x1) > radius
        else:
            far = np.hypot(data.points[:, 0] - x1, data.points[:, 1] - x2) > radius
        if far.all():
            return
        if far.sum() < 2:
            raise InputError("keep at least two points (use Clear to start again)")
        self.import_data(Dataset(data.problem, data.points[far], data.values[far], data.classes))

    def clear_points(self) -> None:
        """Start from an empty plane: two points, one of each class (or two targets),
        so training stays defined while you paint."""
        data = self._all_points()
        one_d = data.points.shape[1] == 1
        points = np.array([[-3.0], [3.0]]) if one_d else np.array([[-3.0, -3.0], [3.0, 3.0]])
        values = np.array([0, 1]) if data.classes else np.array([-0.5, 0.5])
        self.import_data(Dataset(data.problem, points, values.astype(data.values.dtype), data.classes))

    # --- the views that teach ---------------------------------------------------------------

    def inspect(self, input=None, target=None, sample: int | None = None, wrt: str = "loss",
                lr: float | None = None) -> None:
        """Hold one sample for the backprop inspector: typed input values (the
        network's inputs) and target, or training sample ``sample``."""
        if sample is not None:
            if not 0 <= sample < len(self.trainer.data.train):
                raise InputError(f"sample: the training set has {len(self.trainer.data.train)} points")
            input = self.trainer.train_features[:, sample].tolist()
            target = self.trainer.train_targets[:, sample].tolist()
        if input is None:
            raise InputError("inspect: give the input values or pick a data point")
        inspection = Inspection(tuple(float(v) for v in np.ravel(input)),
                                None if target is None else tuple(float(v) for v in np.ravel(target)),
                                wrt, float(self.settings.learning_rate if lr is None else lr), sample)
        inspection.trace(self.network)  # refuse now, with a clear message, what cannot be traced
        self.inspection = inspection

    def release(self) -> None:
        """Let go of the inspected sample."""
        self.inspection = None

    def apply_sgd_step(self) -> None:
        """One SGD step on the inspected sample alone: every W ← W − η·∂L/∂W, b ← b − η·∂L/∂b."""
        if self.inspection is None:
            raise InputError("pick a sample for the inspector first")
        for i, layer in enumerate(self.inspection.trace(self.network).layers):
            self.network.W(i)[...] = layer.W_new
            self.network.b(i)[...] = layer.b_new
        self.trainer.set_network(self.network)

    def show_views(self, hidden=None, training: bool | None = None) -> None:
        """Which teaching views to compute: ``hidden`` = {"layer": l, "units": (i, j) or None}
        (or None to stop), ``training`` = gradient norms and weight histograms."""
        if hidden is not None:
            layer = int(hidden["layer"])
            units = tuple(hidden["units"]) if hidden.get("units") is not None else None
            self.hidden_view = (layer, units)
        elif hidden is None and training is None:
            self.hidden_view = None
        if training is not None:
            self.recording = bool(training)

    def _teaching(self) -> TeachingViews | None:
        # the inspector and the hidden layer show the network drawn (a past epoch's,
        # in time travel); the gradient record follows training
        net, trainer = self._drawn()[0], self.trainer
        trace = hidden = None
        if self.inspection is not None:
            try:
                trace = self.inspection.trace(net)
            except InputError:  # a past network of another shape cannot take this sample
                trace = None
        if self.hidden_view is not None and len(net.hidden) and net.inputs != ("x",):
            layer, units = self.hidden_view
            layer = max(1, min(layer, len(net.hidden)))
            if units is not None and max(units) >= net.sizes[layer]:
                units = None
            data = trainer.data.train
            hidden = hidden_map(net, data.points, data.values, layer, units)
        if self.recording:
            now = self.network
            self.record.add(trainer.epoch, gradient_norms(now, trainer.train_features, trainer.train_targets),
                            weight_histograms(now))
        if trace is None and hidden is None and not self.recording:
            return None
        epochs, norms, histograms = self.record.arrays() if self.recording else (None, None, None)
        return TeachingViews(trace, self.inspection, hidden, epochs, norms, histograms)

    def set_discrete(self, on: bool) -> None:
        self.discrete = bool(on)

    def select_neuron(self, layer: int | None = None, unit: int | None = None) -> None:
        if layer is None:
            self.selected = None
            return
        layer, unit = int(layer), int(unit)
        sizes = self.network.sizes
        # The editor may name a neuron of the network it drew before the last edit
        # reached it; that neuron is gone (and drawing it would fail): select nothing.
        self.selected = (layer, unit) if 0 <= layer < len(sizes) and 0 <= unit < sizes[layer] else None

    def reset(self, same_start: bool = False) -> None:
        self.trainer.reset(same_start)
        self.generation += 1
        self.batch, self.message = None, None
        self._new_history_view()
        self.record = TrainingRecord()
        self._new_timeline()

    def regenerate(self) -> None:
        """New data from the next seed (as TensorFlow Playground's button), and fresh weights."""
        self._rebuild(self.settings.replace(seed=(self.settings.seed + 1) % 2**32))

    # --- snapshots --------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        trainer = self.trainer
        net, metrics = self._drawn()
        if self._grid is None or self._grid_network is not net:
            self._grid = GridEvaluator(net, CURVE_POINTS if net.inputs == ("x",) else GRID_RESOLUTION)
            self._grid_network = net
        layers = self._grid.run()
        acts = ["linear"] + net.activation_names
        output_image = curves = neuron_curves = None
        if self._grid.one_dimensional:
            neuron_curves = [_drawable(layer[:, ::4]) for layer in layers]
            curves = self._curves(net, layers)
            neuron_levels = []
        else:
            n = GRID_RESOLUTION
            thumbs = [layer.reshape(-1, n, n)[:, ::THUMB_STEP, ::THUMB_STEP] for layer in layers]
            thumbs[0] = thumbs[0] / np.abs(thumbs[0]).max(axis=(1, 2), keepdims=True)  # features span any range
            neuron_levels = [diverging_levels(to_signed(t, act)) for t, act in zip(thumbs, acts)]
            output_image = self._output_image(layers, acts, n)
        return Snapshot(
            self.generation, trainer.epoch, trainer.updates, self.settings, net.copy(), metrics,
            self._history_view(trainer.history), trainer.data, self.data_version, output_image, neuron_levels,
            neuron_curves, curves, self.batch, self.selected, self.discrete, self.message, trainer.stopped,
            trainer.best_epoch, self._teaching(), viewing=None if self.viewing is None else self.viewing.epoch,
            timeline=self._timeline_summary(), explore=self.explore,
            explore_version=self.explore_version,
            job=None if self.job is None else (self.job[0], self.job_progress))

    def _new_history_view(self) -> None:
        """The history starts again (reset, or continuing from an earlier epoch)."""
        self._history = ColumnBuffer()

    def _history_view(self, history: History) -> dict:
        buffer = self._history
        if len(history) < buffer.length:
            buffer = self._history = ColumnBuffer()
        if len(history) > buffer.length:
            return buffer.write(buffer.length, _history_columns(history, buffer.length))
        return buffer.view()

    def _output_image(self, layers, acts, n) -> np.ndarray:
        if self.selected is not None:
            layer, unit = self.selected
            values = layers[layer][unit]
            if layer == 0:
                values = values / np.abs(values).max()
            return PLANE_LUT[diverging_levels(to_signed(values, acts[layer]).reshape(n, n), self.discrete)]
        out = layers[-1]
        if out.shape[0] > 1:
            return class_colors(out.reshape(-1, n, n), self.discrete)
        # RGBA, ready to draw: an indexed image would be converted at every repaint
        return PLANE_LUT[diverging_levels(to_signed(out[0], acts[-1]).reshape(n, n), self.discrete)]

    def _curves(self, net: Network, layers) -> Curves:
        if net.depth > 1:
            contributions = net.W(net.depth - 1)[0][:, None] * layers[-2]
        else:
            contributions = np.zeros((0, len(self._grid.points)))
        selected = None
        if self.selected is not None:
            selected = _drawable(layers[self.selected[0]][self.selected[1]])
        return Curves(self._grid.points[:, 0].copy(), _drawable(layers[-1][0]), _drawable(contributions), selected)


def _drawable(values: np.ndarray) -> np.ndarray:
    """A copy a plot can draw: typed weights can overflow a curve to inf or NaN."""
    return np.nan_to_num(values, nan=0.0, posinf=1e6, neginf=-1e6)


class ColumnBuffer:
    """Named columns of floats grown in place, so appending k rows costs O(k) however
    long the columns are; reads are views that later writes never change."""

    def __init__(self, keys=History.KEYS):
        self.keys = tuple(keys)
        self._arrays = {key: np.empty(0) for key in self.keys}
        self.length = 0

    def write(self, start: int, columns: dict) -> dict:
        """Rows from ``start`` on are replaced by ``columns`` (None becomes NaN)."""
        count = len(columns[self.keys[0]])
        end = start + count
        for key in self.keys:
            array = self._arrays[key]
            if len(array) < end:
                grown = np.empty(max(end, 2 * len(array), 256))
                grown[:start] = array[:start]
                self._arrays[key] = array = grown
            elif start < self.length:  # rows rewritten: earlier views must not change
                self._arrays[key] = array = array.copy()
            array[start:end] = [np.nan if v is None else v for v in columns[key]]
        self.length = end
        return self.view()

    def view(self) -> dict:
        return {key: array[:self.length] for key, array in self._arrays.items()}


def _history_columns(history: History, start: int) -> dict:
    return {key: getattr(history, key)[start:] for key in History.KEYS}
