"""Bugs the random test found, pinned one by one with the sequence that shows each.

Commands the window sends are built from what it last drew; the engine may have
moved on by the time they arrive (an edit in flight, a setting just changed).
Each test sends such a command the way the window does and checks the app
survives it: no exception in the GUI, the training process alive and never
restarted (the fixture checks that), the engine consistent with what is drawn.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from ui_support import (  # noqa: F401  (fixtures)
    OFFSCREEN_NOISE,
    WAIT_MS,
    editor_view_of_network,
    engine_network,
    make_window,
    network_view,
    settle,
    window,
)

pytestmark = OFFSCREEN_NOISE


def test_hovering_a_neuron_that_an_edit_in_flight_removes(qtbot, window):
    """The hover came after the edit: the session selected a neuron that no longer
    existed and the training process died drawing it (IndexError in a snapshot)."""
    editor = window.editor
    doomed = editor.neurons[(1, 3)]
    with qtbot.captureExceptions() as exceptions:
        editor.remove_neuron(0, 3)     # sent; the view still shows neuron h1,4
        editor.neuron_hovered(doomed)  # the mouse over it, before the redraw
        net = settle(qtbot, window)
    assert exceptions == []
    assert net.sizes == (2, 3, 2, 1)
    assert window.snapshot.selected is None
    assert window.worker.is_alive() and window.worker.restarts == 0
    editor.neuron_hovered(editor.neurons[(1, 2)])
    qtbot.waitUntil(lambda: window.snapshot.selected == (1, 2), timeout=WAIT_MS)


def test_changing_the_data_after_a_step_drops_the_highlighted_batch(qtbot, window):
    """The step's indices pointed into the old training set; with fewer training
    points the output plot raised IndexError on every frame."""
    QTest.keyClick(window, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: window.snapshot.batch is not None, timeout=WAIT_MS)
    assert window.snapshot.batch.max() >= 50
    with qtbot.captureExceptions() as exceptions:
        QTest.keyClick(window.data_panel.train_percent, Qt.Key.Key_Home)  # 10 %: 50 training points
        qtbot.waitUntil(lambda: len(window.snapshot.data.train) == 50, timeout=WAIT_MS)
        settle(qtbot, window)
    assert exceptions == []
    assert window.snapshot.batch is None
    assert len(window.output_plot.batch_points.getData()[0]) == 0
    assert len(window.output_plot.train_points.getData()[0]) == 50


def test_plane_features_for_a_1d_problem_are_refused_whole(qtbot, window):
    """An input clicked on the plane's features just after switching to a 1-D problem:
    the trainer took the network before the settings refused it, and the window then
    drew 1-D data on the plane (IndexError in the output plot)."""
    editor = window.editor
    with qtbot.captureExceptions() as exceptions, qtbot.waitSignal(window.worker.problem, timeout=WAIT_MS) as refused:
        QTest.keyClick(window.run_bar.problem, Qt.Key.Key_End)  # 1-D function
        editor.input_clicked(editor.inputs["x1^2"])               # still drawn: the plane's features
    with qtbot.captureExceptions() as more:
        net = settle(qtbot, window)
    assert exceptions == [] and more == []
    assert "unknown feature 'x1'; expected x alone" in refused.args[0]
    assert net.inputs == ("x",) and window.worker.query("settings").inputs == ["x"]
    assert window.snapshot.curves is not None
    assert editor_view_of_network(editor) == network_view(net)
    # and it trains
    QTest.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.snapshot.epoch > 5, timeout=WAIT_MS)


def test_a_step_that_blows_up_restores_the_weights_and_says_why(qtbot, make_window):
    """Trainer checks for NaN at the end of an epoch only; a single step with NaN
    weights reached the editor (ValueError drawing a link) and would reach a saved file."""
    window = make_window(problem="regression", dataset="reg-plane", hidden=[8, 8, 8], activation="relu",
                         learning_rate=10, batch_size=1)
    problems = []
    window.worker.problem.connect(problems.append)
    with qtbot.captureExceptions() as exceptions:
        for updates in range(1, 40):
            before = engine_network(window)
            QTest.keyClick(window, Qt.Key.Key_Right)
            qtbot.waitUntil(lambda: bool(problems) or window.snapshot.updates == updates, timeout=WAIT_MS)
            if problems:
                break
        net = settle(qtbot, window)
    assert exceptions == []
    assert problems and problems[0].startswith("the weights became NaN in a step of epoch 1")
    assert net == before, "the weights from before the step"
    assert all(np.isfinite(list(editor_view_of_network(window.editor)["weights"].values())))
    assert window.banner.isVisible() and window.banner.text() == problems[0]


def test_multiclass_confusion_matrix_updates_without_qt_warnings(qtbot, make_window):
    """Every frame re-inserted the table's own items: a Qt warning per cell per frame."""
    window = make_window(problem="multiclass", dataset="three-class")
    QTest.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.snapshot.epoch > 20, timeout=WAIT_MS)
    settle(qtbot, window)
    table, metrics = window.loss_panel.confusion, window.snapshot.metrics
    counts = np.array([[int(table.item(i, j).text()) for j in range(3)] for i in range(3)])
    assert counts.sum() == len(window.snapshot.data.test)
    assert np.trace(counts) / counts.sum() == metrics.test_accuracy
    assert counts.tolist() == metrics.confusion.tolist()
