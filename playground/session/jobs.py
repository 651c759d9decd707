"""Background jobs: the loss landscape, the weight sweep and the optimizer race.

The landscape and the race are generators (explore.py) that the training loop
advances a slice at a time between commands, so the window stays live; their
results, and a race's curves so far, wait in ``explore``.
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np

from playground.engine.optimizers import OPTIMIZERS
from playground.scenario import Scenario, build_trainer
from playground.session.explore import ExploreViews, landscape_job, race_job, weight_sweep


class Jobs:
    def __init__(self, session):
        self.session = session
        self.job = None              # (name, generator) being computed, if any
        self.progress = 0.0          # its fraction done
        self.explore = ExploreViews()
        self.version = 0             # bumps when ``explore`` changes: views redraw

    def start(self) -> None:
        """Nothing computed yet for these weights; a job computing for others stops."""
        self.job = None
        self.explore = ExploreViews()
        self.version += 1

    @property
    def running(self) -> bool:
        return self.job is not None

    def compute_landscape(self, mode: str = "random", weights=None, extent: float = 1.0, resolution: int = 31,
                          seed: int | None = None) -> None:
        session = self.session
        job = landscape_job(session.trainer, session.run.timeline, mode, weights, float(extent), int(resolution),
                            session.settings.seed if seed is None else int(seed))
        self._start_job("landscape", job)

    def sweep_weight(self, layer: int, row: int, column: int, span: float = 3.0, points: int = 61) -> None:
        self._set_explore(sweep=weight_sweep(self.session.trainer, int(layer), int(row), int(column),
                                             float(span), int(points)))

    def start_race(self, epochs: int = 300, optimizers=None) -> None:
        start = self.run_start()
        job = race_job(lambda name: self._race_trainer(name, start), int(epochs),
                       OPTIMIZERS if optimizers is None else tuple(optimizers), seed=self.session.settings.seed)
        self._start_job("race", job)

    def run_start(self) -> np.ndarray:
        """The weights this run started from: its checkpoint of epoch 0 if it has this
        shape, else the trainer's initial weights (kept in saved scenarios), else now's."""
        session = self.session
        items = session.run.timeline.items
        first = items[0] if items else None
        if first is not None and first.epoch == 0 and first.layout.same_shape(session.network):
            return first.params
        if session.trainer.initial_params.shape == session.network.params.shape:
            return session.trainer.initial_params
        return session.network.params

    def _race_trainer(self, optimizer: str, start: np.ndarray):
        session = self.session
        network = session.network.copy()
        network.params[...] = start
        settings = dataclasses.replace(session.settings, optimizer=optimizer)  # the session's, as they are
        return build_trainer(Scenario(settings, network, None, session.custom_data, session.title))

    def cancel_job(self) -> None:
        """Stop computing; a race cut short is dropped, a finished view stays."""
        self.job = None
        race = self.explore.race
        if race is not None and not race.finished:
            self._set_explore(race=None)

    def _start_job(self, name: str, job) -> None:
        """Start a job with its first step, here and now: a bad request is refused at once."""
        self.job, self.progress = (name, job), 0.0
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
                self.progress, partial = step if isinstance(step, tuple) else (step, partial)
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
        self.version += 1

    def summary(self) -> tuple[str, float] | None:
        """(what is being computed, fraction done), or None."""
        return None if self.job is None else (self.job[0], self.progress)
