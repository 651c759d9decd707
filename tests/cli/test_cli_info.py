"""`playground info SCENARIO --json`: the setup, under the canonical keys (README, Architecture)."""

from __future__ import annotations

import json

import pytest
from cli_support import run, write_json

INFO_KEYS = ("problem", "dataset", "noise", "train_percent", "inputs", "hidden", "activation", "learning_rate",
             "batch_size", "regularization", "regularization_rate", "optimizer", "seed")


def info_json(path) -> dict:
    r = run("info", path, "--json")
    assert r.code == 0 and r.err == "", r.err
    assert r.out.count("\n") == 1, "one JSON object"
    return r.json()


def test_info_of_a_scenario_written_from_flags(tmp_path):
    saved = tmp_path / "xor.json"
    r = run("train", "--dataset", "xor", "--noise", "25", "--train-percent", "70", "--inputs", "x1,x2,x1*x2",
            "--hidden", "5,3", "--activation", "relu", "--lr", "0.1", "--batch", "20", "--regularization", "l2",
            "--reg-rate", "0.001", "--optimizer", "momentum", "--seed", "7", "--epochs", "2", "--out", saved)
    assert r.code == 0, r.err
    info = info_json(saved)
    assert list(info)[:len(INFO_KEYS)] == list(INFO_KEYS), "the design's keys come first"
    assert {k: info[k] for k in INFO_KEYS} == {
        "problem": "classification", "dataset": "xor", "noise": 25, "train_percent": 70,
        "inputs": ["x1", "x2", "x1*x2"], "hidden": [5, 3], "activation": "relu", "learning_rate": 0.1,
        "batch_size": 20, "regularization": "L2", "regularization_rate": 0.001, "optimizer": "momentum",
        "seed": 7}
    assert info["epoch"] == 2 and info["weights"] == "saved"
    assert (info["output_activation"], info["loss"]) == ("sigmoid", "bce")


def test_info_of_a_hand_written_scenario_without_weights(tmp_path):
    settings = {"problem": "multiclass", "dataset": "spiral-3", "noise": 10, "train_percent": 60,
                "inputs": ["x1", "x2", "sin(x1)", "sin(x2)"], "hidden": [6, 6, 4], "activation": "tanh",
                "learning_rate": 0.01, "batch_size": 5, "regularization": "L1", "regularization_rate": 0.0003,
                "optimizer": "adam", "seed": 42}
    path = write_json(tmp_path / "lesson.json", {"format": "playground.scenario", "version": 1,
                                                 "title": "Three arms", "settings": settings})
    info = info_json(path)
    assert {k: info[k] for k in INFO_KEYS} == settings
    assert info["title"] == "Three arms" and info["epoch"] == 0 and info["weights"] == "drawn from the seed"
    assert (info["output_activation"], info["loss"]) == ("softmax", "cce")


def test_info_fills_in_the_defaults(tmp_path):
    path = write_json(tmp_path / "empty.json", {"format": "playground.scenario", "version": 1})
    info = info_json(path)
    assert {k: info[k] for k in INFO_KEYS} == {
        "problem": "classification", "dataset": "circle", "noise": 0, "train_percent": 50, "inputs": ["x1", "x2"],
        "hidden": [4, 2], "activation": "tanh", "learning_rate": 0.03, "batch_size": 10, "regularization": "none",
        "regularization_rate": 0, "optimizer": "sgd", "seed": 1}


@pytest.mark.parametrize("output, loss, problem", [("sigmoid", "bce", "classification"),
                                                   ("linear", "mse", "regression"),
                                                   ("softmax", "cce", "multiclass")])
def test_info_of_a_network_file_describes_its_shape(output, loss, problem, tmp_path):
    units = 3 if output == "softmax" else 1
    network = {"format": "playground.network", "version": 1, "inputs": ["x1", "x2", "x1^2"], "loss": loss,
               "layers": [{"activation": "leaky_relu", "weights": [[0.1, 0.2, 0.3]] * 4, "biases": [0.0] * 4},
                          {"activation": "leaky_relu", "weights": [[0.1] * 4] * 2, "biases": [0.0] * 2},
                          {"activation": output, "weights": [[0.5, -0.5]] * units, "biases": [0.0] * units}]}
    info = info_json(write_json(tmp_path / "net.json", network))
    assert info["problem"] == problem
    assert info["inputs"] == ["x1", "x2", "x1^2"] and info["hidden"] == [4, 2]
    assert info["activation"] == "leaky_relu"
    assert (info["output_activation"], info["loss"]) == (output, loss)
    assert info["weights"] == "saved"


def test_info_table_lists_every_setting(tmp_path):
    saved = tmp_path / "s.json"
    run("train", "--hidden", "8,8", "--seed", "3", "--epochs", "1", "--out", saved)
    r = run("info", saved)
    assert r.code == 0 and r.err == ""
    rows = dict(line.split(None, 1) if len(line.split(None, 1)) == 2 else (line.strip(), "")
                for line in r.out.splitlines())
    assert set(INFO_KEYS) <= set(rows)
    assert rows["hidden"] == "8, 8" and rows["seed"] == "3" and rows["inputs"] == "x1, x2"
    assert rows["dataset"] == "circle" and rows["epoch"] == "1"


def test_info_does_not_change_the_file(tmp_path):
    saved = tmp_path / "s.json"
    run("train", "--epochs", "1", "--out", saved)
    before = saved.read_bytes()
    info_json(saved)
    run("info", saved)
    assert saved.read_bytes() == before
    assert json.loads(before)["state"]["epoch"] == 1
