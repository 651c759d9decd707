"""Lesson files: a title and ordered steps of text, a scenario, actions and shots.

A lesson is JSON (format "playground.lesson", version 1)::

    {"format": "playground.lesson", "version": 1, "title": "XOR needs a hidden layer",
     "look": "presentation",
     "steps": [
       {"title": "No hidden layer", "text": "A line cannot separate **XOR**: ...",
        "scenario": {"settings": {"dataset": "xor", "hidden": []}},
        "actions": [{"train": 200}],
        "hide": ["problem"], "lock": ["dataset"],
        "shots": [{"part": "window", "file": "xor-1.png", "size": [1400, 900], "scale": 1}]}]}

- ``scenario``: a scenario or network object, a ``{"settings": ...}`` object, or
  a path relative to the lesson file. A step without one (or a ``start``)
  continues from the step before it (its actions included), so every step can be
  rebuilt alone.
- ``start`` (what Lessons ▸ New Lesson records), instead of a scenario:
  ``{"settings": {...}, "network": {...}, "data": {...}}``, where ``settings`` are
  only those that differ from the settings the step before started with (the
  first step's: from the defaults), ``network`` the weights (as a network file's
  ``inputs``, ``loss`` and ``layers``; without it the settings' network is drawn
  from the seed) and ``data`` your own points (without it the settings' data set).
- ``views``: the panels in view (data, output, loss, inspector, hidden, gradients,
  landscape, race; the others are closed unless behind one of them as a tab);
  ``stage``: the panel that fills the window (or ``network``); ``zoom``: the step's
  zoom in percent. A step without ``views`` or ``zoom`` keeps the step before's
  (the lesson's zoom, and the panels as they are, if no step before sets them).
- ``actions``, in order: ``{"train": N}``, ``{"train_until": {"loss": x,
  "max_epochs": N}}``, ``{"set_weight": {"layer", "row", "column", "value"}}``,
  ``{"set_bias": {"layer", "row", "value"}}``, ``{"set": {"key": "learning_rate",
  "value": 0.1}}``, ``{"select_neuron": {"layer", "unit"}}``, ``{"inspect":
  {"input", "target", "lr"} or {"sample": N}}``, ``{"inspector_stage": N or
  "all"}``, ``{"apply_sgd_step": true}``, ``{"sweep_weight": {"layer", "row",
  "column"}}`` (the landscape's loss against that weight), ``{"show":
  "inspector" | "hidden" | "gradients" | "landscape" | "loss"}``.
- ``hide`` / ``lock``: controls hidden or greyed out during the step, by
  TensorFlow Playground's names (learningRate, batchSize, playButton, ...; and
  ours: optimizer, speed, regenerate, epoch): CONTROLS below lists them all.
- ``shots``: ``part`` (window or a panel name), ``file``, optional ``size``
  [width, height] of the window (default 1400 × 900, at least 1024 × 640 at 100 %), ``scale`` (1-4),
  ``look`` ("normal" or "presentation"; default: the lesson's) and ``zoom``.
- ``look`` and ``zoom`` (lesson-wide, or per shot): "presentation" is the window at 150 %
  zoom with thicker lines, larger points and stronger contrast for projectors; ``zoom``
  (75 to 200, percent) sets another zoom.
- ``expect``: what the text relies on, checked by the tests in the window
  (lesson_expect.py lists the declarations).
- ``text`` takes light markup: ``**bold**``, ``*italics*`` and ``$math$`` as plain text.

Every problem is an InputError naming the file, the step and the field.
"""

from __future__ import annotations

import dataclasses
import html
import os
import re
from dataclasses import dataclass
from pathlib import Path

from playground.engine.errors import InputError
from playground.files import read_json
from playground.lesson_expect import check_expectation
from playground.lesson_start import start_scenario, step_views
from playground.scenario import Scenario, load_scenario, scenario_from_dict
from playground.settings import Settings
from playground.tfp_link import is_link
from playground.window_sizes import WINDOW_SIZE, size_problem

FORMAT = "playground.lesson"
VERSION = 1
LOOKS = ("normal", "presentation")
# The presentation look is the window at 150 % zoom, with thicker lines, larger points and
# stronger contrast for projectors; a lesson's or shot's "zoom" (in percent) overrides it.
PRESENTATION_ZOOM = 1.5
ZOOM_PERCENT = (75, 200)
PARTS = ("window", "network", "output", "loss", "data", "controls", "inspector", "hidden", "gradients")
PANELS = ("inspector", "hidden", "gradients", "loss", "landscape")
# The controls a lesson can hide or lock, by TensorFlow Playground's names: the window's
# MainWindow.control_widgets() is their source, kept here so that a lesson file is checked
# without Qt (tests/test_headless_names.py compares the two).
CONTROLS = ("activation", "learningRate", "regularization", "regularizationRate", "optimizer", "problem", "speed",
            "batchSize", "noise", "percTrainData", "dataset", "regDataset", "showTestData", "discretize",
            "regenerate", "playButton", "stepButton", "resetButton", "numHiddenLayers", "epoch")
STEP_FIELDS = ("title", "text", "scenario", "start", "actions", "views", "stage", "zoom", "hide", "lock", "shots",
               "expect")
ACTIONS = ("train", "train_until", "set_weight", "set_bias", "set", "select_neuron", "inspect", "inspector_stage",
           "apply_sgd_step", "show", "sweep_weight")
MAX_TRAIN = 100_000


@dataclass(frozen=True)
class Shot:
    part: str
    file: str
    size: tuple[int, int] = WINDOW_SIZE
    scale: float = 1.0
    look: str | None = None
    zoom: float | None = None   # 1.5: 150 %; None: the look's


@dataclass(frozen=True)
class Step:
    title: str
    text: str
    scenario: Scenario | None
    actions: tuple = ()
    hide: tuple = ()
    lock: tuple = ()
    shots: tuple = ()
    expect: tuple = ()  # what the text relies on (lesson_expect.py)
    views: tuple | None = None  # the panels in view (None: as they are), the step before's if not given
    stage: str | None = None    # the panel that fills the window
    zoom: float | None = None   # the step's zoom (None: the lesson's), the step before's if not given


@dataclass(frozen=True)
class Lesson:
    title: str
    steps: tuple
    look: str = "normal"
    source: str = ""
    zoom: float | None = None   # None: the look's (150 % for presentation, else 100 %)

    def zoom_of(self, shot: Shot | None = None) -> float:
        """The zoom the lesson (or one of its shots) is shown at: a zoom given, else
        the look's; a shot's own look or zoom wins over the lesson's."""
        if shot is not None and shot.zoom is not None:
            return shot.zoom
        if shot is not None and shot.look is not None:
            return look_zoom(shot.look)
        return self.zoom if self.zoom is not None else look_zoom(self.look)

    def replay(self, index: int) -> tuple[Scenario, list[dict]]:
        """How to rebuild step ``index`` on its own: the nearest scenario at or before
        it, and every action from there up to and including this step's."""
        start = index
        while self.steps[start].scenario is None:
            start -= 1  # step 0 always has a scenario (checked on load)
        actions = [a for step in self.steps[start:index + 1] for a in step.actions]
        return self.steps[start].scenario, actions


def look_zoom(look: str) -> float:
    return PRESENTATION_ZOOM if look == "presentation" else 1.0


def _zoom(value, where: str, fail) -> float | None:
    """A zoom in percent (75 to 200), as a fraction; None if not given."""
    if value is None:
        return None
    low, high = ZOOM_PERCENT
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        fail(where, f"expected a percentage from {low} to {high}, got {value!r}")
    return value / 100


def load_lesson(path: str | os.PathLike) -> Lesson:
    return lesson_from_dict(read_json(path, "lesson"), str(path), Path(path).parent)


def is_lesson_file(path: str) -> bool:
    try:
        return read_json(path, "file").get("format") == FORMAT
    except InputError:
        return False


def lesson_from_dict(data: dict, source: str = "lesson", folder: Path = Path(".")) -> Lesson:
    def fail(where: str, message: str):
        raise InputError(f"{source}: {where}: {message}")

    if data.get("format") != FORMAT:
        fail("format", f"expected {FORMAT!r}, got {data.get('format')!r}")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        fail("version", f"expected a whole number ≥ 1, got {version!r}")
    if version > VERSION:
        fail("version", f"this lesson is version {version}, written for a newer Playground (this one reads {VERSION})")
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        fail("title", "expected the lesson's title")
    look = data.get("look", "normal")
    if look not in LOOKS:
        fail("look", f"expected one of {', '.join(LOOKS)}, got {look!r}")
    steps = data.get("steps")
    if not isinstance(steps, list) or not steps:
        fail("steps", "expected a non-empty list of steps")
    parsed, before = [], Settings()
    for i, step in enumerate(steps):
        parsed.append(_step(step, f"steps[{i}]", folder, fail, before))
        before = parsed[-1].scenario.settings if parsed[-1].scenario is not None else before
        if i and parsed[-1].views is None and parsed[-2].views is not None:  # views and zoom carry on
            parsed[-1] = dataclasses.replace(parsed[-1], views=parsed[-2].views)
        if i and parsed[-1].zoom is None and parsed[-2].zoom is not None:
            parsed[-1] = dataclasses.replace(parsed[-1], zoom=parsed[-2].zoom)
    parsed = [dataclasses.replace(step, shots=tuple(
        dataclasses.replace(s, zoom=step.zoom) if s.zoom is None and s.look is None else s for s in step.shots))
        if step.zoom is not None else step for step in parsed]  # a shot without its own look or zoom: the step's
    if parsed[0].scenario is None:
        fail("steps[0].scenario", "the first step needs a scenario (later ones may continue from the one before)")
    files = [shot.file for step in parsed for shot in step.shots]
    duplicates = sorted({f for f in files if files.count(f) > 1})
    if duplicates:
        fail("shots", f"two shots write {duplicates[0]!r}")
    return Lesson(title.strip(), tuple(parsed), look, source, _zoom(data.get("zoom"), "zoom", fail))


def _step(data, where: str, folder: Path, fail, before: Settings) -> Step:
    if not isinstance(data, dict):
        fail(where, "expected an object with title, text, scenario, actions and shots")
    unknown = sorted(set(data) - set(STEP_FIELDS))
    if unknown:
        fail(f"{where}.{unknown[0]}", f"unknown field; expected {', '.join(STEP_FIELDS)}")
    title, text = data.get("title", ""), data.get("text", "")
    if not isinstance(title, str) or not isinstance(text, str):
        fail(where, "title and text: expected text")
    if "scenario" in data and "start" in data:
        fail(f"{where}.start", "a step has a scenario or a start, not both")
    scenario = _scenario(data["scenario"], f"{where}.scenario", folder, fail) if "scenario" in data else \
        start_scenario(data["start"], f"{where}.start", before, fail) if "start" in data else None
    actions = data.get("actions", [])
    if not isinstance(actions, list):
        fail(f"{where}.actions", "expected a list of actions")
    checked = tuple(_action(a, f"{where}.actions[{i}]", fail) for i, a in enumerate(actions))
    hide, lock = (_names(data.get(key, []), f"{where}.{key}", fail) for key in ("hide", "lock"))
    shots = data.get("shots", [])
    if not isinstance(shots, list):
        fail(f"{where}.shots", "expected a list of shots")
    expect = data.get("expect", [])
    if not isinstance(expect, list):
        fail(f"{where}.expect", "expected a list of declarations")
    return Step(title, text, scenario, checked, hide, lock,
                tuple(_shot(s, f"{where}.shots[{i}]", fail) for i, s in enumerate(shots)),
                tuple(check_expectation(e, f"{where}.expect[{i}]", fail, PANELS + ("output", "network"))
                      for i, e in enumerate(expect)), *step_views(data, where, fail, _zoom))


def read_scenario(value, where: str, folder: Path) -> Scenario:
    """A step's ``scenario`` as written (an object or a file name beside the lesson)."""
    def fail(place: str, message: str):
        raise InputError(f"{place}: {message}")
    return _scenario(value, where, folder, fail)


def _scenario(value, where: str, folder: Path, fail) -> Scenario:
    try:
        if isinstance(value, str):
            path = folder / value
            # a lesson reads scenarios beside it, never elsewhere on the disk (its errors would echo them)
            if Path(value).is_absolute() or ".." in Path(value).parts or is_link(value):
                fail(where, f"expected a file name beside the lesson (no folders above it), got {value!r}")
            if not path.is_file():
                fail(where, f"no scenario file {value!r} (looked in {folder})")
            return load_scenario(path)
        if isinstance(value, dict):
            if "format" in value:
                return scenario_from_dict(value, where)
            return Scenario(Settings.from_dict(value.get("settings", {}), f"{where}.settings"),
                            title=value.get("title", ""))
    except InputError as e:
        fail(where, str(e))
    fail(where, "expected a scenario object, {\"settings\": ...}, or a file name")


MAX_POSITION = 1_000  # a layer, row, column or unit: far past any network a lesson draws
MAX_WEIGHT = 1e6      # a weight or bias a lesson sets


def _check_numbers(args: dict, ranges: dict, where: str, fail) -> None:
    """Each of ``ranges``' keys present in ``args`` is a number in its (low, high);
    whole where both ends are whole."""
    for key, (low, high) in ranges.items():
        if key not in args:
            continue
        value, whole = args[key], isinstance(low, int) and isinstance(high, int)
        kind = (int,) if whole else (int, float)
        if isinstance(value, bool) or not isinstance(value, kind) or not low <= value <= high:
            fail(f"{where}.{key}", f"expected {'a whole number' if whole else 'a number'} from {low:,} to "
                                   f"{high:,}, got {value!r}")


def _action(value, where: str, fail) -> dict:
    if not isinstance(value, dict) or len(value) != 1:
        fail(where, f"expected one action such as {{\"train\": 100}}; actions: {', '.join(ACTIONS)}")
    (name, args), = value.items()
    if name not in ACTIONS:
        fail(where, f"unknown action {name!r}; expected one of {', '.join(ACTIONS)}")
    def number(v):
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    if name == "train" and not (isinstance(args, int) and 0 <= args <= MAX_TRAIN):
        fail(f"{where}.train", f"expected a number of epochs from 0 to {MAX_TRAIN:,}, got {args!r}")
    if name == "train_until" and not (isinstance(args, dict) and number(args.get("loss"))
                                      and isinstance(args.get("max_epochs", 1000), int)):
        fail(f"{where}.train_until", "expected {\"loss\": number, \"max_epochs\": whole number}")
    if name == "train_until":
        _check_numbers(args, {"loss": (0, 1e6), "max_epochs": (1, MAX_TRAIN)}, f"{where}.train_until", fail)
    required = {"set_weight": ("layer", "row", "column", "value"), "set_bias": ("layer", "row", "value"),
                "select_neuron": ("layer", "unit"), "set": ("key", "value"),
                "sweep_weight": ("layer", "row", "column")}.get(name)
    if required:
        if not isinstance(args, dict) or any(k not in args for k in required):
            fail(f"{where}.{name}", f"expected an object with {', '.join(required)}")
        # positions are whole numbers from 0 (a negative one would reach another weight
        # from the end); values are weights a file may hold
        _check_numbers(args, {**{k: (0, MAX_POSITION) for k in ("layer", "row", "column", "unit")},
                              **({"value": (-MAX_WEIGHT, MAX_WEIGHT)} if name != "set" else {})},
                       f"{where}.{name}", fail)
    if name == "inspect" and not (isinstance(args, dict) and ("sample" in args or "input" in args)):
        fail(f"{where}.inspect", "expected {\"sample\": N} or {\"input\": [...], \"target\": [...]}")
    if name == "inspector_stage" and not (args == "all" or isinstance(args, int) and args >= 0):
        fail(f"{where}.inspector_stage", f"expected a stage number ≥ 0 or \"all\", got {args!r}")
    if name == "show" and args not in PANELS:
        fail(f"{where}.show", f"expected one of {', '.join(PANELS)}, got {args!r}")
    return {name: args}


def _names(value, where: str, fail) -> tuple:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        fail(where, "expected a list of control names")
    for name in value:
        if name not in CONTROLS:
            fail(where, f"unknown control {name!r}; expected any of {', '.join(CONTROLS)}")
    return tuple(value)


def _shot(value, where: str, fail) -> Shot:
    if not isinstance(value, dict):
        fail(where, "expected an object with part and file")
    part, name = value.get("part", "window"), value.get("file")
    if part not in PARTS:
        fail(f"{where}.part", f"expected one of {', '.join(PARTS)}, got {part!r}")
    if not isinstance(name, str) or not re.fullmatch(r"[\w.-]+\.png", name):
        fail(f"{where}.file", f"expected a file name ending in .png (no folders), got {name!r}")
    size = value.get("size", list(WINDOW_SIZE))
    if not isinstance(size, list) or len(size) != 2 or not all(isinstance(v, int) and not isinstance(v, bool)
                                                                for v in size):
        fail(f"{where}.size", f"expected [width, height] in pixels, got {size!r}")
    if size_problem(*size):
        fail(f"{where}.size", size_problem(*size))
    scale = value.get("scale", 1)
    if isinstance(scale, bool) or not isinstance(scale, (int, float)) or not 0.5 <= scale <= 4:
        fail(f"{where}.scale", f"expected a number from 0.5 to 4, got {scale!r}")
    look = value.get("look")
    if look is not None and look not in LOOKS:
        fail(f"{where}.look", f"expected one of {', '.join(LOOKS)}, got {look!r}")
    return Shot(part, name, (size[0], size[1]), float(scale), look, _zoom(value.get("zoom"), f"{where}.zoom", fail))


def markup(text: str, bold: str = "b", italics: str = "i") -> str:
    """The step text as simple HTML: everything escaped first, then **bold** and
    *italics* (as <b> and <i>, or the tags given: slides write <strong> and <em>),
    and a blank line between paragraphs."""
    escaped = html.escape(text)
    escaped = re.sub(r"\*\*(.+?)\*\*", rf"<{bold}>\1</{bold}>", escaped)
    escaped = re.sub(r"(?<!\*)\*(?!\s)(.+?)(?<!\s)\*", rf"<{italics}>\1</{italics}>", escaped)
    paragraphs = [p.strip().replace("\n", " ") for p in escaped.split("\n\n") if p.strip()]
    return "".join(f"<p>{p}</p>" for p in paragraphs)
