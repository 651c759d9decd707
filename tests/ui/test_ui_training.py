"""Training from the window: play and pause, step, the resets, edits while
training runs, a diverging run, and closing the window."""

from __future__ import annotations

import math

import numpy as np
from numpy.testing import assert_array_equal
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from ui_support import (  # noqa: F401  (fixtures)
    BOTH_TRANSPORTS,
    OFFSCREEN_NOISE,
    WAIT_MS,
    center,
    click_empty_network_view,
    click_scene,
    drag_scene,
    engine_network,
    find_bias,
    find_link,
    link_point,
    make_window,
    settle,
    shown_epoch,
    shown_losses,
    type_into_line_edit,
    type_into_value_editor,
    wait_for_engine,
    window,
)

from playground.settings import HIDDEN_ACTIVATIONS
from playground.ui.network_items import NODE

# each test runs with the training loop in a child process and in a thread
pytestmark = [OFFSCREEN_NOISE, BOTH_TRANSPORTS]


def _press(window, key, modifier=Qt.KeyboardModifier.NoModifier):
    """A key pressed while the window is active: the Train menu's shortcuts take it."""
    assert window.isActiveWindow()
    QTest.keyClick(window, key, modifier)


def test_space_plays_until_the_loss_falls_and_the_button_pauses(qtbot, window):
    assert shown_epoch(window) == 0
    test_loss_0, train_loss_0 = shown_losses(window)
    assert math.isfinite(test_loss_0) and test_loss_0 > 0.3, "untrained: near chance"

    _press(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown_epoch(window) > 50 and shown_losses(window)[0] < test_loss_0, timeout=WAIT_MS)
    assert window.worker.playing
    assert window.run_bar.play_button.toolTip().startswith("Pause")
    # the numbers shown are the history's last row
    history = window.snapshot.history
    assert history["epoch"][-1] == window.snapshot.epoch == shown_epoch(window)
    assert shown_losses(window)[0] == float(f"{history['test_loss'][-1]:.4f}")

    qtbot.mouseClick(window.run_bar.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.worker.playing, timeout=WAIT_MS)
    settle(qtbot, window, pause=False)
    stopped_at = shown_epoch(window)
    assert stopped_at > 50
    assert window.worker.query("epoch") == stopped_at
    assert window.run_bar.play_button.toolTip().startswith("Play")
    qtbot.wait(400)  # the event loop runs; nothing may move
    assert shown_epoch(window) == stopped_at == window.worker.query("epoch")
    assert shown_losses(window)[0] < test_loss_0


def test_edits_while_training_reach_the_engine_and_training_goes_on(qtbot, window):
    editor = window.editor
    _press(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown_epoch(window) > 5, timeout=WAIT_MS)

    # the activation, through the run bar's combo box (keyboard, as a user would)
    combo = window.run_bar.activation
    assert combo.currentData() == "tanh"
    target = HIDDEN_ACTIVATIONS.index("relu")
    key = Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up
    while combo.currentIndex() != target:
        QTest.keyClick(combo, key)
    net = wait_for_engine(qtbot, window, lambda n: n.activation_names[:-1] == ["relu", "relu"])
    assert net.activation_names == ["relu", "relu", "sigmoid"]
    epoch = window.worker.query("epoch")
    qtbot.waitUntil(lambda: window.worker.query("epoch") > epoch, timeout=WAIT_MS)

    # a neuron, dragged onto the second hidden layer
    qtbot.waitUntil(lambda: window.snapshot.network.activation_names[0] == "relu", timeout=WAIT_MS)
    drag_scene(editor, center(editor.chip), editor.neurons[(2, 1)].pos() + QPointF(NODE / 2, 3 * NODE))
    net = wait_for_engine(qtbot, window, lambda n: n.sizes == (2, 4, 3, 1))
    epoch = window.worker.query("epoch")
    qtbot.waitUntil(lambda: window.worker.query("epoch") > epoch, timeout=WAIT_MS)

    # a bias and a weight, typed. Bias -100 leaves ReLU neuron h1,1 dead on the whole
    # plane (|x| ≤ 6, small weights), so from then on training cannot move its bias,
    # its incoming weights or its outgoing weights: they must keep exactly the
    # values typed while the epochs go on.
    qtbot.waitUntil(lambda: (2, 2) in editor.neurons, timeout=WAIT_MS)
    click_scene(editor, center(find_bias(editor, 1, 0)))
    type_into_value_editor(qtbot, editor, "-100")
    wait_for_engine(qtbot, window, lambda n: n.b(0)[0] == -100.0)
    click_scene(editor, link_point(editor, find_link(editor, 1, 2, 0)))  # h1,1 → h2,3: W(1)[2, 0]
    type_into_value_editor(qtbot, editor, "2.5")
    net = wait_for_engine(qtbot, window, lambda n: n.W(1)[2, 0] == 2.5)
    incoming = net.W(0)[0].copy()
    epoch = window.worker.query("epoch")
    qtbot.waitUntil(lambda: window.worker.query("epoch") > epoch + 20, timeout=WAIT_MS)
    assert window.worker.playing
    later = engine_network(window)
    assert later.b(0)[0] == -100.0 and later.W(1)[2, 0] == 2.5
    assert_array_equal(later.W(0)[0], incoming)
    assert not np.array_equal(later.params, net.params), "the rest of the network trained on"
    assert later.sizes == (2, 4, 3, 1) and later.activation_names == ["relu", "relu", "sigmoid"]
    assert window.problems == []
    settle(qtbot, window)
    assert shown_epoch(window) > epoch + 20


def test_step_trains_one_batch_and_highlights_its_points(qtbot, window):
    before = engine_network(window)
    _press(window, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: window.snapshot.batch is not None, timeout=WAIT_MS)
    snap = window.snapshot
    assert len(snap.batch) == snap.settings.batch_size == 10
    assert snap.epoch == 0 and snap.updates == 1
    assert not window.worker.playing
    assert snap.network != before, "the step changed the weights"
    assert engine_network(window) == snap.network
    shown = window.output_plot.batch_points.getData()
    assert_array_equal(np.column_stack(shown), snap.data.train.points[snap.batch])

    # the step button does the same, with the next batch
    qtbot.mouseClick(window.run_bar.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.snapshot.updates == 2, timeout=WAIT_MS)
    second = window.snapshot
    assert len(second.batch) == 10 and set(second.batch).isdisjoint(snap.batch), "one epoch shuffles without repeats"
    shown = window.output_plot.batch_points.getData()
    assert_array_equal(np.column_stack(shown), second.data.train.points[second.batch])

    # playing clears the highlight
    _press(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.snapshot.epoch > 0, timeout=WAIT_MS)
    settle(qtbot, window)
    assert window.snapshot.batch is None
    assert len(window.output_plot.batch_points.getData()[0]) == 0


def test_the_two_resets(qtbot, window):
    start = engine_network(window)
    _press(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown_epoch(window) > 20, timeout=WAIT_MS)
    settle(qtbot, window)
    trained = engine_network(window)
    assert trained != start

    _press(window, Qt.Key.Key_R, Qt.KeyboardModifier.ShiftModifier)  # the same start
    again = wait_for_engine(qtbot, window, lambda n: n != trained)
    assert again == start
    settle(qtbot, window)
    assert shown_epoch(window) == 0 and len(window.snapshot.history["epoch"]) == 1

    _press(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown_epoch(window) > 5, timeout=WAIT_MS)
    settle(qtbot, window)
    trained = engine_network(window)
    _press(window, Qt.Key.Key_R)  # new initial weights
    fresh = wait_for_engine(qtbot, window, lambda n: n != trained)
    assert fresh.sizes == start.sizes and fresh != start and fresh.W(0).tolist() != start.W(0).tolist()
    settle(qtbot, window)
    assert shown_epoch(window) == 0

    qtbot.mouseClick(window.run_bar.reset_same_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: engine_network(window).params.tolist() == window.snapshot.network.params.tolist()
                    and window.snapshot.epoch == 0, timeout=WAIT_MS)
    reset_same = engine_network(window)
    qtbot.mouseClick(window.run_bar.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.snapshot.updates == 1, timeout=WAIT_MS)
    qtbot.mouseClick(window.run_bar.reset_same_button, Qt.MouseButton.LeftButton)
    back = wait_for_engine(qtbot, window, lambda n: window.worker.query("epoch") == 0 and n == reset_same)
    assert back == reset_same


def test_a_diverging_run_pauses_and_says_why(qtbot, make_window):
    window = make_window(problem="regression", dataset="reg-plane", hidden=[8, 8, 8], activation="relu")
    combo = window.run_bar.learning_rate
    type_into_line_edit(qtbot, combo.lineEdit(), "10")
    click_empty_network_view(window.editor)
    qtbot.waitUntil(lambda: window.worker.query("settings").learning_rate == 10.0, timeout=WAIT_MS)
    start = engine_network(window)
    with qtbot.waitSignal(window.worker.problem, timeout=WAIT_MS) as problem:
        _press(window, Qt.Key.Key_Space)
    assert "the loss became" in problem.args[0] and "smaller learning rate" in problem.args[0]
    qtbot.waitUntil(lambda: window.banner.isVisible() and not window.worker.playing, timeout=WAIT_MS)
    assert window.banner.text() == problem.args[0]
    net = settle(qtbot, window, pause=False)
    assert np.all(np.isfinite(net.params)), "the last good weights were restored"
    assert net == start, "it diverged in the first epoch, so those are the starting weights"
    assert shown_epoch(window) == window.worker.query("epoch") == 0
    qtbot.wait(300)
    assert not window.worker.playing and shown_epoch(window) == 0
    # a smaller rate and play again: the banner goes, training goes on
    type_into_line_edit(qtbot, combo.lineEdit(), "0.001")
    click_empty_network_view(window.editor)
    _press(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown_epoch(window) > 3 and not window.banner.isVisible(), timeout=WAIT_MS)


def test_closing_the_window_stops_the_training_loop(qtbot, window, transport, monkeypatch):
    _press(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown_epoch(window) > 0, timeout=WAIT_MS)
    assert window.worker.is_alive()
    asked = []  # the session trained since it opened: closing asks first
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a[2]) or QMessageBox.StandardButton.Discard)
    window.close()
    assert asked == ["Save the changes to this session before quitting?"]
    assert not window.worker.is_alive(), "close() waits for the loop to end"
    if transport == "process":
        assert window.worker.process.returncode == 0, "it ended by itself, on the quit command"
    assert not window.isVisible()
