"""A lesson's actions are checked at load, each field by type and range, in one
line naming it (exit 2): never skipped silently, never a negative index that
reaches another weight from the end, never a train_until that runs forever."""

from __future__ import annotations

import json

import pytest

from playground.cli import main

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
def test_a_bad_lesson_action_is_refused_at_load_naming_its_field(name, tmp_path, capsys):
    action, message = BAD[name]
    path = tmp_path / "lesson.json"
    path.write_text(json.dumps({"format": "playground.lesson", "version": 1, "title": "t",
                                "steps": [{**STEP, "actions": [action]}]}))
    code = main(["shot", str(path), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err, err
    assert err.startswith(f"playground: {path}: steps[0].") and message in err, err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir()), "no picture without it"


def test_a_train_until_that_cannot_be_reached_trains_in_slices_and_space_stops_it():
    from playground.scenario import Scenario
    from playground.session.loop import TrainingLoop
    from playground.settings import Settings

    class Outbox:
        def __init__(self):
            self.messages = []

        def send(self, message):
            self.messages.append(message)

    outbox = Outbox()
    loop = TrainingLoop(outbox, Scenario(Settings(dataset="spiral")))
    loop.handle("train_until", {"loss": 0.0, "max_epochs": 100_000})  # returns at once: a goal, not a loop
    assert loop.session.trainer.epoch == 0 and loop.session.run.until == (0.0, 100_000)
    for _ in range(3):
        loop.train_until_slice()  # what the loop does between commands
    epoch = loop.session.trainer.epoch
    assert 0 < epoch < 100_000
    loop.maybe_send()
    assert outbox.messages[-1][2] is True, "shown as playing: the button offers Pause"
    loop.handle("toggle", {})  # Space
    assert loop.session.run.until is None and not loop.playing
    assert loop.session.trainer.epoch == epoch, "stopped"
