"""In-app figures for `playground bench`: the real main window, offscreen, playing
W1 and W2 at full speed with every view redrawing.

Measured in one run per workload: epochs per second of training, frames the GUI
drew per second, and how late a 16 ms timer in the GUI thread fires (its 99th
percentile), which is what a user feels as stutter.
"""

from __future__ import annotations

import os
import statistics
import time

import numpy as np


def measure_app(workloads, seconds: float = 3.0) -> list[dict]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QTimer

    from playground.scenario import Scenario
    from playground.settings import Settings
    from playground.ui.app import make_application
    from playground.ui.main_window import MainWindow

    app = make_application()
    results = []
    for w in workloads:
        settings = Settings(dataset=w.dataset, inputs=list(w.inputs), hidden=list(w.hidden),
                            batch_size=w.batch_size, learning_rate=0.03, activation="tanh",
                            output_activation="tanh", loss="half_se", init="tfp", seed=1)
        window = MainWindow(Scenario(settings))
        window.show()
        lateness, clock = [], QElapsedTimer()
        timer = QTimer()
        timer.setInterval(16)

        def on_tick():
            lateness.append(max(0.0, clock.nsecsElapsed() / 1e6 - 16.0))
            clock.restart()
        timer.timeout.connect(on_tick)

        _spin(app, 0.5)  # the window is drawn and the worker has published
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
        window.shutdown()
        window.close()
        window.deleteLater()
        _spin(app, 0.2)
        results.append({
            "name": w.name, "epochs_per_s": round(epochs / elapsed, 1),
            "frames_per_s": round(frames / elapsed, 1),
            "timer_p99_late_ms": round(float(np.percentile(lateness, 99)), 2) if lateness else None,
            "timer_median_late_ms": round(statistics.median(lateness), 2) if lateness else None,
            "seconds": round(elapsed, 2),
        })
    return results


def _spin(app, seconds: float) -> None:
    """Run the real event loop for ``seconds``."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()
