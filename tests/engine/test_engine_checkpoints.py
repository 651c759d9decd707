"""Time travel's checkpoints: spaced within a memory budget, and restoring one
continues training exactly as it went the first time."""

import numpy as np

from playground.engine.checkpoints import Checkpoints
from playground.scenario import Scenario, build_trainer
from playground.settings import Settings


def trainer_with_timeline(budget=None, **settings):
    trainer = build_trainer(Scenario(Settings(**settings)))
    trainer.checkpoints = Checkpoints(budget) if budget else Checkpoints()
    trainer.checkpoints.offer(trainer, force=True)
    return trainer


def test_restoring_a_checkpoint_replays_the_same_numbers():
    trainer = trainer_with_timeline(optimizer="adam", batch_size=7)  # optimizer memory and a partial batch
    trainer.train_epochs(30)
    later = trainer.network.params.copy()
    losses = list(trainer.history.train_loss)
    trainer.restore(trainer.checkpoints.at(12))
    assert trainer.epoch == 12 and len(trainer.history) == 13
    assert trainer.history.train_loss == losses[:13]
    assert trainer.metrics.train_loss == losses[12]
    assert [c.epoch for c in trainer.checkpoints.items] == list(range(13)), "the later ones are dropped"
    trainer.train_epochs(18)
    assert np.array_equal(trainer.network.params, later)
    assert trainer.history.train_loss == losses


def test_the_spacing_doubles_to_stay_within_the_budget():
    trainer = trainer_with_timeline()
    trainer.train_epochs(1)
    size = trainer.checkpoint(trainer.network).nbytes  # every checkpoint after epoch 0 has this size
    trainer.checkpoints = timeline = Checkpoints(budget=20 * size)
    trainer.train_epochs(99)
    assert timeline.nbytes <= 20 * size
    assert timeline.spacing == 8  # 99 epochs in at most 20 checkpoints: 1 → 2 → 4 → 8
    epochs = [c.epoch for c in timeline.items]
    assert epochs == list(range(8, 101, 8))
    assert timeline.at(37).epoch == 32 and timeline.at(100).epoch == 96 and timeline.at(3) is None


def test_checkpoints_of_one_shape_share_their_layout():
    trainer = trainer_with_timeline()
    trainer.train_epochs(5)
    layouts = {id(c.layout) for c in trainer.checkpoints.items}
    assert len(layouts) == 1
    first = trainer.checkpoints.items[0]
    assert first.network().params is not first.params and np.array_equal(first.network().params, first.params)


def test_a_checkpoint_of_another_shape_brings_that_network_back():
    trainer = trainer_with_timeline(hidden=[3])
    trainer.train_epochs(4)
    before = trainer.network.copy()
    trainer.set_network(trainer.network.with_neuron_added(0, np.random.default_rng(1)))
    trainer.checkpoints.offer(trainer, force=True)
    trainer.train_epochs(3)
    trainer.restore(trainer.checkpoints.at(3))
    assert trainer.network.sizes == before.sizes and trainer.epoch == 3
    trainer.train_epochs(1)  # and it trains
    assert trainer.epoch == 4
