"""Where the network editor puts things, in scene units: a column per layer (the
inputs are layer 0), a row per neuron. The editor draws with this layout and reads
gestures back through it; the trace overlay places its labels by it (through the
editor's ``neuron_rect`` and ``layer_rect``)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF

from playground.ui.network_items import NODE

TOP = 96                           # y of the first neuron
LEFT = 90                          # x of the input column (labels to its left)
COLUMN, ROW = 125, 50              # the usual spacing
WIDE_COLUMN, WIDE_ROW = 250, 100   # room for the trace's numbers on a small network
DROP_REACH = 22                    # how far beside a column a drop still lands on it


@dataclass
class NetworkLayout:
    column: float = COLUMN
    row: float = ROW

    def x(self, layer: int) -> float:
        return LEFT + layer * self.column

    def y(self, unit: int) -> float:
        return TOP + unit * self.row

    @staticmethod
    def input_y(index: int) -> float:
        """Inputs keep the usual spacing in the wide layout too."""
        return TOP + index * ROW

    def neuron_rect(self, layer: int, unit: int) -> QRectF:
        return QRectF(self.x(layer), self.input_y(unit) if layer == 0 else self.y(unit), NODE, NODE)

    def hidden_column_at(self, x: float, hidden_layers: int) -> int | None:
        """The hidden layer (from 0) whose column is at ``x``, if any."""
        for hidden in range(hidden_layers):
            if abs(x - (self.x(hidden + 1) + NODE / 2)) <= NODE / 2 + DROP_REACH:
                return hidden
        return None

    def layer_slot_at(self, x: float, sizes) -> int | None:
        """Where a new hidden layer dropped at ``x`` goes (0: first), or None if ``x``
        is not between the inputs and the output."""
        first, output = self.x(1) - self.column + NODE, self.x(len(sizes) - 1)
        if not first <= x <= output:
            return None
        return sum(1 for h in range(len(sizes) - 2) if self.x(h + 1) + NODE / 2 < x)

    def network_rect(self, sizes, inputs: int) -> QRectF:
        """The network's area, headers included: a neuron dragged out of it is removed."""
        return QRectF(self.x(0) - 20, TOP - 100, self.x(len(sizes) - 1) + NODE + 40,
                      max(inputs, max(sizes[1:])) * self.row + 120)
