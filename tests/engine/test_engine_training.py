"""Training reaches a stated quality on every built-in data set, from seed 1.

Each data set is built through the public path (Settings -> Scenario ->
build_trainer), trained for a stated number of epochs, and must then reach the
stated test accuracy (classification) or test loss (regression and function
problems: mean squared error, the default loss there). Unless a row says
otherwise the settings are the defaults: 500 points, noise 0, 50 % for
training, inputs x1 and x2, tanh hidden layers, seed 1.

Every row also checks that training did the work: the epoch-0 network is far
from the threshold (accuracy below it, or the test loss at least twice it).
"""

import numpy as np
import pytest

from playground.engine.data import DATASETS
from playground.scenario import Scenario, build_trainer
from playground.settings import Settings

ALL_FEATURES = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]
TFP_DEFAULTS = {}  # hidden [4, 2], tanh, SGD with learning rate 0.03, batch size 10
ADAM = {"optimizer": "adam", "learning_rate": 0.01}

# data set -> (minimum test accuracy, epochs, settings). The first six thresholds
# are the issue's; TensorFlow Playground's default network and optimizer reach
# them on the four easy sets (they stay ≥ 95 % from about epoch 40 on).
ACCURACY_TARGETS = {
    "circle": (0.95, 100, TFP_DEFAULTS),
    "xor": (0.95, 100, TFP_DEFAULTS),
    "gauss": (0.95, 100, TFP_DEFAULTS),
    "moons": (0.95, 100, TFP_DEFAULTS),
    # reaches about 98 %
    "spiral": (0.90, 150, {"inputs": ALL_FEATURES, "hidden": [8, 8], **ADAM}),
    # reaches 100 %
    "three-class": (0.90, 50, {"problem": "multiclass", "hidden": [4], "optimizer": "adam", "learning_rate": 0.03}),
    # ours: three arms overfit easily with 250 training points; a little L2 keeps
    # the test accuracy up (reaches about 97 %)
    "spiral-3": (0.90, 300, {"problem": "multiclass", "inputs": ALL_FEATURES, "hidden": [16, 16],
                             "regularization": "L2", "regularization_rate": 0.001, **ADAM}),
}

# data set -> (maximum test MSE, epochs, settings); ours. For scale, the variance
# of the targets (the MSE of always predicting the mean) is noted with each.
LOSS_TARGETS = {
    # variance 0.25; reaches about 0.0013
    "reg-plane": (0.005, 100, {"problem": "regression", **ADAM}),
    # variance 0.088; six cones need more points than the default 500 (reaches about 0.011)
    "reg-gauss": (0.02, 300, {"problem": "regression", "points": 1000, "hidden": [8, 8], **ADAM}),
    # variance 0.51; reaches about 0.008
    "sine": (0.02, 200, {"problem": "function", "inputs": ["x"], "hidden": [8, 8], **ADAM}),
    # variance 0.25; reaches about 0.0015
    "step": (0.01, 200, {"problem": "function", "inputs": ["x"], "hidden": [8], **ADAM}),
    # variance 0.17; reaches about 0.0014
    "bumps": (0.005, 200, {"problem": "function", "inputs": ["x"], "hidden": [8, 8], **ADAM}),
}


def trained(dataset, epochs, settings):
    s = Settings(dataset=dataset, seed=1, **settings)
    s.validate()
    trainer = build_trainer(Scenario(s))
    first = trainer.metrics
    trainer.train_epochs(epochs)
    assert trainer.epoch == epochs and len(trainer.history) == epochs + 1
    return first, trainer.metrics


def test_every_built_in_data_set_has_a_target():
    assert set(ACCURACY_TARGETS) | set(LOSS_TARGETS) == set(DATASETS)


@pytest.mark.parametrize("dataset", ACCURACY_TARGETS)
def test_classification_reaches_accuracy(dataset):
    threshold, epochs, settings = ACCURACY_TARGETS[dataset]
    first, last = trained(dataset, epochs, settings)
    assert last.test_accuracy >= threshold, f"{dataset}: test accuracy {last.test_accuracy} after {epochs} epochs"
    assert last.test_loss < first.test_loss / 2


@pytest.mark.parametrize("dataset", LOSS_TARGETS)
def test_regression_reaches_loss(dataset):
    threshold, epochs, settings = LOSS_TARGETS[dataset]
    first, last = trained(dataset, epochs, settings)
    assert first.test_loss > 2 * threshold
    assert last.test_accuracy is None
    assert np.isfinite(last.test_loss) and last.test_loss <= threshold, \
        f"{dataset}: test loss {last.test_loss} after {epochs} epochs"
