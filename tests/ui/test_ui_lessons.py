"""Lessons: the same pixels every time, steps walk back and forth in the window,
and malformed lessons get a clear error. (Every shot of every bundled lesson is
checked against its golden image in test_ui_golden_shots.py.)"""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from ui_support import OFFSCREEN_NOISE, WAIT_MS, local_window, make_window  # noqa: F401  (fixtures)

from playground.bundled import bundled_lessons
from playground.cli import main
from playground.engine.errors import InputError
from playground.lesson import load_lesson
from playground.ui.render import shoot_lesson

pytestmark = OFFSCREEN_NOISE
LESSONS = bundled_lessons()


def pixels(path) -> np.ndarray:
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGBA8888)
    return np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.width(), 4).copy()


def test_there_are_the_twelve_lessons_of_the_lecture():
    titles = [load_lesson(path).title for path in LESSONS]
    assert len(titles) == 12
    for words in ("One neuron", "bumps", "XOR", "loss as a surface", "Backprop by hand", "vanishing gradients",
                  "Learning rate", "L1 versus L2", "Mini-batch", "Spiral", "Three classes", "worked examples"):
        assert any(words in title for title in titles), words


def test_the_same_lesson_renders_the_same_pixels(tmp_path, qapp):
    lesson = load_lesson(next(p for p in LESSONS if "05-" in p.name))
    first = shoot_lesson(lesson, tmp_path / "a")
    second = shoot_lesson(lesson, tmp_path / "b")
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_the_command_renders_a_lesson_and_prints_the_files(tmp_path, capsys):
    path = next(p for p in LESSONS if "03-" in p.name)
    assert main(["shot", str(path), "--out", str(tmp_path), "--scale", "0.5"]) == 0
    printed = capsys.readouterr().out.split()
    assert [p.rsplit("/", 1)[-1] for p in printed] == [s.file for st in load_lesson(path).steps for s in st.shots]
    assert QImage(printed[0]).width() == 960, "--scale multiplies each shot's scale (1920 × 0.5)"


def test_walking_a_lesson_forward_and_back_in_the_window(make_window, qtbot):
    window = make_window()
    lesson = load_lesson(next(p for p in LESSONS if "03-" in p.name))
    window.start_lesson(lesson)
    panel = window.lesson_panel
    controls = window.control_widgets()
    expected = []
    for step in lesson.steps:
        scenario, actions = lesson.replay(lesson.steps.index(step))
        epochs = sum(a["train"] for a in actions if "train" in a)
        expected.append((scenario.settings.inputs, scenario.settings.hidden, epochs))

    def engine_matches(index):
        settings = window.worker.query("settings")
        return (settings.inputs, settings.hidden, window.worker.query("epoch")) == expected[index]

    for index in list(range(len(lesson.steps))) + list(range(len(lesson.steps) - 2, -1, -1)):
        if index != panel.index:
            button = panel.next if index > panel.index else panel.previous
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: engine_matches(index), timeout=WAIT_MS)
        assert panel.index == index and f"step {index + 1} of {len(lesson.steps)}" in panel.title.text()
        assert not controls["dataset"][0].isEnabled(), "the lesson locks the data set"
        qtbot.waitUntil(lambda: window.snapshot.epoch == expected[index][2], timeout=WAIT_MS)
    qtbot.mouseClick(panel.reset, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: engine_matches(0), timeout=WAIT_MS)
    qtbot.mouseClick(panel.end, Qt.MouseButton.LeftButton)
    assert controls["dataset"][0].isEnabled() and not window.docks["lesson"].isVisible()


def test_a_lessons_hidden_controls_are_hidden(local_window):
    window = local_window()
    window.show()
    lesson = load_lesson(next(p for p in LESSONS if "01-" in p.name))
    window.start_lesson(lesson)
    controls = window.control_widgets()
    assert not controls["problem"][0].isVisible() and not any(b.isVisible() for b in controls["dataset"])
    assert window.editor.layers_locked and controls["learningRate"][0].isVisible()
    net = window.worker.query("network")
    assert (net.W(0)[0, 0], net.W(1)[0, 0]) == (1.0, 1.0), "the step's actions ran"
    window.go_to_step(2)
    net = window.worker.query("network")
    assert (net.W(0)[0, 0], net.b(0)[0]) == (4.0, -4.0), "step 3 replays step 2's action and its own"
    window.end_lesson()
    assert controls["problem"][0].isVisible() and not window.editor.layers_locked


GOOD_STEP = {"title": "a", "text": "b", "scenario": {"settings": {"dataset": "xor"}}, "actions": [{"train": 5}],
             "shots": [{"part": "window", "file": "a.png"}]}


@pytest.mark.parametrize("change, field, message", [
    (lambda s: s[1].update(actions=[{"fly": 3}]), "steps[1].actions[0]", "unknown action 'fly'"),
    (lambda s: s[1].update(scenario="missing.json"), "steps[1].scenario", "no scenario file 'missing.json'"),
    (lambda s: s[1].update(shots=[{"part": "window", "file": "b.png", "size": [10, 10]}]), "steps[1].shots[0].size",
     "1024x640"),
    (lambda s: s[1].update(shots=[{"part": "legs", "file": "b.png"}]), "steps[1].shots[0].part", "expected one of"),
    (lambda s: s[1].update(shots=[{"file": "../b.png"}]), "steps[1].shots[0].file", "no folders"),
    (lambda s: s[1].update(hide=["everything"]), "steps[1].hide", "unknown control"),
    (lambda s: s[1].update(actions=[{"train": -4}]), "steps[1].actions[0].train", "epochs"),
    (lambda s: s[0].pop("scenario"), "steps[0].scenario", "needs a scenario"),
])
def test_malformed_lessons_name_the_step_and_field(tmp_path, change, field, message):
    steps = [json.loads(json.dumps(GOOD_STEP)), {"title": "c", "shots": [{"file": "b.png"}]}]
    change(steps)
    path = tmp_path / "lesson.json"
    path.write_text(json.dumps({"format": "playground.lesson", "version": 1, "title": "t", "steps": steps}))
    with pytest.raises(InputError) as error:
        load_lesson(path)
    assert str(error.value).startswith(f"{path}: {field}: ") and message in str(error.value)


def test_a_malformed_lesson_leaves_the_app_usable(local_window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox
    window = local_window()
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "playground.lesson", "version": 1, "title": "t",
                               "steps": [{**GOOD_STEP, "actions": [{"fly": 1}]}]}))
    assert not window.open_lesson(str(bad))
    assert shown and "steps[0].actions[0]" in shown[0] and not window.docks["lesson"].isVisible()
    window.send("add_neuron", {"layer": 0})
    assert window.worker.query("network").sizes == (2, 5, 2, 1), "the app goes on working"
