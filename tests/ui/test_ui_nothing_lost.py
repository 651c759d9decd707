"""Nothing is lost without a word: New, Open, Open Recent, Open Link, Reopen Last
Session and Quit ask Save / Discard / Cancel when the session has unsaved
changes (an untouched one never asks); every quit keeps the session for File ▸
Reopen Last Session; a lesson sets the session aside and End Lesson brings it
back. Dialogs are answered by patching Qt's static dialog functions."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox
from test_ui_keyboard import choose_with_mouse
from test_ui_menu_actions import menu_action
from ui_support import OFFSCREEN_NOISE, WAIT_MS, center, click_scene, close_windows, column_handles, type_into_line_edit

from playground.recovery import Recovery
from playground.scenario import Scenario, save_scenario
from playground.settings import Settings
from playground.ui.main_window import MainWindow
from playground.ui.safekeeping import LAST_SESSION
from playground.ui.worker import LocalWorker

pytestmark = OFFSCREEN_NOISE
Button = QMessageBox.StandardButton
LINK = "https://playground.tensorflow.org/#dataset=xor&learningRate=0.1"


@pytest.fixture
def live_window(qtbot, tmp_path):
    """make() -> a window on a session of this process (commands apply at once) that
    keeps its data (autosave, last session) in tmp_path/data, as the app does."""
    windows = []

    def make() -> MainWindow:
        window = MainWindow(worker=LocalWorker(Scenario(Settings())), recovery=Recovery(tmp_path / "data"))
        windows.append(window)
        return window
    yield make
    close_windows(windows)


class Answers(list):
    """The buttons to answer the questions to come with; ``asked``: what was asked."""
    def __init__(self):
        super().__init__()
        self.asked: list[str] = []


@pytest.fixture
def answers(monkeypatch):
    queue = Answers()

    def question(parent, title, text, *args, **kwargs):
        queue.asked.append(text)
        assert queue, f"an unexpected question: {text}"
        return queue.pop(0)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return queue


@pytest.fixture
def dialogs(monkeypatch, tmp_path):
    """The file and link dialogs answered: a scenario file at learning rate 0.1, the
    link, and tmp_path/saved.json to save to."""
    other = tmp_path / "other.json"
    save_scenario(Scenario(Settings(learning_rate=0.1)), str(other))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "saved.json"), ""))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (LINK, True))
    return other


def _rate(window) -> float:
    return window.worker.query("settings").learning_rate


def _change(window) -> None:
    window.send("set_setting", {"key": "learning_rate", "value": 0.3})
    assert window.worker.query("unsaved")


def _open_recent(window, path) -> None:
    window.documents._remember(str(path))
    window.documents.recent_menu.aboutToShow.emit()  # as opening the submenu fills it
    window.documents.recent_menu.actions()[0].trigger()


def _reopen_last(window, folder) -> None:
    save_scenario(Scenario(Settings(learning_rate=0.1)), str(folder / LAST_SESSION))
    menu_action(window, "File/Reopen Last Session").trigger()


ACTIONS = {  # how each action is taken, and the learning rate it brings
    "New": (lambda window, tmp: menu_action(window, "File/New").trigger(), 0.03),
    "Open": (lambda window, tmp: menu_action(window, "File/Open…").trigger(), 0.1),
    "Open Recent": (lambda window, tmp: _open_recent(window, tmp / "other.json"), 0.1),
    "Open Link": (lambda window, tmp: menu_action(window, "File/Open TensorFlow Playground Link…").trigger(), 0.1),
    "Reopen Last Session": (lambda window, tmp: _reopen_last(window, tmp / "data"), 0.1),
}


@pytest.mark.parametrize("name", ACTIONS)
def test_each_way_to_replace_the_session_asks_first_and_cancel_keeps_it(live_window, answers, dialogs, tmp_path,
                                                                         name):
    take, rate_after = ACTIONS[name]
    window = live_window()
    _change(window)
    answers.append(Button.Cancel)
    take(window, tmp_path)
    assert len(answers.asked) == 1 and "Save the changes to this session before" in answers.asked[0]
    assert _rate(window) == 0.3 and window.worker.query("unsaved"), "Cancel: the session stays, still unsaved"
    answers.append(Button.Discard)
    take(window, tmp_path)
    assert len(answers.asked) == 2
    assert _rate(window) == rate_after and not window.worker.query("unsaved")


def test_save_in_the_question_saves_then_goes_on(live_window, answers, dialogs, tmp_path):
    window = live_window()
    _change(window)
    answers.append(Button.Save)
    menu_action(window, "File/New").trigger()
    assert json.loads((tmp_path / "saved.json").read_text())["settings"]["learning_rate"] == 0.3
    assert _rate(window) == 0.03


def test_an_untouched_session_never_asks(live_window, answers, dialogs, tmp_path):
    window = live_window()
    for name in ("New", "Open", "Open Link"):
        ACTIONS[name][0](window, tmp_path)
        assert not window.worker.query("unsaved")
    window.close()
    assert answers.asked == [] and window.closed


def test_quit_asks_and_any_quit_keeps_the_session_for_reopen_last_session(live_window, answers, tmp_path):
    window = live_window()
    _change(window)
    window.send("add_neuron", {"layer": 0})
    answers.append(Button.Cancel)
    window.close()
    assert len(answers.asked) == 1 and "before quitting" in answers.asked[0]
    assert not window.closed and window.worker.query("unsaved"), "Cancel: still open"
    answers.append(Button.Discard)
    menu_action(window, "File/Quit").trigger()
    assert window.closed
    assert (tmp_path / "data" / LAST_SESSION).is_file(), "the session is kept, though its changes were discarded"

    later = live_window()
    menu_action(later, "File/Reopen Last Session").trigger()
    assert _rate(later) == 0.3 and later.worker.query("network").sizes == (2, 5, 2, 1)
    assert later.windowTitle() == "Playground — last session"


def test_a_lesson_sets_the_session_aside_and_end_lesson_brings_it_back(live_window, answers):
    window = live_window()
    _change(window)
    window.send("add_neuron", {"layer": 0})
    lessons = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Lessons")
    first_lesson = lessons.actions()[0]
    first_lesson.trigger()  # opens without asking
    assert window.lessons.lesson is not None and answers.asked == []
    assert not window.worker.query("unsaved"), "a step as set up is not a change of the class's"
    menu_action(window, "Lessons/End Lesson").trigger()  # the lesson unchanged: no question
    assert answers.asked == [] and window.lessons.lesson is None
    assert _rate(window) == 0.3 and window.worker.query("network").sizes == (2, 5, 2, 1)
    assert window.worker.query("unsaved"), "it comes back with its changes still unsaved"

    first_lesson.trigger()
    window.send("set_setting", {"key": "learning_rate", "value": 1.0})  # the lesson's state changed
    answers.append(Button.Cancel)
    menu_action(window, "Lessons/End Lesson").trigger()
    assert len(answers.asked) == 1 and "ending the lesson" in answers.asked[0]
    assert window.lessons.lesson is not None and _rate(window) == 1.0
    answers.append(Button.Discard)
    menu_action(window, "Lessons/End Lesson").trigger()
    assert window.lessons.lesson is None and _rate(window) == 0.3


# --- your own points are never replaced silently ------------------------------------------------

def _points(window) -> list:
    """Every point in use (training, test, validation) with its value, in a fixed order."""
    data = window.snapshot.data
    rows = [(*p, v) for part in (data.train, data.test, data.validation) if part
            for p, v in zip(part.points.tolist(), part.values.tolist())]
    return sorted(rows)


def _slider_page(slider) -> None:
    QTest.mouseClick(slider, Qt.MouseButton.LeftButton, pos=QPoint(slider.width() - 3, slider.height() // 2))


def _choose(qtbot, combo, value) -> None:
    choose_with_mouse(qtbot, combo, combo.findData(value))


def _spin_to(spin, value: int) -> None:
    QTest.mouseClick(spin, Qt.MouseButton.LeftButton)
    spin.selectAll()
    QTest.keyClicks(spin, str(value))
    QTest.keyClick(spin, Qt.Key.Key_Return)


# each field of the settings table: how its control is used, and whether that replaces the points
# (True: asks first) or keeps them (the training ratio and validation split re-split the same points)
CONTROLS = {
    "problem": (lambda q, w: _choose(q, w.run_bar.problem, "regression"), True),
    "dataset": (lambda q, w: QTest.mouseClick(w.data_panel.dataset_buttons["xor"], Qt.MouseButton.LeftButton), True),
    "noise": (lambda q, w: _slider_page(w.data_panel.noise), True),
    "seed": (lambda q, w: QTest.mouseClick(w.data_panel.regenerate, Qt.MouseButton.LeftButton), True),
    "train_percent": (lambda q, w: _slider_page(w.data_panel.train_percent), False),
    "validation_percent": (lambda q, w: QTest.mouseClick(w.data_panel.early_stopping, Qt.MouseButton.LeftButton),
                           False),
    "patience": (lambda q, w: _spin_to(w.data_panel.patience, 20), False),
    "inputs": (lambda q, w: click_scene(w.editor, center(w.editor.inputs["x1^2"])), False),
    "hidden": (lambda q, w: click_scene(w.editor, center(column_handles(w.editor, "+")[0])), False),
    "activation": (lambda q, w: _choose(q, w.run_bar.activation, "relu"), False),
    "learning_rate": (lambda q, w: type_into_line_edit(q, w.run_bar.learning_rate.lineEdit(), "0.3"), False),
    "batch_size": (lambda q, w: _spin_to(w.data_panel.batch_size, 20), False),
    "optimizer": (lambda q, w: _choose(q, w.run_bar.optimizer, "adam"), False),
    "regularization": (lambda q, w: _choose(q, w.run_bar.regularization, "L2"), False),
    "regularization_rate": (lambda q, w: _choose(q, w.run_bar.regularization_rate, "0.01"), False),
}
# the settings the window has no control for (a scenario file or a lesson sets them)
NO_CONTROL = {"points", "output_activation", "loss", "schedule", "schedule_factor", "schedule_every", "init"}


@pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE.args, "^This plugin does not support grabbing the keyboard$")
def test_every_setting_through_its_control_keeps_imported_points_or_asks_and_cancel_keeps_them(
        qtbot, live_window, answers, monkeypatch, tmp_path):
    assert set(CONTROLS) | NO_CONTROL == {f.name for f in dataclasses.fields(Settings)}
    csv = tmp_path / "mine.csv"
    rng = np.random.default_rng(3)
    csv.write_text("x1,x2,label\n" + "".join(f"{x:.3f},{y:.3f},{int(x * y > 0)}\n"
                                            for x, y in rng.uniform(-5, 5, (40, 2))))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(csv), ""))
    window = live_window()
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    with qtbot.waitSignal(window.documents.data_import.finished, timeout=WAIT_MS):  # read in the background
        menu_action(window, "File/Import Data (CSV)…").trigger()
    mine = _points(window)
    assert len(mine) == 40
    for key, (use, replaces) in CONTROLS.items():
        settings = window.worker.query("settings")
        if replaces:
            answers.append(Button.Cancel)
        use(qtbot, window)
        assert _points(window) == mine, key
        assert len(answers.asked) == (1 if replaces else 0), key
        if replaces:
            assert "Replace your 40 points" in answers.asked.pop(), key
            assert window.worker.query("settings") == settings, f"{key}: Cancel changed nothing"
        else:
            assert window.worker.query("settings") != settings, f"{key}: the control did set something"
    # the data tile, the noise slider and the problem box show what is still in use
    panel = window.data_panel
    assert not any(b.isChecked() for b in panel.dataset_buttons.values()) and panel.noise.value() == 0
    assert window.run_bar.problem.currentData() == "classification"

    answers.append(Button.Yes)  # replaced when you say so, and Undo brings them back
    _slider_page(panel.noise)
    assert _points(window) != mine and window.worker.query("settings").noise == 10
    window.undo_action.trigger()  # Edit ▸ Undo Change the noise…
    assert _points(window) == mine


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # NumPy's overflow, on the way to the infinite loss
def test_a_session_that_cannot_be_written_says_why_and_is_never_replaced_by_a_failed_save(
        qtbot, answers, tmp_path, monkeypatch):
    from playground.scenario import load_scenario

    huge = tmp_path / "huge.json"
    huge.write_text(json.dumps({"format": "playground.network", "version": 1, "inputs": ["x1", "x2"], "loss": "mse",
                                "layers": [{"activation": "linear", "weights": [[3e307, 3e307]], "biases": [0.0]}]}))
    window = MainWindow(worker=LocalWorker(load_scenario(huge)), recovery=Recovery(tmp_path / "data"))
    problems = []
    window.worker.problem.connect(problems.append)
    target = tmp_path / "saved.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    menu_action(window, "File/Save As…").trigger()
    assert not target.exists() and window.windowTitle() == "Playground", "the title names no unwritten file"
    assert len(problems) == 1 and "cannot save: the session holds an infinite or NaN number" in problems[0]
    answers.append(Button.Save)
    menu_action(window, "File/New").trigger()  # Save fails: New must not go on
    assert window.worker.query("network").W(0)[0, 0] == 3e307, "the session is still there"
    close_windows([window])
