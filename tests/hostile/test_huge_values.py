"""Values a file may hold that once broke the window: a weight of 3e307 overflows
every product (inf, then NaN); the session still opens, draws and is shot, with
no traceback and no warning on stderr."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def test_a_weight_of_3e307_is_drawn_without_a_traceback(tmp_path):
    network = tmp_path / "huge.json"
    network.write_text(json.dumps({
        "format": "playground.network", "version": 1, "inputs": ["x1", "x2"], "loss": "bce",
        "layers": [{"activation": "linear", "weights": [[3e307, 3e307], [1, 1]], "biases": [0.0, 0.0]},
                   {"activation": "sigmoid", "weights": [[3e307, 1]], "biases": [0.0]}]}))
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "playground", "shot", str(network), "--out", str(out),
                           "--panels", "window,network,loss"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["loss.png", "network.png", "window.png"]


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # NumPy's overflow on the way to the infinite loss
def test_a_session_that_json_cannot_hold_opens_and_counts_as_unsaved(tmp_path):
    from playground.scenario import load_scenario
    from playground.session.session import Session

    network = tmp_path / "huge.json"
    network.write_text(json.dumps({
        "format": "playground.network", "version": 1, "inputs": ["x1", "x2"], "loss": "mse",
        "layers": [{"activation": "linear", "weights": [[3e307, 3e307]], "biases": [0.0]}]}))
    session = Session(load_scenario(network))  # its loss is infinite: no file can hold its history
    assert session.form() is None and session.unsaved, "it cannot be saved, so it is never 'saved'"
