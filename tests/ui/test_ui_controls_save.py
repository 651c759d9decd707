"""The run bar and the data panel set the engine's settings (keyboard and mouse on
the real widgets); File > Save writes a scenario that reads back the same."""

from __future__ import annotations

import json

from numpy.testing import assert_array_equal
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from ui_support import (  # noqa: F401  (fixtures)
    OFFSCREEN_NOISE,
    WAIT_MS,
    click_scene,
    engine_network,
    find_link,
    link_point,
    make_window,
    settle,
    shown_epoch,
    type_into_line_edit,
    type_into_value_editor,
    wait_for_engine,
    window,
)

from playground.scenario import load_scenario
from playground.session import GRID_RESOLUTION
from playground.session.loop_commands import DEFAULT_SPEED, FULL_SPEED, SPEEDS
from playground.ui.controls import LEARNING_RATES

pytestmark = OFFSCREEN_NOISE


def _engine_setting(qtbot, window, key, expected):
    qtbot.waitUntil(lambda: getattr(window.worker.query("settings"), key) == expected, timeout=WAIT_MS)


def test_the_run_bar_sets_the_training_settings(qtbot, window):
    bar = window.run_bar
    type_into_line_edit(qtbot, bar.learning_rate.lineEdit(), "0.05")  # any value, not only the list's
    _engine_setting(qtbot, window, "learning_rate", 0.05)
    type_into_line_edit(qtbot, bar.learning_rate.lineEdit(), "fast")
    settle(qtbot, window)
    assert window.worker.query("settings").learning_rate == 0.05, "not a number: refused in the GUI"
    assert "expected a number > 0" in window.statusBar().currentMessage()
    assert [bar.learning_rate.itemText(i) for i in range(bar.learning_rate.count())] == list(LEARNING_RATES), \
        "typed text is not added to the list"
    type_into_line_edit(qtbot, bar.learning_rate.lineEdit(), "0.3")
    _engine_setting(qtbot, window, "learning_rate", 0.3)

    QTest.keyClick(bar.learning_rate, Qt.Key.Key_Down)
    _engine_setting(qtbot, window, "learning_rate", 1.0)  # the list entry after 0.3
    QTest.keyClick(bar.regularization, Qt.Key.Key_Down)
    _engine_setting(qtbot, window, "regularization", "L1")
    QTest.keyClick(bar.regularization_rate, Qt.Key.Key_Down)
    _engine_setting(qtbot, window, "regularization_rate", 0.001)
    QTest.keyClick(bar.optimizer, Qt.Key.Key_End)
    _engine_setting(qtbot, window, "optimizer", "adam")
    QTest.keyClick(bar.activation, Qt.Key.Key_Home)
    _engine_setting(qtbot, window, "activation", "linear")
    assert engine_network(window).activation_names == ["linear", "linear", "sigmoid"]

    assert bar.speed.value() == DEFAULT_SPEED and bar.speed_label.text() == "1 epoch/frame"
    QTest.keyClick(bar.speed, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: window.worker.speed == DEFAULT_SPEED - 1, timeout=WAIT_MS)
    assert bar.speed_label.text() == SPEEDS[DEFAULT_SPEED - 1][0] == "10 epochs/s"
    QTest.keyClick(bar.speed, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: window.worker.speed == FULL_SPEED, timeout=WAIT_MS)
    assert bar.speed_label.text() == "full speed"

    # the run bar shows what the engine holds
    settle(qtbot, window)
    assert (bar.learning_rate.currentText(), bar.regularization.currentData(), bar.regularization_rate.currentData(),
            bar.optimizer.currentData(), bar.activation.currentData()) == ("1", "L1", "0.001", "adam", "linear")
    assert window.problems == []


def test_switching_the_problem_keeps_the_hidden_layers(qtbot, window):
    old = engine_network(window)
    QTest.keyClick(window.run_bar.problem, Qt.Key.Key_Down)
    _engine_setting(qtbot, window, "problem", "multiclass")
    net = settle(qtbot, window)
    assert window.worker.query("settings").dataset == "three-class"
    assert net.sizes == (2, 4, 2, 3) and net.activation_names[-1] == "softmax" and net.loss.name == "cce"
    assert net.hidden == old.hidden
    assert sum(1 for layer, _ in window.editor.neurons if layer == 3) == 3
    assert window.data_panel.dataset_buttons["three-class"].isChecked()
    assert window.output_plot.image.image.shape == (GRID_RESOLUTION, GRID_RESOLUTION, 4)
    colours = {tuple(c) for c in window.output_plot.image.image[:, :, :3].reshape(-1, 3).tolist()}
    assert len(colours) > 20, "each class's colour, paler where the network is unsure"
    assert window.loss_panel.confusion.isVisibleTo(window.loss_panel)

    QTest.keyClick(window.run_bar.problem, Qt.Key.Key_End)
    _engine_setting(qtbot, window, "problem", "function")
    net = settle(qtbot, window)
    assert net.inputs == ("x",) and net.sizes == (1, 4, 2, 1)
    assert {name for name, item in window.editor.inputs.items() if item.enabled} == {"x"}
    assert window.output_plot.function_curve.isVisible() and not window.output_plot.image.isVisible()


def test_the_data_panel_sets_the_data_settings(qtbot, window):
    panel = window.data_panel
    QTest.keyClick(panel.noise, Qt.Key.Key_PageUp)
    _engine_setting(qtbot, window, "noise", 10.0)
    QTest.keyClick(panel.train_percent, Qt.Key.Key_Up)
    _engine_setting(qtbot, window, "train_percent", 51.0)
    settle(qtbot, window)
    assert len(window.snapshot.data.train) == 255 and len(window.snapshot.data.test) == 245

    type_into_line_edit(qtbot, panel.batch_size.lineEdit(), "25")
    _engine_setting(qtbot, window, "batch_size", 25)
    qtbot.mouseClick(window.run_bar.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.snapshot.batch is not None, timeout=WAIT_MS)
    assert len(window.snapshot.batch) == 25 == len(window.output_plot.batch_points.getData()[0])

    qtbot.mouseClick(panel.regenerate, Qt.MouseButton.LeftButton)
    _engine_setting(qtbot, window, "seed", 2)
    settle(qtbot, window)
    assert shown_epoch(window) == 0 and window.snapshot.batch is None
    assert panel.noise.value() == 10 and panel.train_percent.value() == 51 and panel.batch_size.value() == 25


def test_file_save_writes_a_scenario_that_reads_back_the_same(qtbot, window, tmp_path):
    QTest.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown_epoch(window) > 10, timeout=WAIT_MS)
    net = settle(qtbot, window)
    path = tmp_path / "lesson.json"
    with qtbot.waitSignal(window.worker.saved, timeout=WAIT_MS) as saved:
        window.save_to(str(path))
    assert saved.args == [str(path)]
    assert window.windowTitle() == "Playground — lesson.json"
    scenario = load_scenario(path)
    assert scenario.network == net
    assert scenario.state["epoch"] == shown_epoch(window)
    settings = window.worker.query("settings")
    # the file spells out the output layer the session leaves to the problem's default
    assert scenario.settings.output == settings.output == ("sigmoid", "bce")
    assert scenario.settings.replace(output_activation="", loss="") == settings

    # an edit, then Ctrl+S: the same file, now with the typed weight
    click_scene(window.editor, link_point(window.editor, find_link(window.editor, 2, 0, 1)))
    type_into_value_editor(qtbot, window.editor, "-0.75")
    edited = wait_for_engine(qtbot, window, lambda n: n.W(2)[0, 1] == -0.75)
    settle(qtbot, window)
    with qtbot.waitSignal(window.worker.saved, timeout=WAIT_MS):
        QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    again = load_scenario(path)
    assert again.network == edited and again.network.W(2)[0, 1] == -0.75
    expected = net.copy()
    expected.W(2)[0, 1] = -0.75
    assert_array_equal(again.network.params, expected.params)
    assert json.loads(path.read_text())["network"]["layers"][2]["weights"][0][1] == -0.75
