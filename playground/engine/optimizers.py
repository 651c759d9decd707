"""Optimizers and learning-rate schedules, on the flat parameter vector.

Each optimizer updates ``params`` in place from ``grad`` (which it may use as
scratch) with a few whole-vector calls, whatever the network's depth.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.engine.errors import InputError

OPTIMIZERS = ("sgd", "momentum", "adam")
SCHEDULES = ("constant", "step", "exponential")


class SGD:
    name = "sgd"

    def __init__(self, size: int):
        pass

    def step(self, params: np.ndarray, grad: np.ndarray, lr: float) -> None:
        np.multiply(grad, lr, out=grad)
        np.subtract(params, grad, out=params)

    def state(self) -> dict:
        return {}

    def load_state(self, state: dict) -> None:
        pass


class Momentum(SGD):
    """Heavy ball: v ← βv + g, w ← w − ηv."""
    name = "momentum"

    def __init__(self, size: int, beta: float = 0.9):
        self.beta = beta
        self.velocity = np.zeros(size)

    def step(self, params, grad, lr):
        np.multiply(self.velocity, self.beta, out=self.velocity)
        np.add(self.velocity, grad, out=self.velocity)
        np.multiply(self.velocity, lr, out=grad)
        np.subtract(params, grad, out=params)

    def state(self):
        return {"velocity": self.velocity.tolist()}

    def load_state(self, state):
        self.velocity[...] = state["velocity"]


class Adam(SGD):
    """Adam (Kingma & Ba) with the usual bias correction folded into the step size."""
    name = "adam"

    def __init__(self, size: int, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8):
        self.beta1, self.beta2, self.eps = beta1, beta2, eps
        self.m, self.v, self.t = np.zeros(size), np.zeros(size), 0
        self._tmp = np.zeros(size)

    def step(self, params, grad, lr):
        self.t += 1
        b1, b2, tmp = self.beta1, self.beta2, self._tmp
        np.multiply(self.m, b1, out=self.m)
        np.multiply(grad, 1.0 - b1, out=tmp)
        np.add(self.m, tmp, out=self.m)
        np.multiply(grad, grad, out=tmp)
        np.multiply(tmp, 1.0 - b2, out=tmp)
        np.multiply(self.v, b2, out=self.v)
        np.add(self.v, tmp, out=self.v)
        step = lr * np.sqrt(1.0 - b2 ** self.t) / (1.0 - b1 ** self.t)
        np.sqrt(self.v, out=tmp)
        np.add(tmp, self.eps, out=tmp)
        np.divide(self.m, tmp, out=tmp)
        np.multiply(tmp, step, out=tmp)
        np.subtract(params, tmp, out=params)

    def state(self):
        return {"m": self.m.tolist(), "v": self.v.tolist(), "t": self.t}

    def load_state(self, state):
        self.m[...], self.v[...], self.t = state["m"], state["v"], int(state["t"])


def make_optimizer(name: str, size: int) -> SGD:
    classes = {"sgd": SGD, "momentum": Momentum, "adam": Adam}
    try:
        return classes[str(name).lower()](size)
    except KeyError:
        raise InputError(f"unknown optimizer {name!r}; expected one of {', '.join(OPTIMIZERS)}") from None


@dataclass(frozen=True)
class Schedule:
    """Learning rate by epoch: constant; 'step': × factor every ``every`` epochs;
    'exponential': × factor each epoch."""
    kind: str = "constant"
    factor: float = 0.5
    every: int = 100

    def __post_init__(self):
        if self.kind not in SCHEDULES:
            raise InputError(f"schedule: unknown {self.kind!r}; expected one of {', '.join(SCHEDULES)}")
        if not 0 < self.factor <= 1:
            raise InputError(f"schedule factor: expected a number in (0, 1], got {self.factor}")
        if self.every < 1:
            raise InputError(f"schedule every: expected a whole number of epochs ≥ 1, got {self.every}")

    def rate(self, base: float, epoch: int) -> float:
        if self.kind == "step":
            return base * self.factor ** (epoch // self.every)
        if self.kind == "exponential":
            return base * self.factor ** epoch
        return base
