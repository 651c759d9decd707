"""Issue 7 in the window: the time travel slider, "Continue from here" and undo;
the landscape and race panels draw what the session computed; and a landscape
computed by the real training process leaves the window live, with progress."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from ui_support import OFFSCREEN_NOISE, WAIT_MS, local_window, make_window  # noqa: F401  (fixtures)

pytestmark = OFFSCREEN_NOISE


def train_recording(window, epochs: int) -> dict:
    worker = window.worker
    seen = {worker.session.trainer.epoch: worker.session.network.params.copy()}
    for _ in range(epochs):
        worker.train_epochs(1)
        seen[worker.session.trainer.epoch] = worker.session.network.params.copy()
    return seen


def test_the_slider_shows_epoch_k_and_continue_then_undo_restores_the_later_history(local_window, qtbot):
    window = local_window(seed=5)
    weights = train_recording(window, 60)
    losses = window.snapshot.history["train_loss"].copy()
    bar = window.time_bar
    assert bar.slider.maximum() == 60 and bar.slider.value() == 60 and not bar.continue_button.isEnabled()

    bar.slider.setValue(25)  # as a drag or the arrow keys would
    snap = window.snapshot
    assert snap.viewing == 25 and np.array_equal(snap.network.params, weights[25])
    assert window.loss_panel.viewing_line.isVisible() and window.loss_panel.viewing_line.value() == 25
    assert "Epoch 25" in window.loss_panel.numbers.text()
    assert f"{losses[25]:.4f}" in window.loss_panel.numbers.text()
    assert not window.banner.isHidden() and "epoch 25 of 60" in window.banner.text()
    assert "epoch 25" in bar.label.text() and bar.continue_button.isEnabled()

    qtbot.mouseClick(bar.continue_button, Qt.MouseButton.LeftButton)
    snap = window.snapshot
    assert snap.epoch == 25 and snap.viewing is None and len(snap.history["epoch"]) == 26
    assert np.array_equal(snap.network.params, weights[25])
    assert window.undo_action.text() == "&Undo Continue from epoch 25"
    window.worker.train_epochs(10)
    assert window.snapshot.epoch == 35

    window.undo_action.trigger()
    snap = window.snapshot
    assert snap.epoch == 60 and np.array_equal(snap.network.params, weights[60])
    assert np.array_equal(snap.history["train_loss"], losses)
    assert bar.slider.maximum() == 60 and window.banner.isHidden()
    bar.slider.setValue(40)  # the later checkpoints came back with it
    assert np.array_equal(window.snapshot.network.params, weights[40])
    qtbot.mouseClick(bar.now_button, Qt.MouseButton.LeftButton)
    assert window.snapshot.viewing is None and bar.slider.value() == 60


def test_the_landscape_panel_draws_the_plane_of_two_chosen_weights_and_the_path(local_window, qtbot):
    window = local_window(seed=2)
    window.worker.train_epochs(30)
    panel = window.landscape_panel
    window.show_panel("landscape")
    panel.mode.setCurrentIndex(panel.mode.findData("weights"))
    assert not panel.first.isHidden() and not panel.second.isHidden()
    assert panel.choose_weight(panel.first, (0, 1, 0))
    assert panel.choose_weight(panel.second, (2, 0, 1))
    panel.resolution.setValue(11)
    panel.extent.setValue(2.0)
    qtbot.mouseClick(panel.job.start, Qt.MouseButton.LeftButton)
    assert window.problems == []
    landscape = window.snapshot.explore.landscape
    assert landscape.axes == ("w1[2,1]", "w3[1,2]")
    assert landscape.surface.losses.shape == (11, 11) and landscape.surface.alphas[-1] == 2.0
    assert landscape.surface.losses[5, 5] == window.snapshot.metrics.train_loss
    assert panel.heatmap.image.image.shape == (11, 11)
    xs, ys = panel.path.getData()
    assert len(xs) == 31 and (xs[-1], ys[-1]) == (0.0, 0.0)
    w = window.worker.session.network
    first = window.worker.session.run.timeline.items[0].params
    assert xs[0] == pytest.approx(first[np.flatnonzero(landscape.surface.directions[0])[0]] - w.W(0)[1, 0])
    assert "31 checkpoints" in panel.caption.text()

    assert panel.choose_weight(panel.sweep_weight, (1, 1, 0))
    qtbot.mouseClick(panel.sweep_button, Qt.MouseButton.LeftButton)
    sweep = window.snapshot.explore.sweep
    xs, ys = panel.sweep_curve.getData()
    assert sweep.weight == (1, 1, 0) and np.array_equal(xs, sweep.values) and np.array_equal(ys, sweep.losses)
    assert panel.sweep_now.data["x"][0] == w.W(1)[1, 0]


def test_the_race_panel_races_the_chosen_optimizers(local_window, qtbot):
    window = local_window(seed=3)
    panel = window.race_panel
    window.show_panel("race")
    panel.chosen["momentum"].setChecked(False)
    panel.epochs.setValue(60)
    qtbot.mouseClick(panel.job.start, Qt.MouseButton.LeftButton)
    race = window.snapshot.explore.race
    assert race.optimizers == ("sgd", "adam") and race.epochs[-1] == 60
    curves = panel.curves_plot.getPlotItem().listDataItems()
    assert len(curves) == 2
    for curve, name in zip(curves, race.optimizers):
        assert np.array_equal(curve.yData, race.losses[name])  # the data as given, before the log axis
    assert len(panel.boundaries.ci.items) == 4  # two labels, two pictures
    assert "60 epochs each" in panel.caption.text()


def test_the_race_is_drawn_as_it_runs_then_gets_its_paths_and_boundaries(local_window):
    import dataclasses

    window = local_window(seed=3)
    session, panel = window.worker.session, window.race_panel
    session.jobs.start_race(epochs=100, optimizers=["sgd", "adam"])
    while session.jobs.explore.race is None:  # a step per optimizer's chunk, then the curves so far
        session.jobs.run_job(0.0)
    partial = session.jobs.explore.race
    assert not partial.finished
    panel.show_snapshot(dataclasses.replace(window.snapshot, explore=session.jobs.explore, job=("race", 0.05)))
    assert "Racing: epoch 5 of 100" in panel.caption.text()
    assert [len(c.yData) for c in panel.curves_plot.getPlotItem().listDataItems()] == [2, 2]
    assert panel.boundaries.ci.items == {} and panel._items == []
    assert panel.job.cancel.isEnabled() and not panel.job.start.isEnabled()
    while session.jobs.job is not None:
        session.jobs.run_job(1.0)
    panel.show_snapshot(dataclasses.replace(window.snapshot, explore=session.jobs.explore, job=None))
    assert [len(c.yData) for c in panel.curves_plot.getPlotItem().listDataItems()] == [21, 21]
    assert len(panel._items) == 5  # two paths, their two ends, the start
    assert "100 epochs each" in panel.caption.text()


def test_the_real_training_process_computes_the_landscape_while_the_window_stays_live(make_window, qtbot):
    window = make_window(seed=1)
    window.send("train_epochs", {"count": 50})
    qtbot.waitUntil(lambda: window.snapshot.epoch == 50, timeout=WAIT_MS)
    progress = []
    window.worker.snapshot_ready.connect(
        lambda: progress.append(window.landscape_panel.job.progress.value()
                                if window.landscape_panel.job.progress.isVisibleTo(window.landscape_panel) else None))
    window.send("compute_landscape", {"mode": "path", "resolution": 101})
    qtbot.waitUntil(lambda: window.snapshot.explore is not None and window.snapshot.explore.landscape is not None,
                    timeout=60_000)
    partial = [p for p in progress if p is not None and 0 < p < 100]
    assert partial, "progress was shown while the process computed"
    assert partial == sorted(partial)
    landscape = window.snapshot.explore.landscape
    assert landscape.surface.losses[50, 50] == window.snapshot.metrics.train_loss
    assert landscape.path.shape == (51, 2) and np.allclose(landscape.path[-1], 0.0)
    assert not window.landscape_panel.job.cancel.isEnabled() and window.landscape_panel.job.start.isEnabled()


def pixels(path) -> np.ndarray:
    from PySide6.QtGui import QImage

    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGBA8888)
    return np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.width(), 4).copy()


def test_shot_renders_the_three_views_the_same_every_time(tmp_path, qapp, capsys):
    from playground.cli import main

    args = ["shot", "https://playground.tensorflow.org/#dataset=xor&networkShape=4,2&activation=tanh",
            "--epochs", "40", "--panels", "landscape,race,timetravel", "--size", "1400x1000"]
    assert main(args + ["--out", str(tmp_path / "a")]) == 0
    assert main(args + ["--out", str(tmp_path / "b")]) == 0
    for name in ("landscape", "race", "timetravel"):
        first, second = pixels(tmp_path / "a" / f"{name}.png"), pixels(tmp_path / "b" / f"{name}.png")
        assert np.array_equal(first, second), f"{name}: the same pixels every time"
        colours = len(np.unique(first.reshape(-1, 4), axis=0))
        assert colours > 200, f"{name}: a heatmap or a window, not a blank panel ({colours} colours)"
    assert pixels(tmp_path / "a" / "timetravel.png").shape[:2] == (1000, 1400)
    assert main(["shot", "x.json", "--out", str(tmp_path / "c"), "--size", "12"]) == 2
    assert "--size: expected WIDTHxHEIGHT" in capsys.readouterr().err


def test_the_arrow_keys_step_from_checkpoint_to_checkpoint(local_window, qtbot):
    window = local_window(seed=4)
    session = window.worker.session
    window.worker.train_epochs(1)
    session.run.timeline.budget = 10 * session.run.timeline.items[-1].nbytes  # a wide spacing, soon
    window.worker.train_epochs(63)
    bar, spacing = window.time_bar, session.run.timeline.spacing
    assert spacing > 1 and bar.slider.singleStep() == spacing
    assert bar.slider.minimum() == session.run.timeline.items[0].epoch
    bar.slider.setValue(32)
    seen = []
    for _ in range(2):
        qtbot.keyClick(bar.slider, Qt.Key.Key_Left)
        seen.append(window.snapshot.viewing)
    assert seen == [32 - spacing, 32 - 2 * spacing], "each press reaches the next checkpoint, never sticks"


def test_views_clear_when_an_edit_makes_them_stale_and_race_needs_an_optimizer(local_window, qtbot):
    window = local_window(seed=2)
    window.worker.train_epochs(10)
    landscape, race = window.landscape_panel, window.race_panel
    window.send("compute_landscape", {"mode": "random", "resolution": 7})
    window.send("sweep_weight", {"layer": 0, "row": 0, "column": 0})
    window.send("start_race", {"epochs": 20})
    assert landscape.heatmap.surface is not None and not landscape.sweep_plot.isHidden()
    assert "epoch 10" in landscape.caption.text() and len(race._items) == 7
    window.send("reset", {"same_start": True})
    assert landscape.heatmap.surface is None and landscape.sweep_plot.isHidden()
    assert landscape.path.getData()[0] is None or len(landscape.path.getData()[0]) == 0
    assert race._items == [] and race.curves_plot.getPlotItem().listDataItems() == []
    for box in race.chosen.values():
        box.setChecked(False)
    assert not race.job.start.isEnabled()
    race.chosen["adam"].setChecked(True)
    assert race.job.start.isEnabled()


def test_a_function_problem_races_without_empty_boundary_pictures(local_window):
    window = local_window(problem="function", dataset="sine", inputs=["x"], hidden=[4])
    window.send("start_race", {"epochs": 20})
    race = window.snapshot.explore.race
    assert race.finished and all(image is None for image in race.images.values())
    assert window.race_panel.boundaries.isHidden()


def test_time_travel_after_open_rests_at_now_and_says_why_it_cannot_go_back(local_window, qtbot):
    trained = local_window(seed=4)
    trained.worker.train_epochs(30)
    scenario = trained.worker.query("scenario")  # what Open or a restore brings back: epoch 30, no checkpoints
    window = local_window(scenario)
    bar = window.time_bar
    assert window.snapshot.epoch == 30
    assert bar.slider.value() == bar.slider.maximum() == 30 and not bar.slider.isEnabled()
    assert bar.label.text() == "now: epoch 30 · no earlier epochs kept: time travel starts here"
    window.worker.train_epochs(5)
    assert bar.slider.isEnabled() and bar.slider.minimum() == 30 and bar.slider.value() == 35
