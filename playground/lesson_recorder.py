"""A lesson being written (Lessons ▸ New Lesson, Edit Lesson…), without Qt: its
steps, each step's start captured from a session, and the file it saves.

In memory a step keeps its start whole (every setting, as the session had them),
so steps can be reordered and still start where they were recorded; the file
keeps only what a reader needs: the settings that differ from the step before's
start (the first step's: from the defaults), the weights only when they are not
the ones the settings draw from the seed (edited, trained, set by hand), the
points only when they are your own (imported or painted), the views and zoom only
where they change. Written with a stable key order, two-space indents and short
objects on one line, so a person can read and edit it, and through the one safe
writer (files.write_atomic).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from playground.bundled import MissingPackageFile, bundled_lessons
from playground.engine.errors import InputError
from playground.files import read_json, write_atomic
from playground.lesson import FORMAT, STEP_FIELDS, VERSION, lesson_from_dict, look_zoom, read_scenario
from playground.lesson_start import plain_settings
from playground.network_file import network_to_dict
from playground.scenario import Scenario, build_network, scenario_to_dict
from playground.settings import Settings

WIDTH = 100  # an object or list whose JSON fits in this many characters stays on one line
BLANK = "New lesson"


@dataclass(frozen=True)
class Draft:
    """A lesson being written: its title and steps (dicts of the file's fields, a
    step's ``start`` whole), and where it came from."""
    title: str = BLANK
    steps: tuple = ()
    look: str = "normal"
    zoom: float | None = None   # the lesson's zoom in percent, as written
    path: str | None = None     # the file it was opened from or saved to
    bundled: bool = False       # a bundled lesson: saved as a copy, never into the package
    folder: str = "."           # where the steps' scenario files are read from
    extra: dict = field(default_factory=dict)  # fields of the lesson this program does not write itself

    def with_step(self, index: int, **changes) -> Draft:
        """The draft with step ``index``'s fields changed (a value None takes the field away)."""
        step = {**self.steps[index], **changes}
        step = {key: value for key, value in step.items() if value is not None}
        return replace(self, steps=self.steps[:index] + (step,) + self.steps[index + 1:])

    @property
    def zoom_percent(self) -> float:
        return self.zoom if self.zoom is not None else round(look_zoom(self.look) * 100)


# --- capturing a session ------------------------------------------------------------

def capture_start(scenario: Scenario) -> dict:
    """A step's start from a session's scenario, whole: every setting; the weights
    unless the settings draw the same from the seed; your own points, if any."""
    start = {"settings": plain_settings(scenario.settings)}
    if scenario.network is not None and not drawn_from_seed(scenario):
        start["network"] = {key: value for key, value in network_to_dict(scenario.network).items()
                            if key not in ("format", "version")}
    if scenario.data is not None:
        start["data"] = scenario_to_dict(Scenario(scenario.settings, data=scenario.data))["data"]
    return start


def drawn_from_seed(scenario: Scenario) -> bool:
    """Whether the scenario's network is the one its settings draw (bit for bit)."""
    try:
        drawn = build_network(scenario.settings, data=scenario.data)
    except (InputError, ValueError):
        return False
    return network_to_dict(drawn) == network_to_dict(scenario.network)


def percent(zoom: float):
    """The window's zoom (1.1) as a lesson writes it (110)."""
    return _number(zoom * 100)


def new_step(title: str, start: dict, views: list, stage: str | None, zoom: float, shot: str) -> dict:
    """A recorded step: its start, the panels in view, the one on the stage, the zoom
    (percent) and a picture of the window for `playground shot`."""
    picture = {"part": "window", "file": shot}
    if zoom > 125:  # as the bundled lessons for projectors: 1400x900 has no room for more
        picture["size"] = [1920, 1080]
    step = {"title": title, "start": start, "views": list(views), "zoom": _number(zoom), "shots": [picture]}
    if stage is not None:
        step["stage"] = stage
    return step


def file_name(title: str) -> str:
    """A file name from a title: "Why XOR needs a layer" -> why-xor-needs-a-layer."""
    return "-".join(re.findall(r"[a-z0-9]+", title.lower()))[:60] or "lesson"


def next_shot_name(steps) -> str:
    """step-N.png, N the smallest no shot of the lesson uses."""
    used = {shot.get("file") for step in steps for shot in step.get("shots", [])}
    n = 1
    while f"step-{n}.png" in used:
        n += 1
    return f"step-{n}.png"


def describe_action(action: dict) -> str:
    """An action as the editor lists it."""
    (name, args), = action.items()
    if name == "train":
        return f"Train {args} epochs"
    if name == "train_until":
        return f"Train until loss ≤ {args['loss']:g} (at most {args.get('max_epochs', 1000)} epochs)"
    return json.dumps(action, ensure_ascii=False)


def settings_before(draft: Draft, index: int) -> Settings:
    """The settings the step before ``index`` started with (the defaults for the first)."""
    for step in reversed(draft.steps[:index]):
        if "start" in step:
            return Settings.from_dict(step["start"]["settings"], "start.settings")
        if "scenario" in step:
            return read_scenario(step["scenario"], "scenario", Path(draft.folder)).settings
    return Settings()


def start_summary(draft: Draft, index: int) -> str:
    """What step ``index`` starts from, in a line."""
    step = draft.steps[index]
    if "scenario" in step:
        return "Starts from the scenario the lesson file gives (Update Start records the window instead)."
    if "start" not in step:
        return "Continues from the step before, its actions included (Update Start records the window instead)."
    start = step["start"]
    changes, _ = relative_start(start, settings_before(draft, index))
    changed = changes.get("settings", {})
    parts = [("Starts with " + ", ".join(f"{key} {json.dumps(value)}" for key, value in changed.items())
              + (" (the rest as the step before)" if index else " (the rest as the defaults)"))
             if changed else "Starts with the settings of the step before" if index else "Starts from the defaults"]
    if "network" in start:
        parts.append("its own weights")
    if "data" in start:
        parts.append(f"your {len(start['data']['values'])} points")
    if step.get("stage"):
        parts.append(f"{step['stage']} on the stage")
    return "; ".join(parts) + "."


# --- files ------------------------------------------------------------------------------

def in_package(path: str) -> bool:
    """A file in the package's own lessons folder (never written: a copy goes elsewhere)."""
    return Path(path).resolve().parent == Path(str(resources.files("playground"))).resolve() / "lessons"


def is_bundled(path: str) -> bool:
    try:
        return Path(path).resolve() in {p.resolve() for p in bundled_lessons()}
    except MissingPackageFile:
        return False


def open_draft(path: str) -> Draft:
    """A lesson file as a draft (checked as any lesson is; InputError if it is not one)."""
    data = read_json(path, "lesson")
    lesson = lesson_from_dict(data, str(path), Path(path).parent)
    steps = []
    for raw, step in zip(data["steps"], lesson.steps):
        raw = dict(raw)
        if "start" in raw:  # whole again: the settings the step starts with, its own network and data
            raw["start"] = {"settings": plain_settings(step.scenario.settings),
                            **{key: raw["start"][key] for key in ("network", "data") if key in raw["start"]}}
        for key, value in (("views", step.views), ("zoom", step.zoom)):
            if value is not None:  # as the step shows it, the step before's included
                raw[key] = list(value) if key == "views" else _number(value * 100)
        steps.append(raw)
    extra = {key: value for key, value in data.items() if key not in ("format", "version", "title", "look", "zoom",
                                                                      "steps")}
    return Draft(lesson.title, tuple(steps), lesson.look, data.get("zoom"), str(path), is_bundled(path),
                 str(Path(path).parent), extra)


def lesson_dict(draft: Draft, folder: str | None = None) -> dict:
    """The lesson file's object: a step's settings as changes from the step before's,
    views and zoom only where they change, no empty fields. ``folder``: where it is
    written (a scenario file named by a step is written into it when that is elsewhere)."""
    out = {"format": FORMAT, "version": VERSION, "title": draft.title.strip() or BLANK}
    if draft.look != "normal":
        out["look"] = draft.look
    if draft.zoom is not None:
        out["zoom"] = draft.zoom
    out.update(draft.extra)
    before, views, zoom, steps = Settings(), None, draft.zoom_percent, []
    for index, step in enumerate(draft.steps):
        written = {}
        for key in sorted(set(step) | {"zoom"}, key=_field_order):
            value = step.get(key, draft.zoom_percent)  # (a step without a zoom has the lesson's)
            if key == "start":
                value, before = relative_start(value, before)
            elif key == "scenario":
                before, value = _scenario_written(value, f"steps[{index}].scenario", draft.folder, folder)
            elif key in ("views", "zoom"):
                if value == (views if key == "views" else zoom):
                    continue  # as the step before
                views, zoom = (value, zoom) if key == "views" else (views, value)
            elif value in ([], "", {}):
                continue
            written[key] = value
        steps.append(written)
    out["steps"] = steps
    return out


def _scenario_written(value, where: str, read_from: str, folder: str | None) -> tuple[Settings, object]:
    """A step's scenario: its settings, and as written (a file beside the lesson, copied
    into the file when the lesson is written elsewhere)."""
    scenario = read_scenario(value, where, Path(read_from))
    if isinstance(value, str) and folder is not None and Path(folder).resolve() != Path(read_from).resolve():
        value = scenario_to_dict(scenario)
    return scenario.settings, value


def relative_start(start: dict, before: Settings) -> tuple[dict, Settings]:
    """A whole start as the file keeps it (the settings that differ from ``before``), and its settings."""
    settings = Settings.from_dict(start["settings"], "start.settings")
    known = plain_settings(before)
    changes = {key: value for key, value in plain_settings(settings).items() if known[key] != value}
    written = {"settings": changes} if changes else {}
    written.update({key: start[key] for key in ("network", "data") if key in start})
    return written, settings


def save_draft(draft: Draft, path: str) -> str:
    """Write the lesson file (atomically) and check that it reads back as a lesson; the text written."""
    folder = str(Path(path).parent)
    data = lesson_dict(draft, folder)
    lesson_from_dict(json.loads(json.dumps(data)), str(path), Path(draft.folder))  # refuse what would not open
    text = lesson_text(data)
    write_atomic(path, text)
    return text


def lesson_text(data) -> str:
    """JSON for a person: two-space indents, each object or list that fits in WIDTH
    characters on one line, keys in the order given."""
    return _text(data, 0) + "\n"


def _text(value, depth: int) -> str:
    line = json.dumps(value, ensure_ascii=False, allow_nan=False)
    if not isinstance(value, (dict, list)) or not value or len(line) + 2 * depth <= WIDTH \
            or isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value):
        return line
    pad, inner = "  " * depth, "  " * (depth + 1)
    if isinstance(value, dict):
        items = [f"{inner}{json.dumps(key, ensure_ascii=False)}: {_text(item, depth + 1)}"
                 for key, item in value.items()]
    else:
        items = [inner + _text(item, depth + 1) for item in value]
    return ("{" if isinstance(value, dict) else "[") + "\n" + ",\n".join(items) + "\n" + pad + \
        ("}" if isinstance(value, dict) else "]")


def _field_order(key: str) -> int:
    return STEP_FIELDS.index(key) if key in STEP_FIELDS else len(STEP_FIELDS)


def _number(value: float):
    """A percentage as it reads best: 125, not 125.0 or 110.00000000000001."""
    value = round(float(value), 2)
    return int(value) if value.is_integer() else value
