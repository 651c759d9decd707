"""A lesson step's recorded start and views (lesson.py's format; lesson_recorder.py
writes them): the settings that differ from the step before's, the network and
data where they were set by hand; the panels in view, the one on the stage, the
zoom. No Qt here: lesson files are checked without a window."""

from __future__ import annotations

from playground.engine.errors import InputError
from playground.scenario import FORMAT as SCENARIO_FORMAT
from playground.scenario import VERSION as SCENARIO_VERSION
from playground.scenario import Scenario, scenario_from_dict
from playground.settings import OUTPUT_DEFAULTS, Settings

# the window's panels (its docks, the lesson panel aside) a step may show; "network" may also take the stage
VIEWS = ("data", "output", "loss", "inspector", "hidden", "gradients", "landscape", "race")
START_FIELDS = ("settings", "network", "data")


def step_views(data: dict, where: str, fail, zoom) -> tuple:
    """A step's views, stage and zoom (``zoom(value, where, fail)`` reads a percentage),
    as given: None where not."""
    views, stage = data.get("views"), data.get("stage")
    if views is not None and (not isinstance(views, list) or not all(isinstance(v, str) for v in views)
                              or not set(views) <= set(VIEWS)):
        fail(f"{where}.views", f"expected a list of panels from {', '.join(VIEWS)}, got {views!r}")
    if stage is not None and stage not in VIEWS + ("network",):
        fail(f"{where}.stage", f"expected one of network, {', '.join(VIEWS)}, got {stage!r}")
    return (None if views is None else tuple(views)), stage, zoom(data.get("zoom"), f"{where}.zoom", fail)


def plain_settings(settings: Settings) -> dict:
    """The settings as a dict, the output activation and loss left empty where they are
    the problem's own (as the defaults have them): what a step's start compares, and
    adds its changes to."""
    values = settings.to_dict()
    activation, loss = OUTPUT_DEFAULTS[settings.problem]
    if values["output_activation"] == activation:
        values["output_activation"] = ""
    if values["loss"] == loss:
        values["loss"] = ""
    return values


def start_document(value: dict, before: Settings) -> dict:
    """A start as the scenario it stands for (a scenario file's object)."""
    return {"format": SCENARIO_FORMAT, "version": SCENARIO_VERSION,
            "settings": {**plain_settings(before), **value.get("settings", {})},
            **{key: value[key] for key in ("network", "data") if key in value}}


def start_scenario(value, where: str, before: Settings, fail) -> Scenario:
    """A recorded start: the settings the step before started with, changed; its own
    network and data, if it has them."""
    if not isinstance(value, dict) or set(value) - set(START_FIELDS) \
            or not isinstance(value.get("settings", {}), dict):
        fail(where, "expected an object of settings (those that differ from the step before), network and data")
    try:
        return scenario_from_dict(start_document(value, before), where)
    except InputError as e:
        fail(where, str(e).removeprefix(f"{where}: "))
