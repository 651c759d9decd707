"""TensorFlow Playground links give the setups they describe."""

import pytest

from playground.cli import main
from playground.engine.errors import InputError
from playground.scenario import build_trainer, load_scenario
from playground.tfp_link import is_link, parse_link

DEFAULT_PAGE = ("https://playground.tensorflow.org/#activation=tanh&batchSize=10&dataset=circle&regDataset=reg-plane"
                "&learningRate=0.03&regularizationRate=0&noise=0&networkShape=4,2&seed=0.80204&showTestData=false"
                "&discretize=false&percTrainData=50&x=true&y=true&xTimesY=false&xSquared=false&ySquared=false"
                "&cosX=false&sinX=false&cosY=false&sinY=false&collectStats=false&problem=classification"
                "&initZero=false&hideText=false")
SPIRAL_ALL = ("https://playground.tensorflow.org/#activation=relu&batchSize=20&dataset=spiral&regDataset=reg-plane"
              "&learningRate=0.01&regularizationRate=0.001&noise=15&networkShape=8,8,8,8,8,8&seed=0.12345"
              "&showTestData=true&discretize=true&percTrainData=70&x=true&y=true&xTimesY=true&xSquared=true"
              "&ySquared=true&cosX=false&sinX=true&cosY=false&sinY=true&collectStats=false&problem=classification"
              "&initZero=false&hideText=false&regularization=L2")
REGRESSION = ("https://playground.tensorflow.org/#activation=linear&batchSize=5&dataset=circle&regDataset=reg-gauss"
              "&learningRate=0.1&regularizationRate=0.01&noise=5&networkShape=3&seed=0.5&percTrainData=30"
              "&x=true&y=false&xTimesY=false&xSquared=true&ySquared=true&problem=regression&regularization=L1")


def test_the_default_page():
    settings, view, notes = parse_link(DEFAULT_PAGE)
    assert (settings.problem, settings.dataset, settings.inputs, settings.hidden) == \
        ("classification", "circle", ["x1", "x2"], [4, 2])
    assert (settings.activation, settings.learning_rate, settings.batch_size) == ("tanh", 0.03, 10)
    assert (settings.noise, settings.train_percent, settings.regularization) == (0, 50, "none")
    assert settings.output == ("tanh", "half_se") and settings.init == "tfp"
    assert view == {"show_test": False, "discretize": False, "hidden_controls": []} and notes == []


def test_spiral_with_all_features_and_six_layers_of_eight():
    settings, view, _ = parse_link(SPIRAL_ALL)
    assert settings.dataset == "spiral" and settings.hidden == [8] * 6 and settings.activation == "relu"
    assert settings.inputs == ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]
    assert (settings.batch_size, settings.learning_rate, settings.noise, settings.train_percent) == (20, 0.01, 15, 70)
    assert (settings.regularization, settings.regularization_rate) == ("L2", 0.001)
    assert view["show_test"] and view["discretize"]
    trainer = build_trainer(load_scenario(SPIRAL_ALL))
    assert trainer.network.sizes == (7, 8, 8, 8, 8, 8, 8, 1)
    assert len(trainer.data.train) == 350


def test_a_regression_setup():
    settings, _, _ = parse_link(REGRESSION)
    assert (settings.problem, settings.dataset, settings.inputs, settings.hidden) == \
        ("regression", "reg-gauss", ["x1", "x1^2", "x2^2"], [3])
    assert settings.output == ("linear", "half_se") and settings.activation == "linear"
    assert (settings.regularization, settings.regularization_rate, settings.batch_size) == ("L1", 0.01, 5)


def test_no_hidden_layers_zero_init_hidden_controls_and_unknown_keys():
    settings, view, notes = parse_link("#activation=sigmoid&networkShape=&initZero=true&learningRate_hide=true"
                                       "&problem_hide=true&cosX=true&frobnicate=1")
    assert settings.hidden == [] and settings.init == "zeros" and settings.activation == "sigmoid"
    assert view["hidden_controls"] == ["learningRate", "problem"]
    assert any("frobnicate" in n for n in notes) and any("cosX" in n for n in notes)


@pytest.mark.parametrize("garbage, field", [
    ("learningRate=fast", "learningRate"), ("networkShape=4,x", "networkShape"), ("networkShape=40", "networkShape"),
    ("activation=swish", "activation"), ("dataset=moons", "dataset"), ("noise=80", "noise"),
    ("batchSize=2.5", "batchSize"), ("x=maybe", "x"), ("x=false&y=false", "feature"), ("problem=art", "problem"),
])
def test_garbage_values_are_named(garbage, field):
    with pytest.raises(InputError, match=field):
        parse_link("https://playground.tensorflow.org/#" + garbage)


def test_info_reads_a_link_and_notes_unknown_keys(capsys):
    assert main(["info", DEFAULT_PAGE + "&frobnicate=1", "--json"]) == 0
    out, err = capsys.readouterr()
    assert '"dataset": "circle"' in out and "frobnicate" in err
    assert main(["info", "https://playground.tensorflow.org/#noise=banana"]) == 2
    _, err = capsys.readouterr()
    assert err.count("\n") == 1 and "noise" in err


def test_what_counts_as_a_link():
    assert is_link(DEFAULT_PAGE) and is_link("#activation=tanh")
    assert not is_link("scenario.json") and not is_link("https://example.com/#x=true")


def test_every_feature_switch_turns_on_one_of_our_plane_features():
    from playground.engine.features import PLANE_FEATURES
    from playground.tfp_link import FEATURES

    settings, _, notes = parse_link("#" + "&".join(f"{key}=true" for key in FEATURES))
    assert settings.inputs == list(FEATURES.values()) and notes == []
    assert set(settings.inputs) <= set(PLANE_FEATURES)
