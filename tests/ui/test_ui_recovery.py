"""Recovery loses nothing: a crashed training process restarts from the full last
autosave (data, epoch, history, weights); every orphaned autosave is offered,
newest first with its time and title, and deleted only when the user says so;
one that cannot be loaded is kept, renamed; a process number used again does not
hide an orphan; an unusable data folder turns autosave off instead of stopping
the app."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from ui_support import OFFSCREEN_NOISE, WAIT_MS, close_windows, import_points, make_window, settle  # noqa: F401  (fixtures)

from playground.recovery import Recovery
from playground.scenario import Scenario, save_scenario
from playground.session.loop_commands import FULL_SPEED
from playground.settings import Settings
from playground.ui.main_window import MainWindow
from playground.ui.worker import LocalWorker

pytestmark = OFFSCREEN_NOISE


def _orphan(folder, pid: int, title: str, age: float) -> os.PathLike:
    path = folder / f"autosave-{pid}.json"
    save_scenario(Scenario(Settings(hidden=[pid % 7 + 1]), title=title), path)
    when = time.time() - age
    os.utime(path, (when, when))
    return path


def _dead_pids(count: int) -> list[int]:
    """Numbers of processes that ran and ended."""
    pids = []
    for _ in range(count):
        done = subprocess.Popen(["true"])
        done.wait()
        pids.append(done.pid)
    return pids


def _local(qtbot, folder) -> MainWindow:
    window = MainWindow(worker=LocalWorker(Scenario(Settings())), recovery=Recovery(folder))
    qtbot.addWidget(window)  # an untouched session: closing it asks nothing
    return window


def test_every_orphan_is_offered_newest_first_and_only_discard_deletes(qtbot, tmp_path):
    old, new = _dead_pids(2)
    older = _orphan(tmp_path, old, "Monday's spiral", age=600)
    newer = _orphan(tmp_path, new, "", age=60)
    window = _local(qtbot, tmp_path)
    asked = []
    assert not window.offer_recovery(ask=lambda text: asked.append(text) or "later")
    assert len(asked) == 2 and "Monday's spiral" in asked[1] and "Monday" not in asked[0], "newest first, titled"
    assert older.exists() and newer.exists(), "Later keeps both, for the next start"
    assert not window.offer_recovery(ask=lambda text: "discard")
    assert not older.exists() and not newer.exists()


def test_an_autosave_that_cannot_be_loaded_is_kept_renamed_not_deleted(qtbot, tmp_path, monkeypatch):
    pid, = _dead_pids(1)
    broken = tmp_path / f"autosave-{pid}.json"
    truncated = '{"format": "playground.scenario", "version": 1, "settings": {'
    broken.write_text(truncated)
    window = _local(qtbot, tmp_path)
    monkeypatch.setattr(window.documents, "_problem", lambda title, error: None)  # the dialog naming the problem
    assert not window.offer_recovery(ask=lambda text: "restore")
    kept = list(tmp_path.glob(f"autosave-{pid}.restoring-*.unreadable-*.json"))
    assert len(kept) == 1 and kept[0].read_text() == truncated, "kept whole, under a name that says why"
    assert Recovery(tmp_path).orphans() == [], "not offered again at every start"


def test_an_orphan_whose_process_number_was_used_again_is_offered(qtbot, tmp_path):
    running = subprocess.Popen(["sleep", "30"])  # a live process, started after the autosave was written
    try:
        path = _orphan(tmp_path, running.pid, "reused", age=3600)
        assert Recovery(tmp_path).orphans() == [path]
    finally:
        running.kill()
        running.wait()


def test_an_unusable_data_folder_turns_autosave_off_and_the_app_starts(qtbot, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    window = MainWindow(worker=LocalWorker(Scenario(Settings())), recovery=Recovery(blocker / "data"))
    assert window.documents.recovery is None and "a-file/data" in window.documents.unusable_folder
    window.send("add_neuron", {"layer": 0})
    assert window.worker.query("network").sizes == (2, 5, 2, 1), "the app works on"
    close_windows([window])


def test_a_killed_training_process_restarts_from_the_last_autosave_with_imported_data(
        qtbot, make_window, monkeypatch, tmp_path):
    monkeypatch.setenv("PLAYGROUND_AUTOSAVE_SECONDS", "0.2")
    csv = tmp_path / "mine.csv"
    rng = np.random.default_rng(5)
    csv.write_text("x1,x2,label\n" + "".join(f"{x:.3f},{y:.3f},{int(x > y)}\n" for x, y in rng.uniform(-5, 5, (60, 2))))
    window = make_window()  # training in a process of its own (the default)
    assert import_points(qtbot, window, csv)
    window.run_bar.speed.setValue(FULL_SPEED)
    QTest.keyClick(window.editor, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.snapshot.epoch >= 40, timeout=WAIT_MS)
    QTest.keyClick(window.editor, Qt.Key.Key_Space)
    settle(qtbot, window)
    before = window.worker.query("scenario")
    autosave = window.documents.recovery.path

    def autosaved() -> bool:
        try:
            return json.loads(autosave.read_text())["state"]["epoch"] == before.state["epoch"]
        except (OSError, ValueError, KeyError):
            return False
    qtbot.waitUntil(autosaved, timeout=WAIT_MS)
    assert window.worker.process is not None, "a training process to kill"
    os.kill(window.worker.process.pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: window.worker.restarts == 1 and window.snapshot.epoch == before.state["epoch"]
                    and window.snapshot.own_data, timeout=WAIT_MS)
    assert any("restarted from the session autosaved at" in p for p in window.problems)
    after = window.worker.query("scenario")
    assert after.state["epoch"] == before.state["epoch"]
    assert after.data.points.tolist() == before.data.points.tolist(), "the imported points survive"
    assert after.state["history"]["train_loss"] == before.state["history"]["train_loss"]
    assert np.array_equal(after.network.params, before.network.params)
    assert window.undo_stack.count() == 0, "the Edit menu's undo matches the new loop's (none)"
    qtbot.waitUntil(autosaved, timeout=WAIT_MS)  # and the autosave on disk still holds them
    window.worker.restarts = 0  # this test killed it on purpose: the fixture checks for unplanned restarts
