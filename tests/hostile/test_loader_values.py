"""Values JSON allows but no field can use, refused at load with one line naming
the field (exit 2, no traceback), instead of a traceback later in the engine or
the window: integers beyond float64, unpaired surrogates, data for another
problem, an epoch past a slider's range, words in the loss history."""

from __future__ import annotations

import json

import pytest
from hostile_support import run_limited

from playground.scenario import Scenario, build_trainer, save_scenario, snapshot
from playground.settings import Settings

HUGE = "1" + "0" * 400


@pytest.fixture
def trained(tmp_path) -> dict:
    """A saved scenario trained two epochs, as a dict to spoil."""
    settings = Settings(hidden=[3])
    trainer = build_trainer(Scenario(settings))
    trainer.train_epochs(2)
    path = tmp_path / "good.json"
    save_scenario(snapshot(trainer, settings), path)
    return json.loads(path.read_text())


def _state(key, value):
    def spoil(d):
        d["state"][key] = value
    return spoil


def _history(d):
    d["state"]["history"]["train_loss"][1] = "low"


def _data(problem, classes, points):
    def spoil(d):
        d["data"] = {"problem": problem, "classes": classes, "points": points, "values": [0, 1, 1]}
    return spoil


CASES = {  # name: (how the file is spoiled, or its whole text; the field the one line names)
    "an_integer_beyond_float_range_in_a_setting": (
        f'{{"format": "playground.scenario", "version": 1, "settings": {{"learning_rate": {HUGE}}}}}',
        "settings.learning_rate: expected a finite number, got an integer of 401 digits"),
    "an_integer_beyond_float_range_in_a_weight": (
        f'{{"format": "playground.network", "version": 1, "inputs": ["x1", "x2"], "loss": "mse", "layers": '
        f'[{{"activation": "linear", "weights": [[{HUGE}, 1]], "biases": [0]}}]}}',
        "layers[0].weights[0][0]: expected a finite number"),
    "a_lone_surrogate_in_the_title": (
        '{"format": "playground.scenario", "version": 1, "title": "\\ud800 lesson", "settings": {}}',
        "title: text with an unpaired surrogate"),
    "one_d_data_in_a_2d_scenario": (_data("classification", 2, [[1], [2], [3]]),
                                    "data.points: expected rows of 2 numbers for a classification problem, got 1"),
    "data_for_another_problem": (_data("function", 0, [[1], [2], [3]]),
                                 "data.problem: expected 'classification' (the settings' problem), got 'function'"),
    "classes_that_do_not_fit_the_problem": (_data("classification", 7, [[1, 1], [2, 2], [3, 3]]),
                                            "data.classes: expected 2 for a classification problem, got 7"),
    "an_epoch_past_a_slider_s_range": (_state("epoch", 2**31),
                                       "epoch: expected a whole number from 0 to 1,000,000,000"),
    "a_negative_init_draw": (_state("init_draw", -1), "init_draw: expected a whole number from 0"),
    "words_in_the_loss_history": (_history, "history.train_loss[1]: expected a number, got 'low'"),
}


@pytest.mark.parametrize("name", CASES)
def test_a_spoiled_file_is_refused_in_one_line_naming_the_field(name, trained, tmp_path):
    spoil, field = CASES[name]
    path = tmp_path / f"{name}.json"
    if isinstance(spoil, str):
        path.write_text(spoil)
    else:
        spoil(trained)
        path.write_text(json.dumps(trained))
    ran = run_limited("info", path)
    err = ran.err
    assert ran.code == 2 and ran.one_line, err
    assert err.startswith(f"playground: {path}: ") and field in err, err
