"""The in-app figures of `playground bench`: the real window, offscreen, playing a
workload. Only that the figures exist and are measured, never how fast."""

from __future__ import annotations

import math

from ui_support import OFFSCREEN_NOISE, worker_children

from playground.bench import WORKLOADS
from playground.ui.app_bench import measure_app

pytestmark = OFFSCREEN_NOISE


def test_measure_app_reports_each_workloads_figures(qapp):
    assert worker_children() == []
    results = measure_app(WORKLOADS[:1], seconds=1.0)
    assert [r["name"] for r in results] == ["W1"]
    (w1,) = results
    assert w1["epochs_per_s"] > 0, "the window trained while it was measured"
    assert w1["frames_per_s"] > 0, "and drew frames"
    late = w1["timer_p99_late_ms"]
    assert isinstance(late, float) and math.isfinite(late) and late >= 0
    assert 0 <= w1["timer_median_late_ms"] <= late
    assert 0.8 <= w1["seconds"] < 10, "about the second asked for (Qt's coarse timers may fire a little early)"
    assert worker_children() == [], "measure_app shut its window's training process down"
