"""The session's time travel and weight-space views (a mixin of Session).

Time travel: the trainer offers a checkpoint at the end of every epoch on the
timeline's spacing (engine/checkpoints.py), and after every edit. Viewing an
epoch draws the checkpoint's network in place of the current one; "continue
from here" restores the trainer to it (an edit, so undo brings the later
history back). The landscape and the race are jobs the training process runs a
slice at a time (see explore.py); their results wait in ``explore``.
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np

from playground.engine.checkpoints import Checkpoint, Checkpoints
from playground.engine.errors import InputError
from playground.engine.optimizers import OPTIMIZERS
from playground.explore import ExploreViews, landscape_job, race_job, weight_sweep
from playground.scenario import Scenario, build_trainer, settings_for_network


class ExploreCommands:
    # --- time travel ----------------------------------------------------------------------

    def _new_timeline(self) -> None:
        self.timeline = Checkpoints()
        self.trainer.checkpoints = self.timeline
        self.timeline.offer(self.trainer, force=True)
        self.viewing: Checkpoint | None = None

    def mark_edit(self) -> None:
        """After an edit: the timeline keeps the edited state as this epoch's, the view
        returns to now, and what was computed for the weights before (landscape,
        sweep, race) is stale: it goes, and a job computing it stops."""
        self.viewing = None
        self.timeline.offer(self.trainer, force=True)
        self.job = None
        self.explore = ExploreViews()
        self.explore_version += 1

    def view_epoch(self, epoch: int | None = None) -> None:
        """Draw the network as it was at ``epoch`` (the latest checkpoint at or before
        it); None, or the current epoch, is now."""
        if epoch is None or int(epoch) >= self.trainer.epoch:
            self.viewing = None
            return
        checkpoint = self.timeline.at(int(epoch))
        if checkpoint is None:
            raise InputError(f"no checkpoint at or before epoch {epoch}")
        if checkpoint is not self.viewing:
            self.viewing = checkpoint
            self._viewed = (checkpoint.network(), self.trainer.metrics_with(checkpoint))

    def continue_from(self, epoch: int) -> None:
        """Branch training from the checkpoint at ``epoch``: the later epochs are
        dropped (undo brings them back)."""
        checkpoint = self.timeline.at(int(epoch))
        if checkpoint is None:
            raise InputError(f"no checkpoint at or before epoch {epoch}")
        self.viewing = None
        self.trainer.restore(checkpoint)
        self.settings = settings_for_network(self.settings, self.network)  # the shape may have been another
        self.generation += 1  # the history got shorter: views start it again
        self._new_history_view()
        self.batch, self.message, self._grid = None, None, None

    def _timeline_summary(self) -> tuple[int, int, int]:
        """(spacing, checkpoints kept, the first one's epoch): the slider's range starts there."""
        items = self.timeline.items
        return self.timeline.spacing, len(items), items[0].epoch if items else self.trainer.epoch

    def _drawn(self):
        """(network, metrics) to draw: the viewed epoch's, or now's."""
        if self.viewing is not None:
            return self._viewed
        return self.trainer.network, self.trainer.metrics

    # --- the landscape, the sweep and the race -----------------------------------------------

    def compute_landscape(self, mode: str = "random", weights=None, extent: float = 1.0, resolution: int = 31,
                          seed: int | None = None) -> None:
        job = landscape_job(self.trainer, self.timeline, mode, weights, float(extent), int(resolution),
                            self.settings.seed if seed is None else int(seed))
        self._start_job("landscape", job)

    def sweep_weight(self, layer: int, row: int, column: int, span: float = 3.0, points: int = 61) -> None:
        self._set_explore(sweep=weight_sweep(self.trainer, int(layer), int(row), int(column), float(span),
                                             int(points)))

    def start_race(self, epochs: int = 300, optimizers=None) -> None:
        start = self._run_start()
        job = race_job(lambda name: self._race_trainer(name, start), int(epochs),
                       OPTIMIZERS if optimizers is None else tuple(optimizers), seed=self.settings.seed)
        self._start_job("race", job)

    def _run_start(self) -> np.ndarray:
        """The weights this run started from: its checkpoint of epoch 0 if it has this
        shape, else the trainer's initial weights (kept in saved scenarios), else now's."""
        first = self.timeline.items[0] if self.timeline.items else None
        if first is not None and first.epoch == 0 and first.layout.same_shape(self.network):
            return first.params
        if self.trainer.initial_params.shape == self.network.params.shape:
            return self.trainer.initial_params
        return self.network.params

    def _race_trainer(self, optimizer: str, start: np.ndarray):
        network = self.network.copy()
        network.params[...] = start
        settings = dataclasses.replace(self.settings, optimizer=optimizer)  # the session's, as they are
        return build_trainer(Scenario(settings, network, None, self.custom_data, self.title))

    def cancel_job(self) -> None:
        """Stop computing; a race cut short is dropped, a finished view stays."""
        self.job = None
        race = self.explore.race
        if race is not None and not race.finished:
            self._set_explore(race=None)

    def _start_job(self, name: str, job) -> None:
        """Start a job with its first step, here and now: a bad request is refused at once."""
        self.job, self.job_progress = (name, job), 0.0
        self.run_job(0.0)

    def run_job(self, seconds: float) -> None:
        """Advance the job by one step, then more for about ``seconds``; its result
        lands in ``explore``, and what it has so far too (a race's curves)."""
        if self.job is None:
            return
        name, job = self.job
        deadline = time.perf_counter() + seconds
        partial = None
        try:
            while True:
                step = next(job)  # a fraction, or (fraction, what there is so far)
                self.job_progress, partial = step if isinstance(step, tuple) else (step, partial)
                if time.perf_counter() >= deadline:
                    break
        except StopIteration as done:
            self.job = None
            self._set_explore(**{name: done.value})
            return
        except Exception:
            self.cancel_job()
            raise
        if partial is not None:
            self._set_explore(**{name: partial})

    def _set_explore(self, **changes) -> None:
        self.explore = dataclasses.replace(self.explore, **changes)
        self.explore_version += 1
