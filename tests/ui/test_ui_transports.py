"""Where training runs: a child process or a thread, chosen by `--trainer`, by the
platform (no pass_fds: the thread), by a free-threaded Python (the thread); and
a bug inside a command shown as an internal error while the session goes on."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from ui_support import (  # noqa: F401  (fixtures)
    BOTH_TRANSPORTS,
    OFFSCREEN_NOISE,
    WAIT_MS,
    make_window,
    shown_epoch,
    worker_children,
)

import playground.ui.worker as worker_module
from playground.session.error_log import LOG_NAME

pytestmark = OFFSCREEN_NOISE


def test_without_pass_fds_the_window_trains_in_a_thread(qtbot, make_window, monkeypatch):
    monkeypatch.setattr(worker_module, "PASS_FDS_SUPPORTED", False)
    assert worker_module.default_transport() == "thread"
    window = make_window()  # the default transport, which is now the thread (make_window checks it)
    assert window.worker.transport == "thread" and worker_children() == []
    QTest.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown_epoch(window) >= 5, timeout=WAIT_MS)
    assert worker_children() == [], "no child process, ever"


def test_even_when_asked_for_a_process_a_platform_without_pass_fds_gets_the_thread(qtbot, monkeypatch):
    from playground.ui.worker import TrainingWorker

    monkeypatch.setattr(worker_module, "PASS_FDS_SUPPORTED", False)
    worker = TrainingWorker(transport="process")
    try:
        assert worker.transport == "thread" and worker.process is None and worker.is_alive()
        assert worker.query("epoch") == 0
    finally:
        worker.stop()
    assert not worker.is_alive()


def test_a_free_threaded_python_defaults_to_the_thread(monkeypatch):
    monkeypatch.setattr(sys, "_is_gil_enabled", lambda: False, raising=False)
    assert worker_module.gil_disabled() and worker_module.default_transport() == "thread"
    monkeypatch.setattr(sys, "_is_gil_enabled", lambda: True, raising=False)
    assert worker_module.default_transport() == worker_module.DEFAULT_TRANSPORT == "process"


def test_an_unknown_transport_is_refused():
    with pytest.raises(ValueError, match="transport"):
        worker_module.TrainingWorker(transport="carrier pigeon")


def _shows_the_internal_error(qtbot, window, command: str, error: str) -> None:
    """The dialog says it, with the report logged; the session answers and edits as before."""
    log = Path(os.environ["PLAYGROUND_DATA_DIR"]) / LOG_NAME
    dialog = window.internal_error_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    assert dialog.summary.text().startswith(f"Internal error in command '{command}'")
    report = dialog.report.toPlainText()
    assert error in report and "Traceback (most recent call last)" in report
    assert report in log.read_text(), "the report is in the log file"
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == report
    assert window.worker.query("epoch") == 0 and window.worker.restarts == 0, "the session is still there"
    window.send("set_weight", {"layer": 0, "row": 2, "column": 0, "value": 1.5, "sizes": [2, 3, 1]})
    qtbot.waitUntil(lambda: window.worker.query("network").W(0)[2, 0] == 1.5, timeout=WAIT_MS)
    dialog.reject()


@BOTH_TRANSPORTS
def test_a_bug_in_a_command_is_an_internal_error_and_the_session_answers(qtbot, make_window, transport):
    window = make_window(hidden=[3])
    window.send("add_neuron", {"layr": 0, "sizes": [2, 3, 1]})  # the window never sends this: a bug
    _shows_the_internal_error(qtbot, window, "add_neuron", "TypeError")


@pytest.mark.parametrize("transport", ["thread"], indirect=True)
def test_an_index_error_raised_inside_a_command_is_an_internal_error(qtbot, make_window, transport, monkeypatch):
    from playground.engine.network import Network

    def broken(network, layer, rng):
        raise IndexError("a bug deliberately raised inside add_neuron")

    monkeypatch.setattr(Network, "with_neuron_added", broken)  # the thread shares this process's classes
    window = make_window(hidden=[3])
    window.send("add_neuron", {"layer": 0, "sizes": [2, 3, 1]})
    _shows_the_internal_error(qtbot, window, "add_neuron", "IndexError: a bug deliberately raised")


def test_the_thread_lowers_the_switch_interval_only_while_it_trains():
    from playground.ui.worker import THREAD_SWITCH_INTERVAL, TrainingWorker

    before = sys.getswitchinterval()
    worker = TrainingWorker(transport="thread")
    try:
        assert sys.getswitchinterval() == pytest.approx(THREAD_SWITCH_INTERVAL) and THREAD_SWITCH_INTERVAL < before
    finally:
        worker.stop()
    assert sys.getswitchinterval() == before
