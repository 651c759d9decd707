"""Your own data: imported points, and points painted on or erased from the plot."""

from __future__ import annotations

import numpy as np

from playground.engine.data import MAX_POINTS, Dataset
from playground.engine.errors import InputError
from playground.engine.features import is_plain
from playground.scenario import Scenario, build_data, settings_for_problem
from playground.session.network_edits import check_finite


class Points:
    def __init__(self, session):
        self.session = session

    def use_data(self, settings, data: Dataset | None) -> None:
        """Train on ``data`` (None: the settings' generated set) split as ``settings`` say."""
        session = self.session
        session.settings, session.custom_data = settings, data
        session.trainer.set_data(build_data(settings, data))
        session.data_version += 1
        session.run.batch = None  # the highlighted step's indices were into the old training set

    def import_data(self, data: Dataset, inputs: list | None = None) -> None:
        """Train on these points from now on, as ``inputs`` (None: the inputs there are);
        the weights start afresh if the problem, the classes or the inputs changed."""
        session = self.session
        inputs = list(session.settings.inputs if inputs is None else inputs)
        if (data.problem == session.settings.problem and (data.classes or 1) == (self.classes or 1)
                and inputs == list(session.settings.inputs)):
            self.use_data(session.settings, data)
            session.needs_data = ""
            return
        settings = settings_for_problem(session.settings, data.problem)
        if data.problem != "function":
            settings = settings.replace(inputs=inputs)
        session.load(Scenario(settings, None, None, data, session.title))

    @property
    def classes(self) -> int:
        return self.session.trainer.data.train.classes

    def all_points(self) -> Dataset:
        """Every point now in use (train, test, validation), as one data set."""
        data = self.session.trainer.data
        parts = [p for p in (data.train, data.test, data.validation) if p]
        return Dataset(parts[0].problem, np.concatenate([p.points for p in parts]),
                       np.concatenate([p.values for p in parts]), parts[0].classes, parts[0].class_names)

    def _paintable(self) -> None:
        if is_plain(self.session.settings.inputs):
            raise InputError("painting works on the plane (inputs x1, x2, ...); these inputs are "
                             "columns of your own data")

    def add_point(self, x1: float, x2: float = 0.0, value: float = 1.0) -> None:
        """Paint a point: a class number (classification), a target (regression) or,
        for 1-D problems, the point (x1, value)."""
        self._paintable()
        data = self.all_points()
        x1, x2, value = check_finite(x1, "x1"), check_finite(x2, "x2"), check_finite(value, "value")
        if data.classes:
            if value != int(value) or not 0 <= value < data.classes:
                raise InputError(f"class: expected 0 to {data.classes - 1}, got {value}")
            value = int(value)
        if len(data.points) >= MAX_POINTS:
            raise InputError(f"{MAX_POINTS:,} points already: the most a session holds (erase some first)")
        point = [x1] if data.points.shape[1] == 1 else [x1, x2]
        self.import_data(Dataset(data.problem, np.vstack([data.points, [point]]),
                                 np.append(data.values, value).astype(data.values.dtype), data.classes))

    def erase_points(self, x1: float, x2: float = 0.0, radius: float = 0.5) -> None:
        """Erase the painted or generated points within ``radius`` of (x1, x2)."""
        self._paintable()
        data = self.all_points()
        if data.points.shape[1] == 1:
            far = np.abs(data.points[:, 0] - x1) > radius
        else:
            far = np.hypot(data.points[:, 0] - x1, data.points[:, 1] - x2) > radius
        if far.all():
            return
        if far.sum() < 2:
            raise InputError("keep at least two points (use Clear to start again)")
        self.import_data(Dataset(data.problem, data.points[far], data.values[far], data.classes))

    def clear_points(self) -> None:
        """Start from an empty plane: two points, one of each class (or two targets),
        so training stays defined while you paint."""
        self._paintable()
        data = self.all_points()
        one_d = data.points.shape[1] == 1
        points = np.array([[-3.0], [3.0]]) if one_d else np.array([[-3.0, -3.0], [3.0, 3.0]])
        values = np.array([0, 1]) if data.classes else np.array([-0.5, 0.5])
        self.import_data(Dataset(data.problem, points, values.astype(data.values.dtype), data.classes))
