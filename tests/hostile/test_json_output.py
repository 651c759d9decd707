"""`--json` prints valid JSON whatever the numbers: NaN and ±Infinity become null,
each named under "non_finite"; and the exit codes say what happened (0 done,
2 bad input, 3 training diverged)."""

from __future__ import annotations

import json

from playground.cli import main
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


def test_backprop_json_of_an_overflowing_network_is_valid_json(tmp_path, capsys):
    network = tmp_path / "big.json"
    network.write_text(json.dumps({"format": "playground.network", "version": 1, "inputs": ["x1", "x2"],
                                   "loss": "mse", "layers": [{"activation": "linear", "weights": [[1e300, 1e300]],
                                                              "biases": [0.0]}]}))
    code = main(["backprop", str(network), "--input", "1e10,1e10", "--target", "0", "--json"])
    result = _strict(capsys.readouterr().out)
    assert code == 0 and result["loss"] is None and result["non_finite"]["loss"] == "Infinity"


def test_a_diverging_train_exits_3(capsys):
    code = main(["train", "--dataset", "reg-gauss", "--hidden", "16,16,16", "--activation", "relu", "--lr", "10",
                 "--batch", "1", "--epochs", "5", "--json"])
    summary = _strict(capsys.readouterr().out)
    assert code == 3 and summary["diverged"]
