"""Built-in data sets, each drawn from a seed, and the train/test/validation split.

The first six follow TensorFlow Playground's dataset.ts: same shapes, the same
[-6, 6] plane, the same meaning of noise (its slider, in percent, 0-50). Like
TensorFlow Playground, circle and xor put noise into the *label* (a point is
labelled by where its noisy twin falls) and spiral into the position. Ours
(moons, three-class, spiral-3, and the 1-D function targets) use the same plane.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from playground.engine.activations import sigmoid
from playground.engine.errors import InputError

PROBLEMS = ("classification", "multiclass", "regression", "function")
PLANE_RADIUS = 6.0  # points lie in [-6, 6]², as in TensorFlow Playground
# The most points a session holds, however they came (generated, a CSV, a scenario
# file, painting): far more than a plot can show, and a bounded cost per epoch and frame.
MAX_POINTS = 100_000


@dataclass(frozen=True)
class Dataset:
    problem: str
    points: np.ndarray   # (n, 2); (n, 1) for 1-D function problems; (n, k) for k plain inputs
    values: np.ndarray   # class index (int) for classification, target value otherwise
    classes: int = 0     # number of classes; 0 for regression and function
    class_names: tuple = ()  # your own data's labels as text, in class order; () for 0, 1, ...

    def __len__(self) -> int:
        return len(self.points)

    def subset(self, indices: np.ndarray) -> Dataset:
        return Dataset(self.problem, self.points[indices], self.values[indices], self.classes, self.class_names)

    @property
    def is_classification(self) -> bool:
        return self.classes > 0


@dataclass(frozen=True)
class Split:
    train: Dataset
    test: Dataset
    validation: Dataset | None = None


def _classes(points, labels, classes, problem="classification") -> Dataset:
    return Dataset(problem, np.asarray(points, float), np.asarray(labels, dtype=np.int64), classes)


def _shares(n, parts):
    """n split into ``parts`` near-equal whole counts."""
    return [n // parts + (1 if i < n % parts else 0) for i in range(parts)]


# --- TensorFlow Playground's sets ---------------------------------------------

def circle(n: int, noise: float, rng: np.random.Generator) -> Dataset:
    radius, (inside, outside) = 5.0, _shares(n, 2)
    points = np.vstack([_polar(rng, inside, 0.0, radius * 0.5), _polar(rng, outside, radius * 0.7, radius)])
    noisy = points + rng.uniform(-radius, radius, size=points.shape) * noise
    labels = (np.hypot(noisy[:, 0], noisy[:, 1]) < radius * 0.5).astype(int)
    return _classes(points, labels, 2)


def _polar(rng, count, r_min, r_max):
    r = rng.uniform(r_min, r_max, size=count)
    angle = rng.uniform(0.0, 2 * np.pi, size=count)
    return np.column_stack([r * np.sin(angle), r * np.cos(angle)])


def xor(n: int, noise: float, rng: np.random.Generator) -> Dataset:
    points = rng.uniform(-5.0, 5.0, size=(n, 2))
    points += np.where(points > 0, 0.3, -0.3)  # keep points off the axes
    noisy = points + rng.uniform(-5.0, 5.0, size=points.shape) * noise
    labels = (noisy[:, 0] * noisy[:, 1] >= 0).astype(int)
    return _classes(points, labels, 2)


def gauss(n: int, noise: float, rng: np.random.Generator) -> Dataset:
    return _blobs(n, noise, rng, [(-2.0, -2.0), (2.0, 2.0)], "classification")


def _blobs(n, noise, rng, centres, problem):
    sd = np.sqrt(0.5 + 7.0 * noise)  # TensorFlow Playground: noise 0..0.5 -> variance 0.5..4
    counts = _shares(n, len(centres))
    points = np.vstack([rng.normal(c, sd, size=(k, 2)) for c, k in zip(centres, counts)])
    return _classes(points, np.repeat(np.arange(len(centres)), counts), len(centres), problem)


def spiral(n: int, noise: float, rng: np.random.Generator) -> Dataset:
    return _spirals(n, noise, rng, arms=2, problem="classification")


def _spirals(n, noise, rng, arms, problem):
    points, labels = [], []
    for arm, count in enumerate(_shares(n, arms)):
        i = np.arange(count) / count
        r, t = i * 5.0, 1.75 * i * 2 * np.pi + arm * 2 * np.pi / arms
        xy = np.column_stack([r * np.sin(t), r * np.cos(t)])
        points.append(xy + rng.uniform(-1.0, 1.0, size=xy.shape) * noise)
        # TensorFlow Playground's first arm is the positive class
        labels.append(np.full(count, (1 - arm) if arms == 2 else arm))
    return _classes(np.vstack(points), np.concatenate(labels), arms, problem)


def reg_plane(n: int, noise: float, rng: np.random.Generator) -> Dataset:
    points = rng.uniform(-PLANE_RADIUS, PLANE_RADIUS, size=(n, 2))
    noisy = points + rng.uniform(-PLANE_RADIUS, PLANE_RADIUS, size=points.shape) * noise
    return Dataset("regression", points, (noisy[:, 0] + noisy[:, 1]) / 10.0)


_REG_GAUSSIANS = np.array([[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1],
                           [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]], dtype=float)


def reg_gauss_target(points: np.ndarray) -> np.ndarray:
    """Six signed cones of radius 2; where they overlap the larger magnitude wins."""
    dist = np.hypot(points[:, 0:1] - _REG_GAUSSIANS[:, 0], points[:, 1:2] - _REG_GAUSSIANS[:, 1])
    values = _REG_GAUSSIANS[:, 2] * np.clip(1.0 - dist / 2.0, 0.0, 1.0)
    return values[np.arange(len(points)), np.argmax(np.abs(values), axis=1)]


def reg_gauss(n: int, noise: float, rng: np.random.Generator) -> Dataset:
    points = rng.uniform(-PLANE_RADIUS, PLANE_RADIUS, size=(n, 2))
    noisy = points + rng.uniform(-PLANE_RADIUS, PLANE_RADIUS, size=points.shape) * noise
    return Dataset("regression", points, reg_gauss_target(noisy))


# --- ours -------------------------------------------------------------------------

def moons(n: int, noise: float, rng: np.random.Generator) -> Dataset:
    upper, lower = _shares(n, 2)
    t1, t2 = rng.uniform(0, np.pi, size=upper), rng.uniform(0, np.pi, size=lower)
    a = np.column_stack([np.cos(t1), np.sin(t1)])
    b = np.column_stack([1.0 - np.cos(t2), 0.5 - np.sin(t2)])
    points = (np.vstack([a, b]) - [0.5, 0.25]) * 4.0  # into [-6, 6] × [-3, 3]
    points += rng.normal(0.0, 2.0 * noise, size=points.shape)
    return _classes(points, np.repeat([1, 0], [upper, lower]), 2)


def three_class(n: int, noise: float, rng: np.random.Generator) -> Dataset:
    angles = np.radians([90.0, 210.0, 330.0])
    return _blobs(n, noise, rng, [(3.5 * np.cos(a), 3.5 * np.sin(a)) for a in angles], "multiclass")


def spiral_3(n: int, noise: float, rng: np.random.Generator) -> Dataset:
    return _spirals(n, noise, rng, arms=3, problem="multiclass")


# (height, left edge, right edge) of each bump, built as h·(σ(k(x - left)) - σ(k(x - right)))
BUMPS = ((0.8, -5.0, -2.0), (-0.5, -1.0, 1.0), (0.6, 2.5, 5.0))
BUMP_STEEPNESS = 4.0

FUNCTIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "sine": np.sin,
    "step": lambda x: (x >= 0).astype(float),
    "bumps": lambda x: sum(h * (sigmoid(BUMP_STEEPNESS * (x - lo)) - sigmoid(BUMP_STEEPNESS * (x - hi)))
                           for h, lo, hi in BUMPS),
}


def _function(name):
    def generate_function(n: int, noise: float, rng: np.random.Generator) -> Dataset:
        x = rng.uniform(-PLANE_RADIUS, PLANE_RADIUS, size=(n, 1))
        return Dataset("function", x, FUNCTIONS[name](x[:, 0]) + rng.normal(0.0, noise, size=n))
    return generate_function


@dataclass(frozen=True)
class DatasetInfo:
    problem: str
    generate: Callable[[int, float, np.random.Generator], Dataset]
    about: str  # what the picker's tooltip says

    @property
    def classes(self) -> int:
        return {"classification": 2, "multiclass": 3}.get(self.problem, 0)


DATASETS: dict[str, DatasetInfo] = {
    "circle": DatasetInfo("classification", circle, "a disc of one class inside a ring of the other"),
    "xor": DatasetInfo("classification", xor, "opposite quadrants share a class: no single line separates them"),
    "gauss": DatasetInfo("classification", gauss, "two Gaussian clouds; with little noise one line separates them"),
    "spiral": DatasetInfo("classification", spiral, "two interleaved spiral arms: the hard one"),
    "reg-plane": DatasetInfo("regression", reg_plane, "the target rises linearly across the plane"),
    "reg-gauss": DatasetInfo("regression", reg_gauss, "six signed cones"),
    "moons": DatasetInfo("classification", moons, "two interlocking half moons"),
    "three-class": DatasetInfo("multiclass", three_class, "three Gaussian clouds, three classes"),
    "spiral-3": DatasetInfo("multiclass", spiral_3, "three interleaved spiral arms, three classes"),
    "sine": DatasetInfo("function", _function("sine"), "y = sin x"),
    "step": DatasetInfo("function", _function("step"), "a step from 0 to 1 at x = 0"),
    "bumps": DatasetInfo("function", _function("bumps"), "a sum of three bumps, as in the lecture"),
}


def check_dataset(name: str) -> DatasetInfo:
    if name not in DATASETS:
        raise InputError(f"unknown data set {name!r}; expected one of {', '.join(DATASETS)}")
    return DATASETS[name]


def generate(name: str, n: int = 500, noise: float = 0.0, seed: int = 0) -> Dataset:
    """``noise`` in percent, as TensorFlow Playground's slider (0-50)."""
    info = check_dataset(name)
    if not 0 <= noise <= 100:
        raise InputError(f"noise: expected a percentage from 0 to 100, got {noise}")
    if not 1 <= n <= 1_000_000:
        raise InputError(f"points: expected 1 to 1,000,000, got {n}")
    return info.generate(int(n), noise / 100.0, np.random.default_rng([int(seed), 0]))


def split(data: Dataset, train_percent: float, rng: np.random.Generator,
          validation_percent: float = 0.0) -> Split:
    """Shuffle, then the first train_percent % train (of which validation_percent %
    is held out for validation) and the rest test, as TensorFlow Playground splits."""
    if not 1 <= train_percent <= 100:
        raise InputError(f"train percent: expected 1 to 100, got {train_percent}")
    if not 0 <= validation_percent < 100:
        raise InputError(f"validation percent: expected 0 to 99, got {validation_percent}")
    order = rng.permutation(len(data))
    n_train = max(1, int(len(data) * train_percent / 100))
    n_val = int(n_train * validation_percent / 100)
    validation = data.subset(order[:n_val]) if n_val else None
    return Split(data.subset(order[n_val:n_train]), data.subset(order[n_train:]), validation)


# --- sample indices (the trainer's batches) -------------------------------------

def check_batch(indices, n: int, what: str = "batch") -> np.ndarray:
    """Indices into a set of ``n`` samples, as an int64 array; an InputError
    names the first one out of range (or not a whole number) and the valid range."""
    array = np.asarray(indices)
    if array.ndim != 1 or (array.size and array.dtype.kind not in "iu"):
        raise InputError(f"{what}: expected a list of whole-number sample indices, got {array.dtype} "
                         f"of shape {array.shape}")
    bad = np.flatnonzero((array < 0) | (array >= n))
    if bad.size:
        raise InputError(f"{what}: index {array[bad[0]]} (at position {bad[0]}) is out of range: "
                         f"the training set has {n} samples, indices 0 to {n - 1}")
    return array.astype(np.int64, copy=False)


def check_order(order, cursor, n: int, what: str) -> tuple[np.ndarray, int]:
    """A saved batch order and the position in it, checked: while the epoch goes on
    (cursor before the end) the order must hold indices of the ``n`` samples; at
    an epoch's end the next step draws a new order, so the old one is not checked."""
    order = np.asarray(order)
    if isinstance(cursor, bool) or not isinstance(cursor, (int, np.integer)) or not 0 <= cursor <= len(order):
        raise InputError(f"{what} cursor: expected a whole number from 0 to {len(order)}, got {cursor!r}")
    if cursor < len(order):
        order = check_batch(order, n, f"{what} order")
    return order.astype(np.int64), int(cursor)
