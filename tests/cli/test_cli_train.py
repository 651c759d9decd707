"""`playground train`: from flags or a scenario, the --json summary, the loss lines,
--out (atomic, read back by info and train), resuming, determinism."""

from __future__ import annotations

import errno
import json
import math
import os
import re

import numpy as np
import pytest
from cli_support import forward, run, write_json

import playground.files

SPIRAL = ["--dataset", "spiral", "--inputs", "x1,x2", "--hidden", "8,8", "--activation", "tanh", "--lr", "0.03",
          "--batch", "10", "--optimizer", "adam", "--seed", "1"]
SUMMARY_KEYS = ("epochs", "train_loss", "test_loss", "train_accuracy", "test_accuracy")
# 500 points, 50 % for training: 250 train and 250 test points
N_TRAIN = N_TEST = 250
LOSS_LINE = re.compile(r"epoch +(\d+)/(\d+)  train loss (\d+\.\d{6})(?:  test loss (\d+\.\d{6}))?"
                       r"(?:  test accuracy (\d+\.\d)%)?$")


def train_json(*argv) -> dict:
    r = run("train", *argv, "--json")
    assert r.code == 0, r.err
    return r.json()


def numbers_of(summary: dict) -> dict:
    """Everything but the wall-clock time."""
    return {k: v for k, v in summary.items() if k != "seconds"}


def test_flags_give_one_json_object_and_a_loss_line_per_report():
    r = run("train", *SPIRAL, "--epochs", "50", "--json")
    assert r.code == 0, r.err
    assert r.out.endswith("\n") and r.out.count("\n") == 1, "one JSON object on one line"
    summary = json.loads(r.out)
    assert set(summary) >= set(SUMMARY_KEYS)
    assert summary["epochs"] == 50 and summary["updates"] == 50 * N_TRAIN // 10
    for key in ("train_loss", "test_loss"):
        assert isinstance(summary[key], float) and math.isfinite(summary[key]) and summary[key] > 0
    # accuracies are fractions of whole test and training sets
    for key, n in (("train_accuracy", N_TRAIN), ("test_accuracy", N_TEST)):
        assert 0 <= summary[key] <= 1
        assert summary[key] * n == pytest.approx(round(summary[key] * n), abs=1e-9)
    confusion = np.asarray(summary["confusion"])
    assert confusion.shape == (2, 2) and confusion.sum() == N_TEST
    assert summary["test_accuracy"] == pytest.approx(np.trace(confusion) / N_TEST, abs=1e-12)
    assert summary["train_accuracy"] > 0.6, "50 epochs of adam learn something of the spiral"
    s = summary["settings"]
    assert (s["dataset"], s["inputs"], s["hidden"], s["activation"], s["learning_rate"], s["batch_size"],
            s["optimizer"], s["seed"]) == ("spiral", ["x1", "x2"], [8, 8], "tanh", 0.03, 10, "adam", 1)

    # ten reports by default: every 5 epochs, the last one matching the summary
    matches = [LOSS_LINE.match(line) for line in r.err_lines]
    assert all(matches), r.err
    assert [int(m.group(1)) for m in matches] == list(range(5, 51, 5))
    assert all(int(m.group(2)) == 50 for m in matches)
    last = matches[-1]
    assert last.group(3) == f"{summary['train_loss']:.6f}"
    assert last.group(4) == f"{summary['test_loss']:.6f}"
    assert last.group(5) == f"{100 * summary['test_accuracy']:.1f}"


def test_report_sets_the_epochs_between_loss_lines():
    r = run("train", *SPIRAL, "--epochs", "50", "--report", "20")
    assert r.code == 0 and r.out == ""
    assert [int(LOSS_LINE.match(line).group(1)) for line in r.err_lines] == [20, 40, 50]


def test_regression_has_no_accuracy():
    summary = train_json("--dataset", "reg-plane", "--hidden", "4", "--epochs", "20")
    assert summary["train_accuracy"] is None and summary["test_accuracy"] is None
    assert summary["confusion"] is None
    assert summary["settings"]["problem"] == "regression"
    assert 0 < summary["train_loss"] < 0.1 and 0 < summary["test_loss"] < 0.1, "a plane is easy"
    r = run("train", "--dataset", "reg-plane", "--hidden", "4", "--epochs", "20")
    assert all("accuracy" not in line and "test loss" in line for line in r.err_lines)


def test_a_function_data_set_takes_the_single_input_x():
    summary = train_json("--dataset", "sine", "--epochs", "3")
    assert summary["settings"]["problem"] == "function" and summary["settings"]["inputs"] == ["x"]
    assert summary["test_accuracy"] is None


def test_multiclass_confusion_matrix():
    summary = train_json("--dataset", "three-class", "--epochs", "5")
    confusion = np.asarray(summary["confusion"])
    assert confusion.shape == (3, 3) and confusion.sum() == N_TEST
    assert summary["test_accuracy"] == pytest.approx(np.trace(confusion) / N_TEST, abs=1e-12)
    assert summary["settings"]["problem"] == "multiclass"


def test_same_seed_gives_identical_numbers():
    first = train_json(*SPIRAL, "--epochs", "30")
    second = train_json(*SPIRAL, "--epochs", "30")
    assert numbers_of(first) == numbers_of(second)
    other_seed = train_json(*SPIRAL[:-1], "2", "--epochs", "30")
    assert other_seed["train_loss"] != first["train_loss"], "the seed matters, so the check above means something"


def test_zero_epochs_evaluates_the_starting_network():
    summary = train_json(*SPIRAL, "--epochs", "0")
    assert summary["epochs"] == 0 and summary["updates"] == 0
    assert 0.6 < summary["train_loss"] < 0.9, "an untrained network is near ln 2 on two balanced classes"


# --- --out, info and resuming ------------------------------------------------------------

@pytest.mark.parametrize("optimizer, batch", [("adam", 10), ("momentum", 30), ("sgd", 250)])
def test_resuming_a_saved_scenario_equals_training_in_one_go(optimizer, batch, tmp_path):
    flags = SPIRAL[:SPIRAL.index("--batch")] + ["--batch", str(batch), "--optimizer", optimizer, "--seed", "1"]
    saved = tmp_path / "after-20.json"
    first = train_json(*flags, "--epochs", "20", "--out", saved)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["after-20.json"], "no temporary file left beside it"

    reread = train_json(saved, "--epochs", "0")
    assert reread["epochs"] == 20
    for key in ("train_loss", "test_loss", "train_accuracy", "test_accuracy", "updates", "confusion"):
        assert reread[key] == first[key], key

    resumed = train_json(saved, "--epochs", "10")
    straight = train_json(*flags, "--epochs", "30")
    assert resumed["epochs"] == straight["epochs"] == 30
    for key in ("train_loss", "test_loss", "train_accuracy", "test_accuracy", "updates", "confusion"):
        assert resumed[key] == straight[key], key
    assert resumed["settings"] == straight["settings"] | {"output_activation": "sigmoid", "loss": "bce"}


def test_saved_scenario_holds_the_trained_network(tmp_path):
    saved = tmp_path / "s.json"
    summary = train_json(*SPIRAL, "--epochs", "5", "--out", saved)
    data = json.loads(saved.read_text())
    assert data["format"] == "playground.scenario" and data["state"]["epoch"] == 5
    network = data["network"]
    assert [len(layer["biases"]) for layer in network["layers"]] == [8, 8, 1]
    # its weights give the output backprop reports for the same network file
    r = run("backprop", saved, "--input", "1,-2", "--wrt", "output", "--json")
    assert r.json()["output"][0] == pytest.approx(forward(network, [1.0, -2.0])[0], rel=1e-12)
    assert summary["epochs"] == 5


def test_info_reads_back_what_train_wrote(tmp_path):
    saved = tmp_path / "s.json"
    run("train", *SPIRAL, "--epochs", "20", "--out", saved)
    r = run("info", saved, "--json")
    assert r.code == 0 and r.err == ""
    info = r.json()
    assert (info["dataset"], info["problem"], info["inputs"], info["hidden"], info["activation"],
            info["learning_rate"], info["batch_size"], info["optimizer"], info["seed"]) == \
        ("spiral", "classification", ["x1", "x2"], [8, 8], "tanh", 0.03, 10, "adam", 1)
    assert info["epoch"] == 20 and info["weights"] == "saved"


def test_flags_override_a_scenario(tmp_path):
    saved = tmp_path / "s.json"
    before = train_json(*SPIRAL, "--epochs", "10", "--out", saved)
    # a training setting keeps the weights ...
    faster = train_json(saved, "--lr", "0.1", "--epochs", "0")
    assert faster["settings"]["learning_rate"] == 0.1 and faster["train_loss"] == before["train_loss"]
    assert faster["epochs"] == 10
    # ... a shape setting draws a new network
    reshaped = train_json(saved, "--hidden", "3", "--epochs", "0")
    assert reshaped["settings"]["hidden"] == [3] and reshaped["epochs"] == 0
    assert reshaped["train_loss"] != before["train_loss"]


def test_out_replaces_an_existing_file_whole(tmp_path):
    saved = tmp_path / "s.json"
    saved.write_text("x" * 100_000)
    train_json(*SPIRAL, "--epochs", "1", "--out", saved)
    assert json.loads(saved.read_text())["state"]["epoch"] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.json"]


def test_out_file_gets_the_permissions_of_an_ordinary_file(tmp_path):
    ordinary = tmp_path / "ordinary.json"
    ordinary.write_text("{}")
    saved = tmp_path / "s.json"
    train_json("--epochs", "0", "--out", saved)
    assert saved.stat().st_mode & 0o777 == ordinary.stat().st_mode & 0o777
    saved.chmod(0o640)
    train_json("--epochs", "0", "--out", saved)
    assert saved.stat().st_mode & 0o777 == 0o640, "overwriting keeps the file's mode"


@pytest.mark.parametrize("failure", ["disk-full", "interrupted"])
def test_a_failed_write_leaves_the_old_file_and_no_temporary(failure, tmp_path, monkeypatch):
    saved = tmp_path / "s.json"
    old = "old contents\n"
    saved.write_text(old)

    def broken_fsync(fd):
        if failure == "disk-full":
            raise OSError(errno.ENOSPC, "No space left on device")
        raise KeyboardInterrupt

    monkeypatch.setattr(playground.files.os, "fsync", broken_fsync)
    r = run("train", "--epochs", "0", "--out", saved, "--json")
    if failure == "disk-full":
        assert r.code == 2 and r.err_lines == [f"playground: {saved}: cannot write: No space left on device"]
    else:
        assert r.code == 130 and r.err_lines == ["playground: interrupted"]
    assert "Traceback" not in r.err and r.out == ""
    assert saved.read_text() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.json"]


def test_a_diverging_run_says_so_once_and_saves_sound_weights(tmp_path, recwarn):
    saved = tmp_path / "d.json"
    r = run("train", "--dataset", "reg-gauss", "--hidden", "16,16,16", "--activation", "relu", "--lr", "10",
            "--batch", "1", "--epochs", "5", "--out", saved, "--json")
    assert r.code == 3, "diverged: its own exit code"
    summary = r.json()
    assert summary["diverged"] and "Try a smaller learning rate" in summary["diverged"]
    assert math.isfinite(summary["train_loss"])
    # no RuntimeWarnings from NumPy, no traceback: the scenario written, then the one line
    assert r.err_lines == [f"wrote {saved}", f"playground: {summary['diverged']}"]
    assert [str(w.message) for w in recwarn] == []
    info = run("info", saved, "--json")
    assert info.code == 0 and info.json()["epoch"] == summary["epochs"]
    layers = json.loads(saved.read_text())["network"]["layers"]
    assert all(math.isfinite(w) for layer in layers for row in layer["weights"] for w in row)


def test_train_reads_a_network_file(tmp_path):
    network = {"format": "playground.network", "version": 1, "inputs": ["x1", "x2"], "loss": "bce",
               "layers": [{"activation": "tanh", "weights": [[0.2, 0.4], [0.3, 0.7], [-0.5, 0.1]],
                           "biases": [0.1, 0.2, 0.0]},
                          {"activation": "sigmoid", "weights": [[0.6, 0.9, -0.3]], "biases": [0.3]}]}
    net = write_json(tmp_path / "net.json", network)
    start = train_json(net, "--epochs", "0")
    assert start["settings"]["hidden"] == [3] and start["settings"]["activation"] == "tanh"
    trained = train_json(net, "--epochs", "20")
    assert trained["train_loss"] < start["train_loss"]
    assert os.listdir(tmp_path) == ["net.json"], "train without --out writes nothing"
