"""The window's size and dock layout: it opens to fit the screen it is on, comes
back as it was left (size, place, docks and zoom; kept in the app's settings
file), and View ▸ Reset Layout brings the default arrangement back.

Only the live window remembers: screenshots (``playground shot``) get no settings
file, so nothing they draw depends on how someone left their window.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSettings, QSize

from playground.ui.window_docks import fit_docks, hide_stale_tab_bars
from playground.window_sizes import MINIMUM_SIZE, WINDOW_SIZE

# saveState's version: a layout saved by a build with other docks is not restored
LAYOUT_VERSION = 1
# room a window manager's title bar and borders take around the window
FRAME_ALLOWANCE = (16, 40)


def opening_size(available: QRect) -> QSize:
    """The default size where it fits the screen's free area, else the free area
    (never below the window's minimum)."""
    width = min(WINDOW_SIZE[0], available.width() - FRAME_ALLOWANCE[0])
    height = min(WINDOW_SIZE[1], available.height() - FRAME_ALLOWANCE[1])
    return QSize(max(width, MINIMUM_SIZE[0]), max(height, MINIMUM_SIZE[1]))


class WindowLayout:
    """Fits, restores, remembers and resets the window's geometry and docks."""

    def __init__(self, window, settings: QSettings | None):
        self.window, self.settings = window, settings
        self.default_state = window.saveState(LAYOUT_VERSION)  # as window_docks arranged it

    def restore(self) -> None:
        """The layout left last time, if there is one; else the default, fitted to the screen."""
        window, settings = self.window, self.settings
        if settings is not None:
            try:
                zoom = float(settings.value("view/zoom", 1.0))
            except (TypeError, ValueError):
                zoom = 1.0  # a hand-edited settings file: 100 %
            if zoom != 1.0:
                window.set_zoom(zoom)
            geometry, state = settings.value("window/geometry"), settings.value("window/state")
            if isinstance(geometry, QByteArray) and isinstance(state, QByteArray) \
                    and window.restoreGeometry(geometry) and window.restoreState(state, LAYOUT_VERSION):
                hide_stale_tab_bars(window)
                return
        self.fit_to_screen()

    def fit_to_screen(self) -> None:
        window = self.window
        available = window.screen().availableGeometry()
        size = opening_size(available)
        window.resize(size)
        fit_docks(window, window.docks, size.width())
        left = available.left() + max(0, (available.width() - size.width()) // 2)
        top = available.top() + max(0, (available.height() - size.height() - FRAME_ALLOWANCE[1]) // 2)
        window.move(left, top)

    def remember(self) -> None:
        if self.settings is None:
            return
        lessons = self.window.lessons  # a lesson's zoom is the lesson's: the user's own is kept
        zoom = lessons.zoom_before if lessons.lesson is not None else self.window.zoom
        self.settings.setValue("view/zoom", zoom)  # kept by Reset Layout: it is not the layout
        if not self.window.isFullScreen():
            self.settings.setValue("window/geometry", self.window.saveGeometry())
            self.settings.setValue("window/state", self.window.saveState(LAYOUT_VERSION))

    def reset(self) -> None:
        """The docks where they first were, the window at its opening size, and
        nothing remembered until the window closes again."""
        window = self.window
        if window.isFullScreen():
            window.showNormal()
        window.restoreState(self.default_state, LAYOUT_VERSION)
        self.fit_to_screen()
        hide_stale_tab_bars(window)
        if self.settings is not None:
            self.settings.remove("window")
