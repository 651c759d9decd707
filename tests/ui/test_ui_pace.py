"""The pace of training as a class sees it: one epoch per drawn frame by default,
slow motion that counts mini-batches, full speed on Ctrl+F, the measured rate
shown while playing; and the edits made during a run marked on its loss curve."""

from __future__ import annotations

import re

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from ui_support import (  # noqa: F401  (fixtures)
    OFFSCREEN_NOISE,
    WAIT_MS,
    center,
    click_scene,
    column_handles,
    make_window,
    settle,
    window,
)

from playground.session.loop_commands import DEFAULT_SPEED, FULL_SPEED, SPEEDS
from playground.ui.pace import RateMeter

pytestmark = OFFSCREEN_NOISE


def _rate(text: str, unit: str) -> float:
    match = re.search(rf"([\d,.]+) {unit}/s$", text)
    assert match, f"no rate in {text!r}"
    return float(match.group(1).replace(",", ""))


def test_the_rate_meter_counts_per_second_over_the_last_two_seconds():
    meter = RateMeter()
    assert meter.add(0, now=10.0) is None, "one frame tells no rate"
    assert meter.add(3, now=11.0) == 3.0
    assert meter.add(4, now=12.0) == 2.0
    assert meter.add(14, now=13.0) == 5.5, "frames older than two seconds drop out: (14 - 3) / 2"


def test_the_default_pace_is_one_epoch_per_drawn_frame_and_its_rate_is_shown(qtbot, window):
    bar = window.run_bar
    assert (bar.speed.value(), bar.speed_label.text(), window.worker.speed) == (DEFAULT_SPEED, "1 epoch/frame",
                                                                                DEFAULT_SPEED)
    drawn = []
    window.worker.snapshot_ready.connect(lambda: drawn.append(window.snapshot.epoch))  # after the window drew it
    QTest.keyClick(window.editor, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.snapshot.epoch >= 40 and "epochs/s" in bar.pace.text(), timeout=WAIT_MS)
    QTest.keyClick(window.editor, Qt.Key.Key_Space)
    steps = np.diff(drawn)
    assert steps.max() <= 1, "never more than one epoch between two drawn frames"
    assert (steps == 1).sum() >= 30
    assert 0 < _rate(bar.pace.text(), "epochs") <= 61, "at most 60 frames, so 60 epochs, a second"
    settle(qtbot, window)
    assert bar.pace.text() == "", "paused between epochs: no rate, no batch"


def test_slow_motion_counts_the_mini_batches_and_their_rate(qtbot, window):
    bar = window.run_bar
    bar.speed.setValue(2)
    assert bar.speed_label.text() == SPEEDS[2][0] == "10 steps/s"
    qtbot.waitUntil(lambda: window.worker.speed == 2, timeout=WAIT_MS)
    for _ in range(2):
        QTest.keyClick(window.editor, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: bar.pace.text() == "batch 2/25", timeout=WAIT_MS)  # 250 training points, 10 a batch
    assert window.snapshot.epoch == 0
    assert "epoch 1" in bar.pace.toolTip()
    QTest.keyClick(window.editor, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "steps/s" in bar.pace.text() and window.snapshot.updates >= 12, timeout=WAIT_MS)
    QTest.keyClick(window.editor, Qt.Key.Key_Space)
    batch, rate = bar.pace.text().split("\n")
    assert re.fullmatch(r"batch \d+/25", batch)
    assert 1 <= _rate(rate, "steps") <= 11
    done = int(batch.split()[1].split("/")[0])
    assert done == window.snapshot.updates % 25 or (done == 25 and window.snapshot.updates % 25 == 0)


def test_ctrl_f_goes_to_full_speed_and_back_to_the_pace_chosen(qtbot, window):
    bar = window.run_bar
    bar.speed.setValue(4)
    QTest.keyClick(window.editor, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert (bar.speed.value(), bar.speed_label.text()) == (FULL_SPEED, "full speed")
    qtbot.waitUntil(lambda: window.worker.speed == FULL_SPEED, timeout=WAIT_MS)
    QTest.keyClick(window.editor, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert (bar.speed.value(), bar.speed_label.text()) == (4, "10 epochs/s")
    qtbot.waitUntil(lambda: window.worker.speed == 4, timeout=WAIT_MS)


def test_edits_during_a_run_are_marked_on_the_loss_curve_and_undo_takes_their_mark(qtbot, window):
    window.run_bar.speed.setValue(FULL_SPEED)
    QTest.keyClick(window.editor, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.snapshot.epoch >= 30, timeout=WAIT_MS)
    QTest.keyClick(window.editor, Qt.Key.Key_Space)
    settle(qtbot, window)
    epoch = window.snapshot.epoch
    plus = column_handles(window.editor, "+")[0]  # the first hidden layer's '+'
    click_scene(window.editor, center(plus))
    loss = window.loss_panel
    qtbot.waitUntil(lambda: loss.mark_lines() == [(epoch, f"epoch {epoch}: Add a neuron to layer 1")],
                    timeout=WAIT_MS)
    QTest.keyClick(window.editor, Qt.Key.Key_Space)  # training goes on after the edit, on the same curve
    qtbot.waitUntil(lambda: window.snapshot.epoch >= epoch + 20, timeout=WAIT_MS)
    QTest.keyClick(window.editor, Qt.Key.Key_Space)
    settle(qtbot, window)
    assert loss.mark_lines() == [(epoch, f"epoch {epoch}: Add a neuron to layer 1")]
    row = int(np.searchsorted(window.snapshot.history["epoch"], epoch))
    assert loss.readout_text(row).endswith("edit: Add a neuron to layer 1"), "hovering the epoch names the edit"
    assert window.snapshot.history["epoch"][0] == 0, "one run: the curve starts at epoch 0"

    window.send("undo")
    qtbot.waitUntil(lambda: loss.mark_lines() == [], timeout=WAIT_MS)
    window.send("redo")
    qtbot.waitUntil(lambda: [m[0] for m in loss.mark_lines()] == [epoch], timeout=WAIT_MS)
    window.send("set_setting", {"key": "dataset", "value": "xor"})  # a new run: a new curve, no marks
    qtbot.waitUntil(lambda: loss.mark_lines() == [] and window.snapshot.epoch == 0, timeout=WAIT_MS)
