"""Optimizers, learning-rate schedules and weight penalties against hand-written
formulas: SGD, momentum (v ← βv + g, w ← w − ηv) and Adam (Kingma & Ba) for a
few steps; step and exponential schedules, also as the trainer applies them;
L1/L2 touch weights and never biases.
"""

import numpy as np
import pytest

from playground.engine.errors import InputError
from playground.engine.network import Network
from playground.engine.optimizers import Schedule, make_optimizer
from playground.engine.regularization import Regularizer
from playground.scenario import Scenario, build_trainer
from playground.settings import Settings

RNG = np.random.default_rng(5)
START = RNG.normal(size=6)
GRADIENTS = [RNG.normal(size=6) for _ in range(4)]
LR = 0.05


def run(name, lrs=None):
    """Params after each step of optimizer ``name`` fed GRADIENTS."""
    opt, params, out = make_optimizer(name, START.size), START.copy(), []
    for i, g in enumerate(GRADIENTS):
        opt.step(params, g.copy(), LR if lrs is None else lrs[i])  # the optimizer may scribble on grad
        out.append(params.copy())
    return out


def test_sgd():
    w = START.copy()
    for got, g in zip(run("sgd"), GRADIENTS):
        w = w - LR * g
        np.testing.assert_allclose(got, w, rtol=1e-14)


def test_momentum():
    w, v, beta = START.copy(), np.zeros(6), 0.9
    for got, g in zip(run("momentum"), GRADIENTS):
        v = beta * v + g
        w = w - LR * v
        np.testing.assert_allclose(got, w, rtol=1e-14)


def test_momentum_first_step_is_plain_sgd():
    np.testing.assert_allclose(run("momentum")[0], run("sgd")[0], rtol=1e-15)


def test_adam_textbook():
    """Algorithm 1 of Kingma & Ba, bias-corrected moments, ε added to √v̂."""
    w, m, v = START.copy(), np.zeros(6), np.zeros(6)
    b1, b2, eps = 0.9, 0.999, 1e-8
    for t, (got, g) in enumerate(zip(run("adam"), GRADIENTS), start=1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        m_hat, v_hat = m / (1 - b1 ** t), v / (1 - b2 ** t)
        w = w - LR * m_hat / (np.sqrt(v_hat) + eps)
        # the engine folds the bias correction into the step size (the paper's
        # "more efficient" ordering), which moves ε by a factor √(1 − β2^t)
        np.testing.assert_allclose(got, w, rtol=1e-6)


def test_adam_first_step_moves_every_weight_by_the_learning_rate():
    # m̂ = g and v̂ = g² after one step: the step is η·sign(g) (up to ε)
    np.testing.assert_allclose(run("adam")[0], START - LR * np.sign(GRADIENTS[0]), rtol=1e-6)


def test_optimizer_state_round_trip():
    for name in ("momentum", "adam"):
        a = make_optimizer(name, 6)
        params = START.copy()
        a.step(params, GRADIENTS[0].copy(), LR)
        b = make_optimizer(name, 6)
        b.load_state(a.state())
        pa, pb = params.copy(), params.copy()
        a.step(pa, GRADIENTS[1].copy(), LR)
        b.step(pb, GRADIENTS[1].copy(), LR)
        assert np.array_equal(pa, pb)


def test_unknown_optimizer():
    with pytest.raises(InputError, match="rmsprop"):
        make_optimizer("rmsprop", 3)


# --- schedules ---------------------------------------------------------------------

def test_step_schedule():
    s = Schedule("step", factor=0.5, every=10)
    assert [s.rate(0.1, e) for e in (0, 9, 10, 19, 20, 35)] == pytest.approx([0.1, 0.1, 0.05, 0.05, 0.025, 0.0125])


def test_exponential_schedule():
    s = Schedule("exponential", factor=0.9)
    assert [s.rate(0.2, e) for e in range(4)] == pytest.approx([0.2, 0.18, 0.162, 0.1458])


def test_constant_schedule():
    assert Schedule().rate(0.03, 12345) == 0.03


@pytest.mark.parametrize("kwargs", [dict(kind="cosine"), dict(kind="step", factor=0.0),
                                    dict(kind="step", factor=1.5), dict(kind="step", every=0)])
def test_bad_schedules(kwargs):
    with pytest.raises(InputError, match="schedule"):
        Schedule(**kwargs)


@pytest.mark.parametrize("schedule,factor,every", [("step", 0.5, 2), ("exponential", 0.7, 1)])
def test_trainer_uses_the_scheduled_rate_each_epoch(schedule, factor, every):
    # full batch of 50 (float64 kernel) and SGD: each epoch is w ← w − η(epoch)·∇
    s = Settings(dataset="gauss", points=100, batch_size=50, learning_rate=0.2,
                 schedule=schedule, schedule_factor=factor, schedule_every=every)
    s.validate()
    trainer = build_trainer(Scenario(s))
    for epoch in range(5):
        expected_rate = 0.2 * factor ** (epoch // every)
        assert trainer.current_learning_rate == pytest.approx(expected_rate)
        before = trainer.network.params.copy()
        _, grad = trainer.objective_and_gradient(trainer.train_features, trainer.train_targets)
        trainer.train_epochs(1)
        np.testing.assert_allclose(trainer.network.params, before - expected_rate * grad, rtol=1e-12, atol=1e-15)


# --- regularization ------------------------------------------------------------------

def _net():
    net = Network(("x1", "x2"), [2, 3, 1], ["tanh", "sigmoid"], "bce")
    net.params[...] = np.random.default_rng(9).uniform(-2, 2, net.params.size)
    return net


@pytest.mark.parametrize("kind", ["L1", "L2"])
def test_penalty_and_its_gradient_cover_weights_not_biases(kind):
    net, rate = _net(), 0.3
    reg = Regularizer(kind, rate, net.weight_mask)
    weights = np.concatenate([net.W(0).ravel(), net.W(1).ravel()])
    expected = rate * (np.abs(weights).sum() if kind == "L1" else 0.5 * (weights ** 2).sum())
    assert reg.penalty(net.params) == pytest.approx(expected, rel=1e-14)

    grad = np.zeros_like(net.params)
    reg.add_gradient(net.params, grad)
    g = Network(net.inputs, net.sizes, net.activation_names, "bce", grad)  # read it layer by layer
    for layer in range(net.depth):
        W = net.W(layer)
        np.testing.assert_allclose(g.W(layer), rate * (np.sign(W) if kind == "L1" else W), rtol=1e-15)
        assert np.all(g.b(layer) == 0.0)


def test_regularization_in_training_shrinks_weights_and_leaves_biases_to_the_data():
    """With the data gradient taken out (a trainer without penalty on the same
    batch), what the penalty adds is rate·dR/dw on weights and exactly 0 on biases."""
    common = dict(dataset="circle", hidden=[4], points=100, batch_size=20)
    plain = build_trainer(Scenario(Settings(**common)))
    l2 = build_trainer(Scenario(Settings(**common, regularization="L2", regularization_rate=0.1)))
    indices = np.arange(0, 40, 2)
    difference = l2.batch_gradient(indices) - plain.batch_gradient(indices)
    net = l2.network
    np.testing.assert_allclose(difference, 0.1 * net.params * net.weight_mask, rtol=1e-12, atol=1e-15)
    assert np.all(difference[net.weight_mask == 0] == 0.0)


@pytest.mark.parametrize("kind,rate", [("L3", 0.1), ("L2", -1.0), ("L1", float("nan"))])
def test_bad_regularization(kind, rate):
    with pytest.raises(InputError, match="regularization"):
        Regularizer(kind, rate, np.ones(3))
