"""The graphics items of the network editor: neurons, links, biases, handles.

Items only report gestures to the editor (their ``editor`` attribute); the
editor turns them into commands for the training process.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainterPath, QPainterPathStroker, QPen, QPixmap
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
)

from playground.colors import BLUE, DIVERGING_LUT, ORANGE
from playground.ui.value_scrub import SCRUB_TIP, ScrubbedValue

NODE = 36           # neuron size in scene units
BORDER = QColor(90, 90, 90)
SELECTED = QColor(30, 30, 30)
DISABLED = QColor(200, 200, 200)
_PEN_LEVELS = 24    # link widths are quantised so pens can be cached and reused


def qcolor(rgb, alpha: int = 255) -> QColor:
    return QColor(int(rgb[0]), int(rgb[1]), int(rgb[2]), alpha)


_COLOR_TABLE = [int(0xFF000000 | (r << 16) | (g << 8) | b) for r, g, b, _ in DIVERGING_LUT.tolist()]


class LevelsImage:
    """An indexed image with the diverging colour table, refilled with new levels
    each frame: setting a colour table costs more than the pixels do."""

    def __init__(self):
        self.image: QImage | None = None

    def pixmap(self, levels: np.ndarray) -> QPixmap:
        """Row 0 of ``levels`` is the bottom of the plane: flipped here, so heatmaps are
        the right way up."""
        rows, columns = levels.shape
        if self.image is None or (self.image.height(), self.image.width()) != (rows, columns):
            self.image = QImage(columns, rows, QImage.Format.Format_Indexed8)
            self.image.setColorTable(_COLOR_TABLE)
            self._pixels = np.frombuffer(self.image.bits(), np.uint8).reshape(rows, -1)[:, :columns]
        self._pixels[...] = levels[::-1]
        return QPixmap.fromImage(self.image)


class NeuronItem(QGraphicsRectItem):
    """A neuron (or an input feature when layer == 0) with its heatmap inside."""

    def __init__(self, editor, layer: int, unit: int, label: str, enabled: bool = True):
        super().__init__(0, 0, NODE, NODE)
        self.editor, self.layer, self.unit, self.label, self.enabled = editor, layer, unit, label, enabled
        self.setPen(QPen(BORDER if enabled else DISABLED, 1))
        self.setBrush(QBrush(QColor(255, 255, 255)))
        self.setAcceptHoverEvents(True)
        self.setZValue(2)
        self.image = QGraphicsPixmapItem(self)
        self.image.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.image.setPos(1, 1)
        self.image.setOpacity(1.0 if enabled else 0.25)
        self._levels = LevelsImage()
        self.curve = QGraphicsPathItem(self)  # 1-D problems: the neuron's function
        self.curve.setPen(QPen(QColor(60, 60, 60), 1.2))
        # a hidden neuron can be dragged out to remove it: it stays in place, links and all,
        # while a ghost follows the pointer (drag_feedback.py)
        self.draggable = editor is not None and layer > 0 and not editor.is_output(layer)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, layer > 0)
        self._press_pos: QPointF | None = None

    def set_levels(self, levels: np.ndarray) -> None:
        """Show a heatmap of colour levels (see colors.diverging_levels)."""
        pixmap = self._levels.pixmap(levels)
        self.image.setPixmap(pixmap)
        self.image.setScale((NODE - 2) / max(1, pixmap.width()))

    def set_curve(self, values: np.ndarray) -> None:
        """Draws values in [-1, 1] (clipped) across the node."""
        v = np.clip(values, -1.0, 1.0)
        xs = np.linspace(2, NODE - 2, len(v))
        ys = NODE / 2 - v * (NODE / 2 - 3)
        path = QPainterPath(QPointF(xs[0], ys[0]))
        for x, y in zip(xs[1:], ys[1:]):
            path.lineTo(x, y)
        self.curve.setPath(path)

    def itemChange(self, change, value):
        if change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            self.setPen(QPen(SELECTED, 2.5) if value else QPen(BORDER if self.enabled else DISABLED, 1))
        return super().itemChange(change, value)

    def hoverEnterEvent(self, event):
        self.editor.neuron_hovered(self)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event):
        self.editor.neuron_hovered(None)
        super().hoverLeaveEvent(event)

    def mousePressEvent(self, event):
        self._press_pos = event.scenePos()
        if event.button() == Qt.MouseButton.LeftButton and self.layer == 0:
            event.accept()
            return
        super().mousePressEvent(event)
        event.accept()  # the moves and the release come here (a drag out removes the neuron)

    def mouseMoveEvent(self, event):
        if self.draggable and self._press_pos is not None and self._moved(event):
            self.editor.dragging(event.scenePos(), self)

    def _moved(self, event) -> bool:
        return (event.scenePos() - self._press_pos).manhattanLength() > 6

    def mouseReleaseEvent(self, event):
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self._press_pos is None:
            return
        moved = self._moved(event)
        if self.layer == 0 and not moved:
            self.editor.input_clicked(self)
        elif moved and self.draggable:
            self.editor.neuron_dropped(self, event.scenePos())
        self._press_pos = None

    def contextMenuEvent(self, event):
        self.editor.show_layer_menu(self.layer, self.unit, event.screenPos())


class BiasItem(ScrubbedValue, QGraphicsRectItem):
    """The neuron's bias: a small square at its lower left, coloured by sign; drag
    sideways or turn the wheel to scrub it, click to type it (value_scrub.py)."""

    SIZE = 9
    symbol = "b"

    def __init__(self, editor, layer: int, unit: int, name: str):
        super().__init__(-self.SIZE / 2, -self.SIZE / 2, self.SIZE, self.SIZE)
        self.editor, self.layer, self.unit, self.name = editor, layer, unit, name
        self.value, self._level = 0.0, None
        self.setPen(QPen(BORDER, 0.8))
        self.setAcceptHoverEvents(True)
        self.setZValue(3)
        self.setCursor(Qt.CursorShape.SizeHorCursor)

    def set_value(self, value: float) -> None:
        self.value = value
        level = (clipped_level(value, 8, 8), value >= 0)
        if level != self._level:
            self._level = level
            self.setBrush(QBrush(qcolor(BLUE if level[1] else ORANGE, 80 + 175 * level[0] // 8)))

    def hoverEnterEvent(self, event):
        self.setToolTip(f"bias of {self.name}: b = {self.value:.4g}\n{SCRUB_TIP}\n"
                        "It shifts the neuron's input: z = W·a + b.")
        super().hoverEnterEvent(event)


class LinkItem(ScrubbedValue, QGraphicsPathItem):
    """A weight: a curve from a unit to the next layer's neuron; colour shows the
    sign, width the magnitude. Drag sideways or turn the wheel to scrub it, click
    to type it (value_scrub.py)."""

    _pens: dict = {}
    width_scale = 1.0  # the presentation look draws thicker links

    def __init__(self, editor, layer: int, row: int, column: int, start: QPointF, end: QPointF, name: str):
        super().__init__()
        self.editor, self.layer, self.row, self.column, self.name = editor, layer, row, column, name
        dx = (end.x() - start.x()) / 2
        path = QPainterPath(start)
        path.cubicTo(start + QPointF(dx, 0), end - QPointF(dx, 0), end)
        self.setPath(path)
        stroker = QPainterPathStroker()
        stroker.setWidth(8)
        self._shape = stroker.createStroke(path)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.SizeHorCursor)
        self.setZValue(1)
        self._level = None
        self.value = 0.0

    def shape(self):
        return self._shape  # a wide band: thin links are still easy to hover and click

    def set_value(self, value: float) -> None:
        self.value = value
        level = (clipped_level(value, _PEN_LEVELS - 1, 6), value >= 0)
        if level != self._level:
            self._level = level
            self.setPen(self._pen(*level))

    @classmethod
    def _pen(cls, width_level: int, positive: bool) -> QPen:
        key = (width_level, positive, cls.width_scale)
        if key not in cls._pens:
            alpha = int(90 + 165 * width_level / (_PEN_LEVELS - 1))
            pen = QPen(qcolor(BLUE if positive else ORANGE, alpha), (0.6 + width_level * 0.25) * cls.width_scale)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            cls._pens[key] = pen
        return cls._pens[key]

    def hoverEnterEvent(self, event):
        self.setToolTip(f"weight {self.name}: w = {self.value:.4g}{self.editor.traced_gradient(self)}\n"
                        f"{SCRUB_TIP}\nBlue is positive, orange negative; the thicker, the larger.")
        self.setZValue(4)
        pen = QPen(self.pen())
        pen.setWidthF(pen.widthF() + 2)
        self.setPen(pen)

    def restyle(self) -> None:
        """Choose the pen anew (the look changed, or the hover's wider pen ends)."""
        self._level = None
        self.set_value(self.value)

    def hoverLeaveEvent(self, event):
        self.setZValue(1)
        self.restyle()


class Handle(QGraphicsRectItem):
    """A small text button in the scene: '+', '−' or the neuron palette chip.

    A click calls ``on_click``; a drag (press, move, release elsewhere) calls
    ``on_drag(scene_pos)`` as it moves and ``on_drop(scene_pos)`` at the end, when
    given, so '+' handles can be dragged onto a layer."""

    def __init__(self, text: str, tooltip: str, on_click=None, on_drop=None, width: float = 20, on_drag=None):
        super().__init__(0, 0, width, 20)
        self.on_click, self.on_drop, self.on_drag = on_click, on_drop, on_drag
        self.setBrush(QBrush(QColor(245, 245, 245)))
        self.setPen(QPen(QColor(170, 170, 170), 1))
        self.setToolTip(tooltip)
        self.setCursor(Qt.CursorShape.OpenHandCursor if on_drop else Qt.CursorShape.PointingHandCursor)
        self.setZValue(5)
        self.text = QGraphicsSimpleTextItem(text, self)
        font = QFont()
        font.setPointSizeF(11 if len(text) == 1 else 10)
        font.setBold(len(text) == 1)
        self.text.setFont(font)
        r = self.text.boundingRect()
        self.text.setPos((width - r.width()) / 2, (20 - r.height()) / 2)
        self._press: QPointF | None = None
        self.enabled = True

    def set_enabled(self, enabled: bool, why: str = "") -> None:
        self.enabled = enabled
        self.setOpacity(1.0 if enabled else 0.35)
        self.why = why

    def mousePressEvent(self, event):
        self._press = event.scenePos()
        event.accept()

    def mouseMoveEvent(self, event):
        if self._press is not None and self.on_drag and (event.scenePos() - self._press).manhattanLength() > 6:
            self.on_drag(event.scenePos())

    def mouseReleaseEvent(self, event):
        if self._press is None or event.button() != Qt.MouseButton.LeftButton:
            return
        moved = (event.scenePos() - self._press).manhattanLength() > 6
        self._press = None
        if moved and self.on_drop:
            self.on_drop(event.scenePos())
        elif not moved and self.on_click:
            self.on_click()



def clipped_level(value: float, top: int, per_unit: float) -> int:
    """|value| × per_unit as a whole level from 0 to ``top``: clipped before int(),
    which fails on the infinite value a file's 3e307 weight overflows to (NaN gives top)."""
    return int(min(top, abs(value) * per_unit))


def scene_text(scene, text: str, size: float, bold: bool = False) -> QGraphicsSimpleTextItem:
    """A grey text item added to ``scene``: the editor's labels and the overlay's numbers."""
    item = scene.addSimpleText(text)
    font = QFont()
    font.setPointSizeF(size)
    font.setBold(bold)
    item.setFont(font)
    item.setBrush(QColor(70, 70, 70))
    return item
