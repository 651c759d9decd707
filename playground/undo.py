"""Undo and redo for a session: the whole state before each edit, restored exactly.

An edit's record is the session's scenario just before it (network with its
weights, settings, data, and the training state: epoch, history, optimizer,
shuffle), so undo returns exactly to that state and redo to the one after. The
history columns are kept as float arrays, a fraction of the size of lists.
No Qt here: the training process keeps this; the window mirrors it in a
QUndoStack for the Edit menu.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from playground.scenario import Scenario

LIMIT = 50  # edits kept; the oldest are forgotten first
KEEP_EXTRA = 5  # the newest edits keep their time travel checkpoints too (a bounded memory)


def _compact(scenario: Scenario) -> Scenario:
    if not scenario.state:
        return scenario
    state = dict(scenario.state)
    state["history"] = {key: np.array([np.nan if v is None else v for v in values], dtype=float)
                        for key, values in state["history"].items()}
    return dataclasses.replace(scenario, state=state)


def _push(stack: list, entry: tuple) -> None:
    """Add an entry; entries older than the newest KEEP_EXTRA let go of their extra."""
    stack.append(entry)
    if len(stack) > KEEP_EXTRA and stack[-KEEP_EXTRA - 1][2] is not None:
        label, state, _ = stack[-KEEP_EXTRA - 1]
        stack[-KEEP_EXTRA - 1] = (label, state, None)


class UndoHistory:
    """Entries are (label, scenario, extra): ``extra`` is whatever else the caller
    wants back with the state (the time travel checkpoints), kept for the newest
    KEEP_EXTRA entries of each stack only."""

    def __init__(self, limit: int = LIMIT):
        self.limit = limit
        self._undo: list[tuple[str, Scenario, object]] = []
        self._redo: list[tuple[str, Scenario, object]] = []

    def record(self, label: str, before: Scenario, extra=None) -> None:
        """An edit called ``label`` was made; ``before`` is the state it changed."""
        _push(self._undo, (label, _compact(before), extra))
        del self._undo[:-self.limit]
        self._redo.clear()

    def undo(self, current: Scenario, extra=None) -> tuple[str, Scenario, object] | None:
        """(label, state to restore, its extra), or None when there is nothing to undo."""
        return self._move(self._undo, self._redo, current, extra)

    def redo(self, current: Scenario, extra=None) -> tuple[str, Scenario, object] | None:
        return self._move(self._redo, self._undo, current, extra)

    @staticmethod
    def _move(source: list, target: list, current: Scenario, extra) -> tuple[str, Scenario, object] | None:
        """Take the newest state from ``source``; ``current`` goes onto ``target``."""
        if not source:
            return None
        label, state, kept = source.pop()
        _push(target, (label, _compact(current), extra))
        return label, state, kept

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()

    @property
    def labels(self) -> tuple[str | None, str | None]:
        """What undo and redo would do next."""
        return (self._undo[-1][0] if self._undo else None, self._redo[-1][0] if self._redo else None)


SETTING_NAMES = {"learning_rate": "learning rate", "batch_size": "batch size", "regularization_rate":
                 "regularization rate", "train_percent": "training ratio", "problem": "problem type"}


def describe(name: str, args: dict, network) -> str:
    """What an edit is called in the Edit menu ("Undo Add a neuron to layer 1")."""
    layer = args.get("layer", args.get("position"))
    if name == "add_neuron":
        return f"Add a neuron to layer {layer + 1}"
    if name == "remove_neuron":
        return f"Remove neuron {args['index'] + 1} of layer {layer + 1}"
    if name == "add_layer":
        return "Add a hidden layer"
    if name == "remove_layer":
        return f"Remove hidden layer {layer + 1}"
    if name == "set_weight":
        return f"Set a weight of layer {layer + 1} to {args['value']:g}"
    if name == "set_bias":
        return f"Set a bias of layer {layer + 1} to {args['value']:g}"
    if name == "set_activation":
        return f"Make layer {layer + 1} {args['activation']}"
    if name == "set_inputs":
        return "Change the input features"
    if name == "set_setting":
        key = args["key"]
        return f"Change the {SETTING_NAMES.get(key, key.replace('_', ' '))} to {args['value']}"
    if name == "apply_sgd_step":
        return "Apply one SGD step to the inspected sample"
    if name == "continue_from":
        return f"Continue from epoch {args['epoch']}"
    if name == "reset":
        return "Reset to the same start" if args.get("same_start") else "Reset"
    return name.replace("_", " ").capitalize()
