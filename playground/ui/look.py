"""One look on every machine: the bundled DejaVu Sans, drawn with fixed hinting and
antialiasing, Qt's Fusion style and a fixed light palette. Whatever fonts, theme
or desktop a machine has, the window looks as the lessons' pictures do, and a
shot gives the same pixels (on Linux; elsewhere within the golden images'
tolerance, untested here).
"""

from __future__ import annotations

import os

from PySide6.QtGui import QFont, QFontDatabase, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from playground.bundled import FONT_FAMILY, font_files, package_file

# The type size every zoom scales (View ▸ Zoom): 12 px, Qt's 9 pt on Linux at 96 dpi; given
# in points for the style sheets, so 9 pt there and 12 pt where type is set at 72 dpi (macOS),
# the same size on screen.
FONT_PIXELS = 12


def fix_look(app: QApplication) -> None:
    """Fonts, style, palette and the icon, set once on the application before its first window."""
    if app.property("playground_look"):
        return
    app.setProperty("playground_look", True)
    for path in font_files():
        if QFontDatabase.addApplicationFont(os.fspath(path)) < 0:
            raise RuntimeError(f"{path}: Qt could not load this font")
    font = QFont(FONT_FAMILY)
    font.setPointSizeF(FONT_PIXELS * 72 / app.primaryScreen().logicalDotsPerInch())
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)  # the same outlines at every size
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    app.setFont(font)
    app.setStyle(QStyleFactory.create("Fusion"))
    app.setPalette(_light_palette(app))
    app.setWindowIcon(QIcon(os.fspath(package_file("icons", "playground.svg"))))  # the window's and taskbar's
    app.setDesktopFileName("playground")  # Wayland and taskbars match the window to playground.desktop


def _light_palette(app: QApplication) -> QPalette:
    """Fusion's own light palette, never the desktop's (a dark theme would turn the
    panels dark around plots drawn for white)."""
    return app.style().standardPalette()
