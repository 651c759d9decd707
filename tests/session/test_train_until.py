"""A lesson's train_until is a goal the training loop trains toward a slice at a
time, between commands: it shows as playing, and Space (toggle) stops it."""

from __future__ import annotations

from session_support import Outbox

from playground.scenario import Scenario
from playground.session.loop import TrainingLoop
from playground.settings import Settings


def test_a_train_until_that_cannot_be_reached_trains_in_slices_and_space_stops_it():
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
