"""`playground bench --json`: the workloads W1-W4 and the grid G. Speeds are never
asserted, only that the figures are there, positive and consistent."""

from __future__ import annotations

import math

import pytest
from cli_support import run

N_TRAIN = 250  # the workloads use 500 points, half of them for training


@pytest.fixture(scope="module")
def bench() -> dict:
    r = run("bench", "--json", "--repeat", "1", "--seconds", "0.05", "--app-seconds", "0")
    assert r.code == 0, r.err
    assert r.err == "", "--json keeps stderr quiet"
    assert r.out.count("\n") == 1
    return r.json()


def test_the_four_workloads_in_order(bench):
    assert [w["name"] for w in bench["workloads"]] == ["W1", "W2", "W3", "W4"]
    assert [w["batch_size"] for w in bench["workloads"]] == [10, 10, 30, 250]
    for w in bench["workloads"]:
        assert isinstance(w["examples_per_s"], int) and w["examples_per_s"] > 0, w["name"]
        assert isinstance(w["updates_per_s"], int) and w["updates_per_s"] > 0, w["name"]
        assert len(w["runs"]) == 1 and w["runs"][0] == w["examples_per_s"], "one run: the median is that run"
    assert bench["repeat"] == 1 and bench["seconds_per_run"] == 0.05
    assert bench["app"] is None, "--app-seconds 0 skips the in-app figures"


def test_updates_and_examples_agree_with_the_batch_size(bench):
    """Whole epochs are timed: each epoch is 250 examples in ceil(250 / batch) updates
    (W4: one update of 250). Both figures are rounded to whole numbers."""
    for w in bench["workloads"]:
        per_epoch = math.ceil(N_TRAIN / w["batch_size"])
        examples_per_update = N_TRAIN / per_epoch
        assert abs(w["examples_per_s"] - w["updates_per_s"] * examples_per_update) <= 0.5 * examples_per_update + 0.5, \
            w["name"]
    w4 = bench["workloads"][3]
    assert w4["examples_per_s"] == pytest.approx(250 * w4["updates_per_s"], abs=125.5)


def test_the_grid_figures(bench):
    grid = bench["grid"]
    assert grid["name"] == "G" and grid["resolution"] == 100
    assert 0 < grid["median_ms"] <= grid["p90_ms"]


def test_the_table_names_every_workload():
    r = run("bench", "--repeat", "1", "--seconds", "0.01", "--app-seconds", "0")
    assert r.code == 0
    rows = r.out.splitlines()
    assert rows[0].split()[:3] == ["workload", "examples/s", "updates/s"]
    assert [row.split()[0] for row in rows[1:6]] == ["W1", "W2", "W3", "W4", "G"]
    assert "medians of 1 runs" in rows[-1]
    assert [line.split(":")[0] for line in r.err_lines] == ["bench"] * 5, "progress goes to stderr"
