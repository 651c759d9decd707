"""Fast forward and backward passes: fixed lists of NumPy calls on reused buffers.

With TensorFlow Playground's small networks a mini-batch is a few dozen tiny
array operations, so the cost is NumPy's per-call overhead, not arithmetic. So
each pass here is built once, as a list of ops (a NumPy call, its arguments and
the lecture's equation it computes) on buffers allocated up front, and then run
as often as needed:

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

``compile_ops`` turns an op list into Python source, one line per op with its
equation as a comment, registered in ``linecache`` under a name such as
``<kernel 2-4-2-1 batch 10>``: ``inspect.getsource`` shows it, a traceback from
inside shows the line, and ``describe`` lists the ops. Equations use the
lecture's notation: layers numbered from 1, a0 the input, zl = Wl·a(l-1) + bl.

The reference path, ``Network.loss_and_gradient``, computes the same numbers
plainly in float64; the tests hold the two together.
"""

from __future__ import annotations

import itertools
import linecache
import weakref
from collections.abc import Callable, Mapping
from typing import NamedTuple

import numpy as np

from playground.engine.activations import Activation, softmax_backprop
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


class Argument:
    """Stands in an op list for a value passed at run time."""

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


INDICES = Argument("indices")


class Op(NamedTuple):
    """One NumPy call of a pass: ``fn(*args)``, and the equation it computes."""
    fn: Callable
    args: tuple
    label: str = ""

    def __repr__(self) -> str:
        call = f"{_function_name(self.fn)}({', '.join(_describe_value(v) for v in self.args)})"
        return f"{call}  # {self.label}" if self.label else call


def _function_name(fn: Callable) -> str:
    return getattr(fn, "__name__", type(fn).__name__).lstrip("_")


def _describe_value(value) -> str:
    if isinstance(value, np.ndarray):
        return f"<{'×'.join(map(str, value.shape)) or 'scalar'} {value.dtype}>"
    return repr(value)


def run(ops: list[Op]) -> None:
    """Make the calls of an op list once, uncompiled (for one-off use)."""
    for op in ops:
        op.fn(*op.args)


_LITERALS = (bool, int, float, str, type(None))
_serial = itertools.count(1)


def compile_ops(ops: list[Op], arguments: tuple[Argument, ...] = (), title: str = "ops",
                names: Mapping[str, object] | None = None) -> Callable:
    """One Python function that makes the calls of ``ops`` in order.

    Straight-line calls on local names (keyword defaults) cost about 60 ns less
    each than looping over the list, which is a tenth of a small network's
    training step. ``names`` gives readable names to buffers (name -> array);
    the others are called v<op>_<argument>. The source is registered in linecache
    as ``<title>`` while the function lives.
    """
    by_id = {id(value): name for name, value in (names or {}).items()}
    env: dict[str, object] = {}
    lines = []
    for i, op in enumerate(ops):
        call = [_bind(env, by_id, op.fn, _function_name(op.fn))]
        for j, value in enumerate(op.args):
            if isinstance(value, Argument):
                call.append(value.name)
            elif type(value) in _LITERALS:
                call.append(repr(value))
            else:
                call.append(_bind(env, by_id, value, f"v{i}_{j}"))
        line = f"    {call[0]}({', '.join(call[1:])})"
        lines.append(f"{line}  # {op.label}" if op.label else line)
    signature = ", ".join([a.name for a in arguments] + ["*"] + [f"{k}={k}" for k in env])
    source = f"def run({signature}):\n" + ("\n".join(lines) or "    pass") + "\n"
    filename = _unique_filename(title)
    scope: dict = {}
    exec(compile(source, filename, "exec"), dict(env), scope)  # noqa: S102 - the source is generated right here
    fn = scope["run"]
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    weakref.finalize(fn, linecache.cache.pop, filename, None)
    fn.op_lines = tuple(line.strip() for line in lines)
    return fn


def _bind(env: dict, by_id: dict, value, name: str) -> str:
    """The local name under which the compiled function sees ``value``."""
    name = by_id.get(id(value), name)
    for candidate in itertools.chain([name], (f"{name}_{k}" for k in itertools.count(2))):
        if env.get(candidate, value) is value:
            env[candidate] = value
            return candidate
    raise AssertionError("unreachable")


def _unique_filename(title: str) -> str:
    filename = f"<{title}>"
    if filename in linecache.cache:  # another live pass of the same shape
        filename = f"<{title} #{next(_serial)}>"
    return filename


def describe(compiled: Callable) -> str:
    """A compiled pass's ops as text, one line per op: the call and its equation."""
    return "\n".join(compiled.op_lines)


def shape_name(network: Network) -> str:
    return "-".join(map(str, network.sizes))


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

    def names(self) -> dict[str, np.ndarray]:
        names = {f"a{l}": a for l, a in enumerate(self.a)}
        names.update({f"a{l}_1": aug for l, aug in enumerate(self.aug)})  # [al; 1]
        return names


def _weights(network: Network, dtype) -> tuple[list[np.ndarray], list[Op]]:
    """Per-layer [W | b] in ``dtype``, and the op that refreshes them from the network."""
    if dtype == np.float64:
        return network.Wb, []
    flat = np.empty(network.params.size, dtype=dtype)
    return network.layer_views(flat), [Op(_copyto, (flat, network.params), "W, b ← the network's weights, as float32")]


def _weight_names(Wb: list[np.ndarray]) -> dict[str, np.ndarray]:
    return {f"Wb{l + 1}": w for l, w in enumerate(Wb)}  # [Wl | bl]


def forward_ops(network: Network, stack: LayerStack, Wb: list[np.ndarray]) -> list[Op]:
    ops = []
    for layer, act in enumerate(network.activations, start=1):
        z = stack.a[layer]
        ops.append(Op(_dot, (Wb[layer - 1], stack.aug[layer - 1], z), f"z{layer} = W{layer}·a{layer - 1} + b{layer}"))
        if act.name != "linear":
            ops.append(Op(act.forward, (z, z), f"a{layer} = {act.name}(z{layer})"))
    return ops


class ForwardPass:
    """The network on a fixed set of inputs (features × samples), such as all data
    points or a grid; ``run()`` refreshes the outputs and every layer's activations."""

    def __init__(self, network: Network, X: np.ndarray):
        dtype = compute_dtype(X.shape[1])
        self.stack = LayerStack(network.sizes, X.shape[1], dtype)
        self.stack.a[0][...] = X
        Wb, refresh = _weights(network, dtype)
        self.ops = refresh + forward_ops(network, self.stack, Wb)
        self.run_ops = compile_ops(self.ops, (), f"forward {shape_name(network)} columns {X.shape[1]}",
                                   {**self.stack.names(), **_weight_names(Wb), "params": network.params})

    def run(self) -> np.ndarray:
        self.run_ops()
        return self.stack.a[-1]

    def describe(self) -> str:
        return describe(self.run_ops)

    @property
    def layers(self) -> list[np.ndarray]:
        """Activations per layer, the inputs first; overwritten by the next run()."""
        return self.stack.a


class TrainingKernel:
    """The mean-loss gradient of a batch of one fixed size, written into ``grad``.

    X and Y are the whole training set as columns (features × n, outputs × n);
    ``run(indices)`` gathers the batch from them and computes its gradient. The
    indices are not checked here (``take`` clips them, for speed): the trainer
    checks them where they come in.
    """

    def __init__(self, network: Network, batch_size: int, X: np.ndarray, Y: np.ndarray, grad: np.ndarray):
        self.network, self.batch_size = network, int(batch_size)
        self.dtype = dtype = compute_dtype(self.batch_size)
        self.stack = LayerStack(network.sizes, self.batch_size, dtype, extra=network.sizes[-1])
        self._deriv = np.empty_like(self.stack.buffer)  # f'(z) of every layer, rows as in the stack
        Wb, refresh = _weights(network, dtype)
        grad_buffer = grad if dtype == np.float64 else np.empty(grad.size, dtype=dtype)
        grads = network.layer_views(grad_buffer)
        self.names = {**self.stack.names(), **_weight_names(Wb), "params": network.params, "grad": grad,
                      "y": self.stack.top, **{f"dWb{l + 1}": g for l, g in enumerate(grads)}}
        self.ops = (refresh + self._gather_ops(X, Y) + forward_ops(network, self.stack, Wb)
                    + self._derivative_ops() + self._output_ops() + self._backward_ops(Wb, grads))
        if grad_buffer is not grad:
            self.names["grad32"] = grad_buffer
            self.ops.append(Op(_copyto, (grad, grad_buffer), "gradient ← dW, db (float32 into float64)"))
        self.title = f"kernel {shape_name(network)} batch {self.batch_size}"
        self.run = compile_ops(self.ops, (INDICES,), self.title, self.names)
        self.run.__doc__ = "run(indices): the mean-loss gradient of these training samples, into grad."

    def _rows(self, name: str, array: np.ndarray, first: int, last: int) -> np.ndarray:
        """The rows of layers first..last of ``array`` (laid out as the stack), one
        view object per name so that the compiled source can call it by its name."""
        if name not in self.names:
            self.names[name] = array[self.stack.rows(first, last)]
        return self.names[name]

    def describe(self) -> str:
        """The ops of ``run``, one line per op with its equation."""
        return describe(self.run)

    def _gather_ops(self, X: np.ndarray, Y: np.ndarray) -> list[Op]:
        """Targets, inputs and ones of the batch's samples, into the stack's top rows."""
        source = np.vstack([Y, X, np.ones((1, X.shape[1]))]).astype(self.dtype)  # rows as in the stack
        gathered = self.stack.buffer[:self.stack.offsets[1]]
        self.names.update({"samples": source, "batch": gathered})
        if self.batch_size == X.shape[1]:
            # Full batch: the gradient is a sum over all samples, so their order
            # does not matter and the batch never needs gathering again.
            gathered[...] = source
            return []
        # mode="clip" lets take write straight into the buffer ("raise" buffers it)
        return [Op(source.take, (INDICES, 1, gathered, "clip"), "y, a0 ← the training samples [indices]")]

    def _derivative_ops(self) -> list[Op]:
        """f'(z) of the hidden layers (and of the output, when its loss leaves it to
        us), from their outputs: one call per run of layers of equal activation."""
        network, ops = self.network, []
        acts, L = network.activations, network.depth
        last = L if self._output_elementwise() else L - 1
        first = 1
        while first <= last:
            act, end = acts[first - 1], first
            while end < last and acts[end].name == act.name:
                end += 1
            if act.name != "linear":
                span = f"{first}_to_{end}" if end > first else f"{first}"
                args = (self._rows(f"layers{span}", self.stack.buffer, first, end),
                        self._rows(f"fprime{span}", self._deriv, first, end))
                ops.append(Op(act.derivative, args, _derivative_label(act, first, end)))
            first = end + 1
        return ops

    def _output_elementwise(self) -> bool:
        """Whether the kernel multiplies dL/da of the output by an elementwise f'(z)."""
        network = self.network
        fused = is_fused(network.loss, network.activations[-1].name)
        return not fused and network.activations[-1].derivative is not None

    def _output_ops(self) -> list[Op]:
        """dL/dz of the output layer, into ``self._dz``."""
        network, L, B = self.network, self.network.depth, self.batch_size
        out, targets, out_act = self.stack.a[L], self.stack.top, network.activations[-1]
        self._dz = dz = self.names[f"dz{L}"] = np.empty((network.sizes[-1], B), dtype=self.dtype)
        if is_fused(network.loss, out_act.name):
            scale = self.names["inv_batch"] = self.dtype(1.0 / B)
            pair = f"{network.loss.name} on {out_act.name}"
            return [Op(np.subtract, (out, targets, dz), f"dz{L} ← a{L} − y"),
                    Op(np.multiply, (dz, scale, dz), f"dL/dz{L} = (a{L} − y)/B  ({pair})")]
        scale = self.names["loss_scale"] = self.dtype(network.loss.gradient_scale(network.sizes[-1], B))
        da = f"dL/da{L}" if out_act.name != "linear" else f"dL/dz{L} = dL/da{L}"
        ops = [Op(np.subtract, (out, targets, dz), f"dz{L} ← a{L} − y"),
               Op(np.multiply, (dz, scale, dz), f"{da} = c·(a{L} − y)  ({network.loss.name}, c = {scale:.6g})")]
        if not self._output_elementwise():  # softmax under a squared error: its full Jacobian
            ops.append(Op(softmax_backprop, (out, dz, dz), f"dL/dz{L} = a{L} ⊙ (dL/da{L} − Σ a{L} ⊙ dL/da{L})"))
        elif out_act.name != "linear":
            fprime = self._rows(f"fprime{L}", self._deriv, L, L)
            ops.append(Op(np.multiply, (dz, fprime, dz), f"dL/dz{L} = dL/da{L} ⊙ f'(z{L})"))
        return ops

    def _backward_ops(self, Wb: list[np.ndarray], grads: list[np.ndarray]) -> list[Op]:
        """From the output down: dW|db = dz·[a; 1]ᵀ, then the dz of the layer below."""
        network, B, ops, dz = self.network, self.batch_size, [], self._dz
        for layer in range(network.depth, 0, -1):
            aug_T = self.names[f"a{layer - 1}_1T"] = self.stack.aug[layer - 1].T
            ops.append(Op(_dot, (dz, aug_T, grads[layer - 1]),
                          f"dW{layer}, db{layer} = dL/dz{layer}·[a{layer - 1}; 1]ᵀ"))
            if layer == 1:
                break
            below = layer - 1
            grad_a = np.empty((network.sizes[below] + 1, B), dtype=self.dtype)  # last row (bias's) unused
            W_T = self.names[f"Wb{layer}T"] = Wb[layer - 1].T
            self.names[f"da{below}_1"], da = grad_a, grad_a[:-1]
            ops.append(Op(_dot, (W_T, dz, grad_a), f"dL/da{below} = W{layer}ᵀ·dL/dz{layer}"))
            if network.activations[below - 1].name == "linear":
                dz = self.names[f"dz{below}"] = da  # f'(z) = 1
                continue
            self.names[f"da{below}"] = da
            dz = self.names[f"dz{below}"] = np.empty((network.sizes[below], B), dtype=self.dtype)
            ops.append(Op(np.multiply, (da, self._rows(f"fprime{below}", self._deriv, below, below), dz),
                          f"dL/dz{below} = dL/da{below} ⊙ f'(z{below})"))
        return ops


def _derivative_label(act: Activation, first: int, end: int) -> str:
    formula = act.derivative_text.format(a=f"a{first}" if first == end else "al")
    if first == end:
        return f"f'(z{first}) = {formula}  ({act.name})"
    return f"f'(zl) = {formula}  ({act.name}, l = {first}..{end})"
