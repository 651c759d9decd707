"""The loss landscape: the training loss over a plane through the current weights,
and the lecture's 1-D version, one weight swept against the loss.

The plane is spanned by two directions in weight space: two chosen weights, or
two random directions "filter-normalised" (Li et al., 2018: each neuron's
incoming weights in the direction are scaled to the norm of the neuron's own
weights, biases left out), so the picture's scale matches the network's. The
path training took is projected onto the same plane. ``loss`` below is any
function from a weight vector to a loss, such as Trainer.train_loss_function().
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from playground.engine.errors import InputError
from playground.engine.network import Network

LossFunction = Callable[[np.ndarray], float]


def weight_direction(network: Network, layer: int, row: int, column: int) -> np.ndarray:
    """The unit vector along one weight, laid out like ``network.params``; column
    ``network.sizes[layer]`` (one past the last input) is the neuron's bias."""
    if not (0 <= layer < network.depth and 0 <= row < network.sizes[layer + 1]
            and 0 <= column <= network.sizes[layer]):
        raise InputError(f"there is no weight ({layer}, {row}, {column}) in this network")
    direction = np.zeros_like(network.params)
    network.layer_views(direction)[layer][row, column] = 1.0
    return direction


def weight_index(network: Network, layer: int, row: int, column: int) -> int:
    """Where weight (layer, row, column) sits in ``network.params``."""
    return int(np.flatnonzero(weight_direction(network, layer, row, column))[0])


def filter_normalized_direction(network: Network, rng: np.random.Generator, biases: bool = False) -> np.ndarray:
    """A random direction whose part for each neuron has the norm of that neuron's
    incoming weights; biases left out, or (``biases``, for networks too small to
    span a plane with weights alone) treated as one more incoming weight."""
    direction = rng.standard_normal(network.params.size)
    for d, Wb in zip(network.layer_views(direction), network.Wb):
        part, rows = (d, Wb) if biases else (d[:, :-1], Wb[:, :-1])
        part *= (np.linalg.norm(rows, axis=1, keepdims=True)
                 / np.maximum(np.linalg.norm(part, axis=1, keepdims=True), 1e-12))
        if not biases:
            d[:, -1] = 0.0
    return direction


def random_plane(network: Network, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two filter-normalised directions spanning a plane: the second made orthogonal
    to the first (in a small network two random directions can be nearly parallel)
    and scaled back to its length. Biases join in when there are fewer than two
    weights per direction to go on."""
    biases = network.weight_mask.sum() < 2 or all(Wb.shape[1] == 2 for Wb in network.Wb)
    d1 = filter_normalized_direction(network, rng, biases)
    d2 = filter_normalized_direction(network, rng, biases)
    length = np.linalg.norm(d2)
    d2 -= (d2 @ d1) / max(d1 @ d1, 1e-300) * d1
    if np.linalg.norm(d2) > 1e-12 * length:
        d2 *= length / np.linalg.norm(d2)
    return d1, d2


@dataclass(frozen=True)
class Surface:
    alphas: np.ndarray       # along the first direction
    betas: np.ndarray        # along the second
    losses: np.ndarray       # len(betas) × len(alphas)
    origin: np.ndarray       # the weights at the centre
    directions: tuple        # (d1, d2)


def surface_rows(loss: LossFunction, origin: np.ndarray, d1: np.ndarray, d2: np.ndarray,
                 extent: float = 1.0, resolution: int = 31):
    """Losses on a resolution × resolution grid of origin + α·d1 + β·d2, α, β in
    [-extent, extent], a row at a time: yields the fraction done after each row
    (so a caller can stop, or show progress) and returns the Surface."""
    if not (2 <= resolution <= 201) or not np.isfinite(extent) or extent <= 0:
        raise InputError("landscape: expected a resolution from 2 to 201 and an extent > 0")
    alphas = np.linspace(-extent, extent, resolution)
    if resolution % 2:
        alphas[resolution // 2] = 0.0  # the centre is the current weights exactly
    losses = np.empty((resolution, resolution))
    for i, beta in enumerate(alphas):
        for j, alpha in enumerate(alphas):
            losses[i, j] = loss(origin + alpha * d1 + beta * d2)
        yield (i + 1) / resolution
    return Surface(alphas, alphas.copy(), losses, origin.copy(), (d1, d2))


def run(job):
    """Run a job (a generator yielding progress) to the end; returns its result."""
    while True:
        try:
            next(job)
        except StopIteration as done:
            return done.value


def sweep(loss: LossFunction, origin: np.ndarray, index: int, values: np.ndarray) -> np.ndarray:
    """The loss with weight ``origin[index]`` set to each of ``values``, the others held."""
    params = origin.copy()
    losses = []
    for value in values:
        params[index] = value
        losses.append(loss(params))
    return np.array(losses)


def project(points: np.ndarray, origin: np.ndarray, d1: np.ndarray, d2: np.ndarray) -> np.ndarray:
    """Weight vectors (rows) as (α, β) on the plane origin + α·d1 + β·d2 (least squares)."""
    if not len(points):
        return np.zeros((0, 2))
    basis = np.column_stack([d1, d2])
    coords, *_ = np.linalg.lstsq(basis, (np.asarray(points) - origin).T, rcond=None)
    return coords.T
