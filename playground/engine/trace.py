"""One sample through the network, every number kept: the lecture's backprop table.

For each layer: z = W·a + b, a = f(z), the gradient dz (∂L/∂z, or ∂o/∂z with
``wrt="output"``), dW = dz·aᵀ of the layer before, db = dz, and with a learning
rate η the SGD update W − η·dW, b − η·db. Computed plainly in float64 from the
same activation and loss definitions the trainer uses.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.engine.errors import InputError
from playground.engine.losses import is_fused
from playground.engine.network import Network


@dataclass(frozen=True)
class LayerTrace:
    activation: str
    W: np.ndarray
    b: np.ndarray
    z: np.ndarray
    a: np.ndarray
    dz: np.ndarray
    dW: np.ndarray
    db: np.ndarray
    W_new: np.ndarray | None = None
    b_new: np.ndarray | None = None


@dataclass(frozen=True)
class Trace:
    input: np.ndarray
    target: np.ndarray | None
    wrt: str                    # "loss" or "output"
    loss: float | None          # None without a target
    output: np.ndarray
    layers: list[LayerTrace]
    lr: float | None = None

    def to_dict(self) -> dict:
        """The `playground backprop --json` object (README, "The command line")."""
        layers = []
        for t in self.layers:
            d = {"activation": t.activation, "z": t.z.tolist(), "a": t.a.tolist(), "dz": t.dz.tolist(),
                 "dW": t.dW.tolist(), "db": t.db.tolist()}
            if t.W_new is not None:
                d["W_new"], d["b_new"] = t.W_new.tolist(), t.b_new.tolist()
            layers.append(d)
        return {"wrt": self.wrt, "input": self.input.tolist(),
                "target": None if self.target is None else self.target.tolist(),
                "lr": self.lr, "loss": self.loss, "output": self.output.tolist(), "layers": layers}


def trace(network: Network, x, target=None, lr: float | None = None, wrt: str = "loss") -> Trace:
    x = np.asarray(x, dtype=float).reshape(-1)
    if x.size != network.sizes[0]:
        raise InputError(f"input: expected {network.sizes[0]} numbers ({', '.join(network.inputs)}), got {x.size}")
    if not np.all(np.isfinite(x)):
        raise InputError("input: expected finite numbers")
    y = None
    if target is not None:
        y = np.asarray(target, dtype=float).reshape(-1)
        if y.size != network.sizes[-1]:
            raise InputError(f"target: expected {network.sizes[-1]} numbers (one per output unit), got {y.size}")
        if not np.all(np.isfinite(y)):
            raise InputError("target: expected finite numbers")
    if wrt not in ("loss", "output"):
        raise InputError(f"wrt: expected 'loss' or 'output', got {wrt!r}")
    if wrt == "loss" and y is None:
        raise InputError("target: needed for the gradient of the loss (or ask for the gradient of the output)")
    if wrt == "output" and network.sizes[-1] != 1:
        raise InputError(f"wrt output: needs a single output unit, the network has {network.sizes[-1]}")
    if lr is not None and not (np.isfinite(lr) and lr > 0):
        raise InputError(f"lr: expected a number > 0, got {lr}")

    zs, acts = network.trace(x[:, None])
    out, out_act = acts[-1], network.activations[-1]
    loss = network.loss.value(out, y[:, None]) if y is not None else None
    if wrt == "output":
        dz = out_act.backprop(out, np.ones_like(out))
    elif is_fused(network.loss, out_act.name):
        dz = out - y[:, None]
    else:
        dz = out_act.backprop(out, network.loss.gradient(out, y[:, None]))
    dzs = network.backward(acts, dz, fused_dz=True)

    layers = []
    for i, (z, a, dz, a_prev) in enumerate(zip(zs, acts[1:], dzs, acts[:-1])):
        W, b = network.W(i).copy(), network.b(i).copy()
        dW, db = dz @ a_prev.T, dz[:, 0]
        new = (W - lr * dW, b - lr * db) if lr is not None else (None, None)
        layers.append(LayerTrace(network.activations[i].name, W, b, z[:, 0], a[:, 0], dz[:, 0], dW, db, *new))
    return Trace(x, y, wrt, loss, out[:, 0], layers, lr)
