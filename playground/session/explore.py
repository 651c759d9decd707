"""Three views on training as a walk through weight space (no Qt): the loss
landscape with the path training took, the lecture's one-weight sweep, and an
optimizer race from one starting point. The landscape and the race are jobs:
generators that yield the fraction done, so the training process can run them a
slice at a time between commands and the window stays live and shows progress.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.colors import plane_image
from playground.engine.checkpoints import Checkpoints
from playground.engine.errors import InputError
from playground.engine.features import LINE_FEATURES
from playground.engine.grid import GridEvaluator
from playground.engine.landscape import (
    Surface,
    project,
    random_plane,
    surface_rows,
    sweep,
    weight_direction,
    weight_index,
)
from playground.engine.optimizers import OPTIMIZERS
from playground.engine.trainer import Trainer, TrainingDiverged

RACE_IMAGE = 40          # the race's small boundary pictures: 40 × 40
RACE_PLANE = 25          # the race's landscape: 25 × 25 losses
MAX_RACE_EPOCHS = 5000


@dataclass(frozen=True)
class Landscape:
    surface: Surface
    axes: tuple[str, str]
    path: np.ndarray              # the training path's (α, β), one row per checkpoint
    path_epochs: np.ndarray
    loss: float                   # the training loss at the centre (the current weights)
    mode: str = "random"          # how the plane was chosen: "random", "weights" or "path"
    epoch: int = 0                # the epoch whose weights are at the centre


@dataclass(frozen=True)
class Sweep:
    weight: tuple[int, int, int]  # (layer, row, column); column = inputs: the bias
    name: str                     # "w1[2,1]" or "b1[2]"
    values: np.ndarray
    losses: np.ndarray
    current: float                # the weight's value now
    loss: float                   # the training loss now
    epoch: int = 0


@dataclass(frozen=True)
class RaceView:
    optimizers: tuple
    learning_rate: float
    epochs: np.ndarray
    losses: dict                  # optimizer -> train loss per entry of ``epochs``
    landscape: Landscape | None   # one plane through the start, every optimizer's path on it
    paths: dict                   # optimizer -> (α, β) rows
    images: dict                  # optimizer -> RGBA boundary, or None (1-D problems)
    start: np.ndarray             # the weights every optimizer started from
    length: int = 0               # the epochs the race runs (``epochs`` ends there once it is over)
    diverged: tuple = ()          # optimizers whose training diverged (their curves end there)

    @property
    def finished(self) -> bool:
        return self.landscape is not None


@dataclass(frozen=True)
class ExploreViews:
    landscape: Landscape | None = None
    sweep: Sweep | None = None
    race: RaceView | None = None


# --- the landscape --------------------------------------------------------------------------

def directions(network, mode: str, weights=None, seed: int = 0):
    """(d1, d2, axis names): two chosen weights, or two filter-normalised random directions."""
    if mode == "weights":
        if not weights or len(weights) != 2:
            raise InputError("landscape: choose two weights, each (layer, row, column)")
        (l1, r1, c1), (l2, r2, c2) = (tuple(int(i) for i in w) for w in weights)
        if (l1, r1, c1) == (l2, r2, c2):
            raise InputError("landscape: choose two different weights")
        return (weight_direction(network, l1, r1, c1), weight_direction(network, l2, r2, c2),
                (weight_name(network, l1, r1, c1), weight_name(network, l2, r2, c2)))
    if mode == "random":
        d1, d2 = random_plane(network, np.random.default_rng([seed, 5]))
        return d1, d2, ("random direction 1", "random direction 2")
    raise InputError(f"landscape: mode is 'random', 'weights' or 'path', not {mode!r}")


def weight_name(network, layer: int, row: int, column: int) -> str:
    """As the editor and the inspector name it: w, layer, to neuron, from neuron (from 1);
    a bias (column one past the inputs) is b, layer, neuron."""
    if column == network.sizes[layer]:
        return f"b{layer + 1}[{row + 1}]"
    return f"w{layer + 1}[{row + 1},{column + 1}]"


def landscape_job(trainer: Trainer, timeline: Checkpoints | None, mode: str = "random", weights=None,
                  extent: float = 1.0, resolution: int = 31, seed: int = 0):
    """A job: yields progress fractions, then returns a Landscape. Modes: "random"
    (filter-normalised), "weights" (two chosen weights) or "path" (the plane the
    training path moved in most; the extent grows to hold the whole path)."""
    network = trainer.network
    loss, epoch = float(trainer.metrics.train_loss), trainer.epoch  # now: training may go on meanwhile
    epochs, params = timeline.params_path(network) if timeline is not None else (np.zeros(0, int), [])
    if mode == "path":
        if len(params) < 2:
            raise InputError("landscape: train a few epochs first, so there is a path to follow")
        d1, d2, axes = path_directions(np.asarray(params) - network.params, seed)
    else:
        d1, d2, axes = directions(network, mode, weights, seed)
    path = project(np.asarray(params), network.params, d1, d2) if len(params) else np.zeros((0, 2))
    if mode == "path":
        extent = max(extent, 1.15 * float(np.abs(path).max()))
    plane = yield from surface_rows(trainer.train_loss_function(), network.params.copy(), d1, d2, extent,
                                    resolution)
    return Landscape(plane, axes, path, epochs, loss, mode, epoch)


def weight_sweep(trainer: Trainer, layer: int, row: int, column: int, span: float = 3.0,
                 points: int = 61) -> Sweep:
    """The loss against one weight, from its value - span to + span, the others held."""
    if not (np.isfinite(span) and span > 0 and 2 <= points <= 1001):
        raise InputError("sweep: expected a span > 0 and 2 to 1001 points")
    network = trainer.network
    index = weight_index(network, layer, row, column)
    current = float(network.params[index])
    points = int(points)
    values = np.linspace(current - span, current + span, points)
    if points % 2:
        values[points // 2] = current  # the middle point is the weight as it is, exactly
    losses = sweep(trainer.train_loss_function(), network.params, index, values)
    return Sweep((layer, row, column), weight_name(network, layer, row, column), values, losses, current,
                 float(trainer.metrics.train_loss), trainer.epoch)


# --- the race ---------------------------------------------------------------------------------

def race_job(make_trainer, epochs: int = 300, optimizers=OPTIMIZERS, chunk: int = 5, seed: int = 0):
    """A job: every optimizer trains from the same weights on the same data, in turn a
    chunk of epochs at a time; yields progress, then returns a RaceView.
    ``make_trainer(optimizer)`` builds a trainer of the session's scenario, same start."""
    if not optimizers:
        raise InputError("race: tick at least one optimizer")
    if any(name not in OPTIMIZERS for name in optimizers):
        raise InputError(f"race: choose optimizers from {', '.join(OPTIMIZERS)}")
    if not 1 <= int(epochs) <= MAX_RACE_EPOCHS:
        raise InputError(f"race: expected 1 to {MAX_RACE_EPOCHS} epochs")
    epochs = int(epochs)
    trainers = {name: make_trainer(name) for name in dict.fromkeys(optimizers)}
    first_name = next(iter(trainers))
    first = trainers[first_name]
    start = first.network.params.copy()
    if any(not np.array_equal(t.network.params, start) for t in trainers.values()):
        raise InputError("race: the optimizers must start from the same weights")
    marks, losses = [0], {n: [t.metrics.train_loss] for n, t in trainers.items()}
    params = {n: [start] for n in trainers}
    diverged: list[str] = []
    done = 0
    while done < epochs:
        step = min(chunk, epochs - done)
        for i, (name, trainer) in enumerate(trainers.items()):
            if name not in diverged and not trainer.stopped:
                try:
                    trainer.train_epochs(step)
                except TrainingDiverged:
                    diverged.append(name)  # its weights stay at the last finite ones
            losses[name].append(np.nan if name in diverged else trainer.metrics.train_loss)
            params[name].append(trainer.network.params.copy())
            if i < len(trainers) - 1:
                yield 0.9 * (done + step * (i + 1) / len(trainers)) / epochs  # slices stay short
        done += step
        marks.append(done)
        # progress, and the curves so far: the window draws the race as it runs
        yield 0.9 * done / epochs, RaceView(tuple(trainers), first.learning_rate, np.array(marks),
                                            {n: np.array(v, dtype=float) for n, v in losses.items()}, None, {},
                                            {}, start, epochs, tuple(diverged))
    d1, d2, axes = path_directions(np.vstack([np.array(p) for p in params.values()]) - start, seed)
    paths = {n: project(np.array(p), start, d1, d2) for n, p in params.items()}
    extent = 1.25 * max(1e-3, max(float(np.abs(p).max()) for p in paths.values()))
    rows = surface_rows(first.train_loss_function(), start, d1, d2, extent, RACE_PLANE)
    plane = yield from _scaled(rows, 0.9, 0.1)
    landscape = Landscape(plane, axes, np.zeros((0, 2)), np.zeros(0, dtype=int), float(losses[first_name][0]))
    return RaceView(tuple(trainers), first.learning_rate, np.array(marks),
                    {n: np.array(v, dtype=float) for n, v in losses.items()}, landscape, paths,
                    {n: boundary_image(t.network) for n, t in trainers.items()}, start, epochs, tuple(diverged))


def path_directions(moves: np.ndarray, seed: int = 0):
    """The plane the paths lie closest to: the two principal directions of every
    optimizer's moves from the start (random ones where the moves span less)."""
    _, strengths, axes = np.linalg.svd(moves, full_matrices=False)
    found = [axes[i] for i in range(min(2, len(strengths))) if strengths[i] > 1e-12 * max(strengths[0], 1e-300)]
    rng = np.random.default_rng([seed, 6])
    while len(found) < 2:  # the paths are a line or a point: complete the plane at random
        extra = rng.standard_normal(moves.shape[1])
        for axis in found:
            extra -= (extra @ axis) * axis
        found.append(extra / np.linalg.norm(extra))
    return found[0], found[1], ("principal direction 1", "principal direction 2")


def _scaled(job, start: float, share: float):
    """A job's progress mapped onto [start, start + share]; returns what the job returns."""
    while True:
        try:
            fraction = next(job)
        except StopIteration as done:
            return done.value
        yield start + share * fraction


def boundary_image(network) -> np.ndarray | None:
    """A small picture of a 2-D problem's output, coloured as the big plot; None for 1-D."""
    if network.inputs == LINE_FEATURES:
        return None
    n = RACE_IMAGE
    return plane_image(GridEvaluator(network, n).run()[-1], network.activations[-1].name, n)
