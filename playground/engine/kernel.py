"""Fast forward and backward passes: fixed lists of NumPy calls on reused buffers.

With TensorFlow Playground's small networks a mini-batch is a few dozen tiny
array operations, so the cost is NumPy's per-call overhead, not arithmetic. So
each pass here is built once, as a list of (function, arguments) on buffers
allocated up front, and then run as often as needed:

- every layer's activations sit in one stacked buffer with a row of ones after
  them, so ``[W | b] · [a; 1]`` is one ``np.dot`` that includes the bias, and
  ``dz · [a; 1]ᵀ`` yields dW and db together; the batch's targets sit above the
  inputs, so a single ``np.take`` gathers a whole batch;
- activations are computed in place over z, and derivatives are taken from the
  outputs, for all consecutive layers of the same activation in one call;
- gradients land in one flat vector laid out like ``Network.params``, so an
  optimizer updates every layer with a few whole-vector calls;
- wide passes (many samples: full batches, evaluation, grids) are compute-bound
  rather than call-bound, and compute in float32, whose vectorised tanh and
  exp are about four times faster; weights stay float64 and are copied in.

The reference path, ``Network.loss_and_gradient``, computes the same numbers
plainly in float64; the tests hold the two together.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from playground.engine.losses import is_fused
from playground.engine.network import Network

# Passes over at least this many samples compute in float32 (see above).
FLOAT32_FROM_COLUMNS = 64

# np.dot and np.copyto go through NumPy's __array_function__ dispatcher, which costs
# ~170 ns a call, a sixth of a small network's step; the kernel's arguments are
# always plain ndarrays, so it calls the C implementations directly (NEP 18).
_dot = getattr(np.dot, "_implementation", np.dot)
_copyto = getattr(np.copyto, "_implementation", np.copyto)


def compute_dtype(columns: int) -> type:
    return np.float32 if columns >= FLOAT32_FROM_COLUMNS else np.float64


def run(ops: list[tuple[Callable, tuple]]) -> None:
    """Make the calls of an op list once, uncompiled (for one-off use)."""
    for f, args in ops:
        f(*args)


class _Argument:
    """Stands in an op list for a value passed at run time."""

    def __init__(self, name: str):
        self.name = name


INDICES = _Argument("indices")


def compile_ops(ops: list[tuple[Callable, tuple]], arguments: tuple[_Argument, ...] = ()) -> Callable:
    """One Python function that makes the calls of ``ops`` in order.

    Straight-line calls on local names cost about 60 ns less each than looping
    over the list, which is a tenth of a small network's training step.
    """
    env, lines = {}, []
    for i, (f, args) in enumerate(ops):
        names = []
        for j, value in enumerate(args):
            if isinstance(value, _Argument):
                names.append(value.name)
            else:
                env[f"v{i}_{j}"] = value
                names.append(f"v{i}_{j}")
        env[f"f{i}"] = f
        lines.append(f"    f{i}({', '.join(names)})")
    signature = ", ".join([a.name for a in arguments] + ["*"] + [f"{k}={k}" for k in env])
    source = f"def run({signature}):\n" + ("\n".join(lines) or "    pass") + "\n"
    scope: dict = {}
    exec(source, dict(env), scope)  # noqa: S102 - the source is generated right here
    return scope["run"]


class LayerStack:
    """Per sample (column): ``extra`` rows on top (the targets), then every layer's
    activations, each followed by a row of ones."""

    def __init__(self, sizes: tuple[int, ...], columns: int, dtype=np.float64, extra: int = 0):
        self.offsets = np.cumsum([extra] + [n + 1 for n in sizes])
        self.buffer = np.ones((self.offsets[-1], columns), dtype=dtype)
        self.top = self.buffer[:extra]
        self.aug = [self.buffer[o:o + n + 1] for o, n in zip(self.offsets, sizes)]  # [a; 1]
        self.a = [rows[:-1] for rows in self.aug]

    def rows(self, first: int, last: int) -> slice:
        """The buffer rows of layers first..last (ones rows between them included)."""
        return slice(self.offsets[first], self.offsets[last + 1] - 1)


def _weights(network: Network, dtype) -> tuple[list[np.ndarray], list[tuple]]:
    """Per-layer [W | b] in ``dtype``, and the op that refreshes them from the network."""
    if dtype == np.float64:
        return network.Wb, []
    flat = np.empty(network.params.size, dtype=dtype)
    return network._views(flat), [(_copyto, (flat, network.params))]


def forward_ops(network: Network, stack: LayerStack, Wb: list[np.ndarray]) -> list[tuple]:
    ops = []
    for layer, act in enumerate(network.activations):
        z = stack.a[layer + 1]
        ops.append((_dot, (Wb[layer], stack.aug[layer], z)))
        if act.name != "linear":
            ops.append((act.forward, (z, z)))
    return ops


class ForwardPass:
    """The network on a fixed set of inputs (features × samples), such as all data
    points or a grid; ``run()`` refreshes the outputs and every layer's activations."""

    def __init__(self, network: Network, X: np.ndarray):
        dtype = compute_dtype(X.shape[1])
        self.stack = LayerStack(network.sizes, X.shape[1], dtype)
        self.stack.a[0][...] = X
        Wb, refresh = _weights(network, dtype)
        self.run_ops = compile_ops(refresh + forward_ops(network, self.stack, Wb))

    def run(self) -> np.ndarray:
        self.run_ops()
        return self.stack.a[-1]

    @property
    def layers(self) -> list[np.ndarray]:
        """Activations per layer, the inputs first; overwritten by the next run()."""
        return self.stack.a


class TrainingKernel:
    """The mean-loss gradient of a batch of one fixed size, written into ``grad``.

    X and Y are the whole training set as columns (features × n, outputs × n);
    ``run(indices)`` gathers the batch from them and computes its gradient.
    """

    def __init__(self, network: Network, batch_size: int, X: np.ndarray, Y: np.ndarray, grad: np.ndarray):
        B, sizes, L = int(batch_size), network.sizes, network.depth
        dtype = compute_dtype(B)
        k = sizes[-1]
        stack = LayerStack(sizes, B, dtype, extra=k)
        # rows as in the stack's top: targets, inputs, ones
        self._source = np.vstack([Y, X, np.ones((1, X.shape[1]))]).astype(dtype)
        gathered = stack.buffer[:stack.offsets[1]]
        targets = stack.top
        deriv = np.empty_like(stack.buffer)
        Wb, ops = _weights(network, dtype)
        grad_buffer = grad if dtype == np.float64 else np.empty(grad.size, dtype=dtype)
        grads = network._views(grad_buffer)
        if B == X.shape[1]:
            # Full batch: the gradient is a sum over all samples, so their order
            # does not matter and the batch never needs gathering again.
            gathered[...] = self._source
        else:
            ops = [(self._source.take, (INDICES, 1, gathered, "clip"))] + ops
        ops += forward_ops(network, stack, Wb)

        # f'(z) of the hidden layers (and of the output, when its loss leaves it
        # to us), one call per run of equal activations.
        fused = is_fused(network.loss, network.activations[-1].name)
        elementwise = network.activations[-1].derivative is not None
        last = L if (not fused and elementwise) else L - 1
        first = 1
        while first <= last:
            act, end = network.activations[first - 1], first
            while end < last and network.activations[end].name == act.name:
                end += 1
            if act.name != "linear":
                rows = stack.rows(first, end)
                ops.append((act.derivative, (stack.buffer[rows], deriv[rows])))
            first = end + 1

        # dL/dz at the output
        out, dz = stack.a[L], np.empty((k, B), dtype=dtype)
        out_act = network.activations[-1]
        ops.append((np.subtract, (out, targets, dz)))
        scale = 1.0 / B if fused else network.loss.gradient_scale(k, B)
        ops.append((np.multiply, (dz, dtype(scale), dz)))
        if not fused:
            if not elementwise:  # softmax under a squared error: its full Jacobian
                ops.append((_softmax_backprop, (out, dz)))
            elif out_act.name != "linear":
                ops.append((np.multiply, (dz, deriv[stack.rows(L, L)], dz)))

        # backward: dW|db = dz·[a; 1]ᵀ, then the dz of the layer below
        for layer in range(L, 0, -1):
            ops.append((_dot, (dz, stack.aug[layer - 1].T, grads[layer - 1])))
            if layer > 1:
                grad_a = np.empty((sizes[layer - 1] + 1, B), dtype=dtype)  # last row (bias's) unused
                ops.append((_dot, (Wb[layer - 1].T, dz, grad_a)))
                if network.activations[layer - 2].name == "linear":
                    dz = grad_a[:-1]
                else:
                    below = np.empty((sizes[layer - 1], B), dtype=dtype)
                    ops.append((np.multiply, (grad_a[:-1], deriv[stack.rows(layer - 1, layer - 1)], below)))
                    dz = below
        if grad_buffer is not grad:
            ops.append((_copyto, (grad, grad_buffer)))
        self.ops = ops  # kept for inspection; run() is the compiled form
        self.run = compile_ops(ops, (INDICES,))
        self.run.__doc__ = "run(indices): the mean-loss gradient of these training samples, into grad."


def _softmax_backprop(a: np.ndarray, grad_a: np.ndarray) -> None:
    grad_a[...] = a * (grad_a - np.sum(a * grad_a, axis=0, keepdims=True))
