"""Network: fully connected layers z = W·a + b, an activation per layer, a loss.

All weights and biases live in one flat vector ``params``; each layer's
``Wb = [W | b]`` is a view into it (b is the last column). Optimizers then update
every layer with a handful of whole-vector NumPy calls, and the training kernel
(kernel.py) can fold the bias into its matrix product with a row of ones.

Samples are columns: X has shape (inputs, samples). Networks never change shape
in place; the editing methods return a new Network and keep every weight that
still has a place.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from playground.engine.activations import Activation, get_activation
from playground.engine.errors import InputError
from playground.engine.features import check_inputs
from playground.engine.losses import Loss, check_output, get_loss

INITIALIZERS = ("xavier", "tfp", "zeros")


def glorot_uniform(rng: np.random.Generator, fan_out: int, fan_in: int) -> np.ndarray:
    """Xavier/Glorot uniform weights (fan_out × fan_in): U(-l, l), l = √(6 / (fan_in + fan_out))."""
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=(fan_out, fan_in))


class Network:
    def __init__(self, inputs: Sequence[str], sizes: Sequence[int], activations: Sequence[str],
                 loss: str, params: np.ndarray | None = None):
        self.inputs = check_inputs(inputs)
        self.sizes = tuple(int(n) for n in sizes)  # [inputs, hidden..., outputs]
        self.activations: tuple[Activation, ...] = tuple(get_activation(a) for a in activations)
        self.loss: Loss = get_loss(loss)
        self._validate()
        shapes = [(n_out, n_in + 1) for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:])]
        total = sum(r * c for r, c in shapes)
        if params is None:
            self.params = np.zeros(total)
        else:
            self.params = np.array(params, dtype=float).reshape(total)
        self.Wb: list[np.ndarray] = []
        start = 0
        for rows, cols in shapes:
            self.Wb.append(self.params[start:start + rows * cols].reshape(rows, cols))
            start += rows * cols
        # 1 where params holds a weight, 0 where it holds a bias: regularization
        # applies to weights only.
        self.weight_mask = np.ones(total)
        for Wb in self.layer_views(self.weight_mask):
            Wb[:, -1] = 0.0

    def _validate(self):
        if len(self.sizes) < 2:
            raise InputError("layers: expected at least one layer")
        if len(self.inputs) != self.sizes[0]:
            raise InputError(f"inputs: {len(self.inputs)} names for {self.sizes[0]} input units")
        if len(self.activations) != len(self.sizes) - 1:
            raise InputError("layers: expected one activation per layer")
        for i, n in enumerate(self.sizes):
            if n < 1:
                where = f"layers[{i - 1}]" if i else "inputs"
                raise InputError(f"{where}: expected at least one unit")
        for i, act in enumerate(self.activations[:-1]):
            if act.output_only:
                raise InputError(f"layers[{i}].activation: {act.name} is allowed on the output layer only")
        problem = check_output(self.loss, self.activations[-1].name, self.sizes[-1])
        if problem:
            raise InputError(f"loss: {problem}")

    def layer_views(self, flat: np.ndarray) -> list[np.ndarray]:
        """Per-layer [W | b] views into any vector laid out like params."""
        out, start = [], 0
        for Wb in self.Wb:
            out.append(flat[start:start + Wb.size].reshape(Wb.shape))
            start += Wb.size
        return out

    # --- construction -----------------------------------------------------------

    @classmethod
    def from_layers(cls, inputs: Sequence[str], loss: str,
                    layers: Sequence[tuple[str, np.ndarray, np.ndarray]]) -> Network:
        """Build from (activation, W, b) per layer, W[i][j] from unit j into neuron i."""
        sizes = [len(inputs)] + [np.shape(W)[0] for _, W, _ in layers]
        net = cls(inputs, sizes, [a for a, _, _ in layers], loss)
        for i, (_, W, b) in enumerate(layers):
            net.W(i)[...] = W
            net.b(i)[...] = b
        return net

    @classmethod
    def create(cls, inputs: Sequence[str], hidden: Sequence[int], activation: str, outputs: int,
               output_activation: str, loss: str, init: str = "xavier",
               rng: np.random.Generator | None = None) -> Network:
        sizes = [len(inputs), *hidden, outputs]
        acts = [activation] * len(hidden) + [output_activation]
        net = cls(inputs, sizes, acts, loss)
        net.initialize(init, rng if rng is not None else np.random.default_rng(0))
        return net

    def initialize(self, method: str, rng: np.random.Generator) -> None:
        """Draw fresh weights in place: 'xavier' (Glorot uniform, biases 0),
        'tfp' (TensorFlow Playground: U(-0.5, 0.5), biases 0.1) or 'zeros'."""
        if method not in INITIALIZERS:
            raise InputError(f"init: unknown {method!r}; expected one of {', '.join(INITIALIZERS)}")
        for Wb in self.Wb:
            fan_out, fan_in = Wb.shape[0], Wb.shape[1] - 1
            if method == "xavier":
                Wb[:, :-1] = glorot_uniform(rng, fan_out, fan_in)
                Wb[:, -1] = 0.0
            elif method == "tfp":
                Wb[:, :-1] = rng.uniform(-0.5, 0.5, size=(fan_out, fan_in))
                Wb[:, -1] = 0.1
            else:
                Wb[...] = 0.0

    def copy(self) -> Network:
        return Network(self.inputs, self.sizes, self.activation_names, self.loss.name, self.params.copy())

    def __reduce__(self):
        # Pickle the flat parameters once; the per-layer views are rebuilt on load.
        return Network, (self.inputs, self.sizes, self.activation_names, self.loss.name, self.params)

    # --- reading ----------------------------------------------------------------

    @property
    def depth(self) -> int:
        """Number of layers with weights (hidden layers + output)."""
        return len(self.Wb)

    @property
    def hidden(self) -> list[int]:
        return list(self.sizes[1:-1])

    @property
    def activation_names(self) -> list[str]:
        return [a.name for a in self.activations]

    def W(self, layer: int) -> np.ndarray:
        return self.Wb[layer][:, :-1]

    def b(self, layer: int) -> np.ndarray:
        return self.Wb[layer][:, -1]

    def same_shape(self, other: Network) -> bool:
        return (self.sizes == other.sizes and self.inputs == other.inputs
                and self.activation_names == other.activation_names and self.loss.name == other.loss.name)

    def __eq__(self, other) -> bool:
        return isinstance(other, Network) and self.same_shape(other) and np.array_equal(self.params, other.params)

    def __repr__(self) -> str:
        return (f"Network(inputs={list(self.inputs)}, sizes={list(self.sizes)}, "
                f"activations={self.activation_names}, loss={self.loss.name!r})")

    # --- computing --------------------------------------------------------------

    def forward_all(self, X: np.ndarray) -> list[np.ndarray]:
        """Activations of every layer for columns X, the input first."""
        out = [np.asarray(X, dtype=float)]
        for Wb, act in zip(self.Wb, self.activations):
            z = Wb[:, :-1] @ out[-1]
            z += Wb[:, -1:]
            out.append(act.forward(z, z))
        return out

    def forward(self, X: np.ndarray) -> np.ndarray:
        return self.forward_all(X)[-1]

    def predict(self, rows: np.ndarray) -> np.ndarray:
        """Outputs for samples given as rows (n, inputs); returns (n, outputs)."""
        return self.forward(np.asarray(rows, dtype=float).T).T

    def trace(self, X: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Pre-activations z and activations a per layer (a[0] is the input)."""
        zs, acts = [], [np.asarray(X, dtype=float)]
        for Wb, act in zip(self.Wb, self.activations):
            z = Wb[:, :-1] @ acts[-1] + Wb[:, -1:]
            zs.append(z)
            acts.append(act.forward(z))
        return zs, acts

    def backward(self, acts: list[np.ndarray], grad_out: np.ndarray, fused_dz: bool = False) -> list[np.ndarray]:
        """dz per layer, given dL/d(output) — or dL/dz of the output when fused_dz."""
        dz = grad_out if fused_dz else self.activations[-1].backprop(acts[-1], grad_out)
        dzs = [dz]
        for layer in range(self.depth - 1, 0, -1):
            grad_a = self.W(layer).T @ dzs[0]
            dzs.insert(0, self.activations[layer - 1].backprop(acts[layer], grad_a))
        return dzs

    def loss_and_gradient(self, X: np.ndarray, Y: np.ndarray) -> tuple[float, np.ndarray]:
        """Mean data loss over the columns of X and its gradient laid out like params.

        The plain reference path: the kernel must agree with it, and it with finite
        differences.
        """
        acts = self.forward_all(X)
        out = acts[-1]
        if self.loss.needs_activation == self.activations[-1].name:
            dzs = self.backward(acts, (out - Y) / out.shape[1], fused_dz=True)
        else:
            dzs = self.backward(acts, self.loss.gradient(out, Y))
        grad = np.empty_like(self.params)
        for gWb, dz, a_prev in zip(self.layer_views(grad), dzs, acts[:-1]):
            gWb[:, :-1] = dz @ a_prev.T
            gWb[:, -1] = dz.sum(axis=1)
        return self.loss.value(out, Y), grad

    # --- editing (each returns a new network) ----------------------------------

    def _rebuilt(self, inputs, sizes, activations, keep) -> Network:
        """A network of the new shape; keep(layer) -> (old layer or None, row map, col map)."""
        net = Network(inputs, sizes, activations, self.loss.name)
        for i, Wb in enumerate(net.Wb):
            old, rows, cols = keep(i)
            if old is None or not rows:
                continue
            # -1 is the bias column, carried along with its row
            new_r, old_r = zip(*rows)
            new_c, old_c = zip(*cols) if cols else ((), ())
            Wb[np.ix_(new_r, new_c + (-1,))] = self.Wb[old][np.ix_(old_r, old_c + (-1,))]
        return net

    def with_neuron_added(self, layer: int, rng: np.random.Generator, scale: float = 0.1) -> Network:
        """Hidden layer ``layer`` (0-based) gains a neuron with small random weights."""
        self._check_hidden(layer)
        sizes = list(self.sizes)
        sizes[layer + 1] += 1
        net = self._rebuilt(self.inputs, sizes, self.activation_names, lambda i: (
            i, _same(self.Wb[i].shape[0]), _same(self.Wb[i].shape[1] - 1)))
        new = sizes[layer + 1] - 1
        net.W(layer)[new, :] = rng.uniform(-scale, scale, size=net.W(layer).shape[1])
        net.W(layer + 1)[:, new] = rng.uniform(-scale, scale, size=net.W(layer + 1).shape[0])
        return net

    def with_neuron_removed(self, layer: int, index: int) -> Network:
        self._check_hidden(layer)
        n = self.sizes[layer + 1]
        if not 0 <= index < n:
            raise InputError(f"layer {layer} has no neuron {index}")
        if n == 1:
            raise InputError("a hidden layer needs at least one neuron; remove the layer instead")
        sizes = list(self.sizes)
        sizes[layer + 1] -= 1
        kept = [(new, old) for new, old in enumerate(i for i in range(n) if i != index)]

        def keep(i):
            rows = kept if i == layer else _same(self.Wb[i].shape[0])
            cols = kept if i == layer + 1 else _same(self.Wb[i].shape[1] - 1)
            return i, rows, cols
        return self._rebuilt(self.inputs, sizes, self.activation_names, keep)

    def with_layer_added(self, position: int, width: int, activation: str,
                         rng: np.random.Generator) -> Network:
        """Insert a hidden layer before layer ``position`` (0 = first hidden layer).

        Only the two weight matrices touching the new layer are drawn afresh
        (Xavier); every other layer keeps its weights.
        """
        if not 0 <= position <= len(self.hidden):
            raise InputError(f"cannot insert a hidden layer at position {position}")
        sizes = list(self.sizes)
        sizes.insert(position + 1, int(width))
        acts = self.activation_names
        acts.insert(position, activation)

        def keep(i):
            if i in (position, position + 1):
                return None, [], []
            old = i if i < position else i - 1
            return old, _same(self.Wb[old].shape[0]), _same(self.Wb[old].shape[1] - 1)
        net = self._rebuilt(self.inputs, sizes, acts, keep)
        for i in (position, position + 1):
            net.W(i)[...] = glorot_uniform(rng, *net.W(i).shape)
            net.b(i)[...] = 0.0 if i == position else self.b(position)
        return net

    def with_layer_removed(self, position: int, rng: np.random.Generator) -> Network:
        """Remove hidden layer ``position``; the layer after it is re-drawn to fit."""
        self._check_hidden(position)
        sizes = list(self.sizes)
        del sizes[position + 1]
        acts = self.activation_names
        del acts[position]

        def keep(i):
            if i == position:
                return None, [], []
            old = i if i < position else i + 1
            return old, _same(self.Wb[old].shape[0]), _same(self.Wb[old].shape[1] - 1)
        net = self._rebuilt(self.inputs, sizes, acts, keep)
        net.W(position)[...] = glorot_uniform(rng, *net.W(position).shape)
        net.b(position)[...] = self.b(position + 1)
        return net

    def with_inputs(self, inputs: Sequence[str], rng: np.random.Generator, scale: float = 0.1) -> Network:
        """Switch input features; weights of kept features stay, new ones start small."""
        inputs = check_inputs(inputs)
        sizes = [len(inputs), *self.sizes[1:]]
        cols = [(new, self.inputs.index(name)) for new, name in enumerate(inputs) if name in self.inputs]

        def keep(i):
            return i, _same(self.Wb[i].shape[0]), (cols if i == 0 else _same(self.Wb[i].shape[1] - 1))
        net = self._rebuilt(inputs, sizes, self.activation_names, keep)
        for new, name in enumerate(inputs):
            if name not in self.inputs:
                net.W(0)[:, new] = rng.uniform(-scale, scale, size=net.W(0).shape[0])
        return net

    def with_activation(self, layer: int, activation: str, loss: str | None = None) -> Network:
        """Same weights, another activation on ``layer`` (and optionally another loss)."""
        acts = self.activation_names
        acts[layer] = get_activation(activation).name
        return Network(self.inputs, self.sizes, acts, loss or self.loss.name, self.params.copy())

    def _check_hidden(self, layer: int) -> None:
        if not 0 <= layer < len(self.hidden):
            raise InputError(f"there is no hidden layer {layer}")


def _same(n: int) -> list[tuple[int, int]]:
    return [(i, i) for i in range(n)]
