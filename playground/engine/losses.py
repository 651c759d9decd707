"""Loss functions with their gradients, as the README defines them ("Files").

o (outputs) and y (targets) hold one sample per column. ``per_sample`` gives
each column's loss; ``value`` is their mean over the batch; ``gradient`` is
d(value)/do, so it carries the 1/batch factor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from playground.engine.errors import InputError


def _clipped(o: np.ndarray) -> np.ndarray:
    """Probabilities kept off exactly 0 and 1, so log() stays finite when a saturated
    sigmoid or softmax rounds to them (float32 passes need a wider margin)."""
    eps = 1e-15 if o.dtype == np.float64 else 1e-7
    return np.clip(o, eps, 1.0 - eps)


def _squares(o, y):
    """Σ over output units of (o - y)², per column."""
    d = np.subtract(o, y)
    np.multiply(d, d, out=d)
    return d[0] if len(d) == 1 else d.sum(axis=0)


def _mse(o, y):
    return np.divide(_squares(o, y), o.shape[0])


def _half_se(o, y):
    return np.multiply(_squares(o, y), 0.5)


def _bce(o, y):
    p = _clipped(o)
    return -np.sum(y * np.log(p) + (1.0 - y) * np.log(1.0 - p), axis=0)


def _cce(o, y):
    return -np.sum(y * np.log(_clipped(o)), axis=0)


def _mse_gradient(o, y):
    return 2.0 * (o - y) / o.size


def _half_se_gradient(o, y):
    return (o - y) / o.shape[1]


def _bce_gradient(o, y):
    p = _clipped(o)
    return (p - y) / (p * (1.0 - p)) / o.shape[1]


def _cce_gradient(o, y):
    return -y / _clipped(o) / o.shape[1]


@dataclass(frozen=True)
class Loss:
    name: str
    per_sample: Callable[[np.ndarray, np.ndarray], np.ndarray]
    gradient: Callable[[np.ndarray, np.ndarray], np.ndarray]
    about: str
    # The output activation this loss requires (None: any). For that pairing
    # dL/dz is simply (o - y)/batch, which the kernel uses: it is numerically kinder.
    needs_activation: str | None = None
    # For squared errors dL/do = gradient_scale(units, batch) · (o - y).
    gradient_scale: Callable[[int, int], float] | None = None

    def value(self, o: np.ndarray, y: np.ndarray) -> float:
        """Mean loss over the columns."""
        return float(np.mean(self.per_sample(o, y)))


LOSSES: dict[str, Loss] = {
    loss.name: loss
    for loss in (
        Loss("mse", _mse, _mse_gradient, "mean over output units of (o - y)²",
             gradient_scale=lambda units, batch: 2.0 / (units * batch)),
        Loss("half_se", _half_se, _half_se_gradient, "½ Σ (o - y)², TensorFlow Playground's loss",
             gradient_scale=lambda units, batch: 1.0 / batch),
        Loss("bce", _bce, _bce_gradient, "binary cross-entropy -(y log o + (1 - y) log(1 - o)); one sigmoid output",
             needs_activation="sigmoid"),
        Loss("cce", _cce, _cce_gradient, "categorical cross-entropy -Σ y log o; softmax output",
             needs_activation="softmax"),
    )
}


def get_loss(name: str) -> Loss:
    try:
        return LOSSES[str(name).lower()]
    except KeyError:
        raise InputError(f"unknown loss {name!r}; expected one of {', '.join(LOSSES)}") from None


def check_output(loss: Loss, activation: str, units: int) -> str | None:
    """Why this output layer cannot go with this loss, or None if it can."""
    if loss.needs_activation and activation != loss.needs_activation:
        return f"loss {loss.name!r} needs a {loss.needs_activation} output layer, not {activation}"
    if loss.name == "bce" and units != 1:
        return f"loss 'bce' needs exactly one output unit, not {units}"
    if activation == "softmax" and units < 2:
        return "a softmax output needs at least two units (one per class)"
    return None


def is_fused(loss: Loss, activation: str) -> bool:
    """True when dL/dz = (o - y)/batch for this pair (cross-entropy on its own activation)."""
    return loss.needs_activation == activation
