"""The network editor: inputs, hidden layers and outputs, edited by mouse.

It draws snapshots and turns gestures into commands (``command`` signal):
click an input to switch it; click '+'/'−' above a layer, or drag the neuron
chip (or a '+') onto a layer to add a neuron and between layers to add a layer;
drag a neuron out of the network or press Delete to remove it; click a link or
a bias to type its value; right-click a neuron for the layer's activation.
Hovering a neuron shows its output in the big plot.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QAction, QColor, QDoubleValidator, QFont, QPainter
from PySide6.QtWidgets import (
    QGraphicsProxyWidget,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QLineEdit,
    QMenu,
)

from playground.colors import to_signed
from playground.engine.features import FEATURES, PLANE_FEATURES
from playground.session.commands import SHAPED
from playground.settings import HIDDEN_ACTIVATIONS, MAX_HIDDEN_LAYERS, MAX_NEURONS
from playground.ui.network_items import NODE, BiasItem, Handle, LinkItem, NeuronItem
from playground.ui.trace_overlay import COLUMN, ROW, TraceOverlay

TOP = 96         # y of the first neuron
LEFT = 90        # x of the input column (labels to its left)
REFRESH_PLAYING = 30


class NetworkEditor(QGraphicsView):
    command = Signal(str, object)   # (name, arguments) for the worker
    hint = Signal(str)              # a sentence for the status bar

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setBackgroundBrush(QColor(252, 252, 252))
        self.setOptimizationFlags(QGraphicsView.OptimizationFlag.DontSavePainterState
                                  | QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing)
        self.setToolTip("")
        self.setMinimumSize(420, 320)
        self.snapshot = None
        self.column, self.row = COLUMN, ROW
        self.inspector = None        # the backprop inspector whose numbers are shown, if any
        self.overlay = TraceOverlay(self)
        self.layers_locked = False
        self._last_refresh = 0.0
        self._structure = None
        self._hovered = None
        self._editor: QGraphicsProxyWidget | None = None
        self.neurons: dict[tuple[int, int], NeuronItem] = {}
        self.inputs: dict[str, NeuronItem] = {}
        self.links: list[LinkItem] = []
        self.biases: list[BiasItem] = []

    # --- drawing snapshots ----------------------------------------------------------

    def show_snapshot(self, snap, playing: bool = False) -> None:
        """Draw a snapshot. While training plays, weights and heatmaps refresh at most
        REFRESH_PLAYING times a second: hundreds of antialiased links are the costliest
        thing on screen, and the eye cannot follow them faster."""
        net = snap.network
        structure = (net.inputs, net.sizes, tuple(net.activation_names), snap.settings.problem)
        self.snapshot = snap
        now = time.perf_counter()
        if structure != self._structure:
            self._structure = structure
            self._rebuild(snap)
            self.show_trace()
        elif playing and now - self._last_refresh < 1.0 / REFRESH_PLAYING:
            return
        self._last_refresh = now
        self._update_values(snap)

    def set_look(self, presentation: bool) -> None:
        """Thicker links for slides and projectors."""
        LinkItem.width_scale = 1.8 if presentation else 1.0
        for link in self.links:
            link._level = None
            link.set_value(link.value)

    def set_layers_locked(self, locked: bool) -> None:
        """Lock the network's shape (a lesson or link hid the layer controls): no '+'/'−'
        handles, no neuron chip, no removing."""
        self.layers_locked = bool(locked)
        self._structure = None  # rebuilt on the next snapshot without the handles
        if self.snapshot is not None:
            self.show_snapshot(self.snapshot)

    def is_output(self, layer: int) -> bool:
        return self.snapshot is not None and layer == len(self.snapshot.network.sizes) - 1

    def _x(self, layer: int) -> float:
        return LEFT + layer * self.column

    def _y(self, unit: int) -> float:
        return TOP + unit * self.row

    def _rebuild(self, snap) -> None:
        self._close_editor()
        scene, net = self.scene(), snap.network
        self.overlay.forget()  # scene.clear() deletes its items
        scene.clear()
        self.neurons, self.inputs, self.links, self.biases = {}, {}, [], []
        self._hovered = None
        one_d = net.inputs == ("x",)
        features = ("x",) if one_d else PLANE_FEATURES
        for row, name in enumerate(features):
            item = NeuronItem(self, 0, net.inputs.index(name) if name in net.inputs else -1, name,
                              enabled=name in net.inputs)
            item.setPos(self._x(0), TOP + row * ROW)  # inputs keep their spacing in the wide layout
            item.setToolTip(f"{name}: {FEATURES[name][1] if name in FEATURES else 'the input'}\n"
                            + ("" if one_d else "Click to switch this input feature on or off."))
            scene.addItem(item)
            self.inputs[name] = item
            label = self._text(name, 10)
            label.setPos(self._x(0) - 10 - label.boundingRect().width(), TOP + row * ROW + NODE / 2 - 8)
        last = len(net.sizes) - 1
        for layer in range(1, last + 1):
            for unit in range(net.sizes[layer]):
                item = NeuronItem(self, layer, unit, self._unit_name(layer, unit, last))
                item.setPos(self._x(layer), self._y(unit))
                kind = "output" if layer == last else "neuron"
                item.setToolTip(f"{kind} {item.label} ({net.activation_names[layer - 1]})\nHover to see its output "
                                "in the big plot" + ("" if layer == last else "; drag it out of the network or "
                                "press Delete to remove it; right-click for the layer's activation") + ".")
                scene.addItem(item)
                self.neurons[(layer, unit)] = item
                bias = BiasItem(self, layer, unit, self._unit_name(layer, unit, last))
                bias.setPos(self._x(layer) - 2, self._y(unit) + NODE - 2)
                scene.addItem(bias)
                self.biases.append(bias)
            self._column_header(layer, net, layer == last)
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
        self._layers_header(net)
        self._fit()

    @staticmethod
    def _unit_name(layer: int, unit: int, last: int) -> str:
        """As the backprop table names units: o1, o2 on the output, h<layer>,<unit> inside."""
        return f"o{unit + 1}" if layer == last else f"h{layer},{unit + 1}"

    def _text(self, text: str, size: float, bold: bool = False) -> QGraphicsSimpleTextItem:
        item = self.scene().addSimpleText(text)
        font = QFont()
        font.setPointSizeF(size)
        font.setBold(bold)
        item.setFont(font)
        item.setBrush(QColor(70, 70, 70))
        return item

    def _column_header(self, layer: int, net, is_output: bool) -> None:
        x = self._x(layer)
        act = net.activation_names[layer - 1]
        if is_output:
            text = self._text(f"output\n{act}", 9)
        elif self.layers_locked:
            n = net.sizes[layer]
            text = self._text(f"{n} neuron{'s' if n != 1 else ''}\n{act}", 9)
        else:
            hidden = layer - 1
            n = net.sizes[layer]
            plus = Handle("+", "Add a neuron to this layer (or drag me onto another layer)",
                          on_click=lambda: self.add_neuron(hidden), on_drop=self.chip_dropped)
            minus = Handle("−", "Remove this layer's last neuron",
                           on_click=lambda: self.remove_neuron(hidden, net.sizes[layer] - 1))
            plus.set_enabled(n < MAX_NEURONS, f"a layer holds at most {MAX_NEURONS} neurons, to stay readable")
            for handle, dx in ((plus, -4), (minus, NODE - 16)):
                handle.setPos(x + dx, TOP - 62)
                self.scene().addItem(handle)
            text = self._text(f"{n} neuron{'s' if n != 1 else ''}\n{act}", 9)
            text.setToolTip("Right-click a neuron to change this layer's activation")
        text.setPos(x + NODE / 2 - text.boundingRect().width() / 2, TOP - 38)

    def _layers_header(self, net) -> None:
        hidden = len(net.hidden)
        label = self._text(f"{hidden} HIDDEN LAYER{'S' if hidden != 1 else ''}", 10, bold=True)
        x_mid = (self._x(1) + self._x(max(1, hidden)) + NODE) / 2 if hidden else self._x(1) - self.column / 2
        label.setPos(x_mid - label.boundingRect().width() / 2 + 26, TOP - 92)
        if self.layers_locked:
            self.layer_plus = self.layer_minus = self.chip = None
            return
        plus = Handle("+", "Add a hidden layer at the end", on_click=lambda: self.add_layer(None))
        minus = Handle("−", "Remove the last hidden layer",
                       on_click=lambda: self.remove_layer(hidden - 1) if hidden else None)
        plus.set_enabled(hidden < MAX_HIDDEN_LAYERS, f"at most {MAX_HIDDEN_LAYERS} hidden layers, to stay readable")
        minus.set_enabled(hidden > 0, "there is no hidden layer to remove")
        plus.setPos(label.pos().x() - 52, TOP - 94)
        minus.setPos(label.pos().x() - 28, TOP - 94)
        chip = Handle("⊕ neuron", "Drag onto a layer to add a neuron, or between two layers to add a layer",
                      on_click=lambda: self.hint.emit("Drag the neuron chip onto a layer, or between layers"),
                      on_drop=self.chip_dropped, width=64)
        chip.setPos(self._x(0) - 70, TOP - 94)
        for item in (plus, minus, chip):
            self.scene().addItem(item)
        self.layer_plus, self.layer_minus, self.chip = plus, minus, chip

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
        for name, item in self.inputs.items():
            if item.enabled:
                self._draw_unit(item, snap, 0, net.inputs.index(name), "linear")

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

    def _fit(self) -> None:
        rect = self.scene().itemsBoundingRect().adjusted(-20, -16, 20, 20)
        self.setSceneRect(rect)
        view = self.viewport().rect()
        # fill the view, but never blow small networks up beyond 1.6×
        scale = min(view.width() / rect.width(), view.height() / rect.height(), 1.6)
        self.resetTransform()
        self.scale(scale, scale)
        self.centerOn(rect.center())

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if self.snapshot is not None:
            self._fit()

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

    def add_neuron(self, hidden: int) -> None:
        if self._locked():
            return
        if self.snapshot.network.sizes[hidden + 1] >= MAX_NEURONS:
            self.hint.emit(f"A layer holds at most {MAX_NEURONS} neurons, to stay readable.")
            return
        self._send("add_neuron", layer=hidden)

    def remove_neuron(self, hidden: int, unit: int) -> None:
        if self._locked():
            return
        self._send("remove_neuron", layer=hidden, index=unit)

    def add_layer(self, position: int | None) -> None:
        if self._locked():
            return
        if len(self.snapshot.network.hidden) >= MAX_HIDDEN_LAYERS:
            self.hint.emit(f"At most {MAX_HIDDEN_LAYERS} hidden layers, to stay readable.")
            return
        self._send("add_layer", position=position)

    def remove_layer(self, hidden: int) -> None:
        if self._locked():
            return
        self._send("remove_layer", position=hidden)

    def input_clicked(self, item: NeuronItem) -> None:
        current = list(self.snapshot.network.inputs)
        if item.enabled and len(current) == 1:
            self.hint.emit("The network needs at least one input feature.")
            return
        features = [f for f in PLANE_FEATURES if (f in current) != (f == item.label)]
        self._send("set_inputs", inputs=features)

    def _hidden_column_at(self, x: float) -> int | None:
        for hidden in range(len(self.snapshot.network.hidden)):
            if abs(x - (self._x(hidden + 1) + NODE / 2)) <= NODE / 2 + 22:
                return hidden
        return None

    def chip_dropped(self, pos: QPointF) -> None:
        """A neuron chip (or '+') dropped: onto a layer adds a neuron, between layers a layer."""
        net = self.snapshot.network
        hidden = self._hidden_column_at(pos.x())
        if hidden is not None:
            self.add_neuron(hidden)
            return
        first, output = self._x(1) - self.column + NODE, self._x(len(net.sizes) - 1)
        if not first <= pos.x() <= output:
            self.hint.emit("Drop the neuron on a layer to add a neuron, or between layers to add a layer.")
            return
        position = sum(1 for h in range(len(net.hidden)) if self._x(h + 1) + NODE / 2 < pos.x())
        self.add_layer(position)

    def neuron_dropped(self, item: NeuronItem, pos: QPointF) -> None:
        """A hidden neuron dragged: out of the network removes it, else it snaps back."""
        rect = QRectF(self._x(0) - 20, TOP - 100, self._x(len(self.snapshot.network.sizes) - 1) + NODE + 40,
                      max(len(self.inputs), max(self.snapshot.network.sizes[1:])) * self.row + 120)
        column = self._hidden_column_at(pos.x())
        out = not rect.contains(pos) or (column is None and abs(pos.x() - item.scenePos().x()) > self.column * 0.6)
        if out and not self._locked():
            self.remove_neuron(item.layer - 1, item.unit)
        else:
            item.setPos(self._x(item.layer), self._y(item.unit))

    def keyPressEvent(self, event):
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self._editor is None:
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
        hidden, menu = layer - 1, QMenu(self)
        current = self.snapshot.network.activation_names[hidden]
        acts = menu.addMenu("Activation of this layer")
        for name in HIDDEN_ACTIVATIONS:
            action = QAction(name, acts, checkable=True, checked=name == current)
            action.triggered.connect(lambda _=False, n=name: self._send("set_activation", layer=hidden, activation=n))
            acts.addAction(action)
        menu.addAction("Add a neuron", lambda: self.add_neuron(hidden))
        menu.addAction("Remove this neuron", lambda: self.remove_neuron(hidden, unit))
        menu.addSeparator()
        menu.addAction("Insert a layer before", lambda: self.add_layer(hidden))
        menu.addAction("Insert a layer after", lambda: self.add_layer(hidden + 1))
        menu.addAction("Remove this layer", lambda: self.remove_layer(hidden))
        menu.popup(screen_pos)
        self._menu = menu

    # --- inline value editor ------------------------------------------------------------

    def edit_value(self, item, pos: QPointF) -> None:
        """A small line edit over the link or bias: Enter sets the value, Esc cancels."""
        self._close_editor()
        edit = QLineEdit(f"{item.value:.6g}")
        edit.setValidator(QDoubleValidator(-1e6, 1e6, 12))
        edit.setFixedWidth(96)
        edit.setToolTip("Type a number and press Enter (Esc cancels)")
        edit.selectAll()
        proxy = self.scene().addWidget(edit)
        proxy.setZValue(10)
        proxy.setPos(pos + QPointF(6, -12))
        self._editor, self._edited = proxy, item
        edit.returnPressed.connect(self._commit_editor)
        edit.editingFinished.connect(self._close_editor_later)
        edit.setFocus()

    def value_editor(self) -> QLineEdit | None:
        return self._editor.widget() if self._editor is not None else None

    def _commit_editor(self) -> None:
        if self._editor is None:
            return
        try:
            value = float(self._editor.widget().text().replace(",", "."))
        except ValueError:
            self.hint.emit("Type a number, such as 0.5 or -1.2")
            return
        item = self._edited
        if isinstance(item, BiasItem):
            self._send("set_bias", layer=item.layer - 1, row=item.unit, value=value)
        else:
            self._send("set_weight", layer=item.layer, row=item.row, column=item.column, value=value)
        self._close_editor()

    def _close_editor_later(self) -> None:
        if self._editor is not None and not self._editor.widget().hasFocus():
            self._close_editor()

    def _close_editor(self) -> None:
        if self._editor is not None:
            proxy, self._editor = self._editor, None
            if proxy.scene() is not None:
                self.scene().removeItem(proxy)
            proxy.deleteLater()

    def keyReleaseEvent(self, event):
        if event.key() == Qt.Key.Key_Escape:
            self._close_editor()
        super().keyReleaseEvent(event)
