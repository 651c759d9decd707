"""What a drag in the network editor will do, shown while it happens.

A neuron (or the '⊕ neuron' chip, or a layer's '+') dragged leaves the network
as it is, links included; a translucent ghost follows the pointer, a marker
shows where it lands (the layer that gets a neuron, the gap that gets a layer,
or the neuron that goes), and a line of text says what releasing does. The
drop itself asks ``drop_target`` too, so what is shown is what happens."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsSimpleTextItem

from playground.ui.network_items import NODE

ADD, REMOVE = QColor(40, 110, 200), QColor(200, 50, 50)


@dataclass
class DropTarget:
    action: str                 # "add_neuron", "add_layer", "remove_neuron", "stay" or "nothing"
    index: int | None = None    # the hidden layer, or the new layer's position
    rect: QRectF | None = None  # where the marker goes
    text: str = ""


def drop_target(editor, pos: QPointF, neuron=None) -> DropTarget:
    """What releasing at ``pos`` does: for the chip (``neuron`` None), add a neuron to
    the layer under it or a layer in the gap; for a hidden neuron, remove it when
    outside the network, else nothing (it stays where it is)."""
    sizes, grid = editor.snapshot.network.sizes, editor.grid
    hidden = grid.hidden_column_at(pos.x(), len(sizes) - 2)
    if neuron is not None:
        out = (not grid.network_rect(sizes, len(editor.inputs)).contains(pos)
               or (hidden is None and abs(pos.x() - grid.x(neuron.layer) - NODE / 2) > grid.column * 0.6))
        if out:
            return DropTarget("remove_neuron", neuron.layer - 1, editor.neuron_rect(neuron.layer, neuron.unit),
                              f"release to remove this neuron from layer {neuron.layer}")
        return DropTarget("stay", text="drag out of the network to remove it")
    if hidden is not None:
        return DropTarget("add_neuron", hidden, editor.layer_rect(hidden + 1).adjusted(-6, -6, 6, 6 + grid.row),
                          f"release to add a neuron to layer {hidden + 1}")
    position = grid.layer_slot_at(pos.x(), sizes)
    if position is None:
        return DropTarget("nothing", text="drop on a layer, or between two layers")
    x = (grid.x(position) + NODE + grid.x(position + 1)) / 2
    top, rows = grid.y(0), max(sizes[1:])
    return DropTarget("add_layer", position, QRectF(x - 2, top - 6, 4, rows * grid.row + 6),
                      "release to add a hidden layer here")


class DragFeedback:
    """The ghost, the marker and the words; made again after each rebuild of the scene."""

    def __init__(self, scene):
        self.ghost = QGraphicsRectItem(0, 0, NODE, NODE)
        self.ghost.setBrush(QBrush(QColor(120, 120, 120, 70)))
        self.ghost.setPen(QPen(QColor(90, 90, 90), 1.5, Qt.PenStyle.DashLine))
        self.marker = QGraphicsRectItem()
        self.backing = QGraphicsRectItem()  # the words stay readable over links
        self.backing.setBrush(QBrush(QColor(255, 255, 255, 225)))
        self.backing.setPen(QPen(Qt.PenStyle.NoPen))
        self.words = QGraphicsSimpleTextItem()
        for z, item in enumerate((self.marker, self.ghost, self.backing, self.words)):
            item.setZValue(20 + z)
            item.setVisible(False)
            item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            scene.addItem(item)

    def show(self, pos: QPointF, target: DropTarget) -> None:
        self.ghost.setPos(pos - QPointF(NODE / 2, NODE / 2))
        self.ghost.setVisible(True)
        color = REMOVE if target.action == "remove_neuron" else ADD
        self.marker.setVisible(target.rect is not None)
        if target.rect is not None:
            self.marker.setRect(target.rect)
            self.marker.setPen(QPen(color, 2))
            fill = QColor(color)
            fill.setAlpha(40)
            self.marker.setBrush(QBrush(fill))
        self.words.setText(target.text)
        self.words.setBrush(color if target.action in ("add_neuron", "add_layer", "remove_neuron")
                            else QColor(90, 90, 90))
        self.words.setPos(pos + QPointF(NODE / 2 + 6, -8))
        self.words.setVisible(bool(target.text))
        self.backing.setRect(self.words.sceneBoundingRect().adjusted(-3, -1, 3, 1))
        self.backing.setVisible(bool(target.text))

    def hide(self) -> None:
        for item in (self.marker, self.ghost, self.backing, self.words):
            item.setVisible(False)

    @property
    def shown(self) -> bool:
        return self.ghost.isVisible()
