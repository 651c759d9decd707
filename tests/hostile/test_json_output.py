"""`--json` prints valid JSON whatever the numbers: NaN and ±Infinity become null,
each named under "non_finite"; and the exit codes say what happened (0 done,
2 bad input, 3 training diverged)."""

from __future__ import annotations

import json

from hostile_support import run_limited

from playground.files import json_line


def _strict(text: str):
    def refuse(name):
        raise AssertionError(f"{name} is not JSON")
    return json.loads(text, parse_constant=refuse)


def test_json_line_turns_non_finite_numbers_into_null_and_names_them():
    text = json_line({"a": float("nan"), "b": [1.0, float("inf")], "c": {"d": -float("inf")}, "e": 2})
    assert _strict(text) == {"a": None, "b": [1.0, None], "c": {"d": None}, "e": 2,
                             "non_finite": {"a": "NaN", "b[1]": "Infinity", "c.d": "-Infinity"}}
    assert "\n" not in text


def test_backprop_json_of_an_overflowing_network_is_valid_json(tmp_path):
    network = tmp_path / "big.json"
    network.write_text(json.dumps({"format": "playground.network", "version": 1, "inputs": ["x1", "x2"],
                                   "loss": "mse", "layers": [{"activation": "linear", "weights": [[1e300, 1e300]],
                                                              "biases": [0.0]}]}))
    ran = run_limited("backprop", network, "--input", "1e10,1e10", "--target", "0", "--json")
    result = _strict(ran.out)
    assert ran.code == 0 and result["loss"] is None and result["non_finite"]["loss"] == "Infinity"


DIVERGING = "https://playground.tensorflow.org/#dataset=reg-gauss&problem=regression&networkShape=16,16,16" \
            "&activation=relu&learningRate=10&batchSize=1"


def test_a_diverging_train_exits_3():
    ran = run_limited("train", DIVERGING, "--epochs", "5", "--json")
    summary = _strict(ran.out)
    assert ran.code == 3 and summary["diverged"] and "Traceback" not in ran.err


def test_a_shot_whose_training_diverges_draws_it_says_why_and_exits_3(tmp_path):
    ran = run_limited("shot", DIVERGING, "--epochs", "50", "--out", tmp_path, "--panels", "network,loss")
    assert ran.code == 3 and ran.one_line and ran.err.startswith("playground: the loss became"), ran.err
    assert ran.out.split() == [str(tmp_path / "network.png"), str(tmp_path / "loss.png")], "the pictures still made"


def test_a_shot_of_a_lesson_whose_step_diverges_names_the_step_and_exits_3(tmp_path):
    lesson = tmp_path / "too-fast.json"
    settings = {"problem": "regression", "dataset": "reg-gauss", "hidden": [16, 16, 16], "activation": "relu",
                "learning_rate": 10, "batch_size": 1}
    lesson.write_text(json.dumps({"format": "playground.lesson", "version": 1, "title": "Too fast", "steps": [
        {"title": "A calm start", "text": "Nothing trains.", "scenario": {"settings": settings},
         "shots": [{"file": "calm.png", "part": "network"}]},
        {"title": "Far too fast", "text": "Watch the loss.", "actions": [{"train": 50}],
         "shots": [{"file": "fast.png", "part": "loss"}]}]}))
    ran = run_limited("shot", lesson, "--out", tmp_path / "out")
    assert ran.code == 3 and ran.one_line, ran.err
    assert ran.err.startswith("playground: step 2 (Far too fast): the loss became"), ran.err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["calm.png", "fast.png"]
