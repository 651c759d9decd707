"""In-app figures for `playground bench`: the real main window, offscreen, playing
W1 and W2 at full speed with every view redrawing, with the training loop in a
child process or in a thread (``transport``).

Measured in one run per workload: epochs per second of training, frames the GUI
drew per second, and how late a 16 ms timer in the GUI thread fires (its 99th
percentile), which is what a user feels as stutter.
"""

from __future__ import annotations

import os
import statistics
import time

import numpy as np


def _offscreen() -> None:
    """The offscreen platform, without its notes on what it lacks on stderr (bench prints figures)."""
    from playground.ui.render import quiet_offscreen_notes

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    quiet_offscreen_notes()


def measure_app(workloads, seconds: float = 3.0, transport: str = "process") -> list[dict]:
    _offscreen()
    from PySide6.QtCore import QElapsedTimer, QTimer

    from playground.session.loop_commands import FULL_SPEED
    from playground.ui.app import make_application
    from playground.ui.main_window import MainWindow

    app = make_application()
    results = []
    for w in workloads:
        window = MainWindow(_scenario(w), transport=transport)
        window.show()
        lateness, clock = [], QElapsedTimer()
        timer = QTimer()
        timer.setInterval(16)
        timer.timeout.connect(lambda lateness=lateness, clock=clock: _tick(lateness, clock))

        _spin(app, 0.5)  # the window is drawn and the loop has published
        window.send("set_speed", {"speed": FULL_SPEED})  # whatever the window's default pace
        window.send("play")
        _spin(app, 0.5)  # warm up
        start_epoch, start, start_frames = window.snapshot.epoch, time.perf_counter(), window.frames_drawn
        clock.start()
        timer.start()
        _spin(app, seconds)
        timer.stop()
        elapsed = time.perf_counter() - start
        epochs = window.snapshot.epoch - start_epoch
        frames = window.frames_drawn - start_frames
        _close(app, window)
        results.append({
            "name": w.name, "transport": window.worker.transport, "epochs_per_s": round(epochs / elapsed, 1),
            "frames_per_s": round(frames / elapsed, 1),
            "timer_p99_late_ms": round(float(np.percentile(lateness, 99)), 2) if lateness else None,
            "timer_median_late_ms": round(statistics.median(lateness), 2) if lateness else None,
            "seconds": round(elapsed, 2),
        })
    return results


def measure_import(points: int, transport: str = "process") -> dict:
    """File ▸ Import Data of a CSV of ``points`` points in the real window (offscreen):
    how late a 16 ms GUI timer fires while the file is read, sent and drawn (its
    worst and 99th percentile), and how long until the points are on the plot."""
    import tempfile

    _offscreen()
    from PySide6.QtCore import QElapsedTimer, QTimer

    from playground.files import write_atomic
    from playground.ui.app import make_application
    from playground.ui.main_window import MainWindow

    app = make_application()
    rng = np.random.default_rng(0)
    xy = rng.uniform(-6, 6, (points, 2))
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "points.csv")
        write_atomic(path, "x1,x2,label\n" + "".join(f"{x:.6f},{y:.6f},{int(x * y > 0)}\n" for x, y in xy))
        window = MainWindow(None, transport=transport)
        window.show()
        _spin(app, 0.5)
        lateness, clock, timer = [], QElapsedTimer(), QTimer()
        timer.setInterval(16)
        timer.timeout.connect(lambda: _tick(lateness, clock))
        clock.start()
        timer.start()
        start = time.perf_counter()
        window.documents.import_csv(path)
        while not window.snapshot.own_data and time.perf_counter() - start < 60:
            _spin(app, 0.01)
        shown = time.perf_counter() - start
        _spin(app, 0.3)  # the frames after it
        timer.stop()
        _close(app, window)
    return {"points": points, "transport": window.worker.transport, "seconds_until_shown": round(shown, 2),
            "timer_max_late_ms": round(max(lateness), 1), "timer_p99_late_ms":
            round(float(np.percentile(lateness, 99)), 1), "target_max_late_ms": 100}


def _close(app, window) -> None:
    """The measured window shut down (its training loop too) and gone: deleted now, not
    when a later measurement's event loop gets to it (a window's deletion, some 30-80
    ms of the GUI thread, was counted as the next import's lateness)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    window.shutdown()
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    _spin(app, 0.2)


def _tick(lateness: list, clock) -> None:
    """A 16 ms timer fired: how late."""
    lateness.append(max(0.0, clock.nsecsElapsed() / 1e6 - 16.0))
    clock.restart()


def measure_memory(workload, epochs: int = 10_000, limit_seconds: float = 600.0) -> dict:
    """The real window playing ``workload`` (offscreen) until ``epochs`` epochs: how
    much the GUI's and the training process's resident memory grew, and what the
    time travel checkpoints hold then."""
    _offscreen()
    from playground.ui.app import make_application
    from playground.ui.main_window import MainWindow

    app = make_application()
    window = MainWindow(_scenario(workload))
    window.show()
    _spin(app, 1.0)
    process = window.worker.process.pid
    before = (_rss_mb(os.getpid()), _rss_mb(process))
    window.send("play")
    start = time.perf_counter()
    while window.snapshot.epoch < epochs and time.perf_counter() - start < limit_seconds:
        _spin(app, 0.2)
    window.send("pause")
    _spin(app, 0.5)
    after = (_rss_mb(os.getpid()), _rss_mb(process))
    spacing, count, nbytes = window.worker.query("timeline")
    trained = window.snapshot.epoch
    _close(app, window)
    growth = [None if b is None or a is None else round(a - b, 1) for b, a in zip(before, after)]
    return {"name": workload.name, "epochs": trained, "gui_mb": [before[0], after[0]],
            "training_process_mb": [before[1], after[1]], "growth_mb": growth,
            "checkpoints": count, "checkpoint_spacing": spacing, "checkpoints_mb": round(nbytes / 2**20, 1)}


def _rss_mb(pid: int) -> float | None:
    """Resident memory of a process in MB (Linux; None elsewhere)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def _scenario(w):
    from playground.scenario import Scenario
    from playground.settings import Settings

    return Scenario(Settings(dataset=w.dataset, inputs=list(w.inputs), hidden=list(w.hidden),
                             batch_size=w.batch_size, learning_rate=0.03, activation="tanh",
                             output_activation="tanh", loss="half_se", init="tfp", seed=1))


def _spin(app, seconds: float) -> None:
    """Run the real event loop for ``seconds``."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()
