"""Where the main window's panels go: the lesson and the data on the left; the
output plot and the loss on the right, each with the panels that share its place
as tabs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QVBoxLayout, QWidget

LEFT, RIGHT = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
WINDOW_SIZE = (1400, 900)


def stacked(*widgets) -> QWidget:
    """The widgets one under the other, the first taking the room (the loss curve
    with the time travel slider under it)."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    for i, widget in enumerate(widgets):
        layout.addWidget(widget, 1 if i == 0 else 0)
    return box


def add_docks(window, panels) -> dict[str, QDockWidget]:
    """A dock per (title, widget, area), arranged; keyed by the title's first word,
    lower case ("hidden" for "Hidden layer")."""
    docks = {}
    for title, widget, area in panels:
        dock = QDockWidget(title, window)
        dock.setObjectName(f"dock-{title.lower().replace(' ', '-')}")
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        window.addDockWidget(area, dock)
        docks[title.split()[0].lower()] = dock
    _arrange(window, docks)
    return docks


def _arrange(window, docks: dict[str, QDockWidget]) -> None:
    # the teaching views share the loss panel's place, as tabs
    for name in ("inspector", "hidden", "gradients"):
        window.tabifyDockWidget(docks["loss"], docks[name])
    # the weight-space views need room: they share the output plot's place, the
    # loss curve and its time travel slider stay in view below them
    for name in ("landscape", "race"):
        window.tabifyDockWidget(docks["output"], docks[name])
    docks["loss"].raise_()
    docks["output"].raise_()
    # stacked before they were tabbed, the docks grew the window past its size: back to it
    window.layout().activate()
    window.resize(*WINDOW_SIZE)
    docks["lesson"].hide()  # above the data panel while a lesson runs
    window.resizeDocks([docks["data"]], [220], Qt.Orientation.Horizontal)
    window.resizeDocks([docks["output"]], [460], Qt.Orientation.Horizontal)
    window.resizeDocks([docks["output"], docks["loss"]], [520, 260], Qt.Orientation.Vertical)
