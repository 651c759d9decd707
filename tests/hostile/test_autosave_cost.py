"""What a save (and so each autosave) costs stays bounded as a session grows: a
run's history is saved as at most MAX_SAVED_HISTORY rows, so a run of any length
writes a file the reader takes back (16 MB); rows of numbers are written three
times faster than before, with the same text. (The time itself is stated in
README and measured by hand, not asserted here.)"""

from __future__ import annotations

import json

import numpy as np
import pytest

from playground.files import MAX_FILE_BYTES, dump_json
from playground.scenario import (
    MAX_SAVED_HISTORY,
    Scenario,
    build_trainer,
    load_scenario,
    save_scenario,
    snapshot,
    thinned_history,
)
from playground.settings import Settings


def _long_run(epochs: int) -> Scenario:
    """A trained session whose history says it ran ``epochs`` epochs (written in: training
    that long would take minutes)."""
    settings = Settings(hidden=[2])
    trainer = build_trainer(Scenario(settings))
    trainer.train_epochs(2)
    scenario = snapshot(trainer, settings)
    losses = np.linspace(0.7, 0.1, epochs + 1).tolist()
    scenario.state.update(epoch=epochs, history={
        "epoch": list(range(epochs + 1)), "train_loss": losses, "test_loss": losses,
        "validation_loss": [None] * (epochs + 1), "train_accuracy": losses, "test_accuracy": losses})
    return scenario


def test_a_run_of_a_million_epochs_saves_a_bounded_history_that_reads_back(tmp_path):
    path = tmp_path / "long.json"
    save_scenario(_long_run(1_000_000), path)
    assert path.stat().st_size < MAX_FILE_BYTES / 4, "well within what the reader takes"
    history = load_scenario(path).state["history"]
    epochs = history["epoch"]
    assert len(epochs) == MAX_SAVED_HISTORY and (epochs[0], epochs[-1]) == (0, 1_000_000)
    assert np.all(np.diff(epochs) > 0) and max(np.diff(epochs)) <= 51, "evenly spread, in order"
    assert history["train_loss"][-1] == pytest.approx(0.1) and history["validation_loss"][5] is None


def test_a_short_history_is_saved_whole():
    history = {"epoch": [0, 1, 2], "train_loss": [0.5, 0.4, 0.3]}
    assert thinned_history(history) is history
    assert thinned_history(history, limit=2) == {"epoch": [0, 2], "train_loss": [0.5, 0.3]}


def test_rows_of_numbers_are_written_as_json_writes_them():
    rng = np.random.default_rng(3)
    document = {"points": rng.normal(0, 1e3, (500, 2)).tolist() + [[1e16, -0.0], [5e-324, 7], [], [True, 1.5]],
                "words": [["a", 1], [None, 2.5]], "nested": [[[1.0]]]}
    text = dump_json(document)
    assert json.loads(text) == document
    rows = text.split('"points": [\n')[1].split("\n  ]")[0].split(",\n")
    assert [row.strip() for row in rows] == [json.dumps(r) for r in document["points"]], "the text json writes"


@pytest.mark.parametrize("bad", [float("inf"), float("-inf"), float("nan")])
def test_a_row_with_a_non_finite_number_is_refused_as_json_refuses_it(bad):
    with pytest.raises(ValueError):
        dump_json({"points": [[1.0, 2.0], [bad, 0.0]]})
