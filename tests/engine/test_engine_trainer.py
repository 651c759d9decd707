"""The Trainer's bookkeeping: mini-batches and epochs, full batch, reset, early
stopping, divergence, the confusion matrix, the train/test/validation split,
and saving and resuming a session (Trainer.state / load_state through a
scenario file) with identical numbers afterwards.
"""

import json

import numpy as np
import pytest

from playground.engine.errors import InputError
from playground.engine.trainer import TrainingDiverged
from playground.scenario import Scenario, build_trainer, scenario_from_dict, scenario_to_dict, snapshot
from playground.settings import Settings


def make_settings(**kw):
    s = Settings(**kw)
    s.validate()
    return s


def make_trainer(**kw):
    return build_trainer(Scenario(make_settings(**kw)))


# --- mini-batches and epochs --------------------------------------------------------

def test_each_epoch_visits_every_training_sample_once_in_a_new_order():
    trainer = make_trainer(dataset="circle", points=200, batch_size=7)  # 100 training samples
    n = len(trainer.data.train)
    orders = []
    for epoch in range(1, 4):
        batches = []
        while trainer.epoch < epoch:
            batches.append(trainer.step())
        assert [len(b) for b in batches] == [7] * 14 + [2]  # 100 = 14·7 + 2
        order = np.concatenate(batches)
        assert sorted(order.tolist()) == list(range(n))
        orders.append(order)
        assert len(trainer.history) == epoch + 1
    assert trainer.updates == 3 * 15
    assert not np.array_equal(orders[0], orders[1]) and not np.array_equal(orders[1], orders[2])


def test_stepping_and_training_whole_epochs_give_the_same_weights():
    a = make_trainer(dataset="xor", batch_size=8, optimizer="momentum", regularization="L1", regularization_rate=0.001)
    b = make_trainer(dataset="xor", batch_size=8, optimizer="momentum", regularization="L1", regularization_rate=0.001)
    for _ in range(5):  # a few steps into the first epoch, then whole epochs
        a.step()
    a.train_epochs(3)
    while b.epoch < 3:
        b.step()
    assert a.epoch == b.epoch == 3 and a.updates == b.updates
    assert np.array_equal(a.network.params, b.network.params)
    assert a.history.to_dict() == b.history.to_dict()


def test_full_batch_is_one_update_per_epoch_over_all_samples_in_order():
    trainer = make_trainer(dataset="gauss", points=100, batch_size=1000)
    n = len(trainer.data.train)
    for epoch in range(1, 3):
        assert trainer.step().tolist() == list(range(n))
        assert trainer.epoch == epoch and trainer.updates == epoch


def test_full_batch_step_is_plain_gradient_descent_on_the_whole_training_set():
    # 50 training samples: below the kernel's float32 threshold, so float64 throughout
    trainer = make_trainer(dataset="circle", points=100, batch_size=50, learning_rate=0.1,
                           regularization="L2", regularization_rate=0.01)
    before = trainer.network.params.copy()
    _, grad = trainer.objective_and_gradient(trainer.train_features, trainer.train_targets)
    trainer.network.params[...] = before
    trainer.train_epochs(1)
    np.testing.assert_allclose(trainer.network.params, before - 0.1 * grad, rtol=1e-12, atol=1e-15)


# --- reset ---------------------------------------------------------------------------

def test_reset_same_start_restores_the_initial_weights_and_replays_identically():
    trainer = make_trainer(dataset="spiral", hidden=[6, 4], optimizer="adam", learning_rate=0.01)
    initial = trainer.network.params.copy()
    trainer.train_epochs(5)
    first_run = (trainer.history.to_dict(), trainer.network.params.copy())
    assert not np.array_equal(trainer.network.params, initial)

    trainer.reset(same_start=True)
    assert np.array_equal(trainer.network.params, initial)
    assert trainer.epoch == 0 and trainer.updates == 0 and len(trainer.history) == 1
    trainer.train_epochs(5)
    assert trainer.history.to_dict() == first_run[0]
    assert np.array_equal(trainer.network.params, first_run[1])


def test_reset_new_start_draws_other_weights_that_then_stay_the_start():
    trainer = make_trainer(dataset="spiral", hidden=[6, 4])
    initial = trainer.network.params.copy()
    trainer.train_epochs(2)
    trainer.reset(same_start=False)
    second = trainer.network.params.copy()
    assert not np.allclose(second, initial)
    assert np.all(trainer.network.b(0) == 0.0)  # xavier: fresh weights, zero biases
    trainer.train_epochs(2)
    trainer.reset(same_start=True)
    assert np.array_equal(trainer.network.params, second)
    trainer.reset(same_start=False)
    assert not np.allclose(trainer.network.params, second) and not np.allclose(trainer.network.params, initial)


# --- early stopping --------------------------------------------------------------------

EARLY_STOPPING = dict(dataset="circle", noise=50, points=200, hidden=[16, 16], optimizer="adam",
                      learning_rate=0.03, validation_percent=30, patience=10)


def test_early_stopping_keeps_the_best_validation_weights():
    trainer = make_trainer(**EARLY_STOPPING)
    trainer.train_epochs(500)
    assert trainer.stopped and trainer.epoch < 500
    losses = trainer.history.validation_loss
    best = int(np.argmin(losses[1:])) + 1   # epoch 0 is the untrained start
    assert trainer.best_epoch == best
    assert trainer.epoch == best + EARLY_STOPPING["patience"]
    assert all(loss >= losses[best] for loss in losses[best + 1:])
    assert trainer.metrics.validation_loss == losses[best]
    # train_epochs does nothing more once stopped
    epoch = trainer.epoch
    trainer.train_epochs(10)
    assert trainer.epoch == epoch


def test_early_stopping_weights_are_those_of_the_best_epoch():
    stopped = make_trainer(**EARLY_STOPPING)
    stopped.train_epochs(500)
    replay = make_trainer(**EARLY_STOPPING)
    replay.configure(patience=None)
    replay.train_epochs(stopped.best_epoch)
    assert np.array_equal(stopped.network.params, replay.network.params)


def test_early_stopping_needs_a_validation_split():
    with pytest.raises(InputError, match="validation"):
        make_trainer(dataset="circle", patience=5)
    trainer = make_trainer(dataset="circle")
    with pytest.raises(InputError, match="validation"):
        trainer.configure(patience=5)


# --- divergence ----------------------------------------------------------------------

@pytest.mark.parametrize("optimizer", ["sgd", "momentum"])
def test_divergence_restores_finite_weights_and_training_continues_at_a_lower_rate(optimizer):
    trainer = make_trainer(dataset="circle", hidden=[4], output_activation="linear", loss="mse",
                           learning_rate=10.0, optimizer=optimizer)
    good, epochs = trainer.network.params.copy(), len(trainer.history)
    with np.errstate(all="ignore"), pytest.raises(TrainingDiverged, match="learning rate"):
        for _ in range(50):
            trainer.train_epochs(1)
            good, epochs = trainer.network.params.copy(), len(trainer.history)
    assert np.all(np.isfinite(trainer.network.params))
    assert np.array_equal(trainer.network.params, good)
    assert len(trainer.history) == epochs and trainer.epoch == epochs - 1
    assert np.isfinite(trainer.metrics.train_loss)

    trainer.configure(learning_rate=0.001)
    trainer.train_epochs(5)
    assert trainer.epoch == epochs - 1 + 5
    assert np.all(np.isfinite(trainer.network.params))
    assert all(np.isfinite(trainer.history.train_loss[-5:]))


def test_learning_rate_must_be_positive_and_finite():
    for bad in (0.0, -0.1, float("nan"), float("inf")):
        with pytest.raises(InputError, match="learning rate"):
            make_trainer(dataset="circle").configure(learning_rate=bad)


# --- metrics -------------------------------------------------------------------------

@pytest.mark.parametrize("settings,negative", [
    (dict(dataset="xor", hidden=[3]), 0),                                          # sigmoid, bce: 0/1
    (dict(dataset="circle", hidden=[3], output_activation="tanh", loss="mse"), -1),  # tanh: -1/+1
    (dict(problem="multiclass", dataset="spiral-3", hidden=[5]), None),              # softmax, argmax
])
def test_confusion_matrix_and_accuracy_equal_a_direct_count(settings, negative):
    trainer = make_trainer(**settings)
    trainer.train_epochs(3)  # part-trained, so there are errors of every kind to count
    test = trainer.data.test
    assert trainer.network.inputs == ("x1", "x2")
    out = trainer.network.predict(test.points)
    if negative is None:
        predicted = np.argmax(out, axis=1)
    else:
        predicted = (out[:, 0] > (1 + negative) / 2).astype(int)
    k = test.classes
    direct = np.zeros((k, k), dtype=int)
    for true, guess in zip(test.values, predicted):
        direct[true, guess] += 1
    m = trainer.metrics
    assert np.array_equal(m.confusion, direct)
    assert m.confusion.sum() == len(test)
    assert m.test_accuracy == pytest.approx(np.trace(direct) / len(test), abs=1e-12)
    assert 0 < m.test_accuracy < 1


def test_losses_in_the_history_are_the_mean_loss_on_each_subset():
    trainer = make_trainer(dataset="moons", validation_percent=20, hidden=[3])
    trainer.train_epochs(2)
    net = trainer.network
    for name, subset in (("train", trainer.data.train), ("test", trainer.data.test),
                         ("validation", trainer.data.validation)):
        out = net.predict(subset.points).T
        y = (subset.values == 1).astype(float)[None, :]
        bce = -np.mean(y * np.log(out) + (1 - y) * np.log(1 - out))
        # evaluation runs in float32 (hundreds of samples in one pass)
        assert getattr(trainer.metrics, f"{name}_loss") == pytest.approx(bce, rel=1e-5)
    assert trainer.history.train_loss[-1] == trainer.metrics.train_loss


# --- split sizes -------------------------------------------------------------------------

@pytest.mark.parametrize("points,train,validation",
                         [(500, 50, 0), (500, 50, 20), (500, 50, 15), (333, 70, 10), (200, 90, 50)])
def test_train_test_validation_sizes(points, train, validation):
    trainer = make_trainer(dataset="gauss", points=points, train_percent=train, validation_percent=validation)
    # whole counts round down: 500 points at 50 % with 15 % validation is 213 + 37 + 250
    n_train = int(points * train / 100)
    n_val = int(n_train * validation / 100)
    d = trainer.data
    assert len(d.train) == n_train - n_val
    assert len(d.test) == points - n_train
    assert (len(d.validation) if d.validation else 0) == n_val
    # the three parts are disjoint and together are the whole data set
    parts = [d.train, d.test] + ([d.validation] if d.validation else [])
    rows = np.vstack([p.points for p in parts])
    assert len(np.unique(rows, axis=0)) == points
    assert trainer.train_features.shape == (2, n_train - n_val)


# --- saving and resuming -------------------------------------------------------------------

@pytest.mark.parametrize("settings", [
    dict(dataset="spiral", hidden=[6, 4], optimizer="adam", learning_rate=0.01, batch_size=9),
    dict(problem="multiclass", dataset="three-class", hidden=[4], optimizer="momentum", regularization="L2",
         regularization_rate=0.01, schedule="exponential", schedule_factor=0.9),
    dict(problem="function", dataset="bumps", inputs=["x"], hidden=[5], optimizer="sgd", batch_size=16),
])
def test_state_round_trip_through_a_scenario_file_continues_identically(settings):
    s = make_settings(**settings)
    original = build_trainer(Scenario(s))
    original.train_epochs(3)
    for _ in range(4):  # stop in the middle of an epoch
        original.step()
    text = json.dumps(scenario_to_dict(snapshot(original, s)))
    resumed = build_trainer(scenario_from_dict(json.loads(text)))

    assert np.array_equal(resumed.network.params, original.network.params)
    assert resumed.epoch == original.epoch and resumed.updates == original.updates
    assert resumed.history.to_dict() == original.history.to_dict()
    for trainer in (original, resumed):
        trainer.step()
        trainer.train_epochs(3)
    assert np.array_equal(resumed.network.params, original.network.params)
    assert resumed.history.to_dict() == original.history.to_dict()
    # and a reset to the same start finds the same initial weights
    original.reset(same_start=True)
    resumed.reset(same_start=True)
    assert np.array_equal(resumed.network.params, original.network.params)


def test_load_state_directly_continues_identically():
    s = make_settings(dataset="xor", hidden=[4], optimizer="adam", learning_rate=0.02)
    a = build_trainer(Scenario(s))
    a.train_epochs(2)
    a.step()
    state = json.loads(json.dumps(a.state()))
    b = build_trainer(Scenario(s, network=a.network.copy()))
    b.load_state(state)
    a.train_epochs(2)
    b.train_epochs(2)
    assert np.array_equal(a.network.params, b.network.params)
    assert a.history.to_dict() == b.history.to_dict()


def test_losses_are_right_when_there_is_no_test_set():
    """100 % training: the test subset is empty, and the training loss is still the
    mean over every training point (an empty subset once cut the sum short)."""
    from playground.scenario import Scenario, build_trainer
    from playground.settings import Settings

    trainer = build_trainer(Scenario(Settings(dataset="gauss", points=40, train_percent=100, hidden=[])))
    trainer.network.params[...] = 0.0  # every output 0.5: the loss is log 2 at each point
    metrics = trainer.evaluate()
    assert metrics.test_loss is None and metrics.test_accuracy is None
    assert len(trainer.data.train) == 40 and abs(metrics.train_loss - np.log(2)) < 1e-12
    assert metrics.train_accuracy == 0.5
