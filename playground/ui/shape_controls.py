"""The network editor's controls of the network's shape: each layer's caption with
its '+'/'−' handles, the hidden layers' header with its handles and the neuron
chip, and a hidden neuron's right-click menu. They call the editor's gestures
(``add_neuron``, ``remove_layer``, ...), which send the commands; the limits are
the settings' (``check_neuron_count``, ``check_hidden_layer_count``)."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from playground.engine.errors import InputError
from playground.settings import HIDDEN_ACTIVATIONS, check_hidden_layer_count, check_neuron_count
from playground.ui.network_items import NODE, Handle, scene_text
from playground.ui.network_layout import TOP


def shape_allows(check, size_after: int) -> tuple[bool, str]:
    """(whether the shape ``check`` accepts the size, the reason if not)."""
    try:
        check(size_after)
    except InputError as e:
        return False, str(e)
    return True, ""


def add_column_header(editor, layer: int, net, is_output: bool) -> None:
    """A layer's caption (its size and activation) and, unless the shape is locked,
    '+'/'−' handles above a hidden layer."""
    scene, x = editor.scene(), editor.grid.x(layer)
    act, n = net.activation_names[layer - 1], net.sizes[layer]
    if is_output:
        text = scene_text(scene, f"output\n{act}", 10)
    elif editor.layers_locked:
        text = scene_text(scene, f"{n} neuron{'s' if n != 1 else ''}\n{act}", 10)
    else:
        hidden = layer - 1
        plus = Handle("+", "Add a neuron to this layer (or drag me onto another layer)",
                      on_click=lambda: editor.add_neuron(hidden), on_drop=editor.chip_dropped,
                      on_drag=editor.dragging)
        minus = Handle("−", "Remove this layer's last neuron",
                       on_click=lambda: editor.remove_neuron(hidden, n - 1))
        plus.set_enabled(*shape_allows(check_neuron_count, n + 1))
        for handle, dx in ((plus, -4), (minus, NODE - 16)):
            handle.setPos(x + dx, TOP - 62)
            scene.addItem(handle)
        text = scene_text(scene, f"{n} neuron{'s' if n != 1 else ''}\n{act}", 10)
        text.setToolTip("Right-click a neuron to change this layer's activation")
    text.setPos(x + NODE / 2 - text.boundingRect().width() / 2, TOP - 38)


def add_layers_header(editor, net) -> tuple[Handle | None, Handle | None, Handle | None]:
    """"N HIDDEN LAYERS" and, unless the shape is locked, its '+'/'−' handles and the
    neuron chip: returned as (plus, minus, chip)."""
    scene, grid, hidden = editor.scene(), editor.grid, len(net.hidden)
    label = scene_text(scene, f"{hidden} HIDDEN LAYER{'S' if hidden != 1 else ''}", 10, bold=True)
    # in one place whatever the number of layers: three clicks on '−' remove three
    label.setPos(grid.x(1) + 4, TOP - 92)
    if editor.layers_locked:
        return None, None, None
    plus = Handle("+", "Add a hidden layer at the end", on_click=lambda: editor.add_layer(None))
    minus = Handle("−", "Remove the last hidden layer",
                   on_click=lambda: editor.remove_layer(hidden - 1) if hidden else None)
    plus.set_enabled(*shape_allows(check_hidden_layer_count, hidden + 1))
    minus.set_enabled(hidden > 0, "there is no hidden layer to remove")
    plus.setPos(label.pos().x() - 52, TOP - 94)
    minus.setPos(label.pos().x() - 28, TOP - 94)
    chip = Handle("⊕ neuron", "Drag onto a layer to add a neuron, or between two layers to add a layer",
                  on_click=lambda: editor.hint.emit("Drag the neuron chip onto a layer, or between layers"),
                  on_drop=editor.chip_dropped, on_drag=editor.dragging, width=64)
    chip.setPos(grid.x(0) - 70, TOP - 94)
    for item in (plus, minus, chip):
        scene.addItem(item)
    return plus, minus, chip


def layer_menu(editor, hidden: int, unit: int) -> QMenu:
    """A hidden neuron's right-click menu: the layer's activation, neurons and layers."""
    menu = QMenu(editor)
    current = editor.snapshot.network.activation_names[hidden]
    acts = menu.addMenu("Activation of this layer")
    for name in HIDDEN_ACTIVATIONS:
        action = QAction(name, acts, checkable=True, checked=name == current)
        action.triggered.connect(lambda _=False, n=name: editor.set_activation(hidden, n))
        acts.addAction(action)
    menu.addAction("Add a neuron", lambda: editor.add_neuron(hidden))
    menu.addAction("Remove this neuron", lambda: editor.remove_neuron(hidden, unit))
    menu.addSeparator()
    menu.addAction("Insert a layer before", lambda: editor.add_layer(hidden))
    menu.addAction("Insert a layer after", lambda: editor.add_layer(hidden + 1))
    menu.addAction("Remove this layer", lambda: editor.remove_layer(hidden))
    return menu
