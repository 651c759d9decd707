"""The loss history as CSV: a column per key of the trainer's history, in its order."""

from __future__ import annotations

import math

from playground.engine.trainer import History
from playground.exports import history_csv, save_history_csv


def test_history_csv_has_every_history_column_and_empty_cells_for_missing_values(tmp_path):
    history = {key: [] for key in History.KEYS}
    for epoch in (1, 2):
        for key in History.KEYS:
            history[key].append(epoch if key == "epoch" else (math.nan if key == "validation_loss" else epoch / 4))
    text = history_csv(history)
    header, *rows = text.splitlines()
    assert header.split(",") == list(History.KEYS)
    assert len(rows) == 2
    for epoch, row in zip((1, 2), rows):
        cells = dict(zip(History.KEYS, row.split(",")))
        assert cells["epoch"] == str(epoch), "a whole number"
        assert cells["validation_loss"] == "", "no validation split: an empty cell"
        assert cells["train_loss"] == repr(epoch / 4)
    save_history_csv(history, tmp_path / "h.csv")
    assert (tmp_path / "h.csv").read_text() == text
