"""Batch indices from outside the trainer are checked where they come in (the
compiled kernel clips them, for speed, so it must never see a bad one):
batch_gradient, a saved state's batch order, a checkpoint's."""

import dataclasses
import json

import numpy as np
import pytest

from playground.engine.checkpoints import Checkpoints
from playground.engine.errors import InputError
from playground.scenario import Scenario, build_trainer
from playground.settings import Settings


def make_trainer(**settings):
    return build_trainer(Scenario(Settings(dataset="xor", points=100, hidden=[3], **settings)))


def test_batch_gradient_refuses_indices_past_the_end():
    trainer = make_trainer()
    n = len(trainer.data.train)
    with pytest.raises(InputError, match=rf"batch_gradient: index {n + 5} .*indices 0 to {n - 1}"):
        trainer.batch_gradient([n + 5, 10**6])


@pytest.mark.parametrize("indices,words", [
    ([3, -1], ["index -1", "position 1"]),
    ([0.5, 1.0], ["whole-number"]),
    ([[0, 1]], ["whole-number"]),
    ([], ["at least one"]),
])
def test_batch_gradient_refuses_other_bad_indices(indices, words):
    trainer = make_trainer()
    with pytest.raises(InputError) as error:
        trainer.batch_gradient(indices)
    for word in words:
        assert word in str(error.value)


def test_batch_gradient_of_good_indices_is_the_reference_gradient():
    trainer = make_trainer()
    indices = [0, len(trainer.data.train) - 1, 7]
    X, Y = trainer.train_features[:, indices], trainer.train_targets[:, indices]
    _, reference = trainer.objective_and_gradient(X, Y)
    np.testing.assert_allclose(trainer.batch_gradient(indices), reference, rtol=1e-10, atol=1e-13)


def mid_epoch_state(trainer):
    trainer.train_epochs(1)
    trainer.step()
    return json.loads(json.dumps(trainer.state()))


def test_load_state_refuses_an_order_with_an_index_past_the_training_set():
    trainer = make_trainer()
    state = mid_epoch_state(trainer)
    n = len(trainer.data.train)
    state["order"][-1] = n
    fresh = make_trainer()
    with pytest.raises(InputError, match=rf"state order: index {n} .*indices 0 to {n - 1}"):
        fresh.load_state(state)
    assert fresh.epoch == 0 and fresh.updates == 0, "nothing changed"


@pytest.mark.parametrize("cursor", [-1, 10**6, True, 1.5])
def test_load_state_refuses_a_cursor_outside_the_order(cursor):
    trainer = make_trainer()
    state = mid_epoch_state(trainer)
    state["cursor"] = cursor
    with pytest.raises(InputError, match="state cursor"):
        make_trainer().load_state(state)


def test_load_state_ignores_the_spent_order_of_a_finished_epoch():
    """At an epoch's end the next step draws a new order: the old one (here from a
    larger data set) is not used, so it is not refused."""
    trainer = make_trainer()
    trainer.train_epochs(1)
    state = json.loads(json.dumps(trainer.state()))
    state["order"] = list(range(1000))
    state["cursor"] = 1000
    resumed = make_trainer()
    resumed.load_state(state)
    resumed.train_epochs(1)
    assert resumed.epoch == 2


def test_a_scenario_with_a_bad_order_is_refused():
    trainer = make_trainer()
    state = mid_epoch_state(trainer)
    state["order"][-1] = 10**6
    with pytest.raises(InputError, match="state"):
        build_trainer(Scenario(Settings(dataset="xor", points=100, hidden=[3]), state=state))


def test_restore_refuses_a_checkpoint_whose_order_does_not_fit():
    trainer = make_trainer(batch_size=7)
    trainer.checkpoints = Checkpoints()
    trainer.train_epochs(2)
    trainer.step()
    good = trainer.checkpoint(trainer.network.copy())
    bad_order = good.order.copy()
    bad_order[-1] = len(trainer.data.train) + 3
    bad = dataclasses.replace(good, order=bad_order)
    before = trainer.network.params.copy()
    with pytest.raises(InputError, match=r"checkpoint order: index \d+ .*out of range"):
        trainer.restore(bad)
    assert np.array_equal(trainer.network.params, before) and trainer.epoch == 2, "nothing changed"
    trainer.restore(good)
    assert trainer.epoch == 2 and trainer.updates == good.updates
