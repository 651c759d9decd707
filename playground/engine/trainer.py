"""Trainer: a network, its data and an optimizer; steps, epochs, metrics, history.

One epoch is one pass over the training set in mini-batches, reshuffled each
epoch from the trainer's own seeded generator, so the same seed gives the same
numbers on every run. After each epoch the trainer evaluates every subset in one
forward pass (metrics.py) and appends the metrics to its history.

Batch indices come from the trainer's own shuffle, or from outside through
``batch_gradient``, a saved state (``load_state``) or a checkpoint (``restore``);
those are checked as they come in, so the compiled step never sees a bad one.
"""

from __future__ import annotations

import bisect
import dataclasses
import math
from collections.abc import Callable

import numpy as np

from playground.engine.checkpoints import Checkpoint, Checkpoints
from playground.engine.data import Split, check_batch, check_order
from playground.engine.errors import InputError
from playground.engine.features import feature_matrix
from playground.engine.kernel import INDICES, TrainingKernel, compile_ops, describe
from playground.engine.metrics import Evaluator, History, Metrics, targets_for
from playground.engine.network import INITIALIZERS, Network
from playground.engine.optimizers import Schedule, make_optimizer
from playground.engine.regularization import Regularizer


class TrainingDiverged(RuntimeError):
    """The loss or the weights became NaN or infinite; the weights were restored."""


def init_rng(seed: int, draw: int) -> np.random.Generator:
    """The generator for the ``draw``-th set of initial weights of a seed."""
    return np.random.default_rng([int(seed), 1, int(draw)])


_DEFAULT_SCHEDULE = Schedule()
_NO_ORDER = np.arange(0)


class Trainer:
    def __init__(self, network: Network, data: Split, *, learning_rate: float = 0.03,
                 batch_size: int = 10, optimizer: str = "sgd", regularization: str = "none",
                 regularization_rate: float = 0.0, schedule: Schedule = _DEFAULT_SCHEDULE, seed: int = 1,
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
        self._evaluator = Evaluator(net, data)
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
            params, grad, kernel = self.network.params, self._grad, self._kernel(size)
            ops = (kernel.ops + self._regularizer.ops(params, grad)
                   + self._optimizer.ops(params, grad, self._lr))
            names = {**kernel.names, **self._regularizer.buffers(), **self._optimizer.buffers(), "lr": self._lr}
            penalty = f" + {self._regularizer.kind}" if self._regularizer.active else ""
            title = f"{kernel.title}{penalty} + {self._optimizer.name}"
            self._steps[size] = compile_ops(ops, (INDICES,), title, names)
        return self._steps[size]

    def describe(self, batch_size: int | None = None) -> str:
        """The compiled training step's ops, one line per op with its equation."""
        return describe(self._step(int(batch_size or self.batch_size)))

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

    @property
    def batch_position(self) -> tuple[int, int] | None:
        """(mini-batches done, in all) of the epoch under way or just ended; None before a run's first."""
        size = self.batch_size
        return (-(-self._cursor // size), -(-len(self._order) // size)) if len(self._order) else None

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
        return self._evaluator.evaluate(self.epoch)

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

    def train_loss_function(self):
        """weights -> the training loss the network would have with them, computed
        exactly as evaluate() computes it (on a copy: the network is not touched)."""
        return self._evaluator.train_loss_function()

    def objective_and_gradient(self, X: np.ndarray, Y: np.ndarray) -> tuple[float, np.ndarray]:
        """Data loss + regularization penalty on columns X, and its gradient (reference path)."""
        value, grad = self.network.loss_and_gradient(X, Y)
        self._regularizer.add_gradient(self.network.params, grad)
        return value + self._regularizer.penalty(self.network.params), grad

    def batch_gradient(self, indices: np.ndarray) -> np.ndarray:
        """The kernel's gradient (with regularization) for training samples ``indices``."""
        indices = check_batch(indices, len(self.data.train), "batch_gradient")
        if not indices.size:
            raise InputError("batch_gradient: expected at least one sample index")
        self._kernel(len(indices)).run(indices)
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
        n = len(self.data.train)
        order, cursor = np.arange(0), 0  # another data set's order: the next step starts an epoch
        if len(checkpoint.order) in (0, n):
            order, cursor = check_order(checkpoint.order, checkpoint.cursor, n, "checkpoint")
        if checkpoint.layout.same_shape(self.network):
            self.network.params[...] = checkpoint.params
        else:
            self.network = checkpoint.network()
        self._rebuild()  # a fresh optimizer, then its memory from the checkpoint if it is the same kind
        if checkpoint.optimizer_name == self.optimizer_name:
            self._optimizer.load_state(checkpoint.optimizer)
        self._shuffle.bit_generator.state = checkpoint.shuffle
        self._order, self._cursor = order, cursor
        self.epoch, self.updates, self.stopped = checkpoint.epoch, checkpoint.updates, False
        if self.best_epoch is not None and self.best_epoch > checkpoint.epoch:
            self.best_epoch = None  # early stopping looks for the best again from here
        kept = bisect.bisect_right(self.history.epoch, checkpoint.epoch)
        self.history = History(**{key: getattr(self.history, key)[:kept] for key in History.KEYS})
        self.metrics = self.evaluate()
        if self.checkpoints is not None:
            self.checkpoints.truncate(checkpoint.epoch)

    def load_state(self, state: dict) -> None:
        """Continue from ``state()``'s output; a batch order that does not fit the
        training set is refused (InputError) before anything changes."""
        order, cursor = check_order(state["order"], state["cursor"], len(self.data.train), "state")
        self.epoch, self.updates = int(state["epoch"]), int(state["updates"])
        self.init_draw = int(state.get("init_draw", 0))
        self._shuffle.bit_generator.state = state["shuffle"]
        self._order, self._cursor = order, cursor
        self._optimizer.load_state(state["optimizer"])
        self.initial_params = np.asarray(state["initial_params"], dtype=float)
        self.history = History.from_dict(state["history"])
        self.metrics = self.evaluate()


def _positive(what: str, value) -> float:
    value = float(value)
    if not np.isfinite(value) or value <= 0:
        raise InputError(f"{what}: expected a number > 0, got {value}")
    return value
