"""What a frame costs the window. Text that changes with every frame (the epoch,
the losses, the time travel line) asks for a new layout only when it needs more
room: a QLabel asked at each new number, and the main window then laid out its
docks again, every frame. Flat out (playing at full speed), the costliest views
skip frames: the network view is redrawn 15 times a second, the loss curves 20."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QWidget
from ui_support import OFFSCREEN_NOISE, WAIT_MS, make_window, settle, window  # noqa: F401  (fixtures)

from playground.session.loop_commands import FULL_SPEED
from playground.ui.steady_text import SteadyText

pytestmark = OFFSCREEN_NOISE


class LayoutRequests(QObject):
    """Counts the layout requests a widget receives."""

    def __init__(self, widget):
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def _panel(qtbot, text: SteadyText) -> QWidget:
    panel = QWidget()
    row = QHBoxLayout(panel)
    row.addWidget(text, 1, Qt.AlignmentFlag.AlignTop)  # as high as it asks, no higher
    row.addWidget(QCheckBox("log scale"))
    qtbot.addWidget(panel)
    panel.resize(300, 80)
    panel.show()
    qtbot.waitExposed(panel)
    QTest.qWait(50)  # laid out and drawn: the layouts of showing it are done
    return panel


def test_new_numbers_of_the_same_size_ask_for_no_layout_and_a_longer_text_does(qtbot):
    text = SteadyText("<b>Test loss</b>&nbsp;0.5000", rich=True, wrap=True)
    panel = _panel(qtbot, text)
    requests = LayoutRequests(panel)
    line_height = text.height()
    for i in range(40):
        text.setText(f"<b>Test loss</b>&nbsp;0.{4999 - i * 37:04d}")
        QTest.qWait(1)
    assert requests.count == 0 and text.text() == "<b>Test loss</b>&nbsp;0.3556"
    text.setText(" &nbsp; ".join(f"<b>Loss&nbsp;{i}</b>&nbsp;0.1234" for i in range(6)))
    qtbot.waitUntil(lambda: requests.count >= 1 and text.height() >= 2 * line_height, timeout=WAIT_MS)
    assert text.height() == text.heightForWidth(text.width()), "as high as its lines at the width it has"


def test_a_shorter_text_keeps_its_place_until_the_layout_is_redone_anyway(qtbot):
    text = SteadyText("epochs/s", wrap=False)
    panel = _panel(qtbot, text)
    text.setText("1,234,567 epochs/s")
    qtbot.waitUntil(lambda: text.width() >= text.sizeHint().width(), timeout=WAIT_MS)
    QTest.qWait(50)
    requests = LayoutRequests(panel)
    wide = text.sizeHint()
    text.setText("58 epochs/s")
    QTest.qWait(20)
    assert requests.count == 0 and text.sizeHint() == wide, "narrower: no new layout, the room stays"


def test_training_at_full_speed_does_not_lay_the_window_out_each_frame(qtbot, window):
    requests = LayoutRequests(window)
    window.send("set_speed", {"speed": FULL_SPEED})
    QTest.keyClick(window.editor, Qt.Key.Key_Space)
    start = window.frames_drawn
    qtbot.waitUntil(lambda: window.frames_drawn >= start + 40, timeout=WAIT_MS)
    settle(qtbot, window)
    # playing changes the button and the pace line once: a few layouts, not one a frame
    assert requests.count <= 8, f"{requests.count} layouts of the main window in 40 frames"


def test_flat_out_the_network_and_the_loss_curves_skip_frames_and_the_numbers_do_not(qtbot, window):
    drawn = {"network": 0, "curves": 0, "numbers": 0, "frames": 0}
    editor_update, curve_update = window.editor._update_values, window.loss_panel.train_curve.setData
    numbers_update = window.loss_panel.numbers.setText

    def count(what, original):
        def counted(*args, **kwargs):
            drawn[what] += 1
            return original(*args, **kwargs)
        return counted
    window.editor._update_values = count("network", editor_update)
    window.loss_panel.train_curve.setData = count("curves", curve_update)
    window.loss_panel.numbers.setText = count("numbers", numbers_update)
    window.send("set_speed", {"speed": FULL_SPEED})
    QTest.keyClick(window.editor, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.worker.flat_out, timeout=WAIT_MS)
    drawn.update(network=0, curves=0, numbers=0)
    start, clock = window.frames_drawn, time.perf_counter()
    QTest.qWait(1000)
    seconds, frames = time.perf_counter() - clock, window.frames_drawn - start
    assert frames >= 20 and drawn["numbers"] >= frames - 1, "the numbers change with every frame"
    assert drawn["network"] <= 15 * seconds + 1 and drawn["network"] < frames
    assert drawn["curves"] <= 20 * seconds + 1 and drawn["curves"] < frames
    QTest.keyClick(window.editor, Qt.Key.Key_Space)
    settle(qtbot, window)
    assert window.loss_panel.train_curve.getData()[0][-1] == window.snapshot.epoch, \
        "paused: the last frame is drawn whole"
