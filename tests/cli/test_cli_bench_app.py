"""The in-app part of `playground bench`: one measure_app call per transport, every
entry in the JSON's app list and a table row naming its transport. measure_app is
replaced by a fake here (the real window is measured in tests/ui)."""

from __future__ import annotations

import sys
import types

import pytest
from cli_support import run

from playground import bench


@pytest.fixture
def fake_app_bench(monkeypatch):
    """playground.ui.app_bench with a measure_app that records its calls and returns
    figures derived from them (so each entry says which call made it)."""
    calls = []

    def measure_app(workloads, seconds, transport="process"):
        calls.append(([w.name for w in workloads], seconds, transport))
        speed = {"process": 1000.0, "thread": 400.0}[transport]
        return [{"name": w.name, "transport": transport, "epochs_per_s": speed + i, "frames_per_s": 55.5,
                 "timer_p99_late_ms": 3.5, "timer_median_late_ms": 1.0, "seconds": seconds}
                for i, w in enumerate(workloads)]

    def measure_import(points, transport="process"):
        calls.append(("import", points, transport))
        return {"points": points, "transport": transport, "seconds_until_shown": 0.7,
                "timer_max_late_ms": {"process": 95.5, "thread": 101.0}[transport], "timer_p99_late_ms": 40.0,
                "target_max_late_ms": 100}

    module = types.ModuleType("playground.ui.app_bench")
    module.measure_app = measure_app
    module.measure_import = measure_import
    monkeypatch.setitem(sys.modules, "playground.ui.app_bench", module)
    return calls


def _quick(*extra):
    return run("bench", "--repeat", "1", "--seconds", "0.01", "--app-seconds", "0.5", *extra)


def test_the_json_has_each_workload_once_per_transport(fake_app_bench):
    r = _quick("--json")
    assert r.code == 0, r.err
    # the import first, in a process no window has trained in yet (bench.py says why)
    assert fake_app_bench == [("import", 100_000, "process"), ("import", 100_000, "thread"),
                              (["W1", "W2"], 0.5, "process"), (["W1", "W2"], 0.5, "thread")]
    assert [i["timer_max_late_ms"] for i in r.json()["import"]] == [95.5, 101.0]
    app = r.json()["app"]
    assert [(a["name"], a["transport"]) for a in app] == [("W1", "process"), ("W2", "process"),
                                                          ("W1", "thread"), ("W2", "thread")]
    assert [a["epochs_per_s"] for a in app] == [1000.0, 1001.0, 400.0, 401.0], "each entry as measured"
    assert [a["tfp_epochs_per_s"] for a in app] == [59.9, 15.2, 59.9, 15.2], "each with its workload's reference"
    assert all(a["target_frames_per_s"] == 50 and a["target_p99_late_ms"] == 25 for a in app)


def test_the_table_has_a_row_per_workload_and_transport(fake_app_bench):
    r = _quick()
    assert r.code == 0, r.err
    rows = [row.split() for row in r.out.splitlines() if row.startswith("app ")]
    assert [row[:4] for row in rows] == [["app", "W1", "process", "1,000"], ["app", "W2", "process", "1,001"],
                                         ["app", "W1", "thread", "400"], ["app", "W2", "thread", "401"]]
    assert all("p99 late 3.5 ms" in " ".join(row) for row in rows)
    imports = [row for row in r.out.splitlines() if row.startswith("import ")]
    assert imports == [
        "import 100,000 points, process  shown after 0.7 s; 16 ms timer late at most 95.5 ms (≤ 100), p99 40 ms",
        "import 100,000 points, thread   shown after 0.7 s; 16 ms timer late at most 101 ms (≤ 100), p99 40 ms"]
    progress = [line for line in r.err_lines if "window" in line and "playing" in line]
    assert [line.split()[-2] for line in progress] == ["process", "thread"], "progress names each transport"


def test_an_entry_without_a_transport_key_is_labelled_with_the_one_asked_for(monkeypatch):
    def measure_app(workloads, seconds, transport="process"):
        return [{"name": "W1", "epochs_per_s": 1.0}]

    module = types.ModuleType("playground.ui.app_bench")
    module.measure_app = measure_app
    monkeypatch.setitem(sys.modules, "playground.ui.app_bench", module)
    entries = bench.app_figures(1.0, lambda text: None)
    assert [e["transport"] for e in entries] == ["process", "thread"]

