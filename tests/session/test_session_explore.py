"""Issue 7 in the training process, headless: time travel with "continue from
here" and undo, the optimizer race, the landscape job and its progress."""

import numpy as np
import pytest

from playground.engine.optimizers import OPTIMIZERS
from playground.scenario import Scenario
from playground.session import Session
from playground.session.explore import race_job
from playground.session.loop import TrainingLoop
from playground.settings import Settings


class Sent(list):
    """The loop's connection: keeps what it sends."""
    send = list.append


def loop_for(**settings) -> TrainingLoop:
    return TrainingLoop(Sent(), Scenario(Settings(**settings)))


def problems(loop):
    return [m[1] for m in loop.conn if m[0] == "problem"]


def train_recording(loop, epochs: int) -> dict:
    """Train an epoch at a time; the weights after each epoch, by epoch."""
    seen = {loop.session.trainer.epoch: loop.session.network.params.copy()}
    for _ in range(epochs):
        loop.handle("train_epochs", {"count": 1})
        seen[loop.session.trainer.epoch] = loop.session.network.params.copy()
    return seen


def test_the_slider_shows_the_weights_of_epoch_k_and_undo_brings_the_later_history_back():
    loop = loop_for(seed=3)
    weights = train_recording(loop, 120)
    history = loop.session.trainer.history.to_dict()
    for k in (0, 1, 57, 119):
        loop.handle("view_epoch", {"epoch": k})
        snap = loop.session.snapshot()
        assert snap.viewing == k and snap.timeline[0] == 1  # one checkpoint per epoch at this length
        assert np.array_equal(snap.network.params, weights[k])
        assert snap.metrics.train_loss == history["train_loss"][k]
        assert snap.epoch == 120, "the run itself is still at its last epoch"
    loop.handle("view_epoch", {"epoch": None})
    assert loop.session.snapshot().viewing is None

    loop.handle("continue_from", {"epoch": 57})
    assert problems(loop) == []
    assert loop.session.trainer.epoch == 57 and np.array_equal(loop.session.network.params, weights[57])
    assert loop.session.trainer.history.to_dict()["train_loss"] == history["train_loss"][:58]
    loop.handle("set_setting", {"key": "learning_rate", "value": 0.3})  # the branch goes another way
    loop.handle("train_epochs", {"count": 20})
    assert loop.session.trainer.epoch == 77

    loop.handle("undo", {})  # the learning rate
    loop.handle("undo", {})  # continue from 57
    assert problems(loop) == []
    trainer = loop.session.trainer
    assert trainer.epoch == 120 and np.array_equal(trainer.network.params, weights[120])
    assert trainer.history.to_dict() == history
    loop.handle("view_epoch", {"epoch": 90})  # the later checkpoints are back too
    assert np.array_equal(loop.session.snapshot().network.params, weights[90])
    loop.handle("redo", {})
    assert loop.session.trainer.epoch == 57


def test_with_a_wider_spacing_the_slider_shows_the_last_checkpoint_before_k():
    loop = loop_for(seed=4)
    session = loop.session
    weights = train_recording(loop, 1)
    session.run.timeline.budget = 12 * session.run.timeline.items[-1].nbytes  # room for 12 checkpoints
    weights.update(train_recording(loop, 59))
    spacing = session.run.timeline.spacing
    assert spacing == 8 and len(session.run.timeline.items) <= 12
    for k in (9, 30, 47):
        loop.handle("view_epoch", {"epoch": k})
        snap = session.snapshot()
        assert snap.timeline == (spacing, len(session.run.timeline.items), session.run.timeline.items[0].epoch)
        assert snap.viewing == k - k % spacing and k - snap.viewing < spacing
        assert np.array_equal(snap.network.params, weights[snap.viewing])


def test_an_edit_of_the_drawn_network_is_refused_while_viewing_the_past():
    loop = loop_for()
    train_recording(loop, 10)
    now = loop.session.network.params.copy()
    loop.handle("view_epoch", {"epoch": 3})
    loop.handle("set_weight", {"layer": 0, "row": 0, "column": 0, "value": 2.5})
    assert problems(loop) == ["this is epoch 3 as it was: Continue from here to edit from it, or go back to now"]
    assert np.array_equal(loop.session.network.params, now) and loop.session.run.viewing.epoch == 3
    loop.handle("set_setting", {"key": "learning_rate", "value": 0.1})  # a setting: back to now, and made
    assert loop.session.run.viewing is None and loop.session.settings.learning_rate == 0.1
    loop.handle("set_weight", {"layer": 0, "row": 0, "column": 0, "value": 2.5})
    assert len(problems(loop)) == 1
    assert loop.session.run.timeline.items[-1].epoch == 10, "the edited state is this epoch's checkpoint"
    assert loop.session.run.timeline.items[-1].params[0] == loop.session.network.params[0] == 2.5
    loop.handle("view_epoch", {"epoch": 3})
    loop.handle("step", {})  # training goes on from now, so the view does too
    assert loop.session.run.viewing is None and loop.session.trainer.updates > 0


def test_an_edit_drops_what_was_computed_for_the_weights_before_and_stops_the_job():
    loop = loop_for()
    train_recording(loop, 5)
    loop.handle("sweep_weight", {"layer": 0, "row": 0, "column": 0})
    loop.handle("start_race", {"epochs": 3000})
    assert loop.session.jobs.job is not None and loop.session.jobs.explore.sweep is not None
    loop.handle("reset", {"same_start": True})
    assert loop.session.jobs.job is None and loop.session.jobs.explore == type(loop.session.jobs.explore)()


def test_race_every_optimizer_starts_from_the_same_weights_and_repeats_exactly():
    def race(seed):
        session = Session(Scenario(Settings(seed=seed, learning_rate=0.03)))
        session.run.train_epochs(30)  # the race starts from where this run started, not from here
        starts = {}

        def make(name):
            trainer = session.jobs._race_trainer(name, session.jobs.run_start())
            starts[name] = trainer.network.params.copy()
            return trainer
        job = race_job(make, epochs=40, optimizers=OPTIMIZERS, chunk=5)
        while True:
            try:
                next(job)
            except StopIteration as done:
                return session, starts, done.value

    session, starts, first = race(7)
    assert set(starts) == set(OPTIMIZERS) == set(first.optimizers)
    for params in starts.values():
        assert np.array_equal(params, session.run.timeline.items[0].params)
        assert np.array_equal(params, first.start)
    for name in OPTIMIZERS:
        assert first.losses[name][0] == session.trainer.history.train_loss[0], "the same start, the same loss"
        assert np.allclose(first.paths[name][0], 0.0), "every path starts at the plane's centre"
    assert first.losses["sgd"][-1] != first.losses["adam"][-1]
    # the race's SGD is this run's own training (same settings), epoch for epoch
    assert np.array_equal(first.losses["sgd"][:7], session.trainer.history.train_loss[0:31:5])
    _, _, second = race(7)
    for name in OPTIMIZERS:
        assert np.array_equal(first.losses[name], second.losses[name])
        assert np.array_equal(first.paths[name], second.paths[name])
    assert np.array_equal(first.landscape.surface.losses, second.landscape.surface.losses)


def test_jobs_run_in_slices_show_progress_and_can_be_cancelled():
    loop = loop_for()
    session = loop.session
    loop.handle("compute_landscape", {"mode": "random", "resolution": 41})
    fractions = []
    while session.jobs.job is not None:
        loop.run_job()
        fractions.append(loop.session.snapshot().job)
    assert fractions[-1] is None and len(fractions) > 1, "more than one slice"
    assert [f[1] for f in fractions[:-1]] == sorted(f[1] for f in fractions[:-1])
    landscape = session.jobs.explore.landscape
    assert landscape.surface.losses[20, 20] == session.trainer.metrics.train_loss
    loop.handle("start_race", {"epochs": 2000})
    while session.jobs.explore.race is None:  # a slice or more, however busy the machine
        loop.run_job()
    assert session.snapshot().job[0] == "race" and 0 < session.snapshot().job[1] < 1
    partial = session.jobs.explore.race  # the curves so far, drawn while the race runs
    assert not partial.finished and partial.length == 2000 and 0 < partial.epochs[-1] < 2000
    assert all(len(partial.losses[n]) == len(partial.epochs) for n in partial.optimizers)
    loop.handle("cancel_job", {})
    assert session.jobs.job is None and session.jobs.explore.race is None
    assert session.jobs.explore.landscape is landscape, "cancelling keeps what was computed"


@pytest.mark.parametrize("command, args, message", [
    ("compute_landscape", {"mode": "weights", "weights": [[0, 0, 0], [0, 0, 0]]}, "two different weights"),
    ("compute_landscape", {"mode": "sideways"}, "mode"),
    ("compute_landscape", {"resolution": 1}, "resolution"),
    ("start_race", {"epochs": 0}, "epochs"),
    ("start_race", {"optimizers": ["newton"]}, "optimizers"),
    ("sweep_weight", {"layer": 5, "row": 0, "column": 0}, "no weight"),
    ("continue_from", {"epoch": -1}, "no checkpoint"),
])
def test_bad_requests_are_refused_with_a_reason_and_change_nothing(command, args, message):
    loop = loop_for()
    before = loop.session.network.params.copy()
    loop.handle(command, args)
    assert len(problems(loop)) == 1 and message in problems(loop)[0]
    assert loop.session.jobs.job is None and np.array_equal(loop.session.network.params, before)


def test_the_landscape_path_is_the_runs_checkpoints_on_the_plane():
    session = Session(Scenario(Settings(seed=2)))
    session.run.train_epochs(40)
    session.jobs.compute_landscape(mode="weights", weights=[[0, 0, 0], [1, 0, 1]], extent=2.0, resolution=9)
    while session.jobs.job is not None:
        session.jobs.run_job(1.0)
    landscape = session.jobs.explore.landscape
    assert landscape.axes == ("w1[1,1]", "w2[1,2]")
    assert list(landscape.path_epochs) == list(range(41))
    first = session.run.timeline.items[0].params
    now = session.network.params
    d1, d2 = landscape.surface.directions
    assert landscape.path[0] == pytest.approx([(first - now) @ d1, (first - now) @ d2])
    assert np.allclose(landscape.path[-1], 0.0)


def test_the_path_mode_plane_holds_the_whole_path():
    session = Session(Scenario(Settings(seed=6)))
    session.run.train_epochs(40)
    session.jobs.compute_landscape(mode="path", extent=0.1, resolution=5)
    while session.jobs.job is not None:
        session.jobs.run_job(1.0)
    landscape = session.jobs.explore.landscape
    path, surface = landscape.path, landscape.surface
    assert np.allclose(path[-1], 0.0) and len(path) == 41
    assert surface.alphas[-1] >= np.abs(path).max() > 0.1, "the extent grew to hold the path"
    moves = np.array([c.params for c in session.run.timeline.items]) - session.network.params
    d1, d2 = surface.directions
    kept = np.linalg.norm(path, axis=1) ** 2
    assert kept.sum() >= 0.5 * (np.linalg.norm(moves, axis=1) ** 2).sum(), "the plane holds most of the path"
    assert abs(d1 @ d2) < 1e-9 and np.linalg.norm(d1) == pytest.approx(1.0)


def test_path_mode_needs_a_path():
    loop = loop_for()
    loop.handle("compute_landscape", {"mode": "path"})
    assert "train a few epochs first" in problems(loop)[0]


def test_continuing_from_before_a_shape_edit_brings_that_shape_and_its_settings_back():
    loop = loop_for(hidden=[3])
    train_recording(loop, 5)
    loop.handle("add_neuron", {"layer": 0})
    train_recording(loop, 5)
    assert loop.session.settings.hidden == [4]
    loop.handle("continue_from", {"epoch": 3})
    assert problems(loop) == []
    assert loop.session.network.sizes[1] == 3 and loop.session.settings.hidden == [3]
    loop.handle("train_epochs", {"count": 2})
    assert loop.session.trainer.epoch == 5


def test_an_optimizer_that_diverges_drops_out_of_the_race_and_the_others_finish():
    session = Session(Scenario(Settings(seed=1, learning_rate=1.0, activation="linear")))
    with np.errstate(all="ignore"):  # as in the training process: the trainer reports divergence itself
        session.jobs.start_race(epochs=60, optimizers=["sgd", "momentum", "adam"])
        while session.jobs.job is not None:
            session.jobs.run_job(1.0)
    race = session.jobs.explore.race
    assert race.finished and race.diverged == ("momentum",)  # momentum overshoots at this rate
    for name in race.optimizers:
        losses = race.losses[name]
        if name in race.diverged:
            assert np.isnan(losses[-1]) and np.isfinite(losses[0])
        else:
            assert np.isfinite(losses).all()


def test_undo_keeps_time_travel_checkpoints_within_a_budget_counting_shared_ones_once(monkeypatch):
    import playground.session.undo as undo

    class Checkpoint:
        nbytes = 1000
    monkeypatch.setattr(undo, "EXTRA_BUDGET", 3000)
    history, state = undo.UndoHistory(), Session().scenario()
    shared = (Checkpoint(), Checkpoint())
    history.record("a", state, (1, shared))
    history.record("b", state, (1, shared + (Checkpoint(),)))  # 1000 more than a's: 3000 in all
    assert [entry[2] is not None for entry in history._undo] == [True, True]
    history.record("c", state, (1, (Checkpoint(), Checkpoint())))  # newest first: c 2000, b 3000 more
    assert [entry[2] is not None for entry in history._undo] == [False, False, True]
    label, _, extra = history.undo(state, (1, ()))
    assert label == "c" and len(extra[1]) == 2
