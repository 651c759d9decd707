"""The network and its edits: neurons, layers, weights, biases, activations, inputs."""

from __future__ import annotations

import numpy as np

from playground.engine.errors import InputError
from playground.engine.network import Network
from playground.scenario import settings_for_network
from playground.settings import check_hidden_layer_count, check_neuron_count


def check_finite(value, what: str) -> float:
    """A typed number the session can use; text, NaN and inf are refused by name."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise InputError(f"{what}: expected a number, got {value!r}")
    value = float(value)
    if not np.isfinite(value):
        raise InputError(f"{what}: expected a finite number, got {value}")
    return value


def check_index(value, size: int, what: str) -> int:
    """A position (layer, neuron, input) that exists: 0 to size - 1."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 0 <= value < size:
        raise InputError(f"{what}: expected a whole number from 0 to {size - 1}, got {value!r}")
    return int(value)


class NetworkEdits:
    def __init__(self, session):
        self.session = session
        self.count = 0  # edits since the run started: seeds the new weights they draw

    def start(self) -> None:
        self.count = 0

    @property
    def network(self) -> Network:
        return self.session.trainer.network

    def _rng(self) -> np.random.Generator:
        # Edits draw from a generator seeded by the seed and the edit count, so a
        # replayed sequence of edits gives the same weights.
        self.count += 1
        return np.random.default_rng([self.session.settings.seed, 4, self.count])

    def set_network(self, network: Network) -> None:
        """Train this network from now on; the settings take its shape. The settings
        check comes first: it refuses what the problem cannot take (plane features
        on a 1-D problem) before the trainer has swapped anything in."""
        settings = settings_for_network(self.session.settings, network)
        self.session.trainer.set_network(network)
        self.session.settings = settings

    def add_neuron(self, layer: int) -> None:
        check_neuron_count(self.network.sizes[layer + 1] + 1)
        self.set_network(self.network.with_neuron_added(layer, self._rng()))

    def remove_neuron(self, layer: int, index: int) -> None:
        if self.network.sizes[layer + 1] == 1:
            self.remove_layer(layer)
        else:
            self.set_network(self.network.with_neuron_removed(layer, index))

    def add_layer(self, position: int | None = None, width: int = 2) -> None:
        hidden = self.network.hidden
        check_hidden_layer_count(len(hidden) + 1)
        position = len(hidden) if position is None else position
        self.set_network(self.network.with_layer_added(position, width, self.session.settings.activation,
                                                       self._rng()))

    def remove_layer(self, position: int) -> None:
        self.set_network(self.network.with_layer_removed(position, self._rng()))

    def _position(self, layer, row, column=None) -> tuple:
        """(layer, row[, column]) of a weight or bias that exists, else a refusal."""
        net = self.network
        layer = check_index(layer, net.depth, "layer")
        position = (layer, check_index(row, net.sizes[layer + 1], "neuron"))
        if column is None:
            return position
        return (*position, check_index(column, net.sizes[layer], "input"))

    def set_weight(self, layer: int, row: int, column: int, value: float) -> None:
        layer, row, column = self._position(layer, row, column)
        self.network.W(layer)[row, column] = check_finite(value, "weight")
        self.session.trainer.set_network(self.network)

    def set_bias(self, layer: int, row: int, value: float) -> None:
        layer, row = self._position(layer, row)
        self.network.b(layer)[row] = check_finite(value, "bias")
        self.session.trainer.set_network(self.network)

    def set_activation(self, layer: int, activation: str) -> None:
        if layer >= len(self.network.hidden):
            raise InputError("the output layer's activation goes with the loss; change the problem or the loss")
        self.set_network(self.network.with_activation(layer, activation))

    def set_inputs(self, inputs: list[str]) -> None:
        if not inputs:
            raise InputError("the network needs at least one input feature")
        self.set_network(self.network.with_inputs(inputs, self._rng()))
        self.session.run.restart()  # another task: a new run, so one curve never mixes two
