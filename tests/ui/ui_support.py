"""Shared fixtures and helpers for the UI tests (tests/ui).

A plain module rather than a conftest.py: tests/engine imports the root conftest
by its bare name, which a second conftest.py would shadow. Test modules import
the fixtures they use from here.

Every window is a real MainWindow with its real training loop, in a child
process or a thread (the ``transport`` fixture; test modules parametrize it to
run with both). The ``make_window`` fixture checks which transport runs, shuts
each window down in its teardown and checks that the loop ended and never had to
be restarted.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from playground.scenario import Scenario
from playground.settings import Settings
from playground.ui.main_window import MainWindow
from playground.ui.network_items import NODE, Handle
from playground.ui.worker import TRANSPORTS, LocalWorker, default_transport

# The offscreen platform warns about features it lacks (when a dock or tool bar is laid
# out, when a tooltip or popup is raised); pyproject fails tests on Qt warnings, so
# modules ignore exactly these.
OFFSCREEN_NOISE = pytest.mark.qt_log_ignore(r"^This plugin does not support (propagateSizeHints|raise)\(\)$")
WAIT_MS = 15_000


# --- windows ---------------------------------------------------------------------------

BOTH_TRANSPORTS = pytest.mark.parametrize("transport", TRANSPORTS, indirect=True)


@pytest.fixture
def make_window(qtbot, transport):
    """make_window(scenario=None) -> a shown MainWindow that has drawn its first
    snapshot; ``window.problems`` collects what the worker reported."""
    windows: list[MainWindow] = []

    def make(scenario: Scenario | None = None, **settings) -> MainWindow:
        if settings:
            assert scenario is None
            scenario = Scenario(Settings(**settings))
        window = MainWindow(scenario, transport=transport)
        assert_transport(window, transport or default_transport())
        windows.append(window)
        window.problems = []
        window.worker.problem.connect(window.problems.append)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(lambda: window.snapshot is not None, timeout=WAIT_MS)
        qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
        return window

    yield make
    close_windows(windows)
    assert [window.worker.is_alive() for window in windows] == [False] * len(windows), "a loop outlived its window"
    assert worker_children() == [], "no training process is left behind"
    assert [w.worker.restarts for w in windows] == [0] * len(windows), "a training loop died and was restarted"


def close_windows(windows) -> None:
    """A test's windows, at its end. Not closed by qtbot (that comes first, and closing
    a session with unsaved changes asks Save / Discard / Cancel): shut down, then
    closed without asking."""
    for window in windows:
        window.shutdown()
        window.close()
        window.deleteLater()


def assert_transport(window, transport: str) -> None:
    """The window trains where it was asked to: a child process of this one, or a
    thread of this process and no child process at all."""
    worker = window.worker
    assert worker.transport == transport
    if transport == "thread":
        assert worker.process is None and worker.thread.isRunning() and worker_children() == []
    else:
        assert worker.thread is None and worker.process.pid in worker_children()


@pytest.fixture
def window(make_window):
    """The app as it opens: circle, x1 and x2, hidden layers [4, 2], tanh, seed 1."""
    return make_window()


def worker_children() -> list[int]:
    """Process ids of this process's children running the training loop."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == os.getpid() and b"playground.session.process" in cmdline:
            pids.append(int(entry.name))
    return pids


# --- what the window shows and what the engine holds ---------------------------------------

def engine_network(window):
    return window.worker.query("network")


def shown_epoch(window) -> int:
    return int(window.run_bar.epoch.text().replace(",", ""))


def shown_losses(window) -> tuple[float, float]:
    """(test loss, training loss) as the loss panel's numbers show them."""
    text = window.loss_panel.numbers.text().replace("&nbsp;", " ")  # each name is kept with its number
    test = re.search(r"Test loss</b> ([-0-9.e+]+)", text)
    train = re.search(r"Training loss</b> ([-0-9.e+]+)", text)
    assert test and train, text
    return float(test.group(1)), float(train.group(1))


def settle(qtbot, window, pause: bool = True):
    """Pause (unless told not to) and wait until the window draws exactly the
    engine's state; returns the engine's network."""
    if pause:
        window.send("pause")
    net = engine_network(window)
    epoch = window.worker.query("epoch")
    settings = window.worker.query("settings")
    qtbot.waitUntil(lambda: window.snapshot is not None and window.snapshot.network == net
                    and window.snapshot.epoch == epoch and window.snapshot.settings == settings
                    and not window.worker.playing and window.editor.snapshot is window.snapshot, timeout=WAIT_MS)
    return net


def wait_for_engine(qtbot, window, predicate, timeout: int = WAIT_MS):
    """Wait until predicate(engine network) holds; returns that network."""
    found = []

    def check():
        net = engine_network(window)
        if predicate(net):
            found.append(net)
            return True
        return False
    qtbot.waitUntil(check, timeout=timeout)
    return found[-1]


def editor_view_of_network(editor) -> dict:
    """What the editor draws: units per layer, inputs switched on, and every link's and
    bias's value, keyed like the engine's arrays."""
    sizes: dict[int, int] = {}
    for layer, _unit in editor.neurons:
        sizes[layer] = sizes.get(layer, 0) + 1
    return {
        "sizes": [sizes[layer] for layer in sorted(sizes)],
        "inputs": {name for name, item in editor.inputs.items() if item.enabled},
        "weights": {(link.layer, link.row, link.column): link.value for link in editor.links},
        "biases": {(bias.layer - 1, bias.unit): bias.value for bias in editor.biases},
    }


def network_view(net) -> dict:
    """The same as editor_view_of_network, computed from an engine Network."""
    return {
        "sizes": list(net.sizes[1:]),
        "inputs": set(net.inputs),
        "weights": {(layer, r, c): float(net.W(layer)[r, c])
                    for layer in range(net.depth) for r in range(net.W(layer).shape[0])
                    for c in range(net.W(layer).shape[1])},
        "biases": {(layer, r): float(net.b(layer)[r]) for layer in range(net.depth)
                   for r in range(len(net.b(layer)))},
    }


# --- keyboard and mouse ------------------------------------------------------------------

def type_into_line_edit(qtbot, line_edit, text: str) -> None:
    """Click into a line edit (which gives it the focus), replace its text, press Enter."""
    qtbot.mouseClick(line_edit, Qt.MouseButton.LeftButton)
    assert line_edit.hasFocus()
    line_edit.selectAll()
    QTest.keyClicks(line_edit, text)
    QTest.keyClick(line_edit, Qt.Key.Key_Return)


def click_empty_network_view(editor) -> None:
    """Click where the network view shows nothing: the view takes the focus (from a
    line edit, which would take Space and R as text, not as the window's shortcuts)."""
    viewport = editor.viewport().rect()
    for pos in (QPoint(4, 4), QPoint(viewport.width() - 4, 4), QPoint(4, viewport.height() - 4),
                QPoint(viewport.width() - 4, viewport.height() - 4)):
        if not editor.items(pos):
            QTest.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
            assert editor.hasFocus()
            return
    raise AssertionError("no empty corner in the network view")


def view_point(editor, scene_point: QPointF) -> QPoint:
    return editor.mapFromScene(scene_point)


def click_scene(editor, scene_point: QPointF, button=Qt.MouseButton.LeftButton) -> None:
    pos = view_point(editor, scene_point)
    QTest.mouseMove(editor.viewport(), pos)
    QTest.mousePress(editor.viewport(), button, Qt.KeyboardModifier.NoModifier, pos)
    QTest.mouseRelease(editor.viewport(), button, Qt.KeyboardModifier.NoModifier, pos)


def drag_scene(editor, start: QPointF, end: QPointF | QPoint, steps: int = 6) -> None:
    """Press at scene point ``start``, move in steps, release at ``end`` (a scene point,
    or a QPoint in viewport coordinates, which may lie outside the view)."""
    a = view_point(editor, start)
    b = end if isinstance(end, QPoint) else view_point(editor, end)
    viewport = editor.viewport()
    QTest.mouseMove(viewport, a)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    for i in range(1, steps + 1):
        t = i / steps
        QTest.mouseMove(viewport, QPoint(round(a.x() + (b.x() - a.x()) * t), round(a.y() + (b.y() - a.y()) * t)))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)


def center(item) -> QPointF:
    return item.sceneBoundingRect().center()


def neuron_center(editor, layer: int, unit: int) -> QPointF:
    return editor.neurons[(layer, unit)].pos() + QPointF(NODE / 2, NODE / 2)


def column_handles(editor, text: str) -> list:
    """The '+' (or '−') handles above the hidden layers, left to right."""
    handles = [item for item in editor.scene().items()
               if isinstance(item, Handle) and item.text.text() == text
               and item not in (editor.layer_plus, editor.layer_minus)]
    return sorted(handles, key=lambda h: h.pos().x())


def link_point(editor, link) -> QPointF:
    """A point on ``link`` where it is the topmost item, so a click there hits it."""
    for t in np.linspace(0.5, 0.95, 19).tolist() + np.linspace(0.45, 0.05, 9).tolist():
        point = link.path().pointAtPercent(t)
        items = editor.scene().items(point)
        if items and items[0] is link:
            return point
    raise AssertionError(f"no point on {link.name} where it can be clicked")


def find_link(editor, layer: int, row: int, column: int):
    return next(link for link in editor.links if (link.layer, link.row, link.column) == (layer, row, column))


def find_bias(editor, layer: int, unit: int):
    """The bias of neuron ``unit`` in editor layer ``layer`` (1 = first hidden layer)."""
    return next(bias for bias in editor.biases if (bias.layer, bias.unit) == (layer, unit))


def type_into_value_editor(qtbot, editor, text: str) -> None:
    """Type into the inline editor the click opened, through the view (as a keyboard
    does), and press Enter."""
    qtbot.waitUntil(lambda: editor.value_editor() is not None and editor.value_editor().hasFocus(),
                    timeout=WAIT_MS)
    edit = editor.value_editor()
    assert edit.selectedText() == edit.text(), "the current value is selected, so typing replaces it"
    QTest.keyClicks(editor, text)
    assert edit.text() == text
    QTest.keyClick(editor, Qt.Key.Key_Return)


def import_points(qtbot, window, path) -> bool:
    """File ▸ Import Data of ``path``, waited for: True if its points were sent."""
    with qtbot.waitSignal(window.documents.data_import.finished, timeout=WAIT_MS) as read:
        assert window.documents.import_csv(str(path)), "the read starts"
    return read.args[0]


@pytest.fixture
def local_window(qtbot):
    """A window drawing a session of this process: commands apply at once, nothing
    trains unless asked, no training process."""
    windows = []

    def make(scenario=None, **settings):
        worker = LocalWorker(scenario or Scenario(Settings(**settings)))
        window = MainWindow(worker=worker)
        window.problems = []
        window.worker.problem.connect(window.problems.append)
        window.dialogs = []
        window.documents._problem = lambda title, error: window.dialogs.append(f"{title}: {error}")
        windows.append(window)
        return window
    yield make
    close_windows(windows)
