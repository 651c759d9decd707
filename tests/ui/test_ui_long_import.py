"""Importing 100,000 points froze the window for 5.6 s: the file was read on the GUI
thread, and every point got its own brush in the plot. Now File ▸ Import Data reads
in a background thread while the window goes on answering, Esc cancels a read
under way, and opening another session drops it. (How long the GUI is held is
measured by `playground bench`'s import entry, not asserted here.)"""

from __future__ import annotations

import threading

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog
from ui_support import OFFSCREEN_NOISE, WAIT_MS, make_window, window  # noqa: F401  (fixtures)

from playground import csv_data
from playground.engine.data import MAX_POINTS
from playground.ui import data_import
from playground.ui.boundary_plot import BoundaryPlot

pytestmark = OFFSCREEN_NOISE


def _held_reader(monkeypatch):
    """read_cells held until the test lets it go; it notes the thread it ran in."""
    release, threads = threading.Event(), []

    def held(path):
        threads.append(threading.current_thread())
        assert release.wait(WAIT_MS / 1000)
        return csv_data.read_cells(path)
    monkeypatch.setattr(data_import, "read_cells", held)
    return release, threads


def _menu_import(window, monkeypatch, path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), "CSV (*.csv)"))
    action = next(a for a in window.findChildren(type(window.escape_action)) if a.text() == "&Import Data (CSV)…")
    action.trigger()


def _csv(tmp_path, rows: int):
    rng = np.random.default_rng(1)
    points = rng.uniform(-6, 6, (rows, 2))
    path = tmp_path / "mine.csv"
    path.write_text("x1,x2,label\n" + "".join(f"{x:.4f},{y:.4f},{int(x * y > 0)}\n" for x, y in points))
    return path


def test_importing_100000_points_reads_off_the_gui_thread_while_the_window_answers(qtbot, window, monkeypatch,
                                                                                    tmp_path):
    path = _csv(tmp_path, MAX_POINTS)
    release, threads = _held_reader(monkeypatch)
    with qtbot.waitSignal(window.documents.data_import.finished, timeout=WAIT_MS) as read:
        _menu_import(window, monkeypatch, path)
        qtbot.waitUntil(lambda: bool(threads), timeout=WAIT_MS)
        assert threads[0] is not threading.main_thread(), "read in a thread of its own"
        assert "Reading mine.csv" in window.statusBar().currentMessage()
        window.send("add_neuron", {"layer": 0})  # the window and its session go on meanwhile
        qtbot.waitUntil(lambda: window.snapshot.network.sizes == (2, 5, 2, 1), timeout=WAIT_MS)
        release.set()
    assert read.args == [True]
    qtbot.waitUntil(lambda: window.snapshot.own_data, timeout=WAIT_MS)
    data = window.snapshot.data
    assert len(data.train) + len(data.test) == MAX_POINTS and "100,000 rows: 2 inputs (x1, x2)" in \
        window.statusBar().currentMessage()


def test_esc_cancels_a_read_under_way_and_its_points_never_arrive(qtbot, window, monkeypatch, tmp_path):
    release, threads = _held_reader(monkeypatch)
    before = window.snapshot.data_version
    _menu_import(window, monkeypatch, _csv(tmp_path, 50))
    qtbot.waitUntil(lambda: bool(threads), timeout=WAIT_MS)
    assert window.escape_action.isEnabled(), "Esc cancels while a file is being read"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    QTest.keyClick(window.editor, Qt.Key.Key_Escape)
    assert window.documents.data_import.reading is None and "cancelled" in window.statusBar().currentMessage()
    assert not window.escape_action.isEnabled()
    release.set()
    qtbot.wait(300)
    window.worker.query("epoch")  # everything sent so far has been taken
    qtbot.wait(100)
    assert window.snapshot.data_version == before and not window.snapshot.own_data


def test_opening_another_session_drops_a_read_under_way(qtbot, window, monkeypatch, tmp_path):
    release, threads = _held_reader(monkeypatch)
    _menu_import(window, monkeypatch, _csv(tmp_path, 50))
    qtbot.waitUntil(lambda: bool(threads), timeout=WAIT_MS)
    assert window.documents.new_session()
    release.set()
    qtbot.wait(300)
    window.worker.query("epoch")
    qtbot.wait(100)
    assert not window.snapshot.own_data and window.undo_stack.count() == 0


def test_the_plot_draws_100000_points_with_a_brush_per_colour_not_per_point(qtbot, window, tmp_path):
    counts = []
    plot: BoundaryPlot = window.output_plot
    path = _csv(tmp_path, 20_000)
    with qtbot.waitSignal(window.documents.data_import.finished, timeout=WAIT_MS):
        window.documents.import_csv(str(path))
    qtbot.waitUntil(lambda: window.snapshot.own_data, timeout=WAIT_MS)
    for item in (plot.train_points, plot.test_points):
        brushes = {id(b) for b in item.data["brush"]}
        counts.append(len(brushes))
    assert counts == [2, 2], "one shared brush per class colour: 5,000 fresh brushes took a second"
