"""The bundled lesson "The lecture's worked examples" shows the worked cases
(tests/cases) on the network: each step opens a case's network and has the
inspector trace one of the case's samples, with the case's learning rate and
gradient. Its steps are copies of the cases, so they are held to them here; what
the window then shows is checked by tests/ui/test_ui_lesson_expect.py (each
step's declarations) and its pictures by tests/ui/test_ui_golden_shots.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from playground.bundled import LESSONS, package_file
from playground.lesson import load_lesson
from playground.worked_case import case_samples

NAME = "12-lecture-worked-examples"
CASES = Path(__file__).resolve().parent / "cases"
STEPS = json.loads(package_file("lessons", f"{NAME}.json").read_text(encoding="utf-8"))["steps"]


def _case_of(step: dict) -> tuple[str, dict]:
    found = [(p.name, case) for p in sorted(CASES.glob("*.case.json"))
             if (case := json.loads(p.read_text(encoding="utf-8")))["network"] == step["scenario"]]
    assert len(found) == 1, f"{step['title']}: the network of exactly one case"
    return found[0]


def test_the_lesson_is_bundled_and_loads():
    assert NAME in LESSONS
    lesson = load_lesson(package_file("lessons", f"{NAME}.json"))
    assert len(lesson.steps) == len(STEPS) and all(step.shots and step.expect for step in lesson.steps)


@pytest.mark.parametrize("step", STEPS, ids=[s["title"] for s in STEPS])
def test_each_step_traces_a_sample_of_a_case_as_the_case_says(step):
    _, case = _case_of(step)
    inspect = next(a["inspect"] for a in step["actions"] if "inspect" in a)
    assert {"input": inspect["input"], "target": inspect.get("target")} in [
        {"input": s["input"], "target": s["target"]} for s in case_samples(case)]
    assert inspect.get("lr") == case.get("lr") and inspect.get("wrt", "loss") == case.get("wrt", "loss")
    assert {"inspector_stage": "all"} in step["actions"] and {"show": "inspector"} in step["actions"]


def test_every_lecture_case_has_a_step():
    shown = {_case_of(step)[0] for step in STEPS}
    assert shown == {p.name for p in CASES.glob("*.case.json")}
