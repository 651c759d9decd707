"""The session's parts, headless: edits by position are checked against the shape
they were made on, undo returns exactly, painting, the teaching record."""

import ast
from pathlib import Path

import numpy as np
import pytest
from session_support import Outbox

import playground.session
from playground.engine.errors import InputError
from playground.scenario import Scenario
from playground.session import Session
from playground.session.loop import TrainingLoop
from playground.session.undo import UndoHistory
from playground.settings import Settings


def test_an_edit_made_on_an_older_shape_is_refused_not_misapplied():
    outbox = Outbox()
    loop = TrainingLoop(outbox, Scenario(Settings(hidden=[3, 2])))
    session = loop.session
    drawn = list(session.network.sizes)
    loop.handle("add_neuron", {"layer": 0, "sizes": drawn})  # the window's first edit reaches the session
    before = session.network.params.copy()
    loop.handle("set_weight", {"layer": 0, "row": 2, "column": 1, "value": 9.0, "sizes": drawn})  # on the old drawing
    assert outbox.messages[-1] == ("problem", "the network changed before this edit arrived; nothing was "
                                              "changed, try again")
    assert np.array_equal(session.network.params, before)
    loop.handle("set_weight", {"layer": 0, "row": 2, "column": 1, "value": 9.0, "sizes": list(session.network.sizes)})
    assert session.network.W(0)[2, 1] == 9.0


def test_undo_history_restores_states_and_forgets_redo_on_a_new_edit():
    session = Session()
    history = UndoHistory(limit=3)
    states = []
    for width in range(4):
        states.append(session.scenario())
        history.record(f"edit {width}", states[-1])
        session.edits.add_neuron(0)
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
    n = len(session.points.all_points())
    session.points.add_point(1.0, 2.0, -1.0)
    data = session.points.all_points()
    assert len(data) == n + 1 and data.problem == "regression" and -1.0 in data.values
    session.setup.set_setting("problem", "function")
    session.points.add_point(0.5, value=0.25)
    assert [0.5] in session.points.all_points().points.tolist()
    with pytest.raises(InputError, match="class"):
        Session().points.add_point(0.0, 0.0, 7)


def test_gradient_norms_are_recorded_at_each_epoch_end_not_per_frame():
    session = Session(Scenario(Settings(hidden=[3, 3], seed=4)))
    session.teaching.show_views(training=True)
    assert session.teaching.record.epochs == [0], "recording starts with the epoch shown"
    for _ in range(3):
        session.snapshot()  # frames sent record nothing
    assert session.teaching.record.epochs == [0]
    session.run.train_epochs(5)
    assert session.teaching.record.epochs == [0, 1, 2, 3, 4, 5]
    views = session.snapshot().teaching
    assert views.epochs.tolist() == [0, 1, 2, 3, 4, 5]
    assert views.gradient_norms.shape == (6, 3) and views.histograms.shape[:2] == (6, 3)
    assert np.all(views.gradient_norms > 0)


def _self_attributes(targets) -> set:
    """Names x of ``self.x = ...`` (and of tuples of them) among assignment targets."""
    names = set()
    for target in targets:
        for t in (target.elts if isinstance(target, ast.Tuple) else [target]):
            if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self":
                names.add(t.attr)
    return names


def _assigned(function) -> set:
    return set().union(*(_self_attributes(node.targets if isinstance(node, ast.Assign) else [node.target])
                         for node in ast.walk(function) if isinstance(node, (ast.Assign, ast.AnnAssign))))


def test_parts_set_every_attribute_in_init():
    """An attribute first set outside __init__ is state no reader can find."""
    folder = Path(playground.session.__file__).parent
    checked = 0
    for path in sorted(folder.glob("*.py")):
        for cls in (n for n in ast.parse(path.read_text()).body if isinstance(n, ast.ClassDef)):
            methods = {f.name: f for f in cls.body if isinstance(f, ast.FunctionDef)}
            if "__init__" not in methods:
                continue
            in_init = _assigned(methods["__init__"])
            for name, method in methods.items():
                outside = _assigned(method) - in_init
                assert not outside, f"{path.name}: {cls.name}.{name} sets {outside} first"
            checked += 1
    assert checked >= 10, "the session's parts, the loop and its commands"


def test_a_selected_neuron_a_past_epoch_never_had_is_not_drawn_and_comes_back_at_now():
    loop = TrainingLoop(Outbox(), Scenario(Settings(hidden=[4, 2], seed=3)))
    loop.handle("train_epochs", {"count": 5})
    loop.handle("add_neuron", {"layer": 1, "sizes": [2, 4, 2, 1]})
    loop.handle("train_epochs", {"count": 5})
    loop.handle("select_neuron", {"layer": 2, "unit": 2})  # the neuron just added
    loop.handle("view_epoch", {"epoch": 2})
    past = loop.session.snapshot()
    assert past.viewing == 2 and past.selected is None and past.network.sizes == (2, 4, 2, 1)
    loop.handle("view_epoch", {"epoch": None})
    assert loop.session.snapshot().selected == (2, 2)


def test_an_edit_of_the_depth_starts_the_gradient_record_afresh_at_once():
    session = Session(Scenario(Settings(hidden=[3, 3], seed=4)))
    session.teaching.show_views(training=True)
    session.run.train_epochs(3)
    session.edits.add_layer()
    session.run.mark_edit()  # as the loop does after every edit
    assert session.teaching.record.epochs == [3]
    assert session.snapshot().teaching.gradient_norms.shape == (1, 4)


def test_a_refused_scenario_changes_nothing():
    session = Session(Scenario(Settings(seed=1, learning_rate=0.03)))
    bad = Scenario(Settings(seed=7, learning_rate=0.5), state={"epoch": "many"}, title="bad")
    with pytest.raises(InputError):
        session.load(bad)
    assert session.settings.seed == 1 and session.settings.learning_rate == session.trainer.learning_rate == 0.03
    assert session.title == ""


def test_importing_data_while_viewing_the_past_returns_to_now_and_imports():
    outbox = Outbox()
    loop = TrainingLoop(outbox, Scenario(Settings(seed=2)))
    loop.handle("train_epochs", {"count": 6})
    loop.handle("view_epoch", {"epoch": 2})
    data = loop.session.points.all_points()
    loop.handle("import_data", {"data": data})
    assert loop.session.run.viewing is None and outbox.kinds()[-1] == "edited"


def test_an_edit_of_a_past_epoch_of_another_shape_says_to_continue_from_it():
    outbox = Outbox()
    loop = TrainingLoop(outbox, Scenario(Settings(hidden=[3], seed=2)))
    loop.handle("train_epochs", {"count": 4})
    loop.handle("add_neuron", {"layer": 0, "sizes": [2, 3, 1]})
    loop.handle("view_epoch", {"epoch": 2})
    loop.handle("set_bias", {"layer": 0, "row": 0, "value": 1.0, "sizes": [2, 3, 1]})  # as drawn: the past
    assert outbox.messages[-1][0] == "problem" and "Continue from here" in outbox.messages[-1][1]


def test_a_bug_while_drawing_a_frame_is_an_internal_error_and_the_loop_goes_on(tmp_path, monkeypatch):
    outbox = Outbox()
    loop = TrainingLoop(outbox, None, log_folder=tmp_path)
    monkeypatch.setattr(loop.session.frames, "snapshot", lambda: 1 / 0)
    loop.playing = True
    loop.maybe_send()
    assert outbox.kinds() == ["internal_error"] and "ZeroDivisionError" in outbox.messages[0][2]
    assert not loop.playing and not loop.dirty, "training stops, and the failing frame is not retried at once"
    monkeypatch.undo()
    loop.handle("step", {})
    loop.maybe_send()
    assert outbox.kinds()[-1] == "snapshot" and loop.running


@pytest.mark.parametrize("command, args", [
    ("set_setting", {"key": "dataset", "value": "spiral"}),
    ("set_inputs", {"inputs": ["x1", "x2", "x1*x2"]}),
    ("regenerate", {}),
    ("set_setting", {"key": "problem", "value": "regression"}),
])
def test_a_new_task_starts_a_clean_run_and_undo_brings_the_old_one_back(command, args):
    outbox = Outbox()
    loop = TrainingLoop(outbox, Scenario(Settings(seed=3)))
    loop.handle("train_epochs", {"count": 20})
    session = loop.session
    generation, before = session.generation, session.network.params.copy()
    loop.handle(command, args)
    assert outbox.kinds()[-1] == "edited"
    assert session.trainer.epoch == 0 and len(session.trainer.history) == 1, "epoch 0 and a one-point curve"
    assert session.generation > generation and len(session.run.timeline.items) == 1
    loop.handle("undo", {})
    assert session.trainer.epoch == 20 and len(session.trainer.history) == 21
    assert session.network.params.shape == before.shape and np.array_equal(session.network.params, before)


def test_noise_and_the_training_ratio_keep_the_run_going():
    loop = TrainingLoop(Outbox(), Scenario(Settings(seed=3)))
    loop.handle("train_epochs", {"count": 10})
    loop.handle("set_setting", {"key": "noise", "value": 20})
    loop.handle("set_setting", {"key": "train_percent", "value": 60})
    assert loop.session.trainer.epoch == 10
