"""Every step of every bundled lesson, opened in the window (the Lessons menu, then
the lesson panel's Next button; never Play), shows what its text relies on: the
step's ``expect`` declarations (playground/lesson_expect.py), each checked here
against what the window shows."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from ui_support import OFFSCREEN_NOISE, WAIT_MS, make_window, shown_epoch  # noqa: F401  (a fixture)

from playground.bundled import bundled_lessons
from playground.lesson import load_lesson

pytestmark = OFFSCREEN_NOISE
LESSONS = bundled_lessons()


def _shown_number(window, name: str) -> float | None:
    """A number above the loss curve, as shown ("Test accuracy 98.0%" is 0.98)."""
    text = window.loss_panel.numbers.text().replace("&nbsp;", " ")
    found = re.search(rf"{name}</b> ([-0-9.e+]+)(%?)", text)
    if not found:
        return None
    return float(found.group(1)) / (100 if found.group(2) else 1)


def _in_view(window, panel: str) -> bool:
    if panel == "network":
        return window.editor.isVisible()
    dock = window.docks[panel]
    return dock.isVisible() and window.rect().contains(dock.geometry())  # tabbed behind: moved off the window


def _drawn(curve) -> bool:
    return curve.isVisible() and curve.xData is not None and len(curve.xData) > 0


def seen(window, declaration: dict):
    """What the window shows for this declaration: compared with it by ``holds``."""
    (name, args), = declaration.items()
    net = window.snapshot.network
    if name == "epoch":
        return shown_epoch(window)
    if name == "front":
        return [panel for panel in args if _in_view(window, panel)]
    if name == "gradient_curves":
        curves = [c for c in window.gradients_panel.curves if _drawn(c)] if _in_view(window, "gradients") else []
        return {"layers": len(curves), "from_epoch": int(min(c.xData[0] for c in curves)) if curves else None}
    if name == "contributions":
        return sum(_drawn(c) for c in window.output_plot.contribution_curves)
    if name == "inspector_rows":
        return [window.inspector.units.rowCount(), window.inspector.weights.rowCount()]
    if name == "inspector_stage":
        inspector = window.inspector
        return "all" if inspector.trace is not None and inspector.stage == inspector.last_stage else inspector.stage
    if name == "confusion":
        return window.loss_panel.confusion.rowCount() if window.loss_panel.confusion_box.isVisible() else 0
    if name == "sweep":
        return _in_view(window, "landscape") and _drawn(window.landscape_panel.sweep_curve)
    if name in ("train_loss", "test_loss", "test_accuracy"):
        return _shown_number(window, {"train_loss": "Training loss", "test_loss": "Test loss",
                                      "test_accuracy": "Test accuracy"}[name])
    if name == "weight":
        return float(net.W(args["layer"])[args["row"], args["column"]])
    if name == "bias":
        return float(net.b(args["layer"])[args["row"]])
    raise AssertionError(f"no check for {name!r}")


def holds(window, declaration: dict) -> bool:
    (name, args), = declaration.items()
    value = seen(window, declaration)
    if name in ("train_loss", "test_loss", "test_accuracy"):
        (bound, limit), = args.items()
        return value is not None and {"below": value < limit, "above": value > limit,
                                      "at_least": value >= limit}[bound]
    if name in ("weight", "bias"):
        return abs(value - args["value"]) <= 5e-8
    if name == "front":
        return value == args
    return value == args


def _open_from_the_menu(window, title: str) -> None:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Lessons")
    next(a for a in menu.actions() if a.text() == title).trigger()


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_every_step_shows_what_its_text_relies_on_without_play(make_window, qtbot, path):
    lesson = load_lesson(path)
    assert all(step.expect for step in lesson.steps), "every step declares what its text relies on"
    window = make_window()
    window.resize(1400, 900)
    _open_from_the_menu(window, lesson.title)
    last = len(lesson.steps) - 1
    # forward with Next, then back with Previous: a step shows the same whichever way the class came
    walk = list(range(last + 1)) + list(range(last - 1, -1, -1))
    for before, index in zip([None] + walk, walk):
        if before is not None:
            button = window.lesson_panel.next if index > before else window.lesson_panel.previous
            QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        assert window.lessons.index == index
        step = lesson.steps[index]
        try:
            qtbot.waitUntil(lambda: window.snapshot is not None
                            and all(holds(window, d) for d in step.expect), timeout=WAIT_MS)
        except qtbot.TimeoutError:
            failing = {list(d)[0]: (list(d.values())[0], seen(window, d)) for d in step.expect if not holds(window, d)}
            pytest.fail(f"{path.name} step {index + 1} ({step.title}): declared vs shown {failing}")
        assert not window.worker.playing, "nothing was played"
