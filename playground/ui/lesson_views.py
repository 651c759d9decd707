"""What a lesson step shows, besides the session: the panels in view, the one on
the stage, the zoom (lesson.py's ``views``, ``stage`` and ``zoom``), set up by the
lesson controller and read back by the lesson editor; and the controls a step
may hide or lock, named as the window shows them."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QLabel

from playground.lesson import CONTROLS
from playground.lesson_start import VIEWS

# controls without a caption or text of their own on screen
OWN_LABELS = {"dataset": "Data set (the tiles)", "numHiddenLayers": "The network's shape (+ and −, ⊕ neuron)",
              "resetButton": "Reset buttons", "epoch": "Epoch counter"}
ALIASES = {"regDataset": "dataset"}  # TensorFlow Playground's second name for the same tiles


def shown_views(window) -> list[str]:
    """The panels in view now (in front of their tabs, docked or floating), in the window's
    order; those under a panel that has the stage count as they will be when it leaves it."""
    staged = window.stage.panel
    if staged is not None:
        window.stage.restore()
    views = [name for name, dock in window.docks.items() if name in VIEWS and in_view(dock)]
    if staged is not None:
        window.stage.enlarge(staged)
    return views


def show_views(window, views) -> None:
    """These panels in view, in front of their tabs; every other one closed, unless it is
    a tab behind one of them. None: the panels as they are."""
    if views is None:
        return
    docks = window.docks
    for name in views:
        docks[name].show()
        docks[name].raise_()
    for name, dock in docks.items():
        if name in VIEWS and name not in views and in_view(dock):
            dock.close()  # in view, in front of no panel of the step's


def in_view(dock) -> bool:
    """Shown and in front: a tab behind another is open (isVisible) but moved out of sight."""
    return dock.isVisible() and not dock.visibleRegion().isEmpty()


def control_labels(window) -> dict[str, str]:
    """Each control a lesson may hide or lock (lesson.CONTROLS), by the words the window
    shows on it or over it ("Learning rate", "Show test data", "Play or pause");
    aliases left out."""
    widgets = window.control_widgets()
    labels = {}
    for name in CONTROLS:
        if name in ALIASES:
            continue
        labels[name] = OWN_LABELS.get(name) or _label(widgets[name][0]) or name
    return labels


def _label(widget) -> str:
    caption = widget.findChild(QLabel, "caption")
    if caption is not None:  # a box captioned in capitals ("NOISE: 25"): its name, as a sentence
        return caption.text().split(":")[0].strip().capitalize()
    if isinstance(widget, QAbstractButton) and widget.text():
        return widget.text()
    return widget.accessibleName()
