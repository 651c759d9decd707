"""Time travel: the trainer's state at spaced epochs, within a memory budget.

A checkpoint holds everything that continuing from that epoch needs: the
weights (with the network's layout), the optimizer's memory, where the shuffle
stands. Checkpoints start one per epoch; when the budget is full the spacing
doubles and every other one is dropped, so however long training runs they stay
within the budget, spaced at most twice as widely as it needs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.engine.network import Network

DEFAULT_BUDGET = 16 * 1024 * 1024  # bytes for all checkpoints together
OVERHEAD = 1500  # bytes per checkpoint beyond its arrays: tracemalloc measures about 900 (objects, dicts)


@dataclass(frozen=True)
class Checkpoint:
    epoch: int
    updates: int
    layout: Network          # the network's shape; shared by checkpoints of one shape, its weights unused
    params: np.ndarray
    optimizer_name: str
    optimizer: dict
    shuffle: dict
    order: np.ndarray
    cursor: int

    def network(self) -> Network:
        layout = self.layout
        return Network(layout.inputs, layout.sizes, layout.activation_names, layout.loss.name, self.params.copy())

    @property
    def nbytes(self) -> int:
        arrays = [self.params, self.order] + [v for v in self.optimizer.values() if isinstance(v, np.ndarray)]
        return sum(a.nbytes for a in arrays) + OVERHEAD


class Checkpoints:
    def __init__(self, budget: int = DEFAULT_BUDGET):
        self.budget = budget
        self.spacing = 1
        self.items: list[Checkpoint] = []
        self.nbytes = 0  # kept up to date: summing at every epoch would cost O(checkpoints)
        self._source = self._layout = None  # the network the layout was made for, and the layout

    def offer(self, trainer, force: bool = False) -> None:
        """Called when an epoch ends (or, ``force``, after an edit): keep the state
        if the epoch is on the spacing; a later state of the same epoch replaces it."""
        if trainer.epoch % self.spacing and not force:
            return
        network = trainer.network
        if network is not self._source:  # edits that change the shape make a new Network
            same = self.items and self.items[-1].layout.same_shape(network)
            self._layout, self._source = (self.items[-1].layout if same else network.copy()), network
        checkpoint = trainer.checkpoint(self._layout)
        self.truncate(checkpoint.epoch - 1)
        self.items.append(checkpoint)
        self.nbytes += checkpoint.nbytes
        while self.nbytes > self.budget and len(self.items) > 2:
            self.spacing *= 2
            self._keep([c for c in self.items if c.epoch % self.spacing == 0 or c is self.items[-1]])

    def at(self, epoch: int) -> Checkpoint | None:
        """The latest checkpoint at or before ``epoch``."""
        found = None
        for checkpoint in self.items:
            if checkpoint.epoch > epoch:
                break
            found = checkpoint
        return found

    def truncate(self, epoch: int) -> None:
        """Forget the checkpoints after ``epoch`` (training went another way)."""
        if self.items and self.items[-1].epoch > epoch:
            self._keep([c for c in self.items if c.epoch <= epoch])

    def _keep(self, items: list[Checkpoint]) -> None:
        self.items = items
        self.nbytes = sum(c.nbytes for c in items)

    def state(self) -> tuple:
        """What undo keeps to bring this timeline back (the checkpoints are shared, not copied)."""
        return self.spacing, tuple(self.items)

    def load_state(self, state: tuple) -> None:
        self.spacing, items = state
        self._keep(list(items))

    def params_path(self, like: Network) -> tuple[np.ndarray, np.ndarray]:
        """(epochs, weights) of the checkpoints with ``like``'s shape: the path training took."""
        kept = [c for c in self.items if c.layout.same_shape(like)]
        if not kept:
            return np.zeros(0, dtype=int), np.zeros((0, like.params.size))
        return np.array([c.epoch for c in kept]), np.array([c.params for c in kept])
