"""Bad input on every subcommand: exactly one line on stderr that names the file
and the field (where there is one) and what was expected, exit code 2, nothing
on stdout, no traceback (README, Architecture)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from cli_support import case_files, load_case, run, run_process, write_json

CASE = load_case(next(p for p in case_files() if p.name == "two-two-one-sigmoid-bce.case.json"))
NETWORK = CASE["network"]


def assert_one_line_error(r, *fragments):
    assert r.code == 2, (r.code, r.err)
    assert r.out == ""
    assert "Traceback" not in r.err
    assert len(r.err_lines) == 1, r.err
    line = r.err_lines[0]
    assert line.startswith("playground"), line
    for fragment in fragments:
        assert str(fragment) in line, (fragment, line)


def _edited(edit):
    data = json.loads(json.dumps(NETWORK))
    edit(data)
    return data


def _set(path, value):
    def edit(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return edit


# (content, fragments of the message besides the file's name); content None: no file
BAD_NETWORK_FILES = {
    "missing": (None, ["no such file"]),
    "empty": ("", ["not valid JSON"]),
    "truncated": (json.dumps(NETWORK)[:60], ["not valid JSON", "line 1"]),
    "not-an-object": ("[1, 2]", ["expected a JSON object", "list"]),
    "binary": (b"\xff\xfe\x00\x81 not text", ["not a text file"]),
    "nan-weight": (json.dumps(_edited(_set(["layers", 0, "weights", 0, 1], float("nan")))),
                   ["layers[0].weights[0][1]", "finite", "NaN"]),
    "infinite-bias": (json.dumps(_edited(_set(["layers", 1, "biases", 0], float("-inf")))),
                      ["layers[1].biases[0]", "finite", "-Infinity"]),
    "huge-weight": (json.dumps(NETWORK).replace("0.9", "1e999"), ["layers[1].weights[0][1]", "finite"]),
    "text-weight": (json.dumps(_edited(_set(["layers", 0, "weights", 1, 0], "0.3"))),
                    ["layers[0].weights[1][0]", "expected a number"]),
    "row-too-long": (json.dumps(_edited(_set(["layers", 1, "weights"], [[0.6, 0.9, 0.1]]))),
                     ["layers[1].weights[0]", "expected 2 numbers", "got 3"]),
    "too-few-biases": (json.dumps(_edited(_set(["layers", 0, "biases"], [0.1]))),
                       ["layers[0].biases", "expected 2 numbers", "got 1"]),
    "unknown-activation": (json.dumps(_edited(_set(["layers", 0, "activation"], "swish"))),
                           ["layers[0].activation", "swish"]),
    "unknown-loss": (json.dumps(_edited(_set(["loss"], "hinge"))), ["loss", "hinge"]),
    "softmax-hidden": (json.dumps(_edited(_set(["layers", 0, "activation"], "softmax"))),
                       ["layers[0].activation", "softmax", "output layer only"]),
    "bce-on-linear": (json.dumps(_edited(_set(["layers", 1, "activation"], "linear"))), ["loss", "bce", "sigmoid"]),
    "unknown-feature": (json.dumps(_edited(_set(["inputs"], ["x1", "x3"]))), ["inputs", "x3"]),
    "no-layers": (json.dumps(_edited(lambda d: d.pop("layers"))), ["layers", "missing"]),
    "newer-version": (json.dumps(_edited(_set(["version"], 7))), ["version", "7"]),
    "nested-too-deeply": ('{"layers": ' + "[" * 100_000 + "]" * 100_000 + "}", ["not valid JSON", "nested"]),
    "wrong-format": (json.dumps(_edited(_set(["format"], "something.else"))), ["format", "something.else"]),
}

COMMANDS = {
    "backprop": ["--input", "0.5,0.1", "--target", "1"],
    "info": [],
    "train": ["--epochs", "1"],
}


def _bad_file(tmp_path: Path, name: str) -> Path:
    content = BAD_NETWORK_FILES[name][0]
    path = tmp_path / f"{name}.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("name", sorted(BAD_NETWORK_FILES))
def test_bad_network_file(command, name, tmp_path):
    path = _bad_file(tmp_path, name)
    r = run(command, path, *COMMANDS[command])
    assert_one_line_error(r, path, *BAD_NETWORK_FILES[name][1])


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_directory_instead_of_a_file(command, tmp_path):
    folder = tmp_path / "a-folder.json"
    folder.mkdir()
    assert_one_line_error(run(command, folder, *COMMANDS[command]), folder, "directory")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root reads a file whatever its permissions say")
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_file_without_read_permission(command, tmp_path):
    path = write_json(tmp_path / "locked.json", NETWORK)
    path.chmod(0)
    try:
        assert_one_line_error(run(command, path, *COMMANDS[command]), path, "permission denied")
    finally:
        path.chmod(0o644)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_read_refused_by_the_system(command, tmp_path, monkeypatch):
    """The same as above for any user, root included: the read itself is refused."""
    path = write_json(tmp_path / "locked.json", NETWORK)
    real_open = os.open

    def refuse(name, *args, **kwargs):  # the readers open files with os.open (files.read_bytes)
        if str(name) == str(path):
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    assert_one_line_error(run(command, path, *COMMANDS[command]), path, "permission denied")


# --- scenario files ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> dict:
    path = tmp_path_factory.mktemp("scenario") / "s.json"
    assert run("train", "--hidden", "3", "--optimizer", "adam", "--epochs", "3", "--out", path).code == 0
    return json.loads(path.read_text())


BAD_SCENARIOS = {
    "noise-out-of-range": (["settings", "noise"], 70, ["settings: noise", "0 to 50", "70"]),
    "unknown-dataset": (["settings", "dataset"], "nosuch", ["settings: dataset", "nosuch"]),
    "unknown-regularization": (["settings", "regularization"], "L3", ["settings: regularization", "L3"]),
    "unknown-optimizer": (["settings", "optimizer"], "rmsprop", ["settings: optimizer", "rmsprop"]),
    "text-batch-size": (["settings", "batch_size"], "ten", ["settings: batch_size", "ten"]),
    "unknown-setting": (["settings", "colour"], "blue", ["unknown setting", "colour"]),
    "nan-in-embedded-network": (["network", "layers", 0, "weights", 2, 1], float("nan"),
                                ["network.layers[0].weights[2][1]", "NaN"]),
    "state-order-not-a-list": (["state", "order"], True, ["state", "order"]),
    "state-order-out-of-range": (["state", "order"], [0, 1, 10_000], ["state", "order", "has 250 samples"]),
    "state-cursor-past-the-end": (["state", "cursor"], 10_000, ["state", "cursor"]),
    "state-history-not-an-object": (["state", "history"], None, ["state"]),
    "state-shuffle-garbage": (["state", "shuffle", "state", "state"], -1, ["state"]),
    "state-negative-adam-step": (["state", "optimizer", "t"], -10**300, ["state", "optimizer.t"]),
    "newer-version": (["version"], 99, ["version", "99"]),
    "title-not-text": (["title"], 12, ["title"]),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("name", sorted(BAD_SCENARIOS))
def test_bad_scenario_file(command, name, scenario, tmp_path):
    where, value, fragments = BAD_SCENARIOS[name]
    data = json.loads(json.dumps(scenario))
    target = data
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    if name == "state-order-out-of-range":
        data["state"]["cursor"] = 0  # so that the bad index is still to come
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert_one_line_error(run(command, path, *COMMANDS[command]), path, *fragments)


def test_the_valid_scenario_is_accepted(scenario, tmp_path):
    """The mutations above are what makes those files bad."""
    path = write_json(tmp_path / "good.json", scenario)
    for command, extra in COMMANDS.items():
        assert run(command, path, *extra).code == 0, command


# --- flags ---------------------------------------------------------------------------------

BAD_BACKPROP_FLAGS = {
    "input-text": (["--input", "a,b", "--target", "1"], ["--input", "'a,b'"]),
    "input-too-many": (["--input", "1,2,3", "--target", "1"], ["input", "expected 2", "got 3"]),
    "input-too-few": (["--input", "1", "--target", "1"], ["input", "expected 2", "got 1"]),
    "input-empty": (["--input", "", "--target", "1"], ["--input", "at least one"]),
    "input-nan": (["--input", "nan,1", "--target", "1"], ["input", "finite"]),
    "input-missing": (["--target", "1"], ["--input"]),
    "target-text": (["--input", "1,2", "--target", "yes"], ["--target", "'yes'"]),
    "target-too-many": (["--input", "1,2", "--target", "1,0"], ["target", "expected 1", "got 2"]),
    "target-missing": (["--input", "1,2"], ["target"]),
    "lr-zero": (["--input", "1,2", "--target", "1", "--lr", "0"], ["lr", "> 0"]),
    "lr-negative": (["--input", "1,2", "--target", "1", "--lr", "-0.5"], ["lr", "> 0"]),
    "lr-text": (["--input", "1,2", "--target", "1", "--lr", "fast"], ["--lr", "fast"]),
    "wrt-unknown": (["--input", "1,2", "--target", "1", "--wrt", "weights"], ["--wrt", "weights"]),
    "unknown-flag": (["--input", "1,2", "--target", "1", "--verbose"], ["unrecognized", "--verbose"]),
}


@pytest.mark.parametrize("name", sorted(BAD_BACKPROP_FLAGS))
def test_bad_backprop_flags(name, tmp_path):
    net = write_json(tmp_path / "net.json", NETWORK)
    argv, fragments = BAD_BACKPROP_FLAGS[name]
    assert_one_line_error(run("backprop", net, *argv), *fragments)


BAD_TRAIN_FLAGS = {
    "unknown-dataset": (["--dataset", "nosuch"], ["dataset", "nosuch"]),
    "hidden-text": (["--hidden", "a,b"], ["--hidden", "'a,b'"]),
    "hidden-negative": (["--hidden", "8,-1"], ["hidden[1]", "-1"]),
    "hidden-too-wide": (["--hidden", "17"], ["hidden[0]", "17"]),
    "hidden-too-deep": (["--hidden", ",".join(["2"] * 9)], ["hidden", "at most 8"]),
    "epochs-negative": (["--epochs", "-1"], ["--epochs", "-1"]),
    "epochs-text": (["--epochs", "many"], ["--epochs", "many"]),
    "report-zero": (["--report", "0"], ["--report", "0"]),
    "noise-too-high": (["--noise", "60"], ["noise", "60"]),
    "noise-negative": (["--noise", "-1"], ["noise", "-1"]),
    "lr-zero": (["--lr", "0"], ["learning_rate", "0"]),
    "batch-zero": (["--batch", "0"], ["batch_size", "0"]),
    "activation-unknown": (["--activation", "swish"], ["activation", "swish"]),
    "activation-softmax-hidden": (["--activation", "softmax"], ["activation", "softmax"]),
    "loss-unknown": (["--loss", "hinge"], ["loss", "hinge"]),
    "loss-does-not-fit-output": (["--loss", "cce"], ["loss", "cce", "softmax"]),
    "optimizer-unknown": (["--optimizer", "rmsprop"], ["optimizer", "rmsprop"]),
    "inputs-unknown": (["--inputs", "x1,zz"], ["inputs", "zz", "plain columns", "Import Data"]),
    "inputs-x-on-the-plane": (["--dataset", "circle", "--inputs", "x"], ["inputs", "'x'"]),
    "train-percent-too-high": (["--train-percent", "101"], ["train_percent", "101"]),
    "regularization-unknown": (["--regularization", "L3"], ["regularization", "L3"]),
    "problem-does-not-fit-dataset": (["--problem", "regression", "--dataset", "circle"],
                                     ["dataset", "circle", "regression"]),
    "seed-negative": (["--seed", "-1"], ["seed", "-1"]),
    "unknown-flag": (["--colour", "red"], ["unrecognized", "--colour"]),
}


@pytest.mark.parametrize("name", sorted(BAD_TRAIN_FLAGS))
def test_bad_train_flags(name):
    argv, fragments = BAD_TRAIN_FLAGS[name]
    assert_one_line_error(run("train", *argv, *([] if "--epochs" in argv else ["--epochs", "1"])), *fragments)


def test_out_into_a_missing_folder_fails_before_training(tmp_path):
    out = tmp_path / "no-such-folder" / "trained.json"
    r = run("train", "--epochs", "5", "--out", out)
    assert_one_line_error(r, out, "does not exist")
    assert "epoch" not in r.err
    assert list(tmp_path.iterdir()) == []


def test_out_onto_a_directory_fails_before_training(tmp_path):
    r = run("train", "--epochs", "5", "--out", tmp_path)
    assert_one_line_error(r, tmp_path, "directory")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("argv, fragments", [
    (["--repeat", "0"], ["--repeat"]),
    (["--seconds", "0"], ["--seconds"]),
    (["--seconds", "-1"], ["--seconds"]),
    (["--repeat", "x"], ["--repeat", "'x'"]),
    (["--fast"], ["unrecognized", "--fast"]),
], ids=["repeat-zero", "seconds-zero", "seconds-negative", "repeat-text", "unknown-flag"])
def test_bad_bench_flags(argv, fragments):
    assert_one_line_error(run("bench", "--json", *argv), *fragments)


@pytest.mark.parametrize("argv, fragments", [
    (["info"], ["required", "scenario"]),
    (["backprop"], ["required", "network"]),
    (["info", "x.json", "--verbose"], ["unrecognized", "--verbose"]),
    (["nosuch"], ["invalid choice", "nosuch"]),
], ids=["info-no-file", "backprop-no-file", "info-unknown-flag", "unknown-command"])
def test_usage_errors(argv, fragments):
    assert_one_line_error(run(*argv), *fragments)


# --- in a real process ---------------------------------------------------------------------

@pytest.mark.parametrize("argv, fragments", [
    (["train", "missing.json", "--epochs", "1"], ["missing.json", "no such file"]),
    (["backprop", "nan.json", "--input", "1,2", "--target", "1"], ["nan.json", "layers[0].weights[0][1]"]),
    (["info", "missing.json"], ["missing.json", "no such file"]),
    (["bench", "--repeat", "0"], ["--repeat"]),
    (["train", "--dataset", "nosuch"], ["dataset", "nosuch"]),
    (["backprop", "nan.json", "--frobnicate"], ["unrecognized", "--frobnicate"]),
], ids=["train", "backprop", "info", "bench", "train-flags", "unknown-flag"])
def test_real_process_exits_2_with_one_line(argv, fragments, tmp_path):
    (tmp_path / "nan.json").write_text(json.dumps(_edited(_set(["layers", 0, "weights", 0, 1], float("nan")))))
    assert_one_line_error(run_process(*argv, cwd=tmp_path), *fragments)


# --- shot: sizes the window can take, flags a lesson would ignore -----------------------------

@pytest.mark.parametrize("size", ["800x600", "1023x640", "1024x639", "4001x900"])
def test_shot_refuses_a_size_the_window_cannot_take(tmp_path, size):
    path = write_json(tmp_path / "net.json", NETWORK)
    r = run("shot", str(path), "--out", str(tmp_path / "out"), "--size", size)
    assert_one_line_error(r, "--size", "1024x640", size)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("flag", [["--size", "1400x900"], ["--epochs", "5"], ["--panels", "loss"], ["--sample", "2"],
                                  ["--zoom", "150"]])
def test_shot_of_a_lesson_refuses_the_flags_its_shots_set_themselves(tmp_path, flag):
    lesson = Path(__file__).resolve().parents[2] / "playground" / "lessons" / "03-xor.json"
    r = run("shot", str(lesson), "--out", str(tmp_path / "out"), *flag)
    assert_one_line_error(r, flag[0], "lesson")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("zoom", ["50", "201", "nan"])
def test_shot_refuses_a_zoom_out_of_range(tmp_path, zoom):
    path = write_json(tmp_path / "net.json", NETWORK)
    r = run("shot", str(path), "--out", str(tmp_path / "out"), "--zoom", zoom)
    assert_one_line_error(r, "--zoom", "75 to 200")


def test_a_lesson_shot_smaller_than_the_window_is_refused_naming_the_field(tmp_path):
    lesson = {"format": "playground.lesson", "version": 1, "title": "Small",
              "steps": [{"text": "t", "scenario": {"settings": {"dataset": "xor"}},
                                          "shots": [{"part": "window", "file": "a.png", "size": [800, 600]}]}]}
    path = write_json(tmp_path / "small.json", lesson)
    r = run("shot", str(path), "--out", str(tmp_path / "out"))
    assert_one_line_error(r, "steps[0].shots[0].size", "1024x640", "800x600")
