"""The lesson recorder without a window (lesson_recorder.py, lesson_start.py): what a
step's start keeps, the file it writes (only what differs, readable, through the
safe writer) and that the file reads back as the same steps, bit for bit."""

from __future__ import annotations

import dataclasses
import json
import os
import re

import numpy as np
import pytest

from playground.bundled import bundled_lessons
from playground.engine.data import Dataset
from playground.engine.errors import InputError
from playground.lesson import lesson_from_dict, load_lesson
from playground.lesson_recorder import (
    Draft,
    capture_start,
    file_name,
    in_package,
    lesson_dict,
    lesson_text,
    new_step,
    next_shot_name,
    open_draft,
    save_draft,
    start_summary,
)
from playground.lesson_start import plain_settings
from playground.scenario import Scenario, build_trainer, snapshot
from playground.settings import Settings

VIEWS = ["data", "output", "loss"]


def session_scenario(settings: Settings, epochs: int = 0, data: Dataset | None = None) -> Scenario:
    """What the window's session gives a recorder: its scenario after some training."""
    trainer = build_trainer(Scenario(settings, data=data))
    trainer.train_epochs(epochs)
    return snapshot(trainer, settings, custom_data=data)


def draft_of(*captures, **step_fields) -> Draft:
    steps = tuple(new_step(f"Step {i + 1}", start, VIEWS, None, 100, f"step-{i + 1}.png")
                  for i, start in enumerate(captures))
    return Draft("Recorded", steps)


def test_a_start_keeps_weights_only_when_the_seed_would_not_draw_them():
    drawn = capture_start(session_scenario(Settings(dataset="xor", hidden=[3])))
    assert set(drawn) == {"settings"}, "an untouched network comes back from the seed"
    trained = capture_start(session_scenario(Settings(dataset="xor", hidden=[3]), epochs=2))
    assert set(trained) == {"settings", "network"} and "format" not in trained["network"]
    points = Dataset("classification", np.array([[0.5, 1.0], [-1.0, 2.0], [3.0, -0.25]]), np.array([1, 0, 1]), 2)
    own = capture_start(session_scenario(Settings(), data=points))
    assert own["data"]["points"] == [[0.5, 1.0], [-1.0, 2.0], [3.0, -0.25]] and own["data"]["values"] == [1, 0, 1]
    assert own["settings"]["output_activation"] == "" and own["settings"]["loss"] == "", "the problem's own"


def test_the_file_keeps_what_differs_and_reads_back_bit_for_bit(tmp_path):
    first = session_scenario(Settings(hidden=[5, 2], learning_rate=0.1), epochs=3)
    second = session_scenario(Settings(hidden=[5, 2], learning_rate=0.1, dataset="xor"))
    draft = draft_of(capture_start(first), capture_start(second))
    draft = draft.with_step(1, zoom=125, stage="output", hide=["learningRate"])
    path = tmp_path / "recorded.json"
    text = save_draft(draft, str(path))
    steps = json.loads(text)["steps"]
    assert steps[0]["start"]["settings"] == {"hidden": [5, 2], "learning_rate": 0.1}
    assert steps[1]["start"] == {"settings": {"dataset": "xor"}}, "the step before's settings, the seed's weights"
    assert "views" not in steps[1] and "zoom" not in steps[0] and steps[1]["zoom"] == 125
    lesson = load_lesson(path)
    assert np.array_equal(lesson.steps[0].scenario.network.params, first.network.params)
    assert plain_settings(lesson.steps[1].scenario.settings) == plain_settings(second.settings)
    assert lesson.steps[1].scenario.network is None
    assert lesson.steps[1].views == tuple(VIEWS), "views carry on from the step before"
    assert (lesson.steps[1].zoom, lesson.steps[1].stage, lesson.steps[0].zoom) == (1.25, "output", None)
    assert lesson.steps[1].shots[0].zoom == 1.25, "a step's shot is taken at its zoom"
    assert path.read_text() == text and text == lesson_text(lesson_dict(draft, str(tmp_path)))
    assert '"settings": {"hidden": [5, 2], "learning_rate": 0.1},' in text, "short objects on one line"


def test_reordered_steps_start_where_they_were_recorded(tmp_path):
    a = session_scenario(Settings(hidden=[2], dataset="xor"))
    b = session_scenario(Settings(hidden=[6], activation="relu"))
    draft = draft_of(capture_start(a), capture_start(b))
    swapped = dataclasses.replace(draft, steps=draft.steps[::-1])
    lesson = lesson_from_dict(lesson_dict(swapped), "swapped")
    assert [plain_settings(s.scenario.settings) for s in lesson.steps] == [plain_settings(b.settings),
                                                                           plain_settings(a.settings)]
    assert json.loads(lesson_text(lesson_dict(swapped)))["steps"][1]["start"]["settings"] == {
        "dataset": "xor", "hidden": [2], "activation": "tanh"}
    assert start_summary(swapped, 1) == 'Starts with dataset "xor", hidden [2], activation "tanh" (the rest as ' \
        "the step before)."


def test_every_bundled_lesson_opens_as_a_draft_and_writes_the_same_lesson(tmp_path):
    for path in bundled_lessons():
        draft = open_draft(str(path))
        assert draft.bundled and in_package(str(path)) and not in_package(str(tmp_path / path.name))
        written = lesson_dict(draft, str(tmp_path))
        original = json.loads(path.read_text())
        original.pop("look") if original.get("look") == "normal" else None  # a default, left out
        assert written == original, path.name


def test_names_and_malformed_starts():
    assert file_name("Why XOR needs a layer!") == "why-xor-needs-a-layer" and file_name("¿?") == "lesson"
    assert next_shot_name([{"shots": [{"file": "step-1.png"}, {"file": "step-3.png"}]}]) == "step-2.png"
    lesson = {"format": "playground.lesson", "version": 1, "title": "t", "steps": [{"start": {}}]}
    assert lesson_from_dict(lesson).steps[0].scenario.settings == Settings(), "an empty start: the defaults"
    for step, where in (({"start": {"settings": {"speed": 3}}}, "steps[0].start: settings: unknown setting 'speed'"),
                        ({"start": {"weights": []}}, "steps[0].start: expected an object of settings"),
                        ({"start": {}, "scenario": {}}, "steps[0].start: a step has a scenario or a start"),
                        ({"start": {}, "views": ["network"]}, "steps[0].views: expected a list of panels"),
                        ({"start": {}, "stage": "lesson"}, "steps[0].stage: expected one of network"),
                        ({"start": {}, "zoom": 20}, "steps[0].zoom: expected a percentage")):
        with pytest.raises(InputError, match="^" + re.escape(f"lesson: {where}")):
            lesson_from_dict({**lesson, "steps": [step]})


def test_a_lesson_is_written_by_the_safe_writer(tmp_path):
    fifo = tmp_path / "lesson.json"
    os.mkfifo(fifo)
    draft = draft_of(capture_start(session_scenario(Settings())))
    with pytest.raises(InputError, match="not a regular file"):
        save_draft(draft, str(fifo))
    assert not [p for p in tmp_path.iterdir() if p.name != "lesson.json"], "no temporary file left behind"
    with pytest.raises(InputError, match="steps: expected a non-empty list"):
        save_draft(Draft(), str(tmp_path / "empty.json"))
