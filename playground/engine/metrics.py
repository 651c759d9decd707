"""Measuring a network on its data: the targets the output units see, the
predicted classes, the metrics of one epoch (loss and accuracy on the training,
test and validation sets) and the history of them over epochs.

The Evaluator computes every subset's metrics from one forward pass over all
points; the trainer makes one per network and data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from playground.engine.data import Dataset, Split
from playground.engine.errors import InputError
from playground.engine.features import feature_matrix
from playground.engine.kernel import ForwardPass
from playground.engine.network import Network

# Outputs whose range starts at 0 code the negative class as 0, the others as -1;
# the decision threshold sits halfway.
_NEGATIVE_LABEL = {"sigmoid": 0.0, "relu": 0.0, "softmax": 0.0}


def targets_for(data: Dataset, network: Network) -> np.ndarray:
    """The data's labels as the network's output units should see them (outputs × n)."""
    units, act = network.sizes[-1], network.activations[-1].name
    if not data.is_classification:
        values = np.asarray(data.values, dtype=float)
        if values.ndim == 2 and values.shape[1] == units:  # a target per output unit
            return values.T.copy()
        if units != 1:
            raise InputError(f"a {data.problem} problem needs one output unit, not {units}")
        return values[None, :].copy()
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


class Evaluator:
    """Loss (and accuracy) of a network on every subset of a split, from one
    forward pass over all points: train, test, then validation, side by side."""

    def __init__(self, network: Network, data: Split):
        self.network, self.data = network, data
        parts = [data.train, data.test] + ([data.validation] if data.validation else [])
        self._X = np.hstack([feature_matrix(network.inputs, p.points) for p in parts])
        self._pass = ForwardPass(network, self._X)
        self._Y = np.hstack([targets_for(p, network) for p in parts])
        self._bounds = np.cumsum([0] + [len(p) for p in parts])
        self._labels = np.concatenate([p.values for p in parts])
        self._counts = np.diff(self._bounds)
        # reduceat sums from each start to the next, so only the non-empty subsets
        # may have one (an empty test set would cut the training set short)
        self._nonempty = [i for i, c in enumerate(self._counts) if c]
        self._starts = self._bounds[:-1][self._nonempty]

    def evaluate(self, epoch: int) -> Metrics:
        """The network's metrics now, as those of ``epoch``."""
        out, b = self._pass.run(), self._bounds
        losses = self._subset_means(self.network.loss.per_sample(out, self._Y))
        validation = losses[2] if len(losses) > 2 else None
        if not self.data.train.is_classification:
            return Metrics(epoch, losses[0], losses[1], validation)
        predicted = predicted_classes(out, self.network.activations[-1].name)
        accuracy = self._subset_means(predicted == self._labels)
        return Metrics(epoch, losses[0], losses[1], validation, accuracy[0], accuracy[1],
                       self.data.train.classes, self.data.test.values, predicted[b[1]:b[2]])

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
        forward = ForwardPass(scratch, self._X)

        def train_loss(params: np.ndarray) -> float:
            scratch.params[...] = params
            return float(self._subset_means(scratch.loss.per_sample(forward.run(), self._Y))[0])
        return train_loss
