"""L1 and L2 weight penalties (never on biases), as TensorFlow Playground defines them.

The objective is data loss + rate · R(w) with R = Σ|w| (L1) or ½ Σ w² (L2).
"""

from __future__ import annotations

import numpy as np

from playground.engine.errors import InputError
from playground.engine.kernel import Op, run

REGULARIZATIONS = ("none", "L1", "L2")


def canonical(kind: str) -> str:
    for name in REGULARIZATIONS:
        if str(kind).lower() == name.lower():
            return name
    raise InputError(f"unknown regularization {kind!r}; expected one of {', '.join(REGULARIZATIONS)}")


class Regularizer:
    """Adds rate · dR/dw to a flat gradient; ``weight_mask`` is 1 on weights, 0 on biases."""

    def __init__(self, kind: str, rate: float, weight_mask: np.ndarray):
        self.kind = canonical(kind)
        self.rate = float(rate)
        if not np.isfinite(self.rate) or self.rate < 0:
            raise InputError(f"regularization rate: expected a number ≥ 0, got {rate}")
        self.active = self.kind != "none" and self.rate > 0
        self._scaled_mask = weight_mask * self.rate
        self._tmp = np.empty_like(weight_mask)

    def penalty(self, params: np.ndarray) -> float:
        if not self.active:
            return 0.0
        if self.kind == "L1":
            return float(np.sum(np.abs(params) * self._scaled_mask))
        return float(0.5 * np.sum(params * params * self._scaled_mask))

    def ops(self, params: np.ndarray, grad: np.ndarray) -> list[Op]:
        """The NumPy calls that add rate · dR/dw to grad (none when inactive)."""
        if not self.active:
            return []
        tmp, mask = self._tmp, self._scaled_mask
        if self.kind == "L1":
            ops = [Op(np.sign, (params, tmp), "r ← sign(W)"),
                   Op(np.multiply, (tmp, mask, tmp), "r ← λ·sign(W)  (weights only: 0 on biases)")]
        else:
            ops = [Op(np.multiply, (params, mask, tmp), "r ← λ·W  (weights only: 0 on biases)")]
        return ops + [Op(np.add, (grad, tmp, grad), f"dW ← dW + r  ({self.kind} penalty)")]

    def buffers(self) -> dict[str, np.ndarray]:
        """The regularizer's arrays by name, for the compiled step's source."""
        return {"penalty": self._tmp, "rate_mask": self._scaled_mask}

    def add_gradient(self, params: np.ndarray, grad: np.ndarray) -> None:
        run(self.ops(params, grad))
