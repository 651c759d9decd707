"""Frames for the views: the view choices (the selected neuron, discrete output)
and the Snapshot, an immutable copy of everything the window draws, grids and
colours included, built in the training loop, never in the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.colors import diverging_levels, plane_image, to_signed
from playground.engine.data import Split
from playground.engine.errors import InputError
from playground.engine.features import LINE_FEATURES, is_plain
from playground.engine.grid import GridEvaluator, Slice, data_slice
from playground.engine.network import Network
from playground.engine.trainer import History, Metrics
from playground.session.explore import ExploreViews
from playground.settings import Settings
from playground.teaching import TeachingViews

GRID_RESOLUTION = 100      # the output plot's heatmap, as TensorFlow Playground's
THUMB_STEP = 3             # neurons show every third grid cell: 34 × 34
CURVE_POINTS = 240         # samples of x for 1-D function problems


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
    own_data: bool = False              # imported or painted points, not the data set's own
    batch_position: tuple[int, int] | None = None  # (mini-batches done, in all): mid-epoch or just stepped
    marks: tuple = ()                   # (epoch, edit's name) for the edits made during this run
    slice: Slice | None = None          # plain inputs: the inputs drawn, their ranges, the others' values
    needs_data: str = ""                # a network opened only to inspect: why it cannot train


class Frames:
    def __init__(self, session):
        self.session = session
        self.selected: tuple[int, int] | None = None   # (layer, unit) shown in the big plot
        self.discrete = False
        self._grid: GridEvaluator | None = None         # the grid for the network drawn last
        self._grid_network: Network | None = None
        self._grid_slice: Slice | None = None
        self.slice_axes: tuple = (0, 1)  # plain inputs: which two are drawn (by index)
        self._history = ColumnBuffer()

    def start(self) -> None:
        self.selected, self.discrete, self._grid, self.slice_axes = None, False, None, (0, 1)
        self.start_history()

    def set_slice(self, x: int, y: int | None = None) -> None:
        """Plain inputs: draw the output over inputs ``x`` and ``y`` (by index), the others
        held at their mean."""
        names = self.session.network.inputs
        for axis in (x, y):
            if axis is not None and not 0 <= int(axis) < len(names):
                raise InputError(f"there is no input {axis}; the inputs are {', '.join(names)}")
        if y is not None and int(x) == int(y):
            raise InputError("choose two different inputs to draw")
        self.slice_axes = (int(x),) if y is None else (int(x), int(y))

    def start_history(self) -> None:
        """The history starts again (a new run, or continuing from an earlier epoch)."""
        self._history = ColumnBuffer()

    def set_discrete(self, on: bool) -> None:
        self.discrete = bool(on)

    def select_neuron(self, layer: int | None = None, unit: int | None = None) -> None:
        if layer is None:
            self.selected = None
            return
        layer, unit = int(layer), int(unit)
        # The editor may name a neuron of the network it drew before the last edit
        # reached it; that neuron is gone (and drawing it would fail): select nothing.
        self.selected = (layer, unit) if self._exists(layer, unit) else None

    def _exists(self, layer: int, unit: int) -> bool:
        return _has_unit(self.session.network, layer, unit)

    def snapshot(self) -> Snapshot:
        session = self.session
        trainer, run, jobs = session.trainer, session.run, session.jobs
        net, metrics = run.drawn()
        if self.selected is not None and not self._exists(*self.selected):
            self.selected = None  # an edit removed it
        # a past epoch (time travel) may have had fewer neurons: draw the output then
        shown = self.selected if self.selected and _has_unit(net, *self.selected) else None
        view = self._slice(net, trainer.data)
        if self._grid is None or self._grid_network is not net or self._grid_slice != view:
            one_d = net.inputs == LINE_FEATURES or (view is not None and len(view.axes) == 1)
            self._grid = GridEvaluator(net, CURVE_POINTS if one_d else GRID_RESOLUTION, slice=view)
            self._grid_network, self._grid_slice = net, view
        layers = self._grid.run()
        acts = ["linear"] + net.activation_names
        images = self._curves(net, layers, shown) if self._grid.one_dimensional else self._plane(layers, acts, shown)
        position = trainer.batch_position
        if position is not None and run.batch is None and position[0] in (0, position[1]):
            position = None  # whole epochs: no batch to tell
        return Snapshot(
            generation=session.generation, epoch=trainer.epoch, updates=trainer.updates,
            settings=session.settings, network=net.copy(), metrics=metrics,
            history=self._history_view(trainer.history), data=trainer.data, data_version=session.data_version,
            batch=run.batch, selected=shown, discrete=self.discrete, message=session.message,
            stopped=trainer.stopped, best_epoch=trainer.best_epoch, teaching=session.teaching.views(net),
            viewing=None if run.viewing is None else run.viewing.epoch, timeline=run.summary(),
            explore=jobs.explore, explore_version=jobs.version, job=jobs.summary(),
            own_data=session.custom_data is not None, batch_position=position, marks=tuple(run.marks),
            slice=view, needs_data=session.needs_data, **images)

    def _slice(self, net: Network, data: Split) -> Slice | None:
        if not is_plain(net.inputs):
            return None
        parts = [p.points for p in (data.train, data.test, data.validation) if p]
        return data_slice(net.inputs, np.concatenate(parts), self.slice_axes)

    def _history_view(self, history: History) -> dict:
        buffer = self._history
        if len(history) < buffer.length:
            buffer = self._history = ColumnBuffer()
        if len(history) > buffer.length:
            return buffer.write(buffer.length, _history_columns(history, buffer.length))
        return buffer.view()

    def _plane(self, layers, acts, selected) -> dict:
        n = GRID_RESOLUTION
        thumbs = [layer.reshape(-1, n, n)[:, ::THUMB_STEP, ::THUMB_STEP] for layer in layers]
        thumbs[0] = _scaled(thumbs[0])  # features span any range
        levels = [diverging_levels(to_signed(t, act)) for t, act in zip(thumbs, acts)]
        if selected is not None:
            layer, unit = selected
            values = layers[layer][unit]
            if layer == 0:
                values = _scaled(values)
            image = plane_image(values[None], acts[layer], n, self.discrete)
        else:
            image = plane_image(layers[-1], acts[-1], n, self.discrete)
        return {"output_image": image, "neuron_levels": levels, "neuron_curves": None, "curves": None}

    def _curves(self, net: Network, layers, selected) -> dict:
        points = self._grid.line[:, None]
        if net.depth > 1:
            contributions = net.W(net.depth - 1)[0][:, None] * layers[-2]
        else:
            contributions = np.zeros((0, len(points)))
        curve = None if selected is None else _drawable(layers[selected[0]][selected[1]])
        curves = Curves(points[:, 0].copy(), _drawable(layers[-1][0]), _drawable(contributions), curve)
        return {"output_image": None, "neuron_levels": [], "curves": curves,
                "neuron_curves": [_drawable(layer[:, ::4]) for layer in layers]}


def _scaled(values: np.ndarray) -> np.ndarray:
    """Inputs in [-1, 1] for their thumbnails; a plain input held still is one value, maybe 0."""
    axes = tuple(range(1, values.ndim)) if values.ndim > 1 else None
    top = np.abs(values).max(axis=axes, keepdims=values.ndim > 1)
    return values / np.where(top > 0, top, 1.0)


def _has_unit(network: Network, layer: int, unit: int) -> bool:
    return 0 <= layer < len(network.sizes) and 0 <= unit < network.sizes[layer]


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
