"""A panel can take the stage: enlarged to fill the window (every other panel and
the network put away, the run bar kept for Play) and put back as it was, so a
teacher can project one view large. Each dock's title bar carries an enlarge
button beside Qt's float and close buttons; View ▸ Enlarge names every panel;
Esc puts the panels back (before it leaves full screen).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QDockWidget, QHBoxLayout, QLabel, QStyle, QToolButton, QWidget

from playground.ui.window_docks import hide_stale_tab_bars

STAGE_STATE_VERSION = 2  # saveState's version for the layout kept while a panel has the stage


class DockTitle(QWidget):
    """A dock's title bar: its name, then enlarge, float and close. Presses on the
    bare bar are left to the dock (drag to move it, double-click to float it)."""

    def __init__(self, dock: QDockWidget, on_enlarge):
        super().__init__(dock)
        self.setObjectName("dock-title")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 2, 0)
        layout.setSpacing(0)
        self.label = QLabel(dock.windowTitle())
        self.label.setObjectName("dock-title-label")
        layout.addWidget(self.label, 1)
        style = self.style()
        self.enlarge = self._button(style.standardIcon(QStyle.StandardPixmap.SP_TitleBarMaxButton),
                                    f"Enlarge {dock.windowTitle()} to fill the window (Esc puts it back)", on_enlarge)
        self.float_button = self._button(style.standardIcon(QStyle.StandardPixmap.SP_TitleBarNormalButton),
                                         "Float this panel in a window of its own (double-click the title too)",
                                         lambda: dock.setFloating(not dock.isFloating()))
        self.close_button = self._button(style.standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton),
                                         "Close this panel (the View menu brings it back)", dock.close)
        for button in (self.enlarge, self.float_button, self.close_button):
            layout.addWidget(button)

    def _button(self, icon, tooltip: str, slot) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(icon)
        button.setAutoRaise(True)
        button.setIconSize(QSize(12, 12))
        button.setToolTip(tooltip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space stays Play
        button.clicked.connect(lambda _checked=False: slot())
        return button


class Stage:
    """Which panel has the stage, and the layout to put back."""

    def __init__(self, window):
        self.window = window
        self.panel: str | None = None  # "network" or a dock's name, while enlarged
        self._state = None

    def enlarge(self, name: str) -> None:
        """Only this panel ("network" or a dock's name), filling the window."""
        window = self.window
        if self.panel is None:
            self._state = window.saveState(STAGE_STATE_VERSION)
        elif self.panel != name:
            self.restore()
            self._state = window.saveState(STAGE_STATE_VERSION)
        self.panel = name
        for key, dock in window.docks.items():
            if key != name:
                dock.hide()
        central = window.centralWidget()
        central.setVisible(name == "network")
        if name != "network":
            dock = window.docks[name]
            dock.setFloating(False)
            dock.show()
            dock.raise_()
        window.update_escape()
        window.show_hint(f"{self.title(name)} has the stage. Esc puts the panels back.")

    def restore(self) -> None:
        """Every panel back where it was before."""
        window = self.window
        if self.panel is None:
            return
        self.panel = None
        window.centralWidget().show()
        window.restoreState(self._state, STAGE_STATE_VERSION)
        hide_stale_tab_bars(window)
        window.update_escape()

    def title(self, name: str) -> str:
        return "The network" if name == "network" else self.window.docks[name].windowTitle()


def add_title_bars(window) -> None:
    """Every dock's title bar with its enlarge button."""
    for name, dock in window.docks.items():
        dock.setTitleBarWidget(DockTitle(dock, lambda n=name: window.stage.enlarge(n)))
