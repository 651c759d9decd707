"""Space, → and R after any mouse use of a control: the control clicked last never
swallows them (it takes the focus only by Tab), and its own state stays as chosen.
While a field is being typed in, its keys type."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QSlider
from ui_support import OFFSCREEN_NOISE, WAIT_MS, make_window, window  # noqa: F401  (fixtures)

# and a popup's: offscreen has no keyboard to grab
# (one qt_log_ignore mark counts: the closest)
pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE.args, "^This plugin does not support grabbing the keyboard$")


def press(key) -> None:
    """A key as the keyboard sends it: to whatever has the focus."""
    target = QApplication.focusWidget()
    assert target is not None
    QTest.keyClick(target, key)


def space_plays_and_pauses(qtbot, window) -> None:
    press(Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.worker.playing, timeout=WAIT_MS)
    press(Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not window.worker.playing, timeout=WAIT_MS)


def choose_with_mouse(qtbot, combo: QComboBox, index: int) -> None:
    QTest.mouseClick(combo, Qt.MouseButton.LeftButton)
    view = combo.view()
    qtbot.waitUntil(view.isVisible, timeout=WAIT_MS)
    # the popup ignores a release sooner than a double-click after it opened (the
    # opening click's own): a hand takes longer to reach the item
    qtbot.wait(QApplication.doubleClickInterval() + 50)
    item = view.model().index(index, 0)
    view.scrollTo(item)
    rect = view.visualRect(item)
    # inside the popup, which may be narrower than its items (clamped at the screen's edge)
    point = QPoint(min(rect.center().x(), view.viewport().width() // 2), rect.center().y())
    QTest.mouseMove(view.viewport(), point)  # the item under the pointer becomes current
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: not view.isVisible(), timeout=WAIT_MS)


def combos(window):
    return [c for c in window.run_bar.findChildren(QComboBox) + window.data_panel.findChildren(QComboBox)
            if not c.isEditable() and c.isVisible() and c.isEnabled()]


def test_space_plays_after_choosing_in_each_drop_down(qtbot, window):
    found = combos(window)
    assert len(found) >= 4, "activation, regularization, its rate, optimizer, problem"
    for combo in found:
        if not (combo.isVisible() and combo.isEnabled()):
            continue  # a choice before may have hidden it (another problem)
        choice = (combo.currentIndex() + 1) % combo.count()
        choose_with_mouse(qtbot, combo, choice)
        assert combo.currentIndex() == choice
        space_plays_and_pauses(qtbot, window)
        assert combo.currentIndex() == choice and not combo.view().isVisible(), combo.toolTip()


def test_space_plays_after_ticking_each_check_box(qtbot, window):
    boxes = [b for b in window.data_panel.findChildren(QCheckBox) if b.isVisible() and b.isEnabled()]
    assert len(boxes) >= 3
    for box in boxes:
        QTest.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
        assert box.isChecked()
        space_plays_and_pauses(qtbot, window)
        assert box.isChecked(), box.text()


def test_space_and_the_arrow_after_moving_each_slider(qtbot, window):
    sliders = [window.run_bar.speed, window.data_panel.noise, window.data_panel.train_percent]
    for slider in sliders:
        before = slider.value()
        # a click on the groove away from the handle moves it a page
        x = slider.width() - 3 if before < slider.maximum() else 3
        QTest.mouseClick(slider, Qt.MouseButton.LeftButton, pos=QPoint(x, slider.height() // 2))
        qtbot.waitUntil(lambda s=slider, b=before: s.value() != b, timeout=WAIT_MS)
        chosen = slider.value()
        space_plays_and_pauses(qtbot, window)
        updates = window.worker.query("scenario").state["updates"]
        press(Qt.Key.Key_Right)  # a step, not a slider move
        qtbot.waitUntil(lambda u=updates: window.worker.query("scenario").state["updates"] == u + 1, timeout=WAIT_MS)
        assert slider.value() == chosen, slider.toolTip()
    assert isinstance(sliders[0], QSlider)


def test_space_and_r_after_clicking_a_data_tile(qtbot, window):
    for name in ("xor", "gauss", "spiral"):
        tile = window.data_panel.dataset_buttons[name]
        QTest.mouseClick(tile, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda n=name: window.worker.query("settings").dataset == n, timeout=WAIT_MS)
        space_plays_and_pauses(qtbot, window)
        qtbot.waitUntil(lambda: window.worker.query("epoch") > 0, timeout=WAIT_MS)
        press(Qt.Key.Key_R)
        qtbot.waitUntil(lambda: window.worker.query("epoch") == 0, timeout=WAIT_MS)
        assert window.worker.query("settings").dataset == name, "R reset the weights, not the choice"


def test_space_types_while_the_learning_rate_is_being_edited(qtbot, window):
    field = window.run_bar.learning_rate.lineEdit()
    QTest.mouseClick(field, Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() in (field, window.run_bar.learning_rate)  # the box, or its line
    field.selectAll()
    QTest.keyClicks(field, "0.1")
    QTest.keyClick(field, Qt.Key.Key_Space)
    assert field.text() == "0.1 " and not window.worker.playing


def test_clicked_controls_take_the_focus_only_by_tab_and_typed_fields_on_a_click(window):
    for button in (window.data_panel.regenerate, window.run_bar.play_button, window.run_bar.step_button,
                   window.data_panel.dataset_buttons["xor"], window.data_panel.show_test, window.run_bar.speed):
        assert button.focusPolicy() == Qt.FocusPolicy.TabFocus
    assert window.run_bar.learning_rate.focusPolicy() != Qt.FocusPolicy.TabFocus
    assert window.time_bar.slider.focusPolicy() != Qt.FocusPolicy.TabFocus, "its arrows step through time"
