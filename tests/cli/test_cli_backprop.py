"""`playground backprop`: the lecture's worked cases, gradients against finite
differences, and the readable table.

Every *.case.json in the cases folders (de-duplicated by file name) is checked
twice: passing the case file itself (its own input, target and lr) and passing
its network as a separate file with --input/--target/--lr; a case listing several
samples, for each of them. A new case file is picked up without touching this file.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from cli_support import (
    case_files,
    case_tolerance,
    finite_difference,
    forward,
    load_case,
    loss,
    numbers,
    run,
    write_json,
)

from playground.worked_case import case_samples

CASES = case_files()
LAYER_KEYS = ("z", "a", "dz", "dW", "db")
# (case file, sample index): every sample of every case
SAMPLES = [(p, i) for p in CASES for i in range(len(case_samples(load_case(p))))]
SAMPLE_IDS = [f"{p.name}[{i}]" for p, i in SAMPLES]


def _sample_of(path, index: int) -> tuple[dict, list]:
    """The case with sample ``index``'s input, target and expect in place of its own,
    and the flags that pick that sample from the case file."""
    case = load_case(path)
    return {**case, **case_samples(case)[index]}, (["--sample", index] if "samples" in case else [])


def test_the_lecture_cases_are_found():
    names = [p.name for p in CASES]
    assert "two-two-one-sigmoid-bce.case.json" in names
    assert len(names) == len(set(names))


def _check_against_case(result: dict, case: dict) -> None:
    expect = case["expect"]
    rtol, atol = case_tolerance(case)
    lr = case.get("lr")
    assert set(result) >= {"loss", "output", "layers"}
    if "loss" in expect:
        np.testing.assert_allclose(result["loss"], expect["loss"], rtol=rtol, atol=atol, err_msg="loss")
    np.testing.assert_allclose(result["output"], expect["output"], rtol=rtol, atol=atol, err_msg="output")
    assert len(result["layers"]) == len(expect["layers"]) == len(case["network"]["layers"])
    for i, (got, want) in enumerate(zip(result["layers"], expect["layers"])):
        assert set(got) >= set(LAYER_KEYS)
        assert ("W_new" in got and "b_new" in got) == (lr is not None), f"layers[{i}]: W_new/b_new iff --lr"
        for key, value in want.items():
            np.testing.assert_allclose(np.asarray(got[key], float), np.asarray(value, float), rtol=rtol, atol=atol,
                                       err_msg=f"layers[{i}].{key}")


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_case_file_reproduces_with_its_own_sample(path):
    """Every sample a case lists (its wrt too, not given here), under "samples"."""
    case = load_case(path)
    r = run("backprop", path, "--json")
    assert (r.code, r.err) == (0, "")
    results = r.json()["samples"] if "samples" in case else [r.json()]
    assert len(results) == len(case_samples(case))
    for result, sample in zip(results, case_samples(case)):
        assert result["input"] == pytest.approx(sample["input"])
        _check_against_case(result, {**case, **sample})


@pytest.mark.parametrize("path, index", SAMPLES, ids=SAMPLE_IDS)
def test_case_network_reproduces_with_explicit_flags(path, index, tmp_path):
    case, _ = _sample_of(path, index)
    net = write_json(tmp_path / "net.json", case["network"])
    argv = ["backprop", net, "--input", numbers(case["input"]), "--json"]
    if case.get("target") is not None:
        argv += ["--target", numbers(case["target"])]
    if case.get("lr") is not None:
        argv += ["--lr", repr(float(case["lr"]))]
    if "wrt" in case:
        argv += ["--wrt", case["wrt"]]
    r = run(*argv)
    assert (r.code, r.err) == (0, "")
    _check_against_case(r.json(), case)


def test_flags_override_the_case_sample():
    path = next(p for p in CASES if p.name == "two-two-one-sigmoid-bce.case.json")
    case = load_case(path)
    own = run("backprop", path, "--json").json()
    r = run("backprop", path, "--input", "-0.5,0.25", "--target", "0", "--lr", "0.5", "--json")
    assert r.code == 0
    other = r.json()
    assert (other["input"], other["target"], other["lr"]) == ([-0.5, 0.25], [0.0], 0.5)
    assert other["output"][0] == pytest.approx(forward(case["network"], [-0.5, 0.25])[0], rel=1e-12)
    assert other["output"] != own["output"]


def test_without_lr_there_are_no_updated_weights(tmp_path):
    case = load_case(next(p for p in CASES if p.name == "two-two-one-sigmoid-bce.case.json"))
    net = write_json(tmp_path / "net.json", case["network"])
    r = run("backprop", net, "--input", numbers(case["input"]), "--target", numbers(case["target"]), "--json")
    assert r.code == 0
    result = r.json()
    assert result["lr"] is None
    assert all("W_new" not in layer and "b_new" not in layer for layer in result["layers"])
    table = run("backprop", net, "--input", numbers(case["input"]), "--target", numbers(case["target"])).out
    assert "w new" not in table and "b new" not in table and "η" not in table


# --- gradients against finite differences ------------------------------------------------

def _layer(act, W, b):
    return {"activation": act, "weights": W, "biases": b}


def _network(inputs, loss_name, *layers):
    return {"format": "playground.network", "version": 1, "inputs": inputs, "loss": loss_name, "layers": list(layers)}


ONE_OUTPUT = {
    "sigmoid-bce": _network(["x1", "x2"], "bce",
                            _layer("sigmoid", [[0.2, 0.4], [0.3, 0.7]], [0.1, 0.2]),
                            _layer("sigmoid", [[0.6, 0.9]], [0.3])),
    "tanh-linear-mse": _network(["x1", "x2", "x1*x2"], "mse",
                                _layer("tanh", [[0.5, -0.3, 0.8], [-0.7, 0.2, 0.1], [0.05, 0.9, -0.4]],
                                       [0.1, -0.2, 0.3]),
                                _layer("linear", [[1.2, -0.8, 0.5]], [-0.1])),
    "relu-leaky-tanh-half_se": _network(["x1", "x2"], "half_se",
                                        _layer("relu", [[0.9, -0.4], [0.3, 0.8], [-0.6, -0.5]], [0.1, 0.2, 0.05]),
                                        _layer("leaky_relu", [[0.7, -0.2, 0.4], [-0.5, 0.6, 0.3]], [-0.3, 0.1]),
                                        _layer("tanh", [[1.1, -0.9]], [0.2])),
    "function-x": _network(["x"], "mse",
                           _layer("sigmoid", [[2.0], [-1.5]], [0.5, 1.0]),
                           _layer("linear", [[0.8, -1.3]], [0.25])),
}
# Chosen so that no relu sits at its kink.
INPUTS = {"sigmoid-bce": [0.5, 0.1], "tanh-linear-mse": [0.4, -0.9, -0.36],
          "relu-leaky-tanh-half_se": [0.8, -0.6], "function-x": [-0.7]}


@pytest.mark.parametrize("name", sorted(ONE_OUTPUT))
def test_wrt_output_is_the_gradient_of_the_output_unit(name, tmp_path):
    network, x = ONE_OUTPUT[name], INPUTS[name]
    net = write_json(tmp_path / "net.json", network)
    r = run("backprop", net, "--input", numbers(x), "--wrt", "output", "--json")
    assert (r.code, r.err) == (0, ""), "--wrt output needs no --target"
    result = r.json()
    assert result["wrt"] == "output" and result["target"] is None and result["loss"] is None
    assert result["output"] == pytest.approx(forward(network, x), rel=1e-12)
    expected = finite_difference(network, lambda net: forward(net, x)[0])
    for i, (layer, (dW, db)) in enumerate(zip(result["layers"], expected)):
        np.testing.assert_allclose(layer["dW"], dW, rtol=1e-6, atol=1e-8, err_msg=f"layers[{i}].dW")
        np.testing.assert_allclose(layer["db"], db, rtol=1e-6, atol=1e-8, err_msg=f"layers[{i}].db")
        np.testing.assert_allclose(layer["dz"], layer["db"], rtol=0, atol=0)


def test_wrt_output_differs_from_wrt_loss(tmp_path):
    net = write_json(tmp_path / "net.json", ONE_OUTPUT["sigmoid-bce"])
    of_output = run("backprop", net, "--input", "0.5,0.1", "--target", "1", "--wrt", "output", "--json").json()
    of_loss = run("backprop", net, "--input", "0.5,0.1", "--target", "1", "--json").json()
    # bce on a sigmoid: ∂L/∂o = -1/o for y = 1, so ∂L/∂w = -(1/o) ∂o/∂w for every weight
    o = of_loss["output"][0]
    for a, b in zip(of_loss["layers"], of_output["layers"]):
        np.testing.assert_allclose(a["dW"], -np.asarray(b["dW"]) / o, rtol=1e-12)


LOSS_NETWORKS = {
    "mse-two-outputs": (_network(["x1", "x2"], "mse",
                                 _layer("tanh", [[0.3, -0.6], [0.8, 0.1]], [0.05, -0.1]),
                                 _layer("linear", [[0.5, -0.4], [0.9, 0.3]], [0.1, 0.2])),
                        [0.7, -1.2], [0.25, -0.5]),
    "half_se-tanh": (ONE_OUTPUT["relu-leaky-tanh-half_se"], [0.8, -0.6], [-1.0]),
    "bce-sigmoid": (ONE_OUTPUT["sigmoid-bce"], [0.5, 0.1], [0.0]),
    "cce-softmax": (_network(["x1", "x2", "sin(x1)"], "cce",
                             _layer("sigmoid", [[0.4, -0.3, 0.2], [-0.5, 0.6, 0.1]], [0.0, 0.1]),
                             _layer("softmax", [[1.0, -1.0], [0.5, 0.7], [-0.8, 0.2]], [0.1, 0.0, -0.1])),
                    [0.3, -0.4, 0.29552020666133955], [0.0, 1.0, 0.0]),
}


@pytest.mark.parametrize("name", sorted(LOSS_NETWORKS))
def test_wrt_loss_is_the_gradient_of_the_designed_loss(name, tmp_path):
    network, x, y = LOSS_NETWORKS[name]
    lr = 0.1
    net = write_json(tmp_path / "net.json", network)
    r = run("backprop", net, "--input", numbers(x), "--target", numbers(y), "--lr", lr, "--json")
    assert (r.code, r.err) == (0, "")
    result = r.json()
    assert result["loss"] == pytest.approx(loss(network["loss"], forward(network, x), y), rel=1e-12)
    expected = finite_difference(network, lambda net: loss(net["loss"], forward(net, x), y))
    for i, (layer, (dW, db), given) in enumerate(zip(result["layers"], expected, network["layers"])):
        np.testing.assert_allclose(layer["dW"], dW, rtol=1e-6, atol=1e-8, err_msg=f"layers[{i}].dW")
        np.testing.assert_allclose(layer["db"], db, rtol=1e-6, atol=1e-8, err_msg=f"layers[{i}].db")
        np.testing.assert_allclose(layer["W_new"], np.asarray(given["weights"]) - lr * np.asarray(layer["dW"]),
                                   rtol=1e-14, atol=1e-16)
        np.testing.assert_allclose(layer["b_new"], np.asarray(given["biases"]) - lr * np.asarray(layer["db"]),
                                   rtol=1e-14, atol=1e-16)


def test_mse_with_two_outputs_is_half_the_sum_of_squares(tmp_path):
    network, x, y = LOSS_NETWORKS["mse-two-outputs"]
    net = write_json(tmp_path / "net.json", network)
    result = run("backprop", net, "--input", numbers(x), "--target", numbers(y), "--json").json()
    o = np.asarray(result["output"])
    assert result["loss"] == pytest.approx(0.5 * np.sum((o - y) ** 2), rel=1e-12)


def test_target_is_required_for_the_loss_but_not_for_the_output(tmp_path):
    net = write_json(tmp_path / "net.json", ONE_OUTPUT["tanh-linear-mse"])
    r = run("backprop", net, "--input", "0.1,0.2,0.02", "--json")
    assert r.code == 2 and r.out == ""
    assert len(r.err_lines) == 1 and "target" in r.err
    r = run("backprop", net, "--input", "0.1,0.2,0.02", "--wrt", "loss")
    assert r.code == 2 and len(r.err_lines) == 1 and "target" in r.err
    r = run("backprop", net, "--input", "0.1,0.2,0.02", "--wrt", "output", "--json")
    assert r.code == 0 and r.json()["layers"][-1]["dz"] == [1.0], "a linear output: ∂o/∂z = 1"


def test_wrt_output_needs_a_single_output_unit(tmp_path):
    network, x, _ = LOSS_NETWORKS["cce-softmax"]
    net = write_json(tmp_path / "net.json", network)
    r = run("backprop", net, "--input", numbers(x), "--wrt", "output", "--json")
    assert r.code == 2 and r.out == ""
    assert len(r.err_lines) == 1 and "single output" in r.err


def test_negative_inputs_can_follow_the_flag(tmp_path):
    net = write_json(tmp_path / "net.json", ONE_OUTPUT["sigmoid-bce"])
    r = run("backprop", net, "--input", "-0.5,-0.1", "--target", "-1,", "--wrt", "output", "--json")
    assert r.code == 0, r.err
    assert r.json()["input"] == [-0.5, -0.1] and r.json()["target"] == [-1.0]
    assert r.json()["output"][0] == pytest.approx(forward(ONE_OUTPUT["sigmoid-bce"], [-0.5, -0.1])[0], rel=1e-12)


def test_backprop_reads_a_scenario_file(tmp_path):
    out = tmp_path / "trained.json"
    assert run("train", "--hidden", "3", "--activation", "tanh", "--epochs", "2", "--out", out).code == 0
    network = json.loads(out.read_text())["network"]
    r = run("backprop", out, "--input", "1.5,-2", "--target", "1", "--json")
    assert r.code == 0, r.err
    result = r.json()
    assert [len(layer["z"]) for layer in result["layers"]] == [3, 1]
    assert result["output"][0] == pytest.approx(forward(network, [1.5, -2.0])[0], rel=1e-12)


# --- the table ---------------------------------------------------------------------------------

def _parse_table(text: str) -> dict:
    """{layer number: {"units": {name: {column: cell}}, "weights": {"a → b": {column: cell}}}}"""
    layers, current, header, section = {}, None, None, None
    for line in text.splitlines():
        m = re.match(r"Layer (\d+) \((hidden|output), (\w+)\)$", line)
        if m:
            current = layers.setdefault(int(m.group(1)), {"kind": m.group(2), "activation": m.group(3),
                                                           "units": {}, "weights": {}, "headers": []})
            continue
        if current is None or not line.strip():
            continue
        cells = re.split(r"\s{2,}", line.strip())
        if cells[0] in ("unit", "weight"):
            header, section = cells, "units" if cells[0] == "unit" else "weights"
            current["headers"].append(cells)
            continue
        current[section][cells[0]] = dict(zip(header, cells))
    return layers


def _names(case: dict) -> list[list[str]]:
    layers = case["network"]["layers"]
    names = [list(case["network"]["inputs"])]
    for i, layer in enumerate(layers):
        prefix = "o" if i == len(layers) - 1 else "h"
        names.append([f"{prefix}{j + 1}" for j in range(len(layer["biases"]))])
    return names


@pytest.mark.parametrize("path, index", SAMPLES, ids=SAMPLE_IDS)
def test_table_shows_the_case_in_the_lectures_notation(path, index):
    case, pick = _sample_of(path, index)
    wrt = case.get("wrt", "loss")
    r = run("backprop", path, *pick, *(["--wrt", wrt] if "wrt" in case else []))
    assert (r.code, r.err) == (0, "")
    g = "∂L/∂" if wrt == "loss" else "∂o/∂"
    table, expect, names = _parse_table(r.out), case["expect"], _names(case)
    rtol, atol = case_tolerance(case)
    rtol = max(rtol, 1e-7)  # the table shows eight significant digits

    def close(cell, value, what):
        assert float(cell) == pytest.approx(value, rel=rtol, abs=atol), what

    assert sorted(table) == list(range(1, len(expect["layers"]) + 1))
    for i, want in enumerate(expect["layers"]):
        layer, network_layer = table[i + 1], case["network"]["layers"][i]
        assert layer["kind"] == ("output" if i == len(expect["layers"]) - 1 else "hidden")
        assert layer["activation"] == network_layer["activation"]
        unit_header, weight_header = layer["headers"]
        assert unit_header[:5] == ["unit", "z", "a", g + "z", g + "b"]
        assert weight_header[:2] == ["weight", g + "w"]
        if case.get("lr") is not None:
            assert unit_header[5:] == ["b", "b new"] and weight_header[2:] == ["w", "w new"]
        assert list(layer["units"]) == names[i + 1]
        for j, unit in enumerate(names[i + 1]):
            row = layer["units"][unit]
            for column, key in (("z", "z"), ("a", "a"), (g + "z", "dz"), (g + "b", "db"), ("b new", "b_new")):
                if key in want:
                    close(row[column], want[key][j], f"layer {i + 1} {unit} {column}")
            if case.get("lr") is not None:
                close(row["b"], network_layer["biases"][j], f"layer {i + 1} {unit} b")
        assert len(layer["weights"]) == len(names[i]) * len(names[i + 1])
        for j, to in enumerate(names[i + 1]):
            for k, frm in enumerate(names[i]):
                row = layer["weights"][f"{frm} → {to}"]
                if "dW" in want:
                    close(row[g + "w"], want["dW"][j][k], f"{frm} → {to} {g}w")
                if "W_new" in want:
                    close(row["w new"], want["W_new"][j][k], f"{frm} → {to} w new")
                    close(row["w"], network_layer["weights"][j][k], f"{frm} → {to} w")
    assert "Output " in r.out and "Input  " in r.out


def test_table_puts_the_lecture_numbers_in_the_right_rows():
    path = next(p for p in CASES if p.name == "two-two-one-sigmoid-bce.case.json")
    text = run("backprop", path).out
    lines = text.splitlines()

    def row(first_cell, count=1):
        found = [line for line in lines if re.split(r"\s{2,}", line.strip())[0] == first_cell]
        assert len(found) == count, first_cell
        return re.split(r"\s{2,}", found[0].strip())

    assert "Input  x1 = 0.5, x2 = 0.1" in lines and "Target y1 = 1" in lines
    assert "Output o1 = 0.76476132" in lines and "Loss   L = 0.2681915" in lines
    assert row("unit", count=2) == ["unit", "z", "a", "∂L/∂z", "∂L/∂b", "b", "b new"]
    assert row("h1")[:3] == ["h1", "0.24", "0.55971365"]
    assert row("h2")[:3] == ["h2", "0.42", "0.60348325"]
    assert row("o1")[2:4] == ["0.76476132", "-0.23523868"]
    assert row("o1")[-1] == "0.30235239"
    assert row("x1 → h1") == ["x1 → h1", "-0.017391263", "0.2", "0.20017391"]
    assert row("h2 → o1") == ["h2 → o1", "-0.1419626", "0.9", "0.90141963"]
    assert "∂L/∂w" in text and "∂L/∂z" in text


def test_table_with_wrt_output_names_the_output_gradient(tmp_path):
    net = write_json(tmp_path / "net.json", ONE_OUTPUT["sigmoid-bce"])
    text = run("backprop", net, "--input", "0.5,0.1", "--wrt", "output").out
    assert "∂o/∂z" in text and "∂o/∂w" in text and "∂L/∂" not in text
    assert "Loss" not in text and "Target" not in text
    # ∂o/∂z of the output = o(1 - o) = 0.76476132 · 0.23523868
    o1 = next(line for line in text.splitlines() if line.strip().startswith("o1 "))
    assert float(re.split(r"\s{2,}", o1.strip())[3]) == pytest.approx(0.7647613177655476 * (1 - 0.7647613177655476),
                                                                      rel=1e-7)
