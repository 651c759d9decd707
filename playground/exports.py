"""Exports that need no window: the loss history as CSV."""

from __future__ import annotations

import os

import numpy as np

from playground.engine.trainer import History
from playground.files import write_atomic

HISTORY_COLUMNS = History.KEYS  # epoch first: it is written as a whole number


def history_csv(history: dict) -> str:
    """One row per epoch; empty cells where a value does not exist (no validation split)."""
    lines = [",".join(HISTORY_COLUMNS)]
    columns = [np.asarray(history[key], dtype=float) for key in HISTORY_COLUMNS]
    for row in zip(*columns):
        epoch, *values = row
        lines.append(",".join([str(int(epoch))] + ["" if v != v else repr(float(v)) for v in values]))
    return "\n".join(lines) + "\n"


def save_history_csv(history: dict, path: str | os.PathLike) -> None:
    write_atomic(path, history_csv(history))
