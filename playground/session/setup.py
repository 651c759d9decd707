"""Settings: the problem, the data set, training choices and the network's shape
as the settings table names them (playground/settings.py)."""

from __future__ import annotations

from playground.engine.data import check_dataset
from playground.engine.errors import InputError
from playground.engine.optimizers import Schedule
from playground.scenario import Scenario, build_network, settings_for_problem
from playground.settings import Settings

DATA_SETTINGS = {"dataset", "noise", "points", "train_percent", "validation_percent", "seed"}
TRAINING_SETTINGS = {"learning_rate", "batch_size", "optimizer", "regularization", "regularization_rate",
                     "schedule", "schedule_factor", "schedule_every", "patience"}
SHAPE_SETTINGS = {"output_activation", "loss", "inputs", "hidden", "init"}
# settings that make new points: your own imported or painted points go (the
# training ratio and the validation split re-split the same points)
NEW_POINTS = {"dataset", "points", "noise"}
REPLACES_POINTS = NEW_POINTS | {"seed", "problem"}  # ... and these rebuild the data from the settings


def replaces_points(name: str, args: dict) -> bool:
    """Whether a command would replace your own points with generated ones."""
    return name == "regenerate" or (name == "set_setting" and args.get("key") in REPLACES_POINTS)


class Setup:
    def __init__(self, session):
        self.session = session

    def set_setting(self, key: str, value) -> None:
        session = self.session
        if key == "problem":
            self._switch_problem(value)
            return
        if key == "dataset" and check_dataset(value).problem != session.settings.problem:
            self._switch_problem(check_dataset(value).problem, value)
            return
        new = session.settings.replace(**{key: value})
        if key == "seed":
            self._rebuild(new)
        elif key in DATA_SETTINGS:
            session.points.use_data(new, None if key in NEW_POINTS else session.custom_data)
            if key == "dataset":  # another task: a new run (undo brings the old one back)
                session.run.reset()
        elif key in TRAINING_SETTINGS:
            session.settings = new
            self._configure_trainer(new, new_optimizer=key == "optimizer")
        elif key == "activation":
            session.settings = new
            network = session.network
            for layer in range(len(network.hidden)):
                network = network.with_activation(layer, value)
            session.edits.set_network(network)
        elif key in SHAPE_SETTINGS:
            session.settings = new
            if key != "init":
                session.edits.set_network(build_network(new, session.trainer.init_draw))
            session.trainer.init = new.init
        else:
            raise InputError(f"unknown setting {key!r}")

    def _configure_trainer(self, s: Settings, new_optimizer: bool) -> None:
        self.session.trainer.configure(
            learning_rate=s.learning_rate, batch_size=s.batch_size, optimizer=s.optimizer if new_optimizer else None,
            regularization=s.regularization, regularization_rate=s.regularization_rate,
            schedule=Schedule(s.schedule, s.schedule_factor, s.schedule_every), patience=s.patience or None)

    def _switch_problem(self, problem: str, dataset: str | None = None) -> None:
        if problem != self.session.settings.problem:
            self._rebuild(settings_for_problem(self.session.settings, problem, dataset))

    def _rebuild(self, settings: Settings) -> None:
        """New data and network from settings; the epoch count starts again."""
        self.session.load(Scenario(settings, None, None, None, self.session.title))

    def regenerate(self) -> None:
        """New data from the next seed (as TensorFlow Playground's button), and fresh weights."""
        self._rebuild(self.session.settings.replace(seed=(self.session.settings.seed + 1) % 2**32))
