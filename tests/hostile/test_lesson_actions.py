"""A lesson's actions are checked at load, each field by type and range, in one
line naming it (exit 2): never skipped silently, never a negative index that
reaches another weight from the end, never a train_until that runs forever."""

from __future__ import annotations

import json

import pytest
from hostile_support import run_limited

STEP = {"title": "a", "text": "b", "scenario": {"settings": {"dataset": "xor"}}, "shots": [{"file": "a.png"}]}

BAD = {  # action: the field and what the one line says
    "negative_index": ({"set_weight": {"layer": -1, "row": 0, "column": 0, "value": 1.0}},
                       "actions[0].set_weight.layer: expected a whole number from 0 to 1,000, got -1"),
    "index_as_text": ({"set_bias": {"layer": 0, "row": "0", "value": 1.0}},
                      "actions[0].set_bias.row: expected a whole number from 0 to 1,000, got '0'"),
    "huge_value": ({"set_weight": {"layer": 0, "row": 0, "column": 0, "value": 1e308}},
                   "actions[0].set_weight.value: expected a number from -1,000,000.0 to 1,000,000.0, got 1e+308"),
    "unending_train_until": ({"train_until": {"loss": 0, "max_epochs": 10**12}},
                             "actions[0].train_until.max_epochs: expected a whole number from 1 to 100,000"),
    "negative_loss": ({"train_until": {"loss": -1}}, "actions[0].train_until.loss: expected a number from 0"),
    "neuron_as_float": ({"select_neuron": {"layer": 1.5, "unit": 0}},
                        "actions[0].select_neuron.layer: expected a whole number"),
}


@pytest.mark.parametrize("name", BAD)
def test_a_bad_lesson_action_is_refused_at_load_naming_its_field(name, tmp_path):
    action, message = BAD[name]
    path = tmp_path / "lesson.json"
    path.write_text(json.dumps({"format": "playground.lesson", "version": 1, "title": "t",
                                "steps": [{**STEP, "actions": [action]}]}))
    ran = run_limited("shot", path, "--out", tmp_path / "out")
    err = ran.err
    assert ran.code == 2 and ran.one_line, err
    assert err.startswith(f"playground: {path}: steps[0].") and message in err, err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir()), "no picture without it"

