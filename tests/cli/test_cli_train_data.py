"""`playground train --data FILE.csv`: your own table's columns become the inputs,
its label (the last column, or --label) the classes or the target."""

from __future__ import annotations

import numpy as np
from cli_support import run
from clusters import write_clusters


def test_a_table_of_four_columns_and_a_text_label_trains_to_090_in_40_epochs(tmp_path):
    path = tmp_path / "clusters.csv"
    write_clusters(path)
    r = run("train", "--data", str(path), "--epochs", "40", "--seed", "1", "--json")
    assert r.code == 0, r.err
    summary = r.json()
    assert summary["settings"]["inputs"] == ["sepal", "petal", "stem", "leaf"]
    assert summary["settings"]["problem"] == "multiclass" and summary["epochs"] == 40
    assert summary["test_accuracy"] >= 0.9
    assert np.array(summary["confusion"]).shape == (3, 3) and np.array(summary["confusion"]).sum() == 300
    assert "3 classes (setosa, versicolor, virginica) → multi-class classification" in r.err


def test_the_label_column_is_chosen_by_name_and_the_inputs_standardised(tmp_path):
    path = tmp_path / "first.csv"
    write_clusters(path, label_first=True)
    r = run("train", "--data", str(path), "--label", "species", "--standardise", "--epochs", "5", "--json")
    assert r.code == 0, r.err
    assert r.json()["settings"]["inputs"] == ["sepal", "petal", "stem", "leaf"]
    assert "inputs standardised" in r.err
    wrong = run("train", "--data", str(path), "--epochs", "5")  # the last column is the label: species an input
    assert wrong.code == 2 and "line 2, column 1: expected a number, got 'setosa'" in wrong.err


def test_label_without_data_and_a_bad_label_are_refused_in_one_line(tmp_path):
    path = tmp_path / "clusters.csv"
    write_clusters(path)
    alone = run("train", "--label", "species")
    assert alone.code == 2 and alone.err.strip() == "playground: --label and --standardise go with --data FILE.csv"
    bad = run("train", "--data", str(path), "--label", "kind")
    assert bad.code == 2 and len(bad.err.strip().splitlines()) == 1 and "no such column" in bad.err


def test_a_network_of_other_inputs_is_replaced_saying_so_and_info_says_where_data_comes_from(tmp_path):
    network = tmp_path / "logistic.json"
    network.write_text('{"format": "playground.network", "version": 2, "inputs": ["x0", "x1", "x2"], "loss": "mse",'
                       ' "layers": [{"activation": "sigmoid", "weights": [[-1, 0.5, 10]], "biases": [-2]}]}')
    table = tmp_path / "clusters.csv"
    write_clusters(table)
    info = run("info", str(network), "--json")
    assert info.json()["data"] == "none yet: import a table with the columns x0, x1, x2"
    r = run("train", str(network), "--data", str(table), "--epochs", "2", "--json")
    assert r.code == 0 and r.json()["settings"]["inputs"] == ["sepal", "petal", "stem", "leaf"]
    assert "note: the network's inputs (x0, x1, x2) or outputs are not the table's" in r.err
    alone = run("train", str(network), "--epochs", "2")
    assert alone.code == 2 and "need data with those columns" in alone.err
