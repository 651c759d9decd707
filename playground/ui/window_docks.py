"""Where the main window's panels go: the lesson and the data on the left; the
output plot and the loss on the right, each with the panels that share its place
as tabs."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QFrame, QScrollArea, QTabBar, QVBoxLayout, QWidget

from playground.window_sizes import WINDOW_SIZE

LEFT, RIGHT = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea


def scrolling(widget: QWidget, sideways: bool = True) -> QScrollArea:
    """The widget in a frameless scroll area: at its full size when there is room,
    scrolled (never squeezed or clipped) when the window is small; only up and
    down unless ``sideways``."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setObjectName(f"scroll-{type(widget).__name__}")
    if not sideways:
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        fit_width(area)
    return area


def fit_width(area: QScrollArea) -> None:
    """An up-and-down scroll area as wide as its widget needs, with room for the
    scroll bar (again after the zoom changed the widget's type)."""
    widget = area.widget()
    widget.adjustSize()
    bar = area.style().pixelMetric(area.style().PixelMetric.PM_ScrollBarExtent)
    area.setMinimumWidth(widget.minimumSizeHint().width() + bar)


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


# the panels that share another's place, as tabs: the teaching views the loss
# panel's; the weight-space views, which need room, the output plot's (the loss
# curve and its time travel slider stay in view below them)
TABBED_WITH = {"inspector": "loss", "hidden": "loss", "gradients": "loss", "landscape": "output", "race": "output"}


def add_docks(window, panels) -> dict[str, QDockWidget]:
    """A dock per (title, widget, area), arranged; keyed by the title's first word,
    lower case ("hidden" for "Hidden layer")."""
    docks = {}
    for title, widget, area in panels:
        key = title.split()[0].lower()
        dock = QDockWidget(title, window)
        dock.setObjectName(f"dock-{title.lower().replace(' ', '-')}")
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        if key in TABBED_WITH:
            window.tabifyDockWidget(docks[TABBED_WITH[key]], dock)
        else:
            window.addDockWidget(area, dock)
        docks[key] = dock
    _arrange(window, docks)
    hide_stale_tab_bars(window)
    return docks


def hide_stale_tab_bars(window) -> None:
    """Qt (6.8-6.11) leaves out-of-date tab bars behind when docks are tabified or
    a layout is restored, still shown under the docks, where they peek out at
    small sizes. A live bar sits right under the dock of its current tab (tabs
    are below their docks); the others are hidden."""
    window.layout().activate()
    docks = {dock.windowTitle(): dock for dock in window.findChildren(QDockWidget)}
    for bar in window.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
        dock = docks.get(bar.tabText(bar.currentIndex()))
        live = dock is not None and not dock.isHidden() and \
            abs(bar.x() - dock.x()) + abs(bar.y() - dock.geometry().bottom() - 1) <= 2
        if not live:
            bar.hide()


def _arrange(window, docks: dict[str, QDockWidget]) -> None:
    docks["loss"].raise_()
    docks["output"].raise_()
    # adding the docks grew the window past its size: back to it
    window.layout().activate()
    window.resize(*WINDOW_SIZE)
    docks["lesson"].hide()  # above the data panel while a lesson runs
    fit_docks(window, docks, WINDOW_SIZE[0])
    window.resizeDocks([docks["output"], docks["loss"]], [520, 260], Qt.Orientation.Vertical)


def fit_docks(window, docks: dict[str, QDockWidget], width: int) -> None:
    """The panels' widths for a window this wide: the data column as it needs, the
    plots a third of the width, the network the rest."""
    window.resizeDocks([docks["data"], docks["output"]], [226, max(300, width // 3)], Qt.Orientation.Horizontal)


class RoomForInspector:
    """The inspector shares the loss curve's place, which is short at 1400x900: while
    it is in front, the plots' column gives it the height its tables need (the
    lecture's 2-2-1 network whole, without scrolling), and takes it back after."""

    def __init__(self, window, docks: dict[str, QDockWidget], inspector: QWidget):
        self.window, self.docks, self.inspector = window, docks, inspector
        self._heights = None  # the output's and the loss place's heights before
        docks["inspector"].visibilityChanged.connect(self._on_visibility)

    def _docked_below_output(self) -> bool:
        docks = self.docks
        return not (docks["inspector"].isFloating() or docks["output"].isFloating()) and docks["output"].isVisible() \
            and self.window.dockWidgetArea(docks["inspector"]) == self.window.dockWidgetArea(docks["output"])

    def _on_visibility(self, visible: bool) -> None:
        window, docks = self.window, self.docks
        if not shiboken6.isValid(window) or window.stage.panel is not None or not self._docked_below_output():
            return  # (a window being deleted hides its docks too)
        inspector, output = docks["inspector"], docks["output"]
        if visible:
            # as tall as its contents at this width (the wrapped status line, every table row),
            # plus the dock's title bar and frame
            content = max(self.inspector.sizeHint().height(), self.inspector.heightForWidth(output.width() - 16))
            title = inspector.titleBarWidget().sizeHint().height() if inspector.titleBarWidget() else 24
            needed = content + title + 12
            total = output.height() + inspector.height()
            if inspector.height() < needed and total - needed >= output.minimumSizeHint().height():
                self._heights = (output.height(), inspector.height())
                window.resizeDocks([output, inspector], [total - needed, needed], Qt.Orientation.Vertical)
        elif self._heights is not None:
            heights, self._heights = self._heights, None
            window.resizeDocks([output, docks["loss"]], list(heights), Qt.Orientation.Vertical)
