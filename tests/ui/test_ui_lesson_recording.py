"""A lesson written in the window (Lessons ▸ New Lesson): recorded through the
window's own menus, buttons and keys, saved, reopened as `playground open` opens
it, each step starting exactly as it was recorded (weights bit for bit, settings,
panels in view, the stage, the zoom, hidden controls), and rendered by
`playground shot`. The editor's own undo, and its unsaved-changes question."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox
from ui_support import (  # noqa: F401  (fixtures)
    OFFSCREEN_NOISE,
    WAIT_MS,
    center,
    click_empty_network_view,
    click_scene,
    column_handles,
    engine_network,
    local_window,
    make_window,
    settle,
    wait_for_engine,
)

from playground.bundled import bundled_lessons
from playground.cli import main
from playground.lesson import load_lesson
from playground.lesson_start import VIEWS
from playground.scenario import Scenario, build_trainer
from playground.ui.lesson_views import in_view

pytestmark = OFFSCREEN_NOISE
Button = QMessageBox.StandardButton


def menu_item(window, *path: str):
    """The QAction at a menu's ("Train", "Play / Pause") in the window's menu bar (mnemonics' & ignored)."""
    *menus, item = path
    actions = window.menuBar().actions()
    for name in menus:
        actions = next(a for a in actions if a.text().replace("&", "") == name).menu().actions()
    return next(a for a in actions if a.text().replace("&", "") == item)


def click(qtbot, button) -> None:
    assert button.isEnabled() and button.isVisible(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_into(qtbot, field, text: str) -> None:
    """Click into a field and type over what it holds, as a keyboard does."""
    qtbot.mouseClick(field.viewport() if hasattr(field, "viewport") else field, Qt.MouseButton.LeftButton)
    assert field.hasFocus()
    QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(field, text)


def panels_in_view(window) -> set[str]:
    return {name for name, dock in window.docks.items() if name in VIEWS and in_view(dock)}


def record(qtbot, window) -> dict:
    """Add Step, clicked; what the step must start from, read from the session as it was."""
    settle(qtbot, window)
    expected = {"scenario": window.worker.query("scenario"), "views": panels_in_view(window),
                "stage": window.stage.panel, "zoom": window.zoom}
    click(qtbot, window.lesson_writer.editor.add)
    return expected


def record_three_steps(qtbot, window) -> list[dict]:
    writer, editor = window.lesson_writer, window.lesson_writer.editor
    menu_item(window, "Lessons", "New Lesson").trigger()
    assert writer.dock.isVisible() and editor.lesson_title.hasFocus()
    QTest.keyClicks(editor.lesson_title, "Growing a network")
    # step 1: a neuron added with the editor's '+'
    before = engine_network(window)
    click_scene(window.editor, center(column_handles(window.editor, "+")[0]))
    wait_for_engine(qtbot, window, lambda net: net.sizes == (2, 5, 2, 1))
    recorded = [record(qtbot, window)]
    assert editor.step_title.hasFocus(), "Add Step leaves the keys in the step's title"
    QTest.keyClicks(editor.step_title, "A fifth neuron")
    # step 2: trained (Play, then Pause), with 5 more epochs as its action
    menu_item(window, "Train", "Play / Pause").trigger()
    qtbot.waitUntil(lambda: window.snapshot.epoch >= 3, timeout=WAIT_MS)
    menu_item(window, "Train", "Play / Pause").trigger()
    recorded.append(record(qtbot, window))
    assert not np.array_equal(recorded[1]["scenario"].network.params, before.params)
    type_into(qtbot, editor.step_title, "Trained")
    type_into(qtbot, editor.epochs, "5")
    click(qtbot, editor.add_train)
    # step 3: the data panel closed, zoomed in, the output on the stage, the learning rate hidden, 30 epochs on
    for path in (("View", "Data"), ("View", "Zoom In"), ("View", "Enlarge", "Output")):
        menu_item(window, *path).trigger()
    recorded.append(record(qtbot, window))
    assert recorded[2]["views"] == {"output"} and recorded[2]["stage"] == "output", "the output alone, enlarged"
    type_into(qtbot, editor.step_title, "Without the rate")
    type_into(qtbot, editor.text, "The learning rate is **hidden** now: *watch* the boundary.")
    type_into(qtbot, editor.epochs, "30")
    click(qtbot, editor.add_train)
    click(qtbot, editor.controls)
    dialog = writer.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    assert dialog.hide_boxes["learningRate"].accessibleName() == "Hide Learning rate", "named as on screen"
    dialog.hide_boxes["learningRate"].click()
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    return recorded


def test_a_lesson_recorded_in_the_window_reopens_as_recorded_and_renders(make_window, qtbot, tmp_path,
                                                                          monkeypatch):
    window = make_window()
    recorded = record_three_steps(qtbot, window)
    path = tmp_path / "growing.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), "Lessons (*.json)"))
    click(qtbot, window.lesson_writer.editor.save)
    assert window.lesson_writer.stack.isClean()
    written = json.loads(path.read_text())
    steps = written["steps"]
    assert [s["title"] for s in steps] == ["A fifth neuron", "Trained", "Without the rate"]
    assert steps[0]["start"]["settings"] == {"hidden": [5, 2]}, "only what differs from the defaults"
    assert "settings" not in steps[1]["start"] and "network" in steps[1]["start"], "trained: its weights"
    assert steps[1]["actions"] == [{"train": 5}] and steps[2]["actions"] == [{"train": 30}]
    assert steps[2]["hide"] == ["learningRate"]
    assert (steps[2]["views"], steps[2]["stage"], steps[2]["zoom"]) == (["output", "loss"], "output", 110)
    assert "views" not in steps[1] and "zoom" not in steps[0], "as the step before: left out"
    assert path.read_text().count("\n") < 150 and '"settings": {"hidden": [5, 2]}' in path.read_text()

    reopened = make_window()
    assert reopened.open_lesson(str(path)), "playground open LESSON opens it so"
    panel = reopened.lesson_panel
    for index, expected in enumerate(recorded):
        if index:
            click(qtbot, panel.next)
        start = expected["scenario"]
        epoch = (0, 5, 30)[index]  # its action trains on from the start: the numbers a headless trainer gets
        trainer = build_trainer(Scenario(start.settings, start.network))
        trainer.train_epochs(epoch)
        params = trainer.network.params
        wait_for_engine(qtbot, reopened, lambda net, p=params: net.params.shape == p.shape
                        and np.array_equal(net.params, p))
        assert reopened.worker.query("epoch") == epoch
        assert reopened.worker.query("scenario").settings == start.settings
        assert panels_in_view(reopened) == expected["views"], index
        assert (reopened.stage.panel, reopened.zoom) == (expected["stage"], expected["zoom"]), index
    assert not reopened.control_widgets()["learningRate"][0].isVisible()
    assert panel.text.toPlainText() == "The learning rate is hidden now: watch the boundary."
    assert 'font-weight:700;">hidden</span>' in panel.text.toHtml() and "font-style:italic;\">watch" in \
        panel.text.toHtml()

    out = tmp_path / "shots"
    assert main(["shot", str(path), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["step-1.png", "step-2.png", "step-3.png"]
    assert all(QImage(str(p)).size().toTuple() == (1400, 900) for p in out.iterdir())


def test_a_step_names_the_windows_panels(local_window):
    assert set(VIEWS) == set(local_window().docks) - {"lesson"}, "lesson_start.VIEWS: every panel but the lesson"


def test_the_editors_undo_takes_its_own_edits_back_and_leaves_the_network(make_window, qtbot):
    window = make_window()
    writer, editor = window.lesson_writer, window.lesson_writer.editor
    menu_item(window, "Lessons", "New Lesson").trigger()
    click(qtbot, editor.add)
    network = settle(qtbot, window)
    type_into(qtbot, editor.step_title, "Neurons")
    assert writer.draft.steps[0]["title"] == "Neurons" and editor.step_title.hasFocus()
    undo = menu_item(window, "Edit", "Undo Edit step 1's title")  # the Edit menu names the lesson's edit
    assert undo is window.undo_action
    undo.trigger()
    assert editor.step_title.text() == "Step 1" and writer.draft.steps[0]["title"] == "Step 1"
    assert engine_network(window) == network and window.worker.query("epoch") == 0
    QTest.keyClick(editor.step_title, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)  # redo, by its keys
    assert writer.draft.steps[0]["title"] == "Neurons"
    click(qtbot, editor.add_train)
    click(qtbot, editor.add_train_until)
    assert writer.draft.steps[0]["actions"] == [{"train": 100}, {"train_until": {"loss": 0.05}}]
    # the keys on the network: Undo takes the window's own edits back, not the lesson's
    click_empty_network_view(window.editor)
    assert window.undo_group.activeStack() is window.undo_stack
    click_scene(window.editor, center(column_handles(window.editor, "+")[0]))
    wait_for_engine(qtbot, window, lambda net: net.sizes == (2, 5, 2, 1))
    window.undo_action.trigger()
    assert wait_for_engine(qtbot, window, lambda net: net.sizes == (2, 4, 2, 1)) == network
    assert writer.draft.steps[0]["title"] == "Neurons" and len(writer.draft.steps[0]["actions"]) == 2


def test_steps_are_moved_updated_deleted_and_shown_as_the_lesson_will(local_window, qtbot):
    window = local_window()
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    writer, editor = window.lesson_writer, window.lesson_writer.editor
    menu_item(window, "Lessons", "New Lesson").trigger()
    click(qtbot, editor.add)
    window.send("set_setting", {"key": "learning_rate", "value": 0.1})
    click(qtbot, editor.add)
    assert [s["start"]["settings"]["learning_rate"] for s in writer.draft.steps] == [0.03, 0.1]
    editor.steps.setCurrentRow(0)
    click(qtbot, editor.down)
    assert [s["title"] for s in writer.draft.steps] == ["Step 2", "Step 1"] and writer.index == 1
    assert json.loads(json.dumps(writer.draft.steps[1]["start"]))["settings"]["learning_rate"] == 0.03
    window.send("set_setting", {"key": "noise", "value": 20.0})
    click(qtbot, editor.update_start)
    assert writer.draft.steps[1]["start"]["settings"]["noise"] == 20.0, "Update Start records the window again"
    assert "noise 20.0" in editor.start_summary.text()
    click(qtbot, editor.go)
    assert window.lessons.lesson is writer.playing and window.lessons.index == 1
    assert window.worker.query("settings").noise == 20.0 and "step 2 of 2: Step 1" in window.lesson_panel.title.text()
    click(qtbot, window.lesson_panel.previous)
    assert writer.index == 0 and editor.step_title.text() == "Step 2", "the editor follows the lesson"
    click(qtbot, editor.delete)
    assert [s["title"] for s in writer.draft.steps] == ["Step 1"]
    assert window.undo_group.activeStack() is writer.stack, "the editor has the focus: its undo"
    window.undo_action.trigger()
    assert [s["title"] for s in writer.draft.steps] == ["Step 2", "Step 1"], "undone"


def test_an_unsaved_lesson_asks_before_another_lesson_or_quitting(local_window, qtbot, tmp_path, monkeypatch):
    window = local_window()
    window.show()
    writer, editor = window.lesson_writer, window.lesson_writer.editor
    asked, answers = [], [Button.Discard, Button.Cancel, Button.Cancel, Button.Save]
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append(text)
                        or answers.pop(0))
    menu_item(window, "Lessons", "New Lesson").trigger()
    assert asked == [], "nothing to save yet"
    click(qtbot, editor.add)
    menu_item(window, "Lessons", "New Lesson").trigger()
    assert asked[-1] == "Save the changes to the lesson “New lesson” before starting another lesson?"
    assert writer.draft.steps == () and writer.stack.isClean(), "Discard: a new lesson"
    click(qtbot, editor.add)
    QTest.keyClicks(editor.step_title, "Mine")
    menu_item(window, "Lessons", "New Lesson").trigger()
    assert len(writer.draft.steps) == 1 and len(asked) == 2, "Cancel: the lesson stays"
    window.close()
    assert asked[-1].endswith("before quitting?") and window.isVisible() and not window.closed, "Cancel"
    path = tmp_path / "mine.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    window.close()
    assert asked[-1].endswith("before quitting?") and window.closed and len(asked) == 4
    assert load_lesson(path).steps[0].title == "Mine", "Save wrote it before the window closed"


def test_a_bundled_lesson_is_edited_and_saved_as_a_copy(local_window, qtbot, tmp_path, monkeypatch):
    window = local_window()
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    bundled = bundled_lessons()[2]
    original = bundled.read_bytes()
    window.open_lesson(str(bundled))
    menu_item(window, "Lessons", "Edit Lesson…").trigger()
    writer = window.lesson_writer
    assert writer.draft.bundled and len(writer.draft.steps) == 3 and writer.dock.isVisible()
    asked, warned = [], []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (asked.append(a[2]) or answers.pop(0), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    answers = [str(bundled), str(tmp_path / "xor.json")]
    type_into(qtbot, writer.editor.step_title, "No hidden layer, one line")
    click(qtbot, writer.editor.save)
    assert Path(asked[0]).name == bundled.name and "not written over" in warned[0]
    click(qtbot, writer.editor.save)
    assert bundled.read_bytes() == original, "the package's file is never written"
    copy = load_lesson(tmp_path / "xor.json")
    assert copy.steps[0].title == "No hidden layer, one line" and copy.steps[1:] == load_lesson(bundled).steps[1:]
