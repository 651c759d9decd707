"""The grid behind the boundary plot and the neuron heatmaps: cell centres laid
out row-major with x2 rising, and every layer's values equal to the network
evaluated point by point (the grid pass runs in float32).
"""

import numpy as np

from playground.engine.features import feature_matrix
from playground.engine.grid import GridEvaluator, grid_points
from playground.engine.network import Network


def test_grid_points_are_cell_centres_row_major_with_x2_rising():
    pts = grid_points(4, radius=6.0)
    assert pts.shape == (16, 2)
    centres = [-4.5, -1.5, 1.5, 4.5]
    assert pts[:4].tolist() == [[c, -4.5] for c in centres]        # first row: lowest x2, x1 rising
    assert pts[::4, 1].tolist() == centres                          # rows climb in x2
    assert grid_points(3, radius=6.0, one_dimensional=True).tolist() == [[-4.0], [0.0], [4.0]]


def test_grid_layers_equal_the_network_point_by_point():
    net = Network(("x1", "x2", "x1^2", "sin(x2)"), [4, 5, 3, 1], ["tanh", "relu", "sigmoid"], "bce")
    net.params[...] = np.random.default_rng(2).uniform(-1, 1, net.params.size)
    grid = GridEvaluator(net, 20)
    layers = grid.run()
    X = feature_matrix(net.inputs, grid.points)
    expected = net.forward_all(X)
    assert len(layers) == len(expected) == 4
    for got, want in zip(layers, expected):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    images = grid.images()
    assert [im.shape for im in images] == [(4, 20, 20), (5, 20, 20), (3, 20, 20), (1, 20, 20)]
    # image row r, column c is grid point r·20 + c
    np.testing.assert_allclose(images[-1][0, 7, 3], expected[-1][0, 7 * 20 + 3], rtol=1e-5)


def test_grid_follows_the_network_after_its_weights_change():
    net = Network(("x",), [1, 3, 1], ["tanh", "linear"], "mse")
    net.params[...] = np.random.default_rng(4).uniform(-1, 1, net.params.size)
    grid = GridEvaluator(net, 50)
    before = grid.run()[-1].copy()
    net.params *= 2.0  # in place, as the optimizers update
    after = grid.run()[-1]
    assert not np.allclose(before, after)
    np.testing.assert_allclose(after, net.forward(grid.points.T), rtol=1e-6, atol=1e-6)
