"""The network evaluated on a regular grid over the input plane: the data for
the boundary plot and for the small heatmap inside every neuron.

For plain inputs (your own data's columns) the plane is a slice: two chosen
inputs vary over their data's range, the others are held at their mean; with
one plain input, the line over its range."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.engine.data import PLANE_RADIUS
from playground.engine.features import LINE_FEATURES, feature_matrix, is_plain
from playground.engine.kernel import ForwardPass
from playground.engine.network import Network


def grid_points(resolution: int, radius: float = PLANE_RADIUS, one_dimensional: bool = False) -> np.ndarray:
    """Cell centres as rows (x1, x2), row-major with x2 rising: row r of the image
    is x2 = -radius + (r + ½)·step, so an image drawn with its origin at the
    bottom-left is the right way up."""
    step = 2 * radius / resolution
    axis = -radius + (np.arange(resolution) + 0.5) * step
    if one_dimensional:
        return axis[:, None]
    x1, x2 = np.meshgrid(axis, axis)
    return np.column_stack([x1.ravel(), x2.ravel()])


@dataclass(frozen=True)
class Slice:
    """Where plain inputs are drawn: ``axes`` the inputs that vary (one or two, by
    index), ``low``/``high`` their ranges, ``held`` every input's value where it does
    not vary (the data's mean)."""
    names: tuple
    axes: tuple
    low: tuple
    high: tuple
    held: tuple

    @property
    def extent(self) -> tuple:
        """(x from, x to, y from, y to) of the drawn plane; y is (0, 1) for a line."""
        return (self.low[0], self.high[0]) + ((self.low[1], self.high[1]) if len(self.axes) > 1 else (0.0, 1.0))

    def held_text(self) -> str:
        """The inputs held still, with their values, for the plot to say."""
        rest = [f"{name} = {value:.3g}" for i, (name, value) in enumerate(zip(self.names, self.held))
                if i not in self.axes]
        return f"{', '.join(rest)} (held at the mean)" if rest else ""

    def points(self, resolution: int) -> np.ndarray:
        """The grid's cell centres as rows of every input (as grid_points orders them)."""
        unit = grid_points(resolution, 0.5, len(self.axes) == 1) + 0.5  # cell centres in [0, 1]
        rows = np.tile(np.asarray(self.held, dtype=float), (len(unit), 1))
        for k, axis in enumerate(self.axes):
            rows[:, axis] = self.low[k] + unit[:, k] * (self.high[k] - self.low[k])
        return rows


def data_slice(names, points: np.ndarray, axes: tuple = (0, 1)) -> Slice:
    """The slice through ``axes`` (clipped to the inputs there are) over the data's range,
    with a margin of a twentieth each side; the other inputs at the data's mean."""
    points = np.asarray(points, dtype=float)
    axes = tuple(dict.fromkeys(a for a in axes if 0 <= a < len(names)))[:2] or (0,)
    if len(axes) == 1 and len(names) > 1:
        axes = (axes[0], next(i for i in range(len(names)) if i != axes[0]))
    low, high = points[:, list(axes)].min(axis=0), points[:, list(axes)].max(axis=0)
    margin = np.where(high > low, (high - low) / 20, 1.0)
    return Slice(tuple(names), axes, tuple((low - margin).tolist()), tuple((high + margin).tolist()),
                 tuple(points.mean(axis=0).tolist()))


class GridEvaluator:
    """Every neuron of ``network`` on a resolution × resolution grid (or on
    ``resolution`` points of the line, for 1-D problems); for plain inputs, over
    ``slice``."""

    def __init__(self, network: Network, resolution: int, radius: float = PLANE_RADIUS,
                 slice: Slice | None = None):
        self.resolution, self.radius, self.slice = resolution, radius, slice
        plain = is_plain(network.inputs)
        self.one_dimensional = network.inputs == LINE_FEATURES or (plain and len(network.inputs) == 1)
        if plain:
            self.points = slice.points(resolution)
        else:
            self.points = grid_points(resolution, radius, self.one_dimensional)
        self._pass = ForwardPass(network, feature_matrix(network.inputs, self.points))

    @property
    def line(self) -> np.ndarray:
        """The x of each point of a 1-D problem's line."""
        return self.points[:, self.slice.axes[0] if self.slice else 0]

    def run(self) -> list[np.ndarray]:
        """Per layer (inputs first), units × grid points; views reused by the next run."""
        self._pass.run()
        return self._pass.layers

    def images(self) -> list[np.ndarray]:
        """Per layer, units × resolution × resolution (copies), for 2-D problems."""
        n = self.resolution
        return [layer.reshape(len(layer), n, n).copy() for layer in self.run()]
