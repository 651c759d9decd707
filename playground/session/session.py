"""A live session: the state the training loop owns, made of parts with one job each.

The Session holds what every part shares (the settings, the trainer, the title,
your own data, and the counters the views use to tell a new run from more of
the same); each part holds its own state and its commands:

- ``edits``: the network and its edits (network_edits.py)
- ``points``: imported and painted data (points.py)
- ``setup``: settings, the problem and the data set (setup.py)
- ``run``: training and its timeline for time travel (run.py)
- ``jobs``: the landscape, the weight sweep and the optimizer race (jobs.py)
- ``teaching``: the inspector's sample and the teaching views (teaching_views.py)
- ``frames``: the view choices and the snapshots the window draws (frames.py)

The commands the window may send, and what each may do, are one table
(commands.py). Nothing here knows Qt exists (README, Architecture).
"""

from __future__ import annotations

import hashlib
import json

import numpy as np

from playground.engine.data import Dataset
from playground.engine.errors import InputError
from playground.engine.metrics import History
from playground.engine.network import Network
from playground.engine.trainer import Trainer
from playground.scenario import Scenario, build_trainer, settings_for_network, waiting_for_data
from playground.scenario import snapshot as scenario_snapshot
from playground.session.frames import Frames, Snapshot
from playground.session.jobs import Jobs
from playground.session.network_edits import NetworkEdits
from playground.session.points import Points
from playground.session.run import Run
from playground.session.setup import Setup
from playground.session.teaching_views import Teaching
from playground.settings import Settings


class Session:
    def __init__(self, scenario: Scenario | None = None):
        scenario, self.needs_data = waiting_for_data(scenario or Scenario(Settings()))
        self.settings: Settings = scenario.settings
        self.title: str = scenario.title
        self.custom_data: Dataset | None = scenario.data   # imported or painted points, if any
        self.trainer: Trainer = build_trainer(scenario)
        self.generation = 0       # a new run: views drop the curve and the data they drew
        self.data_version = 0     # new data: views redraw the points
        self.message: str | None = None  # why training stopped, shown until the next start
        self.edits = NetworkEdits(self)
        self.points = Points(self)
        self.setup = Setup(self)
        self.run = Run(self)
        self.jobs = Jobs(self)
        self.teaching = Teaching(self)
        self.frames = Frames(self)
        self._start()
        self.saved_form: str | None = None  # as last opened or saved; None: never (or not writable)
        self.mark_saved()

    def form(self) -> str | None:
        """A fingerprint of what a file of the session would hold (settings, title,
        network and weights, your own points, how far training went): what "unsaved
        changes" compares, in milliseconds where writing the file out would take a
        second for 100,000 points. None when it holds a number a file cannot (an
        infinite loss): it cannot be saved."""
        trainer, network = self.trainer, self.network
        losses = np.array([v for key in History.KEYS[1:] for v in getattr(trainer.history, key) if v is not None],
                          dtype=float)
        if not (np.isfinite(network.params).all() and np.isfinite(losses).all()):
            return None
        settings = settings_for_network(self.settings, network)  # as the file writes them
        digest = hashlib.sha1(json.dumps([settings.to_dict(), self.title, network.inputs,
                                          network.activation_names, network.loss.name, network.sizes,
                                          trainer.epoch, trainer.updates, trainer.init_draw]).encode())
        digest.update(network.params.tobytes())
        if self.custom_data is not None:
            digest.update(self.custom_data.points.tobytes() + self.custom_data.values.tobytes())
        return digest.hexdigest()

    def mark_saved(self) -> None:
        self.saved_form = self.form()

    @property
    def unsaved(self) -> bool:
        """Whether the network, weights (training included), data or settings changed
        since the last open or save (always, for a session that cannot be written)."""
        form = self.form()
        return form is None or form != self.saved_form

    @property
    def parts(self) -> dict[str, object]:
        """The parts by class name, as the command table names a command's owner."""
        return {type(part).__name__: part for part in
                (self, self.edits, self.points, self.setup, self.run, self.jobs, self.teaching, self.frames)}

    def load(self, scenario: Scenario) -> None:
        """Another scenario: a new run from its state (one it refuses changes nothing)."""
        scenario, needs_data = waiting_for_data(scenario)
        trainer = build_trainer(scenario)
        self.settings, self.title, self.custom_data = scenario.settings, scenario.title, scenario.data
        self.trainer, self.needs_data = trainer, needs_data
        self._start()

    def _start(self) -> None:
        self.generation += 1
        self.data_version += 1
        self.message = None
        for part in (self.edits, self.run, self.jobs, self.teaching, self.frames):
            part.start()

    def scenario(self) -> Scenario:
        """What a file of the session holds (never the stand-in points of needs_data)."""
        data = None if self.needs_data else self.custom_data
        return scenario_snapshot(self.trainer, self.settings, self.title, data)

    def require_data(self) -> None:
        """A network opened only to be inspected (needs_data says why) is not trained."""
        if self.needs_data:
            raise InputError(self.needs_data)

    @property
    def network(self) -> Network:
        return self.trainer.network

    def check_sizes(self, sizes) -> None:
        """Edits name neurons by position in the network the window drew; if the
        network changed shape before the edit arrived, the edit is refused, never
        applied to another neuron."""
        if sizes is not None and tuple(sizes) != self.network.sizes:
            raise InputError("the network changed before this edit arrived; nothing was changed, try again")

    def snapshot(self) -> Snapshot:
        return self.frames.snapshot()
