"""Optimizers and learning-rate schedules, on the flat parameter vector.

Each optimizer is a short list of whole-vector NumPy calls (``ops``), so the
trainer can compile it together with the gradient kernel into one function per
batch size (see kernel.compile_ops). The learning rate arrives in a 0-d array
that the trainer refreshes each epoch. ``grad`` may be used as scratch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.engine.errors import InputError
from playground.engine.kernel import Op, run

OPTIMIZERS = ("sgd", "momentum", "adam")
SCHEDULES = ("constant", "step", "exponential")


class SGD:
    """w ← w − η·g"""
    name = "sgd"

    def __init__(self, size: int):
        self.size = size

    def ops(self, params: np.ndarray, grad: np.ndarray, lr: np.ndarray) -> list[Op]:
        return [Op(np.multiply, (grad, lr, grad), "dW ← η·dW  (every layer's W and b at once)"),
                Op(np.subtract, (params, grad, params), "W ← W − η·dW, b ← b − η·db  (SGD)")]

    def buffers(self) -> dict[str, np.ndarray]:
        """The optimizer's arrays by name, for the compiled step's source."""
        return {}

    def step(self, params: np.ndarray, grad: np.ndarray, lr: float) -> None:
        """One update outside a compiled step (tests, one-off use)."""
        run(self.ops(params, grad, np.array(float(lr))))

    def state(self) -> dict:
        return {}

    def copy_state(self) -> dict:
        """The optimizer's memory as array copies (for checkpoints; load_state takes them)."""
        return {key: np.array(value) if isinstance(value, list) else value for key, value in self.state().items()}

    def load_state(self, state: dict) -> None:
        pass


class Momentum(SGD):
    """Heavy ball: v ← βv + g, w ← w − η·v."""
    name = "momentum"

    def __init__(self, size: int, beta: float = 0.9):
        super().__init__(size)
        self.beta = beta
        self.velocity = np.zeros(size)

    def ops(self, params, grad, lr):
        v = self.velocity
        return [Op(np.multiply, (v, self.beta, v), "v ← β·v"), Op(np.add, (v, grad, v), "v ← β·v + dW"),
                Op(np.multiply, (v, lr, grad), "dW ← η·v"), Op(np.subtract, (params, grad, params), "W ← W − η·v")]

    def buffers(self):
        return {"velocity": self.velocity}

    def state(self):
        return {"velocity": self.velocity.tolist()}

    def copy_state(self):
        return {"velocity": self.velocity.copy()}

    def load_state(self, state):
        self.velocity[...] = state["velocity"]


class Adam(SGD):
    """Adam (Kingma & Ba): m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
    w ← w − η·√(1−β₂ᵗ)/(1−β₁ᵗ) · m/(√v + ε): the bias correction folded into the step."""
    name = "adam"

    def __init__(self, size: int, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8):
        super().__init__(size)
        self.beta1, self.beta2, self.eps = beta1, beta2, eps
        self.m, self.v, self.t = np.zeros(size), np.zeros(size), 0
        self._tmp = np.zeros(size)
        self._step_size = np.array(0.0)

    def _advance(self, lr: np.ndarray) -> None:
        self.t += 1
        self._step_size[...] = lr * np.sqrt(1.0 - self.beta2 ** self.t) / (1.0 - self.beta1 ** self.t)

    def ops(self, params, grad, lr):
        b1, b2, m, v, tmp = self.beta1, self.beta2, self.m, self.v, self._tmp
        return [Op(self._advance, (lr,), "t ← t + 1, step ← η·√(1−β₂ᵗ)/(1−β₁ᵗ)"),
                Op(np.multiply, (m, b1, m), "m ← β₁·m"), Op(np.multiply, (grad, 1.0 - b1, tmp), "r ← (1−β₁)·dW"),
                Op(np.add, (m, tmp, m), "m ← β₁·m + (1−β₁)·dW"),
                Op(np.multiply, (grad, grad, tmp), "r ← dW²"), Op(np.multiply, (tmp, 1.0 - b2, tmp), "r ← (1−β₂)·dW²"),
                Op(np.multiply, (v, b2, v), "v ← β₂·v"), Op(np.add, (v, tmp, v), "v ← β₂·v + (1−β₂)·dW²"),
                Op(np.sqrt, (v, tmp), "r ← √v"), Op(np.add, (tmp, self.eps, tmp), "r ← √v + ε"),
                Op(np.divide, (m, tmp, tmp), "r ← m/(√v + ε)"),
                Op(np.multiply, (tmp, self._step_size, tmp), "r ← step·m/(√v + ε)"),
                Op(np.subtract, (params, tmp, params), "W ← W − step·m/(√v + ε)  (Adam)")]

    def buffers(self):
        return {"m": self.m, "v": self.v, "r": self._tmp, "step": self._step_size}

    def state(self):
        return {"m": self.m.tolist(), "v": self.v.tolist(), "t": self.t}

    def copy_state(self):
        return {"m": self.m.copy(), "v": self.v.copy(), "t": self.t}

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
