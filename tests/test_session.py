"""The session the training process owns: edits by position are checked against the
shape they were made on, and undo returns exactly (headless, no Qt)."""

import numpy as np
import pytest

from playground.engine.errors import InputError
from playground.scenario import Scenario
from playground.session import Session
from playground.settings import Settings
from playground.undo import UndoHistory


def test_an_edit_made_on_an_older_shape_is_refused_not_misapplied():
    session = Session(Scenario(Settings(hidden=[3, 2])))
    drawn = list(session.network.sizes)
    session.add_neuron(0, sizes=drawn)  # the window's first edit reaches the engine
    before = session.network.params.copy()
    with pytest.raises(InputError, match="changed before this edit arrived"):
        session.set_weight(0, 2, 1, 9.0, sizes=drawn)  # made on the drawing before that edit
    assert np.array_equal(session.network.params, before)
    session.set_weight(0, 2, 1, 9.0, sizes=list(session.network.sizes))
    assert session.network.W(0)[2, 1] == 9.0


def test_undo_history_restores_states_and_forgets_redo_on_a_new_edit():
    session = Session()
    history = UndoHistory(limit=3)
    states = []
    for width in range(4):
        states.append(session.scenario())
        history.record(f"edit {width}", states[-1])
        session.add_neuron(0)
    assert history.labels == ("edit 3", None)
    label, state, _ = history.undo(session.scenario())
    assert label == "edit 3" and state.network == states[3].network
    history.record("another", session.scenario())
    assert history.labels == ("another", None), "a new edit clears what could be redone"
    for _ in range(3):
        assert history.undo(session.scenario()) is not None
    assert history.undo(session.scenario()) is None, "only the last 3 edits are kept"


def test_painting_on_a_regression_set_and_a_function():
    session = Session(Scenario(Settings(problem="regression", dataset="reg-plane")))
    n = len(session._all_points())
    session.add_point(1.0, 2.0, -1.0)
    data = session._all_points()
    assert len(data) == n + 1 and data.problem == "regression" and -1.0 in data.values
    session.set_setting("problem", "function")
    session.add_point(0.5, value=0.25)
    assert [0.5] in session._all_points().points.tolist()
    with pytest.raises(InputError, match="class"):
        Session().add_point(0.0, 0.0, 7)
