"""Scrubbing a weight or a bias in the network view (value_scrub.py), with real
mouse and wheel events: the value follows the pointer, the output plot, the
neurons' pictures and a 1-D problem's curves follow the value at each step, and
one Edit ▸ Undo takes a whole drag (or a burst of wheel turns) back."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from ui_support import (  # noqa: F401  (fixtures)
    BOTH_TRANSPORTS,
    OFFSCREEN_NOISE,
    WAIT_MS,
    center,
    engine_network,
    find_bias,
    find_link,
    link_point,
    make_window,
    settle,
    view_point,
    wait_for_engine,
)

from playground.ui.value_scrub import PIXEL_STEP, WHEEL_PAUSE_MS, WHEEL_STEP

pytestmark = OFFSCREEN_NOISE
SHIFT, CTRL, NONE = (Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.ControlModifier,
                     Qt.KeyboardModifier.NoModifier)
LEFT = Qt.MouseButton.LeftButton


def _move(editor, pos: QPoint, modifiers=NONE) -> None:
    """A move with the left button held (and modifier keys, which QTest.mouseMove cannot give)."""
    viewport = editor.viewport()
    event = QMouseEvent(QEvent.Type.MouseMove, QPointF(pos), QPointF(viewport.mapToGlobal(pos)),
                        Qt.MouseButton.NoButton, LEFT, modifiers)
    QApplication.sendEvent(viewport, event)


def _wheel(editor, scene_point: QPointF, notches: float = 1, modifiers=NONE) -> None:
    viewport = editor.viewport()
    pos = QPointF(view_point(editor, scene_point))
    event = QWheelEvent(pos, QPointF(viewport.mapToGlobal(pos)), QPoint(0, 0), QPoint(0, round(120 * notches)),
                        Qt.MouseButton.NoButton, modifiers, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(viewport, event)


def _drawn(qtbot, window, check):
    """Wait until the window has drawn a snapshot whose network passes ``check``."""
    qtbot.waitUntil(lambda: window.snapshot is not None and window.editor.snapshot is window.snapshot
                    and check(window.snapshot.network), timeout=WAIT_MS)
    return window.snapshot


def _thumbnail(editor, layer: int, unit: int):
    item = editor.neurons[(layer, unit)]
    return item.image.pixmap().toImage().copy(), item.curve.path()


def _undo(qtbot, window, entries: int) -> None:
    """Edit ▸ Undo, the window's own action, once there are ``entries`` edits to undo."""
    qtbot.waitUntil(lambda: window.undo_stack.count() == entries, timeout=WAIT_MS)
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()


@BOTH_TRANSPORTS
def test_dragging_a_weight_follows_the_pointer_live_and_one_undo_takes_the_drag_back(qtbot, make_window):
    window = make_window()  # circle, x1 and x2, hidden [4, 2]: the output is an image of the plane
    editor = window.editor
    before = settle(qtbot, window)
    link = find_link(editor, 0, 0, 0)  # x1 → h1,1: W(0)[0, 0]
    start, point = link.value, view_point(editor, link_point(editor, link))
    assert link.cursor().shape() == Qt.CursorShape.SizeHorCursor
    QTest.mouseMove(editor.viewport(), QPoint(2, 2))
    QTest.mouseMove(editor.viewport(), point)  # hovered: its tooltip is written
    assert f"{PIXEL_STEP:g} a pixel" in link.toolTip() and "Shift" in link.toolTip() and "Ctrl" in link.toolTip()
    image, thumb = window.output_plot.image.image.copy(), _thumbnail(editor, 1, 0)[0]
    entries = window.undo_stack.count()
    QTest.mousePress(editor.viewport(), LEFT, NONE, point)
    for i in range(1, 5):  # 25 px sideways, four times: 0.25 each
        QTest.mouseMove(editor.viewport(), point + QPoint(25 * i, 3))
        expected = start + 25 * i * PIXEL_STEP
        snap = _drawn(qtbot, window, lambda n, e=expected: abs(n.W(0)[0, 0] - e) < 0.006)
        assert snap.network.W(0)[0, 0] == round(snap.network.W(0)[0, 0], 2), "to the step's decimals"
        assert engine_network(window).W(0)[0, 0] == snap.network.W(0)[0, 0]
        assert not np.array_equal(window.output_plot.image.image, image), f"the output image follows ({i})"
        assert _thumbnail(editor, 1, 0)[0] != thumb, f"h1,1's picture follows ({i})"
        image, thumb = window.output_plot.image.image.copy(), _thumbnail(editor, 1, 0)[0]
        assert window.undo_stack.count() == entries, "passing values are not edits"
    QTest.mouseRelease(editor.viewport(), LEFT, NONE, point + QPoint(100, 3))
    final = engine_network(window).W(0)[0, 0]
    assert abs(final - (start + 1.0)) < 0.006
    _undo(qtbot, window, entries + 1)
    assert window.undo_stack.undoText() == ""
    assert window.undo_stack.redoText() == f"Set a weight of layer 1 to {final:g}"
    assert wait_for_engine(qtbot, window, lambda n: n.W(0)[0, 0] == start) == before, "exactly as before the drag"
    assert editor.value_editor() is None, "a drag does not open the typing field"
    assert window.problems == []


def _near(expected: float, step: float):
    """The drawn value is ``expected`` to the step's decimals."""
    return lambda n: abs(n - expected) <= step / 2 + 1e-9


def test_on_a_function_the_curve_and_each_units_contribution_follow_the_drag(qtbot, make_window):
    window = make_window(problem="function", dataset="sine", inputs=["x"], hidden=[3], activation="relu")
    editor, plot = window.editor, window.output_plot
    before = settle(qtbot, window)
    link = find_link(editor, 0, 1, 0)  # x → h1,2: W(0)[1, 0]
    start, point = link.value, view_point(editor, link_point(editor, link))
    QTest.mouseMove(editor.viewport(), point)
    QTest.mousePress(editor.viewport(), LEFT, NONE, point)
    raw, x = start, 0
    # 30 px left (0.01 a pixel), 6 more with Ctrl (0.1 a pixel), then 40 back with Shift (0.001 a pixel)
    for dx, modifiers, step in ((-30, NONE, PIXEL_STEP), (-6, CTRL, PIXEL_STEP * 10), (40, SHIFT, PIXEL_STEP / 10)):
        curve, unit = plot.function_curve.getData()[1].copy(), plot.contribution_curves[1].getData()[1].copy()
        other, path = plot.contribution_curves[0].getData()[1].copy(), _thumbnail(editor, 1, 1)[1]
        x, raw = x + dx, raw + dx * step
        _move(editor, point + QPoint(x, 0), modifiers)
        snap = _drawn(qtbot, window, lambda n, r=raw, s=step: _near(r, s)(n.W(0)[1, 0]))
        assert snap.network.W(0)[1, 0] == round(snap.network.W(0)[1, 0], round(-np.log10(step)))
        assert not np.allclose(plot.function_curve.getData()[1], curve), f"the network's curve follows ({dx})"
        assert not np.allclose(plot.contribution_curves[1].getData()[1], unit), f"h1,2's contribution follows ({dx})"
        assert np.array_equal(plot.contribution_curves[0].getData()[1], other), "h1,1's stays: not its weight"
        assert _thumbnail(editor, 1, 1)[1] != path, f"h1,2's curve in the network follows ({dx})"
    QTest.mouseRelease(editor.viewport(), LEFT, NONE, point + QPoint(x, 0))
    _undo(qtbot, window, 1)
    assert wait_for_engine(qtbot, window, lambda n: n.W(0)[1, 0] == start) == before
    assert window.problems == []


def test_the_wheel_over_a_bias_scrubs_it_and_a_burst_of_turns_is_one_undo_step(qtbot, make_window):
    window = make_window()
    editor = window.editor
    before = settle(qtbot, window)
    bias = find_bias(editor, 2, 1)  # h2,2: b(1)[1]
    start, raw = bias.value, bias.value
    assert bias.cursor().shape() == Qt.CursorShape.SizeHorCursor
    for notches, modifiers, step in ((1, NONE, WHEEL_STEP), (2, NONE, WHEEL_STEP), (1, SHIFT, WHEEL_STEP / 10),
                                     (-1, CTRL, WHEEL_STEP * 10)):
        raw += notches * step
        _wheel(editor, center(bias), notches, modifiers)
        snap = _drawn(qtbot, window, lambda n, r=raw, s=step: _near(r, s)(n.b(1)[1]))
        assert engine_network(window).b(1)[1] == snap.network.b(1)[1] != start
        assert window.undo_stack.count() == 0, "not before the wheel rests"
    final = engine_network(window).b(1)[1]
    _undo(qtbot, window, 1)  # once the wheel has rested for WHEEL_PAUSE_MS
    assert window.undo_stack.redoText() == f"Set a bias of layer 2 to {final:g}"
    assert wait_for_engine(qtbot, window, lambda n: n.b(1)[1] == start) == before
    assert WHEEL_PAUSE_MS < 1000 and window.problems == []


def test_values_the_session_has_not_drawn_yet_wait_and_only_the_latest_goes(qtbot, make_window):
    window = make_window()
    editor = window.editor
    settle(qtbot, window)
    sent = []
    editor.command.connect(lambda name, args: sent.append((name, args)))
    link = find_link(editor, 1, 1, 2)  # h1,3 → h2,2: W(1)[1, 2]
    start, point = link.value, view_point(editor, link_point(editor, link))
    QTest.mouseMove(editor.viewport(), point)
    QTest.mousePress(editor.viewport(), LEFT, NONE, point)
    for i in range(1, 11):  # ten moves faster than any frame: no event is handled between them
        _move(editor, point + QPoint(10 * i, 0))
    assert [name for name, _ in sent] == ["preview"], "one value on its way; the others wait"
    assert abs(sent[0][1]["args"]["value"] - (start + 0.1)) < 0.006
    last = round(start + 1.0, 2)
    _drawn(qtbot, window, lambda n: abs(n.W(1)[1, 2] - last) < 0.006)
    assert [name for name, _ in sent] == ["preview", "preview"], "then only the latest: nine are dropped"
    QTest.mouseRelease(editor.viewport(), LEFT, NONE, point + QPoint(100, 0))
    assert sent[-1][0] == "set_weight" and sent[-1][1]["value"] == sent[-2][1]["args"]["value"]
    assert sent[-1][1]["drag"] == sent[0][1]["drag"], "the drag's end names the drag"


@BOTH_TRANSPORTS
def test_a_weight_can_be_dragged_while_training_runs(qtbot, make_window):
    # training takes the weight back towards where it pulls it: a small rate, so each
    # frame's drift stays well below the drag's steps
    window = make_window(learning_rate=0.001)
    editor = window.editor
    settle(qtbot, window)
    link = find_link(editor, 0, 1, 1)  # x2 → h1,2: W(0)[1, 1]
    point = view_point(editor, link_point(editor, link))
    window.send("play")
    qtbot.waitUntil(lambda: window.snapshot.epoch >= 20, timeout=WAIT_MS)
    start, epoch = link.value, window.snapshot.epoch
    QTest.mouseMove(editor.viewport(), point)
    QTest.mousePress(editor.viewport(), LEFT, NONE, point)
    for i in (1, 2):  # 0.5 a step: far more than training moves it meanwhile
        QTest.mouseMove(editor.viewport(), point + QPoint(50 * i, 0))
        _drawn(qtbot, window, lambda n, e=start + 0.5 * i: abs(n.W(0)[1, 1] - e) < 0.1)
    qtbot.waitUntil(lambda: window.snapshot.epoch > epoch + 5, timeout=WAIT_MS)  # the button still held
    assert window.worker.playing and window.undo_stack.count() == 0
    epoch = window.snapshot.epoch
    QTest.mouseRelease(editor.viewport(), LEFT, NONE, point + QPoint(100, 0))
    qtbot.waitUntil(lambda: window.undo_stack.count() == 1, timeout=WAIT_MS)
    settle(qtbot, window)  # paused
    _undo(qtbot, window, 1)
    back = wait_for_engine(qtbot, window, lambda n: abs(n.W(0)[1, 1] - start) < 0.1)
    assert window.worker.query("epoch") < epoch, "back to the state before the drag, its epoch too"
    assert abs(back.W(0)[1, 1] - (start + 1.0)) > 0.8
    assert window.problems == []


def test_a_drag_whose_network_changed_shape_under_it_is_dropped(qtbot, make_window):
    window = make_window()
    editor = window.editor
    before = settle(qtbot, window)
    sent = []
    editor.command.connect(lambda name, args: sent.append(name))
    point = view_point(editor, link_point(editor, find_link(editor, 0, 0, 0)))
    assert QApplication.overrideCursor() is None
    QTest.mouseMove(editor.viewport(), point)
    QTest.mousePress(editor.viewport(), LEFT, NONE, point)
    QTest.mouseMove(editor.viewport(), point + QPoint(30, 0))
    assert QApplication.overrideCursor().shape() == Qt.CursorShape.SizeHorCursor, "the whole drag long"
    window.send("add_neuron", {"layer": 1, "sizes": list(before.sizes)})  # as a lesson or a second hand might
    qtbot.waitUntil(lambda: len(editor.neurons) == 8, timeout=WAIT_MS)
    QTest.mouseMove(editor.viewport(), point + QPoint(60, 0))
    QTest.mouseRelease(editor.viewport(), LEFT, NONE, point + QPoint(60, 0))
    assert sent == ["preview"] and not editor.scrub.active and QApplication.overrideCursor() is None
    qtbot.waitUntil(lambda: window.undo_stack.count() == 1, timeout=WAIT_MS)
    assert window.undo_stack.undoText() == "Add a neuron to layer 2" and window.problems == []
