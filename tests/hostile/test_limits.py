"""One limit on points, shared by every way points arrive (engine/data.MAX_POINTS),
and limits on what a file may reach: a scenario's data, a pasted link's length,
a lesson's scenario files (beside it only), painting past the limit."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest
from hostile_support import run_limited

from playground.cli import main
from playground.engine.data import MAX_POINTS, Dataset
from playground.engine.errors import InputError
from playground.scenario import Scenario
from playground.session.session import Session
from playground.settings import Settings
from playground.tfp_link import MAX_LINK_CHARACTERS


def test_a_scenario_with_more_points_than_the_limit_is_refused(tmp_path):
    path = tmp_path / "many.json"
    count = MAX_POINTS + 1
    points = np.zeros((count, 2)).tolist()
    path.write_text(json.dumps({"format": "playground.scenario", "version": 1, "settings": {},
                                "data": {"problem": "classification", "classes": 2, "points": points,
                                         "values": [i % 2 for i in range(count)]}}))
    ran = run_limited("info", path)
    assert ran.code == 2 and ran.one_line, ran.err
    assert f"data: points: {count:,} of them; Playground takes up to {MAX_POINTS:,}" in ran.err


def test_a_pasted_link_of_two_megabytes_is_refused_at_once(capsys):
    # in this process: Linux takes no command-line argument over 128 kB
    link = "https://playground.tensorflow.org/#" + "activation=tanh&" * 130_000
    start = time.perf_counter()
    assert main(["info", link]) == 2
    assert time.perf_counter() - start < 2, "refused before it is parsed"
    assert f"a TensorFlow Playground link has at most {MAX_LINK_CHARACTERS:,}" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["/etc/hostname", "../outside.json"])
def test_a_lesson_reads_scenarios_beside_it_only(tmp_path, name):
    (tmp_path / "outside.json").write_text(json.dumps({"format": "playground.scenario", "version": 1,
                                                       "settings": {}}))
    folder = tmp_path / "lesson"
    folder.mkdir()
    path = folder / "lesson.json"
    path.write_text(json.dumps({"format": "playground.lesson", "version": 1, "title": "t",
                                "steps": [{"title": "a", "text": "b", "scenario": name}]}))
    ran = run_limited("shot", path, "--out", tmp_path / "out")
    assert ran.code == 2 and ran.one_line, ran.err
    assert "expected a file name beside the lesson (no folders above it)" in ran.err


def test_painting_stops_at_the_limit_on_points():
    points = np.column_stack([np.linspace(-5, 5, MAX_POINTS), np.zeros(MAX_POINTS)])
    data = Dataset("classification", points, np.arange(MAX_POINTS) % 2, 2)
    session = Session(Scenario(Settings(), data=data))
    with pytest.raises(InputError, match=f"{MAX_POINTS:,} points already"):
        session.points.add_point(1.0, 1.0, 1)
