"""Plain inputs in a session: a network of any input names (the lecture's x0, x1,
x2) opens without data for the inspector but does not train; your own table's
columns become its inputs; the output is drawn as a slice through two of them."""

from __future__ import annotations

import json

import numpy as np
import pytest

from playground.engine.data import Dataset
from playground.engine.errors import InputError
from playground.network_file import network_from_dict
from playground.scenario import load_scenario, save_scenario, scenario_from_dict
from playground.session.session import Session

DECK_001 = {"format": "playground.network", "version": 2, "inputs": ["x0", "x1", "x2"], "loss": "mse",
            "layers": [{"activation": "sigmoid", "weights": [[-1, 0.5, 10]], "biases": [-2]}]}


def clusters(seed: int = 0, n: int = 600) -> tuple[np.ndarray, np.ndarray]:
    """Three Gaussian clusters in 4-D, 200 points each."""
    rng = np.random.default_rng(seed)
    centres = np.array([[0, 0, 0, 0], [3, 3, 0, 0], [0, 3, 3, 3]], dtype=float)
    labels = np.repeat(np.arange(3), n // 3)
    return centres[labels] + rng.normal(size=(n, 4)), labels


def test_a_network_of_plain_inputs_opens_without_data_and_refuses_to_train_saying_which_columns():
    session = Session(scenario_from_dict(DECK_001, "001"))
    assert session.needs_data.startswith("nothing to train on yet") and "x0, x1, x2" in session.needs_data
    for train in (session.run.step, lambda: session.run.train_epochs(5), lambda: session.run.train_until(0.1)):
        with pytest.raises(InputError, match="import data with the columns x0, x1, x2"):
            train()
    assert session.trainer.epoch == 0 and session.scenario().data is None  # the stand-in points are never saved
    with pytest.raises(InputError, match="painting works on the plane"):
        session.points.add_point(0.0, 0.0, 1)
    # the inspector's sample works: the lecture's numbers
    session.teaching.inspect(input=[4, -2, 1], target=[1])
    trace = session.teaching.inspection.trace(session.network)
    assert trace.layers[0].z[0] == pytest.approx(3.0, abs=1e-12)
    assert trace.output[0] == pytest.approx(0.9525741268, abs=1e-10)


def test_your_tables_columns_become_the_inputs_and_train_to_a_stated_accuracy(tmp_path):
    points, labels = clusters()
    names = ["a", "b", "c", "d"]
    session = Session()
    session.points.import_data(Dataset("multiclass", points, labels, 3, ("setosa", "versicolor", "virginica")), names)
    assert session.settings.inputs == names and session.network.inputs == tuple(names)
    assert session.network.sizes[0] == 4 and session.network.sizes[-1] == 3
    session.run.train_epochs(40)
    assert session.trainer.metrics.test_accuracy >= 0.9
    snap = session.snapshot()
    assert snap.slice.axes == (0, 1) and snap.slice.names == tuple(names)
    np.testing.assert_allclose(snap.slice.held[2:], points[:, 2:].mean(axis=0))
    assert snap.slice.held_text().startswith("c = ") and "held at the mean" in snap.slice.held_text()
    assert snap.output_image.shape == (100, 100, 4)
    session.frames.set_slice(3, 1)
    moved = session.snapshot()
    assert moved.slice.axes == (3, 1) and not np.array_equal(moved.output_image, snap.output_image)
    with pytest.raises(InputError, match="choose two different inputs"):
        session.frames.set_slice(2, 2)
    # saved as version 2, with the class names, and read back the same
    path = tmp_path / "iris-like.json"
    save_scenario(session.scenario(), path)
    saved = json.loads(path.read_text())
    assert saved["version"] == 2 and saved["network"]["version"] == 2
    assert saved["data"]["class_names"] == ["setosa", "versicolor", "virginica"]
    again = Session(load_scenario(path))
    assert again.network == session.network and np.array_equal(again.network.params, session.network.params)
    assert again.trainer.metrics.test_accuracy == session.trainer.metrics.test_accuracy


def test_data_with_the_networks_own_columns_keeps_its_hand_set_weights():
    session = Session(scenario_from_dict(DECK_001, "001"))
    rng = np.random.default_rng(1)
    points = rng.normal(size=(50, 3))
    session.points.import_data(Dataset("classification", points, (points[:, 2] > 0).astype(int), 2),
                               ["x0", "x1", "x2"])
    assert session.needs_data == "" and session.network.params.tolist() == [-1.0, 0.5, 10.0, -2.0]
    session.run.train_epochs(1)
    assert session.trainer.epoch == 1


def test_one_plain_input_is_drawn_as_a_function_over_its_range():
    session = Session()
    x = np.linspace(10, 20, 80)[:, None]
    session.points.import_data(Dataset("regression", x, np.sin(x[:, 0])), ["t"])
    snap = session.snapshot()
    assert snap.curves is not None and snap.output_image is None
    assert snap.curves.x.min() < 10.2 and snap.curves.x.max() > 19.8  # the data's range, not the plane's


def test_a_version_1_file_of_plain_inputs_is_refused_saying_what_version_they_need():
    with pytest.raises(InputError, match=r"'x0' is not one of the plane's features.*needs \"version\": 2"):
        network_from_dict({**DECK_001, "version": 1}, "old.json")
    with pytest.raises(InputError, match="reads up to version 2"):
        network_from_dict({**DECK_001, "version": 3}, "new.json")
