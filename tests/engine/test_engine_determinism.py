"""Same seed, same numbers: two trainers built from the same settings have
identical data, initial weights, histories and weights after N epochs; another
seed changes the data, the initial weights and the result.
"""

import numpy as np
import pytest

from playground.scenario import Scenario, build_trainer
from playground.settings import Settings

SETTINGS = [
    dict(dataset="spiral", noise=20, hidden=[6, 4], batch_size=10),
    dict(problem="multiclass", dataset="spiral-3", hidden=[8], optimizer="adam", learning_rate=0.01,
         regularization="L1", regularization_rate=0.001, validation_percent=20),
    dict(problem="regression", dataset="reg-gauss", noise=10, hidden=[5, 5], optimizer="momentum",
         learning_rate=0.01, batch_size=100, schedule="step", schedule_every=3),  # float32 kernel
    dict(problem="function", dataset="bumps", inputs=["x"], hidden=[6], init="tfp", activation="relu"),
]
EPOCHS = 8


def build(seed, **kw):
    s = Settings(seed=seed, **kw)
    s.validate()
    return build_trainer(Scenario(s))


@pytest.mark.parametrize("settings", SETTINGS, ids=[s["dataset"] for s in SETTINGS])
def test_same_seed_gives_identical_training(settings):
    a, b = build(1, **settings), build(1, **settings)
    assert np.array_equal(a.network.params, b.network.params)
    assert np.array_equal(a.data.train.points, b.data.train.points)
    a.train_epochs(EPOCHS)
    b.train_epochs(EPOCHS)
    assert a.history.to_dict() == b.history.to_dict()
    assert len(a.history) == EPOCHS + 1
    assert np.array_equal(a.network.params, b.network.params)


@pytest.mark.parametrize("settings", SETTINGS, ids=[s["dataset"] for s in SETTINGS])
def test_another_seed_gives_other_data_weights_and_results(settings):
    a, c = build(1, **settings), build(2, **settings)
    assert not np.array_equal(a.data.train.points, c.data.train.points)
    assert not np.allclose(a.network.params, c.network.params)
    a.train_epochs(EPOCHS)
    c.train_epochs(EPOCHS)
    assert a.history.train_loss != c.history.train_loss


def test_the_seed_alone_changes_the_shuffle():
    """Same network, same data, another seed: only the batch order differs, and with it the result."""
    a = build(1, dataset="xor", hidden=[4])
    b = build(2, dataset="xor", hidden=[4])
    b.set_data(a.data)
    b.set_network(a.network.copy())
    assert np.array_equal(a.network.params, b.network.params)
    first_a, first_b = a.step(), b.step()
    assert sorted(first_a.tolist()) != sorted(first_b.tolist())
    a.train_epochs(2)
    b.train_epochs(2)
    assert not np.allclose(a.network.params, b.network.params)
