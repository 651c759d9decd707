"""The network view driven by real mouse events (and the keyboard), checked
against the network in the training process.

Network.with_neuron_added / with_neuron_removed / with_layer_added / with_inputs
promise that every weight that still has a place keeps its value; these tests
check that promise survives the trip from a gesture to the engine.
"""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_array_equal
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from ui_support import (  # noqa: F401  (fixtures)
    BOTH_TRANSPORTS,
    OFFSCREEN_NOISE,
    center,
    click_scene,
    column_handles,
    drag_scene,
    editor_view_of_network,
    engine_network,
    find_bias,
    find_link,
    link_point,
    make_window,
    network_view,
    neuron_center,
    settle,
    type_into_value_editor,
    wait_for_engine,
    window,
)

from playground.ui.network_editor import COLUMN
from playground.ui.network_items import NODE

# each test runs with the training loop in a child process and in a thread
pytestmark = [OFFSCREEN_NOISE, BOTH_TRANSPORTS]


def _assert_same_outside(new, old, layers):
    """Layers not in ``layers`` kept every weight and bias."""
    for layer in range(new.depth):
        if layer not in layers:
            assert_array_equal(new.W(layer), old.W(layer))
            assert_array_equal(new.b(layer), old.b(layer))


def test_dragging_the_chip_onto_a_layer_adds_a_neuron_there(qtbot, window):
    editor = window.editor
    old = engine_network(window)
    assert old.sizes == (2, 4, 2, 1)
    drag_scene(editor, center(editor.chip), neuron_center(editor, 1, 3) + QPointF(0, 2 * NODE))
    new = wait_for_engine(qtbot, window, lambda n: n.sizes != old.sizes)
    assert new.sizes == (2, 5, 2, 1)
    assert_array_equal(new.W(0)[:4], old.W(0))
    assert_array_equal(new.b(0)[:4], old.b(0))
    assert_array_equal(new.W(1)[:, :4], old.W(1))
    assert_array_equal(new.b(1), old.b(1))
    _assert_same_outside(new, old, {0, 1})
    # the new neuron starts small (with_neuron_added's scale) and with a zero bias
    assert np.all(np.abs(new.W(0)[4]) <= 0.1) and np.all(np.abs(new.W(1)[:, 4]) <= 0.1)
    assert new.b(0)[4] == 0.0
    settle(qtbot, window)
    assert sum(1 for layer, _ in editor.neurons if layer == 1) == 5
    assert window.problems == []


def test_dragging_a_layers_plus_onto_another_layer_adds_a_neuron_to_that_one(qtbot, window):
    editor = window.editor
    old = engine_network(window)
    first_layer_plus = column_handles(editor, "+")[0]
    drag_scene(editor, center(first_layer_plus), neuron_center(editor, 2, 1) + QPointF(0, 3 * NODE))
    new = wait_for_engine(qtbot, window, lambda n: n.sizes != old.sizes)
    assert new.sizes == (2, 4, 3, 1), "the neuron went where it was dropped, not to the handle's layer"
    assert_array_equal(new.W(1)[:2], old.W(1))
    assert_array_equal(new.b(1)[:2], old.b(1))
    assert_array_equal(new.W(2)[:, :2], old.W(2))
    _assert_same_outside(new, old, {1, 2})


def test_clicking_a_layers_plus_and_minus(qtbot, window):
    editor = window.editor
    old = engine_network(window)
    click_scene(editor, center(column_handles(editor, "+")[1]))
    grown = wait_for_engine(qtbot, window, lambda n: n.sizes != old.sizes)
    assert grown.sizes == (2, 4, 3, 1)
    settle(qtbot, window)
    click_scene(editor, center(column_handles(editor, "−")[1]))
    shrunk = wait_for_engine(qtbot, window, lambda n: n.sizes != grown.sizes)
    assert shrunk.sizes == (2, 4, 2, 1)
    # '−' removes the last neuron: the network is the one before the '+'
    assert shrunk == old


def test_dragging_the_chip_between_two_layers_inserts_a_layer_there(qtbot, window):
    editor = window.editor
    old = engine_network(window)
    between = QPointF((editor.neurons[(1, 0)].pos().x() + NODE + editor.neurons[(2, 0)].pos().x()) / 2,
                      neuron_center(editor, 1, 1).y())
    drag_scene(editor, center(editor.chip), between)
    new = wait_for_engine(qtbot, window, lambda n: n.sizes != old.sizes)
    assert new.sizes == (2, 4, 2, 2, 1), "a new 2-neuron layer between the 4- and the 2-neuron layer"
    assert new.activation_names == ["tanh", "tanh", "tanh", "sigmoid"]
    # with_layer_added: the layers before and after keep their weights; the layer that
    # now follows the new one keeps its biases; the new layer starts with zero biases
    assert_array_equal(new.W(0), old.W(0))
    assert_array_equal(new.b(0), old.b(0))
    assert_array_equal(new.W(3), old.W(2))
    assert_array_equal(new.b(3), old.b(2))
    assert_array_equal(new.b(2), old.b(1))
    assert_array_equal(new.b(1), [0.0, 0.0])
    settle(qtbot, window)
    assert editor_view_of_network(editor)["sizes"] == [4, 2, 2, 1]


def test_dragging_the_chip_between_inputs_and_first_layer_inserts_a_first_layer(qtbot, window):
    editor = window.editor
    old = engine_network(window)
    x = editor.inputs["x1"].pos().x() + NODE + (COLUMN - NODE) / 2
    drag_scene(editor, center(editor.chip), QPointF(x, neuron_center(editor, 1, 2).y()))
    new = wait_for_engine(qtbot, window, lambda n: n.sizes != old.sizes)
    assert new.sizes == (2, 2, 4, 2, 1)
    assert_array_equal(new.b(1), old.b(0))
    for layer in (2, 3):
        assert_array_equal(new.W(layer), old.W(layer - 1))
        assert_array_equal(new.b(layer), old.b(layer - 1))


def test_dragging_a_neuron_out_of_the_network_removes_it(qtbot, window):
    editor = window.editor
    old = engine_network(window)
    viewport = editor.viewport().rect()
    # released beyond the view's lower right corner, far outside the network
    drag_scene(editor, neuron_center(editor, 1, 1), QPoint(viewport.width() + 150, viewport.height() + 80))
    new = wait_for_engine(qtbot, window, lambda n: n.sizes != old.sizes)
    assert new.sizes == (2, 3, 2, 1)
    kept = [0, 2, 3]
    assert_array_equal(new.W(0), old.W(0)[kept])
    assert_array_equal(new.b(0), old.b(0)[kept])
    assert_array_equal(new.W(1), old.W(1)[:, kept])
    _assert_same_outside(new, old, {0, 1})


def test_a_neuron_dragged_within_its_layer_snaps_back(qtbot, window):
    editor = window.editor
    old = engine_network(window)
    start = neuron_center(editor, 1, 0)
    drag_scene(editor, start, start + QPointF(8, 20))
    settle(qtbot, window)
    assert engine_network(window) == old
    x1 = editor.inputs["x1"].pos()
    assert editor.neurons[(1, 0)].pos() == QPointF(x1.x() + COLUMN, x1.y()), "back in its place"


def test_delete_removes_the_selected_neuron(qtbot, window):
    editor = window.editor
    old = engine_network(window)
    click_scene(editor, neuron_center(editor, 1, 2))
    assert editor.neurons[(1, 2)].isSelected()
    assert QApplication.focusWidget() is editor
    settle(qtbot, window)
    assert engine_network(window) == old, "a click only selects"
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)
    new = wait_for_engine(qtbot, window, lambda n: n.sizes != old.sizes)
    assert new.sizes == (2, 3, 2, 1)
    kept = [0, 1, 3]
    assert_array_equal(new.W(0), old.W(0)[kept])
    assert_array_equal(new.b(0), old.b(0)[kept])
    assert_array_equal(new.W(1), old.W(1)[:, kept])
    _assert_same_outside(new, old, {0, 1})


def test_clicking_a_link_and_typing_sets_exactly_that_weight(qtbot, window):
    editor = window.editor
    old = engine_network(window)
    link = find_link(editor, 1, 1, 0)  # h1,1 → h2,2: W(1)[1, 0]
    assert link.value == old.W(1)[1, 0]
    click_scene(editor, link_point(editor, link))
    assert editor.value_editor().text() == f"{old.W(1)[1, 0]:.6g}"
    type_into_value_editor(qtbot, editor, "-1.375")
    new = wait_for_engine(qtbot, window, lambda n: not np.array_equal(n.params, old.params))
    assert new.W(1)[1, 0] == -1.375
    expected = old.copy()
    expected.W(1)[1, 0] = -1.375
    assert new == expected, "no other weight moved"
    settle(qtbot, window)
    assert editor.value_editor() is None, "Enter closes the inline editor"
    assert find_link(editor, 1, 1, 0).value == -1.375


def test_clicking_a_bias_and_typing_sets_exactly_that_bias(qtbot, window):
    editor = window.editor
    old = engine_network(window)
    bias = find_bias(editor, 2, 1)  # h2,2: b(1)[1]
    click_scene(editor, center(bias))
    type_into_value_editor(qtbot, editor, "0.8125")
    new = wait_for_engine(qtbot, window, lambda n: not np.array_equal(n.params, old.params))
    expected = old.copy()
    expected.b(1)[1] = 0.8125
    assert new == expected
    settle(qtbot, window)
    assert find_bias(editor, 2, 1).value == 0.8125


def test_escape_cancels_a_value_edit(qtbot, window):
    editor = window.editor
    old = engine_network(window)
    click_scene(editor, link_point(editor, find_link(editor, 0, 0, 1)))
    qtbot.waitUntil(lambda: editor.value_editor() is not None)
    QTest.keyClicks(editor, "5")
    QTest.keyClick(editor, Qt.Key.Key_Escape)
    assert editor.value_editor() is None
    settle(qtbot, window)
    assert engine_network(window) == old


def test_clicking_input_features_switches_them(qtbot, window):
    editor = window.editor
    old = engine_network(window)
    assert {name for name, item in editor.inputs.items() if item.enabled} == {"x1", "x2"}
    click_scene(editor, center(editor.inputs["x1^2"]))
    on = wait_for_engine(qtbot, window, lambda n: n.inputs != old.inputs)
    assert on.inputs == ("x1", "x2", "x1^2")
    assert_array_equal(on.W(0)[:, :2], old.W(0))
    assert_array_equal(on.b(0), old.b(0))
    assert np.all(np.abs(on.W(0)[:, 2]) <= 0.1)
    _assert_same_outside(on, old, {0})
    settle(qtbot, window)
    assert editor.inputs["x1^2"].enabled

    click_scene(editor, center(editor.inputs["x1"]))
    off = wait_for_engine(qtbot, window, lambda n: n.inputs != on.inputs)
    assert off.inputs == ("x2", "x1^2")
    assert_array_equal(off.W(0), on.W(0)[:, 1:])
    _assert_same_outside(off, on, {0})
    settle(qtbot, window)
    assert {name for name, item in editor.inputs.items() if item.enabled} == {"x2", "x1^2"}
    assert editor_view_of_network(editor) == network_view(off)


def _press_and_move(editor, start: QPointF, to: QPointF) -> QPoint:
    """Press at ``start`` and move to ``to`` (scene points), still holding the button."""
    a, b = editor.mapFromScene(start), editor.mapFromScene(to)
    viewport = editor.viewport()
    QTest.mouseMove(viewport, a)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    for t in (0.25, 0.5, 0.75, 1.0):
        QTest.mouseMove(viewport, QPoint(round(a.x() + (b.x() - a.x()) * t), round(a.y() + (b.y() - a.y()) * t)))
    return b


def test_a_neuron_dropped_on_empty_canvas_stays_with_its_links_and_the_drag_shows_a_ghost(qtbot, window):
    editor = window.editor
    item, before = editor.neurons[(1, 0)], engine_network(window)
    place = item.pos()
    # below its own layer, inside the network: empty canvas
    empty = neuron_center(editor, 1, 0) + QPointF(10, 4 * editor.grid.row)
    end = _press_and_move(editor, neuron_center(editor, 1, 0), empty)
    assert editor.drag.shown and editor.drag.ghost.sceneBoundingRect().contains(empty)
    assert editor.drag.words.text() == "drag out of the network to remove it"
    assert item.pos() == place, "the neuron itself stays where its links are"
    QTest.mouseRelease(editor.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    settle(qtbot, window)
    assert not editor.drag.shown and editor.neurons[(1, 0)].pos() == place
    assert engine_network(window) == before, "nothing changed"

    outside = QPointF(editor.grid.x(1), editor.grid.network_rect(before.sizes, 7).bottom() + 40)
    end = _press_and_move(editor, neuron_center(editor, 1, 0), outside)
    assert editor.drag.words.text() == "release to remove this neuron from layer 1"
    assert editor.drag.marker.rect() == editor.neuron_rect(1, 0), "the marker is on the neuron that goes"
    QTest.mouseRelease(editor.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    wait_for_engine(qtbot, window, lambda net: net.sizes == (2, 3, 2, 1))


def test_the_dragged_chip_shows_where_it_lands_before_it_is_dropped(qtbot, window):
    editor = window.editor
    on_layer_two = neuron_center(editor, 2, 0)
    end = _press_and_move(editor, center(editor.chip), on_layer_two)
    assert editor.drag.words.text() == "release to add a neuron to layer 2"
    assert editor.drag.marker.rect().contains(editor.layer_rect(2))
    between = QPointF((editor.grid.x(1) + NODE + editor.grid.x(2)) / 2, on_layer_two.y())
    QTest.mouseMove(editor.viewport(), editor.mapFromScene(between))
    assert editor.drag.words.text() == "release to add a hidden layer here"
    assert editor.drag.marker.rect().width() == 4, "a line in the gap"
    QTest.mouseRelease(editor.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       editor.mapFromScene(between))
    net = wait_for_engine(qtbot, window, lambda net: len(net.sizes) == 5)
    assert (net.sizes[:2], net.sizes[3:]) == ((2, 4), (2, 1)), "the new layer went between the two"
    assert not editor.drag.shown and end is not None
