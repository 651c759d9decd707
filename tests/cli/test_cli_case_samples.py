"""Worked cases of several samples (``samples``), and the lecture's worked examples
as cases: `playground backprop` traces every sample of a case, or the one --sample
picks; the case files say which deck and slide they come from; the numbers the
slides (or the brief for deck 001) give hold against the files' exact values.

Every sample of every case is compared number by number in test_cli_backprop.py;
this file holds what is particular to several samples and to the lecture's cases.
"""

from __future__ import annotations

import json

import pytest
from cli_support import ROOT, case_files, case_tolerance, load_case, run, write_json

from playground.engine.errors import InputError
from playground.worked_case import case_samples, check_case

CASES = {p.name: p for p in case_files()}
OWN = ROOT / "tests" / "cases"  # the lecture's worked examples, as this change adds them
LECTURE = {  # file: the deck it comes from
    "relu-chain-three-units.case.json": "Deck 000",
    "one-sigmoid-loss-table.case.json": "Deck 000",
    "one-sigmoid-chain-rule.case.json": "Deck 001",
    "three-one-sigmoid-mse.case.json": "Deck 001",
    "two-three-two-linear-half-se.case.json": "Deck 002",
    "two-two-one-sigmoid-bce.case.json": "deck 003",
    "two-one-sigmoid-neuron.case.json": "Deck 004",
    "two-three-three-relu-softmax-cce.case.json": "Constructed",
}


@pytest.mark.parametrize("name", LECTURE)
def test_each_lecture_case_says_where_it_comes_from_and_its_tolerance(name):
    case = load_case(OWN / name)
    assert LECTURE[name] in case["about"], "the deck (and slide) it comes from"
    assert isinstance(case.get("tolerance"), float) and case["tolerance"] <= 1e-7
    assert all(isinstance(note, str) and note for note in case.get("notes", []))
    check_case(case, name)


def test_the_softmax_case_says_it_was_constructed_and_computed_independently():
    about = load_case(OWN / "two-three-three-relu-softmax-cce.case.json")["about"]
    assert "no deck works softmax with cross-entropy" in about and "independently of the app" in about


@pytest.mark.parametrize("name, words", [
    ("relu-chain-three-units.case.json", "$$h_1 = 0.08$$"),
    ("two-three-two-linear-half-se.case.json", "\\frac{\\partial \\mathcal{L}}{\\partial b_4} = -42"),
    ("two-three-two-linear-half-se.case.json", "\\begin{bmatrix} w_7 \\\\ w_9 \\end{bmatrix}"),
    ("two-two-one-sigmoid-bce.case.json", "0.1 = 0.25$$"),
])
def test_a_slides_typo_is_quoted_in_the_cases_notes(name, words):
    assert any(words in note for note in load_case(OWN / name)["notes"])


def test_deck_001s_neuron_gives_the_numbers_of_the_slides():
    """x0, x1, x2 (a version 2 network file): z = 3, ŷ = σ(3), C = (ŷ − 1)², at ten decimals."""
    r = run("backprop", CASES["three-one-sigmoid-mse.case.json"], "--json")
    assert (r.code, r.err) == (0, "")
    got = r.json()
    layer = got["layers"][0]
    assert layer["z"] == pytest.approx([3.0], abs=5e-11)
    assert got["output"] == pytest.approx([0.9525741268], abs=5e-11)
    assert got["loss"] == pytest.approx(0.0022492134, abs=5e-11)
    assert layer["dz"] == layer["db"] == pytest.approx([-0.0042850851], abs=5e-11)
    assert layer["dW"][0] == pytest.approx([-0.0171403403, 0.0085701701, -0.0042850851], abs=5e-11)


def test_deck_002s_numbers_are_the_slides_integers():
    got = run("backprop", CASES["two-three-two-linear-half-se.case.json"], "--json").json()
    hidden, out = got["layers"]
    assert out["dz"] == [-22.0, -6.0] and hidden["dz"] == [-32.0, -16.0, -118.0]
    assert out["dW"] == [[-154.0, 484.0, 66.0], [-42.0, 132.0, 18.0]]
    assert hidden["dW"] == [[-96.0, 64.0], [-48.0, 32.0], [-354.0, 236.0]]
    assert got["loss"] == 260.0 and got["output"] == [-21.0, -2.0]


def test_deck_000s_chain_of_relu_units_takes_the_cases_gradient_of_the_output():
    """No --wrt: the case's own "output"; ∂h₃/∂z and ∂h₃/∂w as the slides give them."""
    got = run("backprop", CASES["relu-chain-three-units.case.json"], "--json").json()
    assert got["wrt"] == "output" and got["loss"] is None
    assert [layer["z"][0] for layer in got["layers"]] == pytest.approx([0.1, 0.08, 0.192], abs=1e-15)
    assert [layer["dz"][0] for layer in got["layers"]] == pytest.approx([0.02, -0.1, 1.0], abs=1e-15)
    assert [layer["dW"][0][0] for layer in got["layers"]] == pytest.approx([0.02, -0.01, 0.08], abs=1e-15)


def test_the_loss_tables_samples_add_up_to_its_sum_of_losses():
    path = CASES["one-sigmoid-loss-table.case.json"]
    case = load_case(path)
    losses = [s["loss"] for s in run("backprop", path, "--json").json()["samples"]]
    assert len(losses) == 4
    assert sum(losses) == pytest.approx(case["sum_of_losses"], rel=case_tolerance(case)[0])
    # the slide's Loss 0.7353 is the sum over outputs rounded to two decimals first
    rounded = [round(s["output"][0], 2) for s in run("backprop", path, "--json").json()["samples"]]
    assert rounded == [0.40, 0.43, 0.52, 0.60]
    assert sum((y - o) ** 2 for o, y in zip(rounded, (0, 0, 1, 1))) == pytest.approx(0.7353, abs=1e-12)


@pytest.mark.parametrize("name", [n for n in CASES if "samples" in load_case(CASES[n])])
def test_sample_picks_one_sample_of_a_case(name):
    path, case = CASES[name], load_case(CASES[name])
    rtol, atol = case_tolerance(case)
    for i, sample in enumerate(case_samples(case)):
        r = run("backprop", path, "--sample", i, "--json")
        assert (r.code, r.err) == (0, "")
        got = r.json()
        assert "samples" not in got and got["input"] == sample["input"]
        assert got["output"] == pytest.approx(sample["expect"]["output"], rel=rtol, abs=atol)


def test_a_case_of_several_samples_prints_a_table_for_each():
    text = run("backprop", CASES["two-three-three-relu-softmax-cce.case.json"]).out
    assert text.startswith("samples[0] of 2\nInput  x1 = 1, x2 = 0.5\n")
    assert "\nsamples[1] of 2\nInput  x1 = -0.5, x2 = 1\n" in text
    assert text.count("Layer 2 (output, softmax)") == 2


def test_input_given_traces_that_input_with_the_first_samples_target():
    r = run("backprop", CASES["two-three-three-relu-softmax-cce.case.json"], "--input", "0.2,0.3", "--json")
    assert r.code == 0 and r.json()["input"] == [0.2, 0.3] and r.json()["target"] == [1.0, 0.0, 0.0]


@pytest.mark.parametrize("argv, message", [
    (["--sample", "2"], "--sample: expected 0 to 1 (the case's samples, counted from 0), got 2"),
    (["--sample", "-1"], "--sample: expected 0 to 1"),
])
def test_a_sample_the_case_does_not_have_is_refused(argv, message):
    r = run("backprop", CASES["two-three-three-relu-softmax-cce.case.json"], *argv)
    assert r.code == 2 and message in r.err and len(r.err_lines) == 1


def test_sample_needs_a_case(tmp_path):
    net = write_json(tmp_path / "net.json", load_case(CASES["two-two-one-sigmoid-bce.case.json"])["network"])
    r = run("backprop", net, "--sample", "0", "--input", "0.5,0.1", "--target", "1")
    assert r.code == 2 and "--sample: only a worked case" in r.err


SOFTMAX = "two-three-three-relu-softmax-cce.case.json"


@pytest.mark.parametrize("change, message", [
    (lambda c: c.update(samples=[]), "samples: expected a non-empty list of samples, got list"),
    (lambda c: c.update(samples={"input": [1, 2]}), "samples: expected a non-empty list of samples, got dict"),
    (lambda c: c.update(input=[1.0, 2.0]), "input: a case with samples gives each sample's input in its samples"),
    (lambda c: c["samples"].append(3), "samples[2]: expected an object with input, target and expect, got int"),
    (lambda c: c["samples"][1].pop("input"), "samples[1]: input: missing"),
    (lambda c: c["samples"][0].update(target=[1, "a", 0]), "samples[0]: target[1]: expected a finite number"),
    (lambda c: c["samples"][0].update(expect=[1]), "samples[0]: expect: expected an object of expected values"),
])
def test_a_wrong_sample_is_refused_naming_it(tmp_path, change, message):
    case = load_case(CASES[SOFTMAX])
    change(case)
    path = write_json(tmp_path / "bad.case.json", case)
    with pytest.raises(InputError, match="^bad.case.json: " + message.replace("[", r"\[").replace("]", r"\]")
                       .replace("(", r"\(").replace(")", r"\)")):
        check_case(case, "bad.case.json")
    r = run("backprop", path, "--json")
    assert r.code == 2 and f"{path}: {message}" in r.err and len(r.err_lines) == 1


def test_the_single_sample_form_stays_valid():
    case = load_case(CASES["two-two-one-sigmoid-bce.case.json"])
    assert case_samples(check_case(case, "c")) == [{"input": case["input"], "target": case["target"],
                                                     "expect": case["expect"]}]
    assert json.loads(json.dumps(case_samples(load_case(CASES[SOFTMAX]))))[1]["target"] == [0.0, 0.0, 1.0]
