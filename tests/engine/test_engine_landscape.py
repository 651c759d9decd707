"""The loss landscape and the one-weight sweep (issue 7, point 1), on the lecture's
2-2-1 sigmoid network and four points, against the engine's own loss."""

import json

import numpy as np
import pytest
from conftest import CASES_DIRS

from playground.engine.data import Dataset
from playground.engine.errors import InputError
from playground.engine.landscape import (
    filter_normalized_direction,
    project,
    run,
    surface_rows,
    sweep,
    weight_direction,
    weight_index,
)
from playground.network_file import network_from_dict
from playground.scenario import Scenario, build_trainer, settings_for_network
from playground.settings import Settings

FOUR_POINTS = Dataset("classification", np.array([[-2.0, -1.0], [1.5, 2.0], [2.0, -1.0], [-1.0, 2.5]]),
                      np.array([0, 1, 1, 0]), 2)


def lecture_trainer():
    case = next(p for folder in CASES_DIRS for p in sorted(folder.glob("two-two-one*.case.json")))
    network = network_from_dict(json.loads(case.read_text())["network"])
    settings = settings_for_network(Settings(train_percent=100, batch_size=4), network)
    return build_trainer(Scenario(settings, network, None, FOUR_POINTS))


def engine_loss(network, trainer) -> float:
    """The reference forward pass (Network.loss_and_gradient), not the kernels."""
    value, _ = network.loss_and_gradient(trainer.train_features, trainer.train_targets)
    return value


def test_the_landscape_centre_is_the_current_training_loss_exactly():
    trainer = lecture_trainer()
    trainer.train_epochs(25)
    network = trainer.network
    rng = np.random.default_rng(3)
    d1, d2 = filter_normalized_direction(network, rng), filter_normalized_direction(network, rng)
    plane = run(surface_rows(trainer.train_loss_function(), network.params, d1, d2, extent=1.0, resolution=11))
    assert plane.losses.shape == (11, 11)
    assert plane.losses[5, 5] == trainer.metrics.train_loss
    # and off centre it is the loss of the moved weights
    moved = network.copy()
    moved.params[...] = network.params + plane.alphas[2] * d1 + plane.betas[8] * d2
    assert plane.losses[8, 2] == pytest.approx(engine_loss(moved, trainer), rel=1e-12)


def test_the_sweep_matches_the_engine_loss_at_three_weights():
    trainer = lecture_trainer()
    network = trainer.network
    index = weight_index(network, 1, 0, 1)  # output neuron's weight from hidden neuron 2
    values = np.array([-2.0, network.params[index], 3.5])
    losses = sweep(trainer.train_loss_function(), network.params, index, values)
    for value, loss in zip(values, losses):
        moved = network.copy()
        moved.W(1)[0, 1] = value
        assert loss == pytest.approx(engine_loss(moved, trainer), rel=1e-12)
    assert losses[1] == trainer.metrics.train_loss
    assert len(set(losses.tolist())) == 3, "the weight matters to the loss"


def test_filter_normalised_directions_match_each_neurons_norm_and_leave_biases_alone():
    trainer = lecture_trainer()
    network = trainer.network
    direction = filter_normalized_direction(network, np.random.default_rng(0))
    for d, Wb in zip(network.layer_views(direction), network.Wb):
        assert np.allclose(np.linalg.norm(d[:, :-1], axis=1), np.linalg.norm(Wb[:, :-1], axis=1))
        assert np.all(d[:, -1] == 0)


def test_a_weight_direction_is_that_weight_and_a_path_projects_back_onto_its_plane():
    network = lecture_trainer().network
    d1, d2 = weight_direction(network, 0, 1, 0), weight_direction(network, 1, 0, 0)
    assert d1.sum() == 1 and network.layer_views(d1)[0][1, 0] == 1
    points = network.params + np.outer([0.5, -1.0], d1) + np.outer([2.0, 0.25], d2)
    assert np.allclose(project(points, network.params, d1, d2), [[0.5, 2.0], [-1.0, 0.25]])
    with pytest.raises(InputError, match="no weight"):
        weight_direction(network, 0, 2, 0)


def test_the_surface_is_computed_a_row_at_a_time_and_refuses_nonsense():
    trainer = lecture_trainer()
    network = trainer.network
    d1, d2 = weight_direction(network, 0, 0, 0), weight_direction(network, 0, 0, 1)
    rows = surface_rows(trainer.train_loss_function(), network.params, d1, d2, 2.0, 5)
    assert [next(rows) for _ in range(5)] == [0.2, 0.4, 0.6, 0.8, 1.0]
    with pytest.raises(InputError, match="resolution"):
        run(surface_rows(trainer.train_loss_function(), network.params, d1, d2, 1.0, 1))
    with pytest.raises(InputError, match="extent"):
        run(surface_rows(trainer.train_loss_function(), network.params, d1, d2, float("nan"), 5))
