"""The network editor: inputs, hidden layers and outputs, edited by mouse.

It draws snapshots and turns gestures into commands (``command`` signal):
click an input to switch it; click '+'/'−' above a layer, or drag the neuron
chip (or a '+') onto a layer to add a neuron and between layers to add a layer;
drag a neuron out of the network or press Delete to remove it; click a link or
a bias to type its value, drag it sideways to scrub it (value_scrub.py);
right-click a neuron for the layer's activation; hover one to plot its output.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QTransform
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSimpleTextItem, QGraphicsView, QLineEdit

from playground.colors import to_signed
from playground.engine.features import PLANE_FEATURES, is_plain
from playground.session.commands import SHAPED
from playground.settings import check_hidden_layer_count, check_neuron_count
from playground.ui.drag_feedback import DragFeedback, drop_target
from playground.ui.input_nodes import input_label, input_names, input_tooltip
from playground.ui.network_items import NODE, BiasItem, LinkItem, NeuronItem, scene_text
from playground.ui.network_layout import COLUMN, ROW, TOP, WIDE_COLUMN, WIDE_ROW, NetworkLayout
from playground.ui.shape_controls import add_column_header, add_layers_header, layer_menu, shape_allows
from playground.ui.trace_overlay import TraceOverlay
from playground.ui.value_editor import ValueEditor
from playground.ui.value_scrub import ValueScrub

REFRESH_PLAYING = 30
REFRESH_FULL_SPEED = 15  # at full speed the time goes to training; TFP redraws W2's about as often
# the view's top left corner, from the input column and the first row: room for the
# inputs' names, the neuron chip and the layer headers
ORIGIN_MARGIN = (90, 112)
# The view's scale follows its width, never the network: a view as wide as the usual
# network (inputs, two hidden layers, output) draws it at 1:1; a narrower one shrinks
# it, down to SMALLEST_SCALE, where its 10 pt text is still 11 px; then it scrolls.
USUAL_WIDTH = ORIGIN_MARGIN[0] + 3 * COLUMN + 36 + 60
SMALLEST_SCALE = 0.83


def describe_network(net) -> str:
    """The network in words, for a screen reader (the view's items have none of their own)."""
    hidden = ", ".join(f"{n} {act}" for n, act in zip(net.sizes[1:-1], net.activation_names[:-1]))
    return (f"Inputs {', '.join(net.inputs)}; hidden layers: {hidden or 'none'}; "
            f"output {net.sizes[-1]} {net.activation_names[-1]}")


class NetworkEditor(QGraphicsView):
    command = Signal(str, object)   # (name, arguments) for the training process
    hint = Signal(str)              # a sentence for the status bar

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        # one scale whatever the network (the zoom's): a network too big for the view scrolls
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setBackgroundBrush(QColor(252, 252, 252))
        self.setOptimizationFlags(QGraphicsView.OptimizationFlag.DontSavePainterState
                                  | QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing)
        self.setToolTip("")
        self.setMinimumSize(300, 260)
        self.setAccessibleName("Network")
        self.zoom = 1.0
        self.snapshot = None
        self.grid = NetworkLayout()  # where layers and neurons go
        self.inspector = None        # the backprop inspector whose numbers are shown, if any
        self.overlay = TraceOverlay(self)
        self.layers_locked = False
        self._last_refresh = 0.0
        self._structure = None
        self._hovered = None
        self._values = ValueEditor(self, self._on_value_typed, self.hint.emit)
        self.scrub = ValueScrub(self)  # dragging a weight's or bias's value
        self.neurons: dict[tuple[int, int], NeuronItem] = {}
        self.inputs: dict[str, NeuronItem] = {}
        self.input_labels: dict[str, QGraphicsSimpleTextItem] = {}  # the names (and values) by the inputs
        self.links: list[LinkItem] = []
        self.biases: list[BiasItem] = []
        self.drag: DragFeedback | None = None  # the ghost and marker while something is dragged

    # --- drawing snapshots ----------------------------------------------------------

    def show_snapshot(self, snap, playing: bool = False, flat_out: bool = False) -> None:
        """Draw a snapshot. While training plays, weights and heatmaps refresh at most
        REFRESH_PLAYING times a second (REFRESH_FULL_SPEED at full speed): hundreds of
        antialiased links are the costliest thing on screen, and the eye cannot follow them faster."""
        net = snap.network
        structure = (net.inputs, net.sizes, tuple(net.activation_names), snap.settings.problem)
        self.snapshot = snap
        self.scrub.frame_drawn()  # a value dragged meanwhile may go to the session
        now = time.perf_counter()
        if structure != self._structure:
            self._structure = structure
            self._rebuild(snap)
            self.setAccessibleDescription(describe_network(net))
            self.show_trace()
        elif playing and now - self._last_refresh < 1.0 / (REFRESH_FULL_SPEED if flat_out else REFRESH_PLAYING):
            return
        self._last_refresh = now
        self._update_values(snap)

    def set_look(self, presentation: bool) -> None:
        """Thicker links for slides and projectors."""
        LinkItem.width_scale = 1.8 if presentation else 1.0
        for link in self.links:
            link.restyle()

    def set_zoom(self, zoom: float) -> None:
        """Neurons, links and text together at the window's zoom."""
        self.zoom = zoom
        self.fit()

    def set_layers_locked(self, locked: bool) -> None:
        """Lock the network's shape (a lesson or link hid the layer controls): no '+'/'−'
        handles, no neuron chip, no removing."""
        self.layers_locked = bool(locked)
        self._structure = None  # rebuilt on the next snapshot without the handles
        if self.snapshot is not None:
            self.show_snapshot(self.snapshot)

    def is_output(self, layer: int) -> bool:
        return self.snapshot is not None and layer == len(self.snapshot.network.sizes) - 1

    # --- geometry, for the trace overlay ---------------------------------------------

    def neuron_rect(self, layer: int, unit: int) -> QRectF:
        """Where a neuron is drawn, in scene coordinates (layer 0: the inputs, by their
        row in the drawn list)."""
        return self.grid.neuron_rect(layer, unit)

    def layer_rect(self, layer: int) -> QRectF:
        """Around all of a layer's neurons."""
        units = self.snapshot.network.sizes[layer]
        return self.neuron_rect(layer, 0).united(self.neuron_rect(layer, units - 1))

    def set_wide(self, wide: bool) -> bool:
        """Spread the network out (room for the trace's numbers) or back; True when the
        spacing changed and the network was drawn anew."""
        spacing = (WIDE_COLUMN, WIDE_ROW) if wide else (COLUMN, ROW)
        if spacing == (self.grid.column, self.grid.row):
            return False
        self.grid = NetworkLayout(*spacing)
        self._structure = None
        if self.snapshot is not None:
            self.show_snapshot(self.snapshot)
        return True

    def _rebuild(self, snap) -> None:
        self._values.close()
        scene, net = self.scene(), snap.network
        self.overlay.forget()  # scene.clear() deletes its items
        scene.clear()
        self.drag = DragFeedback(scene)
        self.neurons, self.inputs, self.input_labels, self.links, self.biases = {}, {}, {}, [], []
        self._hovered = None
        for row, name in enumerate(input_names(net.inputs)):
            item = NeuronItem(self, 0, net.inputs.index(name) if name in net.inputs else -1, name,
                              enabled=name in net.inputs)
            item.setPos(self.neuron_rect(0, row).topLeft())
            item.setToolTip(input_tooltip(name, net.inputs))
            scene.addItem(item)
            self.inputs[name] = item
            self.input_labels[name] = self._text(name, 10)
            self._place_input_label(name, row)
        last = len(net.sizes) - 1
        for layer in range(1, last + 1):
            for unit in range(net.sizes[layer]):
                item = NeuronItem(self, layer, unit, self._unit_name(layer, unit, last))
                item.setPos(self.neuron_rect(layer, unit).topLeft())
                kind = "output" if layer == last else "neuron"
                item.setToolTip(f"{kind} {item.label} ({net.activation_names[layer - 1]})\nHover to see its output "
                                "in the big plot" + ("" if layer == last else "; drag it out of the network or "
                                "press Delete to remove it; right-click for the layer's activation") + ".")
                scene.addItem(item)
                self.neurons[(layer, unit)] = item
                bias = BiasItem(self, layer, unit, self._unit_name(layer, unit, last))
                bias.setPos(self.neuron_rect(layer, unit).bottomLeft() + QPointF(-2, -2))
                scene.addItem(bias)
                self.biases.append(bias)
            add_column_header(self, layer, net, layer == last)
        for layer in range(1, last + 1):
            sources = [self.inputs[name] for name in net.inputs] if layer == 1 else \
                [self.neurons[(layer - 1, u)] for u in range(net.sizes[layer - 1])]
            for row in range(net.sizes[layer]):
                end = self.neurons[(layer, row)].pos() + QPointF(0, NODE / 2)
                for column, source in enumerate(sources):
                    start = source.pos() + QPointF(NODE, NODE / 2)
                    name = (f"{net.inputs[column] if layer == 1 else self._unit_name(layer - 1, column, last)} → "
                            f"{self._unit_name(layer, row, last)}")
                    link = LinkItem(self, layer - 1, row, column, start, end, name)
                    scene.addItem(link)
                    self.links.append(link)
        self.layer_plus, self.layer_minus, self.chip = add_layers_header(self, net)
        self.fit()

    def _text(self, text: str, size: float, bold: bool = False) -> QGraphicsSimpleTextItem:
        return scene_text(self.scene(), text, size, bold)

    @staticmethod
    def _unit_name(layer: int, unit: int, last: int) -> str:
        """As the backprop table names units: o1, o2 on the output, h<layer>,<unit> inside."""
        return f"o{unit + 1}" if layer == last else f"h{layer},{unit + 1}"

    def _update_values(self, snap) -> None:
        net = snap.network
        weights = [W.tolist() for W in (net.W(i) for i in range(net.depth))]
        for link in self.links:
            link.set_value(weights[link.layer][link.row][link.column])
        biases = [net.b(i).tolist() for i in range(net.depth)]
        for bias in self.biases:
            bias.set_value(biases[bias.layer - 1][bias.unit])
        acts = ["linear"] + net.activation_names
        for (layer, unit), item in self.neurons.items():
            self._draw_unit(item, snap, layer, unit, acts[layer])
        for row, (name, item) in enumerate(self.inputs.items()):
            if item.enabled:
                self._draw_unit(item, snap, 0, net.inputs.index(name), "linear")
            if self.input_labels[name].text() != input_label(name, snap):
                self.input_labels[name].setText(input_label(name, snap))
                self._place_input_label(name, row)

    def _place_input_label(self, name: str, row: int) -> None:
        label = self.input_labels[name]
        label.setPos(self.grid.x(0) - 10 - label.boundingRect().width(), self.grid.input_y(row) + NODE / 2 - 8)

    def _draw_unit(self, item: NeuronItem, snap, layer: int, unit: int, act: str) -> None:
        if snap.neuron_curves is not None:
            values = snap.neuron_curves[layer][unit]
            item.set_curve(values / 6.0 if layer == 0 else to_signed(values, act))
        else:
            item.set_levels(snap.neuron_levels[layer][unit])

    # --- the backprop inspector's numbers (drawn by TraceOverlay) ---------------------------

    def show_trace(self, *_) -> None:
        self.overlay.show()

    def traced_gradient(self, link) -> str:
        return self.overlay.link_gradient(link)

    def fit(self) -> None:
        """Make room for the scene's items (after drawing or labelling them) at the
        view's one scale: the network keeps its place from the top left corner, so
        the '+'/'−' handles stay under the pointer as layers come and go, and its
        text keeps its size; what does not fit scrolls."""
        items = self.scene().itemsBoundingRect()
        left, top = self.grid.x(0) - ORIGIN_MARGIN[0], TOP - ORIGIN_MARGIN[1]
        # by the view's own width: the viewport's, less a scroll bar, would make it flicker
        scale = min(1.0, max(SMALLEST_SCALE, self.width() / USUAL_WIDTH)) * self.zoom
        if scale != self.transform().m11():
            self.setTransform(QTransform.fromScale(scale, scale))
            # Qt keeps the view's centre where it was: back to the top left corner
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().minimum())
            self.verticalScrollBar().setValue(self.verticalScrollBar().minimum())
        view = self.viewport().rect()
        self.setSceneRect(QRectF(left, top, max(items.right() + 20 - left, view.width() / scale),
                                 max(items.bottom() + 20 - top, view.height() / scale)))

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if self.snapshot is not None:
            self.fit()

    # --- gestures → commands ----------------------------------------------------------

    # Edits that name a neuron by position carry the shape they were made on, so the
    # session refuses them if an earlier edit changed it meanwhile (the command table's
    # ``shaped`` commands, checked by Session.check_sizes).

    def _send(self, name: str, **args) -> None:
        if name in SHAPED and self.snapshot is not None:
            args["sizes"] = list(self.snapshot.network.sizes)
        self.command.emit(name, args)

    def _locked(self) -> bool:
        if self.layers_locked:
            self.hint.emit("The network's shape is fixed here; its weights can still be set.")
        return self.layers_locked

    def _within(self, check, size_after: int) -> bool:
        """Whether the shape ``check`` (from playground.settings) allows the size; if
        not, the reason goes to the status bar."""
        allowed, why = shape_allows(check, size_after)
        if not allowed:
            self.hint.emit(why[0].upper() + why[1:] + ".")
        return allowed

    def add_neuron(self, hidden: int) -> None:
        if self._locked():
            return
        if not self._within(check_neuron_count, self.snapshot.network.sizes[hidden + 1] + 1):
            return
        self._send("add_neuron", layer=hidden)

    def remove_neuron(self, hidden: int, unit: int) -> None:
        if self._locked():
            return
        self._send("remove_neuron", layer=hidden, index=unit)

    def add_layer(self, position: int | None) -> None:
        if self._locked():
            return
        if not self._within(check_hidden_layer_count, len(self.snapshot.network.hidden) + 1):
            return
        self._send("add_layer", position=position)

    def remove_layer(self, hidden: int) -> None:
        if self._locked():
            return
        self._send("remove_layer", position=hidden)

    def input_clicked(self, item: NeuronItem) -> None:
        current = list(self.snapshot.network.inputs)
        if is_plain(current):
            self.hint.emit("These inputs are your data's columns: import another table to change them.")
            return
        if item.enabled and len(current) == 1:
            self.hint.emit("The network needs at least one input feature.")
            return
        features = [f for f in PLANE_FEATURES if (f in current) != (f == item.label)]
        self._send("set_inputs", inputs=features)

    def dragging(self, pos: QPointF, neuron: NeuronItem | None = None) -> None:
        """The chip, a '+' or a hidden neuron moves under the pointer: show where it lands."""
        if self.drag is not None and self.snapshot is not None and not self.layers_locked:
            self.drag.show(pos, drop_target(self, pos, neuron))

    def chip_dropped(self, pos: QPointF) -> None:
        """A neuron chip (or '+') dropped: onto a layer adds a neuron, between layers a layer."""
        self.drag.hide()
        target = drop_target(self, pos)
        if target.action == "add_neuron":
            self.add_neuron(target.index)
        elif target.action == "add_layer":
            self.add_layer(target.index)
        else:
            self.hint.emit("Drop the neuron on a layer to add a neuron, or between layers to add a layer.")

    def neuron_dropped(self, item: NeuronItem, pos: QPointF) -> None:
        """A hidden neuron dragged out of the network is removed; anywhere else, nothing changes."""
        self.drag.hide()
        if drop_target(self, pos, item).action == "remove_neuron":
            self.remove_neuron(item.layer - 1, item.unit)

    def keyPressEvent(self, event):
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not self._values.is_open:
            chosen = sorted(((i.layer, i.unit) for i in self.scene().selectedItems()
                             if isinstance(i, NeuronItem) and i.layer > 0 and not self.is_output(i.layer)),
                            reverse=True)
            for layer, unit in chosen:  # highest index first, so the others keep theirs
                self.remove_neuron(layer - 1, unit)
            if chosen:
                return
        super().keyPressEvent(event)

    def neuron_hovered(self, item: NeuronItem | None) -> None:
        target = None if item is None or not item.enabled else (item.layer, item.unit)
        if target != self._hovered:
            self._hovered = target
            self._send("select_neuron", layer=None if target is None else target[0],
                       unit=None if target is None else target[1])

    def show_layer_menu(self, layer: int, unit: int, screen_pos) -> None:
        if layer == 0 or self.is_output(layer):
            return
        self._menu = layer_menu(self, layer - 1, unit)
        # the menu takes the pointer without a hover leave: the big plot goes back to the output
        self._menu.aboutToHide.connect(lambda: self.neuron_hovered(None))
        self._menu.popup(screen_pos)

    def set_activation(self, hidden: int, activation: str) -> None:
        self._send("set_activation", layer=hidden, activation=activation)

    # --- inline value editor ------------------------------------------------------------

    def edit_value(self, item, pos: QPointF) -> None:
        """A small line edit over the link or bias: Enter sets the value, Esc cancels."""
        self._values.open(item, pos)

    def value_editor(self) -> QLineEdit | None:
        return self._values.field()

    def _on_value_typed(self, item, value: float) -> None:
        if isinstance(item, BiasItem):
            self._send("set_bias", layer=item.layer - 1, row=item.unit, value=value)
        else:
            self._send("set_weight", layer=item.layer, row=item.row, column=item.column, value=value)

    def keyReleaseEvent(self, event):
        if event.key() == Qt.Key.Key_Escape:
            self._values.close()
        super().keyReleaseEvent(event)

