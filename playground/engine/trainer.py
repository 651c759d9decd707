"""Trainer: a network, its data and an optimizer; steps, epochs, metrics, history.

One epoch is one pass over the training set in mini-batches, reshuffled each
epoch from the trainer's own seeded generator, so the same seed gives the same
numbers on every run. After each epoch the trainer evaluates every subset in one
forward pass and appends the metrics to its history.
"""

from __future__ import annotations

import bisect
import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from playground.engine.checkpoints import Checkpoint, Checkpoints
from playground.engine.data import Dataset, Split
from playground.engine.errors import InputError
from playground.engine.features import feature_matrix
from playground.engine.kernel import INDICES, ForwardPass, TrainingKernel, compile_ops
from playground.engine.network import INITIALIZERS, Network
from playground.engine.optimizers import Schedule, make_optimizer
from playground.engine.regularization import Regularizer

# Outputs whose range starts at 0 code the negative class as 0, the others as -1;
# the decision threshold sits halfway.
_NEGATIVE_LABEL = {"sigmoid": 0.0, "relu": 0.0, "softmax": 0.0}


class TrainingDiverged(RuntimeError):
    """The loss or the weights became NaN or infinite; the weights were restored."""


def init_rng(seed: int, draw: int) -> np.random.Generator:
    """The generator for the ``draw``-th set of initial weights of a seed."""
    return np.random.default_rng([int(seed), 1, int(draw)])


def targets_for(data: Dataset, network: Network) -> np.ndarray:
    """The data's labels as the network's output units should see them (outputs × n)."""
    units, act = network.sizes[-1], network.activations[-1].name
    if not data.is_classification:
        if units != 1:
            raise InputError(f"a {data.problem} problem needs one output unit, not {units}")
        return np.asarray(data.values, dtype=float)[None, :].copy()
    low = _NEGATIVE_LABEL.get(act, -1.0)
    if units == 1:
        if data.classes != 2:
            raise InputError(f"{data.classes} classes need {data.classes} output units (softmax), not 1")
        return np.where(data.values == 1, 1.0, low)[None, :]
    if units != data.classes:
        raise InputError(f"{data.classes} classes need {data.classes} output units, not {units}")
    onehot = np.full((units, len(data)), low)
    onehot[data.values, np.arange(len(data))] = 1.0
    return onehot


def predicted_classes(outputs: np.ndarray, activation: str) -> np.ndarray:
    if outputs.shape[0] == 1:
        return (outputs[0] > (1.0 + _NEGATIVE_LABEL.get(activation, -1.0)) / 2).view(np.uint8)
    return np.argmax(outputs, axis=0)


@dataclass(frozen=True)
class Metrics:
    epoch: int
    train_loss: float
    test_loss: float | None
    validation_loss: float | None = None
    train_accuracy: float | None = None
    test_accuracy: float | None = None
    classes: int = 0
    # The test set's true and predicted classes; the confusion matrix is counted
    # from them only when someone asks, not every epoch.
    test_labels: np.ndarray | None = field(default=None, repr=False, compare=False)
    test_predictions: np.ndarray | None = field(default=None, repr=False, compare=False)

    @property
    def confusion(self) -> np.ndarray | None:
        """Test-set counts; rows: true class, columns: predicted class."""
        if self.test_labels is None:
            return None
        k = self.classes
        return np.bincount(self.test_labels * k + self.test_predictions, minlength=k * k).reshape(k, k)


@dataclass
class History:
    """Metrics per epoch, as parallel lists (the loss panel plots them directly)."""
    epoch: list = field(default_factory=list)
    train_loss: list = field(default_factory=list)
    test_loss: list = field(default_factory=list)
    validation_loss: list = field(default_factory=list)
    train_accuracy: list = field(default_factory=list)
    test_accuracy: list = field(default_factory=list)

    KEYS = ("epoch", "train_loss", "test_loss", "validation_loss", "train_accuracy", "test_accuracy")

    def append(self, m: Metrics) -> None:
        for key in self.KEYS:
            getattr(self, key).append(getattr(m, key))

    def __len__(self) -> int:
        return len(self.epoch)

    def to_dict(self) -> dict:
        return {key: list(getattr(self, key)) for key in self.KEYS}

    @classmethod
    def from_dict(cls, d: dict) -> History:
        """From lists (as saved) or float arrays (NaN where a value does not exist)."""
        lengths = {len(d.get(key, [])) for key in cls.KEYS}
        if len(lengths) != 1:
            raise InputError("history: expected lists of equal length")
        columns = {}
        for key in cls.KEYS:
            values = d.get(key, [])
            if isinstance(values, np.ndarray):
                values = [None if v != v else v for v in values.tolist()]  # v != v: NaN
            columns[key] = list(values)
        columns["epoch"] = [int(e) for e in columns["epoch"]]
        return cls(**columns)


_NO_ORDER = np.arange(0)


class Trainer:
    def __init__(self, network: Network, data: Split, *, learning_rate: float = 0.03,
                 batch_size: int = 10, optimizer: str = "sgd", regularization: str = "none",
                 regularization_rate: float = 0.0, schedule: Schedule = Schedule(), seed: int = 1,
                 init: str = "xavier", patience: int | None = None):
        if init not in INITIALIZERS:
            raise InputError(f"init: unknown {init!r}; expected one of {', '.join(INITIALIZERS)}")
        self.seed, self.init, self.init_draw = int(seed), init, 0
        self.learning_rate = _positive("learning rate", learning_rate)
        self.schedule = schedule
        self.patience = patience
        self.optimizer_name = optimizer
        self.regularization = (regularization, float(regularization_rate))
        self.batch_size = int(batch_size)
        self._shuffle = np.random.default_rng([self.seed, 2])
        self.epoch, self.updates = 0, 0
        self.history = History()
        self.stopped = False          # early stopping ended training
        self.best_epoch: int | None = None
        self.checkpoints: Checkpoints | None = None  # time travel, when the app wants it
        self.epoch_ended: Callable[[Trainer], None] | None = None  # told at each epoch's end (the app's records)
        self.network = network
        self.data = data
        self.initial_params = network.params.copy()
        self._order = np.arange(0)
        self._cursor = 0
        self._rebuild()
        self.metrics = self.evaluate()
        self.history.append(self.metrics)

    # --- configuration ----------------------------------------------------------

    def _rebuild(self) -> None:
        """Recompute everything derived from network, data and settings."""
        net, data = self.network, self.data
        if data.validation is None and self.patience:
            raise InputError("early stopping needs a validation split (validation percent > 0)")
        if self.batch_size < 1:
            raise InputError(f"batch size: expected a whole number ≥ 1, got {self.batch_size}")
        self._X = feature_matrix(net.inputs, data.train.points)
        self._Y = targets_for(data.train, net)
        parts = [data.train, data.test] + ([data.validation] if data.validation else [])
        self._X_eval = np.hstack([feature_matrix(net.inputs, p.points) for p in parts])
        self._eval = ForwardPass(net, self._X_eval)
        self._Y_eval = np.hstack([targets_for(p, net) for p in parts])
        self._bounds = np.cumsum([0] + [len(p) for p in parts])
        self._labels_eval = np.concatenate([p.values for p in parts])
        self._counts = np.diff(self._bounds)
        # reduceat sums from each start to the next, so only the non-empty subsets
        # may have one (an empty test set would cut the training set short)
        self._nonempty = [i for i, c in enumerate(self._counts) if c]
        self._starts = self._bounds[:-1][self._nonempty]
        self._grad = np.zeros_like(net.params)
        self._kernels: dict[int, TrainingKernel] = {}
        self._steps: dict[int, object] = {}
        self._lr = np.array(self.current_learning_rate)  # read by the compiled steps
        self._optimizer = make_optimizer(self.optimizer_name, net.params.size)
        self._regularizer = Regularizer(*self.regularization, net.weight_mask)
        self._last_good = net.params.copy()
        self._best_params = net.params.copy()
        self._best_loss = np.inf

    def _kernel(self, size: int) -> TrainingKernel:
        if size not in self._kernels:
            self._kernels[size] = TrainingKernel(self.network, size, self._X, self._Y, self._grad)
        return self._kernels[size]

    def _step(self, size: int):
        """One whole update for batches of ``size``: gradient, penalty and optimizer
        compiled into a single function (see kernel.compile_ops)."""
        if size not in self._steps:
            params, grad = self.network.params, self._grad
            ops = (self._kernel(size).ops + self._regularizer.ops(params, grad)
                   + self._optimizer.ops(params, grad, self._lr))
            self._steps[size] = compile_ops(ops, (INDICES,))
        return self._steps[size]

    def configure(self, *, learning_rate=None, batch_size=None, optimizer=None, regularization=None,
                  regularization_rate=None, schedule=None, patience=...) -> None:
        """Change settings between steps; the network keeps its weights."""
        if learning_rate is not None:
            self.learning_rate = _positive("learning rate", learning_rate)
        if schedule is not None:
            self.schedule = schedule
        if patience is not ...:
            self.patience = patience
        if batch_size is not None:
            self.batch_size = int(batch_size)
        if optimizer is not None:
            make_optimizer(optimizer, 1)  # validates the name
            self.optimizer_name = optimizer
        if regularization is not None or regularization_rate is not None:
            kind, rate = self.regularization
            self.regularization = (regularization or kind,
                                   rate if regularization_rate is None else float(regularization_rate))
        optimizer_state = self._optimizer.state() if optimizer is None else None
        self._rebuild()
        if optimizer_state:
            self._optimizer.load_state(optimizer_state)

    def set_network(self, network: Network) -> None:
        """Swap in an edited network (same data); optimizer state restarts if the shape changed."""
        same = network.same_shape(self.network)
        state = self._optimizer.state() if same else None
        self.network = network
        self._rebuild()
        if state:
            self._optimizer.load_state(state)
        self._refresh_metrics()

    def set_data(self, data: Split) -> None:
        self.data = data
        self._rebuild()
        self._cursor = len(self._order)  # the next step starts a fresh epoch
        self._refresh_metrics()

    def reset(self, same_start: bool = False) -> None:
        """Back to epoch 0: the same initial weights, or a new draw from the seed."""
        if not same_start:
            self.init_draw += 1
        if same_start and self.initial_params.shape == self.network.params.shape:
            self.network.params[...] = self.initial_params
        else:
            self.network.initialize(self.init, init_rng(self.seed, self.init_draw))
            self.initial_params = self.network.params.copy()
        self._shuffle = np.random.default_rng([self.seed, 2])
        self.epoch, self.updates, self.stopped, self.best_epoch = 0, 0, False, None
        self._order, self._cursor = np.arange(0), 0
        self.history = History()
        self._rebuild()
        self.metrics = self.evaluate()
        self.history.append(self.metrics)

    def _refresh_metrics(self) -> None:
        self.metrics = self.evaluate()
        self._last_good[...] = self.network.params

    # --- training ---------------------------------------------------------------

    @property
    def current_learning_rate(self) -> float:
        return self.schedule.rate(self.learning_rate, self.epoch)

    def _start_epoch(self) -> None:
        n = len(self.data.train)
        # A full batch sums over every sample, so reshuffling it would change nothing.
        self._order = np.arange(n) if self.batch_size >= n else self._shuffle.permutation(n)
        self._cursor = 0

    def step(self) -> np.ndarray:
        """One mini-batch update. Returns the batch's indices into the training set."""
        if self._cursor >= len(self._order):
            self._start_epoch()
        indices = self._order[self._cursor:self._cursor + self.batch_size]
        before = self.network.params.copy()
        self._update(indices)
        # Epochs end with a check for NaN and inf; a single step may end mid-epoch, and
        # its weights must not reach a view or a saved file.
        if not math.isfinite(np.add.reduce(self.network.params)):
            kind = "NaN" if np.isnan(self.network.params).any() else "infinite"
            self.network.params[...] = before
            self._restart_optimizer()
            raise TrainingDiverged(f"the weights became {kind} in a step of epoch {self.epoch + 1}; the weights "
                                   "before that step were restored. Try a smaller learning rate.")
        self._cursor += len(indices)
        if self._cursor >= len(self._order):
            self._end_epoch()
        return indices

    def _restart_optimizer(self) -> None:
        """The optimizer's memory (momentum's velocity, Adam's moments) took part in a
        blow-up and may hold NaN or inf: it starts afresh with the restored weights."""
        self._optimizer = make_optimizer(self.optimizer_name, self.network.params.size)
        self._steps = {}  # compiled against the old optimizer's arrays

    def _update(self, indices: np.ndarray) -> None:
        self._lr[...] = self.current_learning_rate
        self._step(len(indices))(indices)
        self.updates += 1

    def train_epochs(self, count: int = 1) -> Metrics:
        """Finish the current epoch, then train until ``count`` epochs have ended
        (or early stopping ends training)."""
        target = self.epoch + int(count)
        while self.epoch < target and not self.stopped:
            if self._cursor >= len(self._order):
                self._start_epoch()
            self._train_rest_of_epoch()
        return self.metrics

    def _train_rest_of_epoch(self) -> None:
        # The hot loop: one compiled call per batch; the batches are the rows of a
        # 2-D view of the shuffled order, which NumPy hands out cheaper than slices.
        order, size, start = self._order, self.batch_size, self._cursor
        full = (len(order) - start) // size
        self._lr[...] = self.current_learning_rate
        step = self._step(size)
        for indices in order[start:start + full * size].reshape(full, size):
            step(indices)
        tail = order[start + full * size:]
        if len(tail):
            self._step(len(tail))(tail)
        self.updates += full + (1 if len(tail) else 0)
        self._cursor = len(order)
        self._end_epoch()

    def _end_epoch(self) -> None:
        self.epoch += 1
        metrics = self.evaluate()
        # one NaN or inf weight makes the sum non-finite: one call instead of two
        if not (math.isfinite(metrics.train_loss) and math.isfinite(np.add.reduce(self.network.params))):
            self.network.params[...] = self._last_good
            self._restart_optimizer()
            self.epoch -= 1
            self._cursor = len(self._order)
            self.metrics = self.evaluate()
            raise TrainingDiverged(
                f"the loss became {'infinite' if math.isinf(metrics.train_loss) else 'NaN'} in epoch "
                f"{self.epoch + 1}; the weights of epoch {self.epoch} were restored. "
                f"Try a smaller learning rate.")
        self._last_good[...] = self.network.params
        self.metrics = metrics
        self.history.append(metrics)
        if self.patience and metrics.validation_loss is not None:
            self._early_stopping(metrics)
        if self.checkpoints is not None:
            self.checkpoints.offer(self)
        if self.epoch_ended is not None:
            self.epoch_ended(self)

    def _early_stopping(self, metrics: Metrics) -> None:
        if metrics.validation_loss < self._best_loss:
            self._best_loss, self.best_epoch = metrics.validation_loss, metrics.epoch
            self._best_params[...] = self.network.params
        elif metrics.epoch - self.best_epoch >= self.patience:
            self.network.params[...] = self._best_params
            self.stopped = True
            self.metrics = self.evaluate()

    # --- measuring --------------------------------------------------------------

    def evaluate(self) -> Metrics:
        """Loss (and accuracy) on every subset, from one forward pass over all points."""
        out, b = self._eval.run(), self._bounds
        losses = self._subset_means(self.network.loss.per_sample(out, self._Y_eval))
        validation = losses[2] if len(losses) > 2 else None
        if not self.data.train.is_classification:
            return Metrics(self.epoch, losses[0], losses[1], validation)
        predicted = predicted_classes(out, self.network.activations[-1].name)
        accuracy = self._subset_means(predicted == self._labels_eval)
        return Metrics(self.epoch, losses[0], losses[1], validation, accuracy[0], accuracy[1],
                       self.data.train.classes, self.data.test.values, predicted[b[1]:b[2]])

    def metrics_with(self, checkpoint: Checkpoint) -> Metrics:
        """The metrics at a checkpoint's epoch: evaluated now with its weights (the
        network is put back), or, for another shape, the history's numbers."""
        if checkpoint.layout.same_shape(self.network):
            now = self.network.params.copy()
            self.network.params[...] = checkpoint.params
            try:
                return dataclasses.replace(self.evaluate(), epoch=checkpoint.epoch)
            finally:
                self.network.params[...] = now
        row = max(0, bisect.bisect_right(self.history.epoch, checkpoint.epoch) - 1)
        return Metrics(**{key: getattr(self.history, key)[row] for key in History.KEYS})

    def _subset_means(self, values: np.ndarray) -> list[float | None]:
        """Mean of ``values`` over each subset (train, test, validation); None if empty."""
        means: list[float | None] = [None] * len(self._counts)
        sums = np.add.reduceat(values, self._starts, dtype=np.float64).tolist()
        for i, total in zip(self._nonempty, sums):
            means[i] = total / self._counts[i]
        return means

    def train_loss_function(self):
        """weights -> the training loss the network would have with them, computed
        exactly as evaluate() computes it (on a copy: the network is not touched)."""
        scratch = self.network.copy()
        forward = ForwardPass(scratch, self._X_eval)

        def train_loss(params: np.ndarray) -> float:
            scratch.params[...] = params
            return float(self._subset_means(scratch.loss.per_sample(forward.run(), self._Y_eval))[0])
        return train_loss

    def objective_and_gradient(self, X: np.ndarray, Y: np.ndarray) -> tuple[float, np.ndarray]:
        """Data loss + regularization penalty on columns X, and its gradient (reference path)."""
        value, grad = self.network.loss_and_gradient(X, Y)
        self._regularizer.add_gradient(self.network.params, grad)
        return value + self._regularizer.penalty(self.network.params), grad

    def batch_gradient(self, indices: np.ndarray) -> np.ndarray:
        """The kernel's gradient (with regularization) for training samples ``indices``."""
        self._kernel(len(indices)).run(np.asarray(indices))
        self._regularizer.add_gradient(self.network.params, self._grad)
        return self._grad.copy()

    @property
    def train_features(self) -> np.ndarray:
        return self._X

    @property
    def train_targets(self) -> np.ndarray:
        return self._Y

    # --- saving -----------------------------------------------------------------

    def state(self) -> dict:
        """What resuming needs beyond network, data and settings: the exact point in
        the shuffle, the optimizer's memory and the history."""
        return {"epoch": self.epoch, "updates": self.updates, "init_draw": self.init_draw,
                "shuffle": self._shuffle.bit_generator.state, "order": self._order.tolist(),
                "cursor": self._cursor, "optimizer": self._optimizer.state(),
                "initial_params": self.initial_params.tolist(), "history": self.history.to_dict()}

    def checkpoint(self, layout: Network) -> Checkpoint:
        """Everything continuing from this epoch needs, copied; ``layout`` is a network
        of this one's shape (checkpoints of one shape share it)."""
        # at an epoch's end the next step draws a new order anyway: no need to keep this one
        mid_epoch = self._cursor < len(self._order)
        return Checkpoint(self.epoch, self.updates, layout, self.network.params.copy(), self.optimizer_name,
                          self._optimizer.copy_state(), self._shuffle.bit_generator.state,
                          self._order.copy() if mid_epoch else _NO_ORDER, self._cursor if mid_epoch else 0)

    def restore(self, checkpoint: Checkpoint) -> None:
        """Back to a checkpoint of this run: network, optimizer, shuffle, epoch, and the
        history up to that epoch. Training on from here gives the numbers it gave then
        (if the settings and data are the same; if not, what they give now)."""
        if checkpoint.layout.same_shape(self.network):
            self.network.params[...] = checkpoint.params
        else:
            self.network = checkpoint.network()
        self._rebuild()  # a fresh optimizer, then its memory from the checkpoint if it is the same kind
        if checkpoint.optimizer_name == self.optimizer_name:
            self._optimizer.load_state(checkpoint.optimizer)
        self._shuffle.bit_generator.state = checkpoint.shuffle
        same_data = len(checkpoint.order) in (0, len(self.data.train))
        self._order, self._cursor = (checkpoint.order.copy(), checkpoint.cursor) if same_data else (np.arange(0), 0)
        self.epoch, self.updates, self.stopped = checkpoint.epoch, checkpoint.updates, False
        if self.best_epoch is not None and self.best_epoch > checkpoint.epoch:
            self.best_epoch = None  # early stopping looks for the best again from here
        kept = bisect.bisect_right(self.history.epoch, checkpoint.epoch)
        self.history = History(**{key: getattr(self.history, key)[:kept] for key in History.KEYS})
        self.metrics = self.evaluate()
        if self.checkpoints is not None:
            self.checkpoints.truncate(checkpoint.epoch)

    def load_state(self, state: dict) -> None:
        self.epoch, self.updates = int(state["epoch"]), int(state["updates"])
        self.init_draw = int(state.get("init_draw", 0))
        self._shuffle.bit_generator.state = state["shuffle"]
        self._order = np.asarray(state["order"], dtype=np.int64)
        self._cursor = int(state["cursor"])
        self._optimizer.load_state(state["optimizer"])
        self.initial_params = np.asarray(state["initial_params"], dtype=float)
        self.history = History.from_dict(state["history"])
        self.metrics = self.evaluate()


def _positive(what: str, value) -> float:
    value = float(value)
    if not np.isfinite(value) or value <= 0:
        raise InputError(f"{what}: expected a number > 0, got {value}")
    return value
