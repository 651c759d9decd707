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
from itertools import zip_longest

import numpy as np

from playground.scenario import Scenario

LIMIT = 50  # edits kept; the oldest are forgotten first
EXTRA_BUDGET = 16 * 1024 * 1024  # bytes of checkpoints the edits' extras may hold between them


def _compact(scenario: Scenario) -> Scenario:
    if not scenario.state:
        return scenario
    state = dict(scenario.state)
    state["history"] = {key: np.array([np.nan if v is None else v for v in values], dtype=float)
                        for key, values in state["history"].items()}
    return dataclasses.replace(scenario, state=state)


def _new_checkpoints(extra, seen: set) -> dict:
    """An extra's checkpoints not counted yet, by id (extras share most of theirs)."""
    return {id(c): c.nbytes for c in extra[1] if id(c) not in seen}


class UndoHistory:
    """Entries are (label, scenario, extra): ``extra`` is the time travel timeline
    the state had (Checkpoints.state(): spacing and checkpoints), kept for the
    newest entries as long as their checkpoints, counted once however many
    entries share them, fit in EXTRA_BUDGET; older entries come back without."""

    def __init__(self, limit: int = LIMIT):
        self.limit = limit
        self._undo: list[tuple[str, Scenario, object]] = []
        self._redo: list[tuple[str, Scenario, object]] = []

    def record(self, label: str, before: Scenario, extra=None) -> None:
        """An edit called ``label`` was made; ``before`` is the state it changed."""
        self._undo.append((label, _compact(before), extra))
        del self._undo[:-self.limit]
        self._redo.clear()
        self._trim_extras()

    def _trim_extras(self) -> None:
        """Newest first, alternating between the stacks: an extra that does not fit goes."""
        seen, total = set(), 0
        newest_first = [(stack, i) for pair in zip_longest(range(len(self._undo) - 1, -1, -1),
                                                           range(len(self._redo) - 1, -1, -1))
                        for stack, i in zip((self._undo, self._redo), pair) if i is not None]
        for stack, i in newest_first:
            label, state, extra = stack[i]
            if extra is None:
                continue
            new = _new_checkpoints(extra, seen)
            if total + sum(new.values()) > EXTRA_BUDGET:
                stack[i] = (label, state, None)
            else:
                total += sum(new.values())
                seen.update(new)

    def undo(self, current: Scenario, extra=None) -> tuple[str, Scenario, object] | None:
        """(label, state to restore, its extra), or None when there is nothing to undo."""
        return self._move(self._undo, self._redo, current, extra)

    def redo(self, current: Scenario, extra=None) -> tuple[str, Scenario, object] | None:
        return self._move(self._redo, self._undo, current, extra)

    def _move(self, source: list, target: list, current: Scenario, extra) -> tuple[str, Scenario, object] | None:
        """Take the newest state from ``source``; ``current`` goes onto ``target``."""
        if not source:
            return None
        label, state, kept = source.pop()
        target.append((label, _compact(current), extra))
        self._trim_extras()
        return label, state, kept

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()

    @property
    def labels(self) -> tuple[str | None, str | None]:
        """What undo and redo would do next."""
        return (self._undo[-1][0] if self._undo else None, self._redo[-1][0] if self._redo else None)
