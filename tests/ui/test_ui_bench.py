"""The in-app figures of `playground bench`: the real window, offscreen, playing a
workload with training in a child process and in a thread. Only that the figures
exist and are measured, never how fast."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys

from ui_support import OFFSCREEN_NOISE, worker_children

from playground.bench import WORKLOADS
from playground.ui.app_bench import measure_app

pytestmark = OFFSCREEN_NOISE


def test_measure_app_reports_each_workloads_figures(qapp):
    assert worker_children() == []
    results = measure_app(WORKLOADS[:1], seconds=1.0)
    assert [r["name"] for r in results] == ["W1"]
    (w1,) = results
    assert w1["transport"] == "process"
    assert w1["epochs_per_s"] > 0, "the window trained while it was measured"
    assert w1["frames_per_s"] > 0, "and drew frames"
    late = w1["timer_p99_late_ms"]
    assert isinstance(late, float) and math.isfinite(late) and late >= 0
    assert 0 <= w1["timer_median_late_ms"] <= late
    assert 0.8 <= w1["seconds"] < 10, "about the second asked for (Qt's coarse timers may fire a little early)"
    assert worker_children() == [], "measure_app shut its window's training process down"


def test_bench_json_has_in_window_figures_for_both_transports():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-m", "playground", "bench", "--json", "--app-seconds", "0.5",
                          "--repeat", "1", "--seconds", "0.1"], capture_output=True, text=True, env=env,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    results = json.loads(out.stdout)
    imports = results["import"]
    assert [(i["points"], i["transport"]) for i in imports] == [(100_000, "process"), (100_000, "thread")]
    for figures in imports:  # measured, not judged: the ~100 ms bound is read from the note, not asserted
        assert figures["seconds_until_shown"] > 0 and 0 <= figures["timer_p99_late_ms"] <= \
            figures["timer_max_late_ms"], figures
    app = results["app"]
    assert sorted((a["name"], a["transport"]) for a in app) == [
        ("W1", "process"), ("W1", "thread"), ("W2", "process"), ("W2", "thread")]
    for figures in app:
        assert figures["epochs_per_s"] > 0 and figures["frames_per_s"] > 0, figures
        assert math.isfinite(figures["timer_p99_late_ms"]), figures
