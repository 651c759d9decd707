"""The network evaluated on a regular grid over the input plane: the data for
the boundary plot and for the small heatmap inside every neuron."""

from __future__ import annotations

import numpy as np

from playground.engine.data import PLANE_RADIUS
from playground.engine.features import LINE_FEATURES, feature_matrix
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


class GridEvaluator:
    """Every neuron of ``network`` on a resolution × resolution grid (or on
    ``resolution`` points of the line, for 1-D problems)."""

    def __init__(self, network: Network, resolution: int, radius: float = PLANE_RADIUS):
        self.resolution, self.radius = resolution, radius
        self.one_dimensional = network.inputs == LINE_FEATURES
        self.points = grid_points(resolution, radius, self.one_dimensional)
        self._pass = ForwardPass(network, feature_matrix(network.inputs, self.points))

    def run(self) -> list[np.ndarray]:
        """Per layer (inputs first), units × grid points; views reused by the next run."""
        self._pass.run()
        return self._pass.layers

    def images(self) -> list[np.ndarray]:
        """Per layer, units × resolution × resolution (copies), for 2-D problems."""
        n = self.resolution
        return [layer.reshape(len(layer), n, n).copy() for layer in self.run()]
