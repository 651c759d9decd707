"""The stated memory bound: any file the program accepts is read, and drawn, in
less than 1 GB of address space (RLIMIT_AS), including the two worst cases: the
largest file of empty lists the reader takes (16 MB), and a scenario holding the
most points a session may hold (100,000; the plot draws an even 2,500 of each set)."""

from __future__ import annotations

import json

import numpy as np
from hostile_support import run_limited

from playground.engine.data import MAX_POINTS, Dataset
from playground.files import MAX_FILE_BYTES
from playground.ui.boundary_plot import MAX_DRAWN_POINTS, drawn


def test_the_largest_file_of_empty_lists_is_read_within_1_gb(tmp_path):
    head, tail = '{"format": "playground.scenario", "version": 1, "settings": {}, "ignored": [', "[]]}"
    count = (MAX_FILE_BYTES - len(head) - len(tail)) // 3
    path = tmp_path / "lists.json"
    path.write_text(head + "[]," * count + tail)
    assert path.stat().st_size <= MAX_FILE_BYTES
    done = run_limited("info", path, cwd=tmp_path)
    assert done.code == 0, done.err[-500:]


def test_a_scenario_with_the_most_points_is_shot_within_1_gb(tmp_path):
    rng = np.random.default_rng(0)
    points = np.round(rng.uniform(-6, 6, (MAX_POINTS, 2)), 15)
    path = tmp_path / "many.json"
    path.write_text(json.dumps({"format": "playground.scenario", "version": 1, "settings": {},
                                "data": {"problem": "classification", "classes": 2, "points": points.tolist(),
                                         "values": (points[:, 0] * points[:, 1] > 0).astype(int).tolist()}}))
    done = run_limited("shot", path, "--out", tmp_path / "out", "--panels", "window,output", cwd=tmp_path)
    assert done.code == 0, done.err[-500:]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["output.png", "window.png"]


def test_the_plot_draws_an_even_spread_of_a_large_set_and_all_of_a_small_one():
    many = Dataset("classification", np.arange(2 * 6_001, dtype=float).reshape(-1, 2), np.arange(6_001) % 2, 2)
    shown = drawn(many)
    assert len(shown) <= MAX_DRAWN_POINTS and shown.points[0].tolist() == [0, 1]
    assert np.all(np.diff(shown.points[:, 0]) == 6), "every third point: an even spread, the same each time"
    few = many.subset(np.arange(100))
    assert drawn(few) is few
