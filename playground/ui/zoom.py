"""One zoom for the whole window (View ▸ Zoom In / Zoom Out / Actual Size): every
widget's type, the run bar's buttons, the plots' tick numbers, axis labels and
titles, the output plot's points and curves, and the network view (neurons,
links and text together) scale from 75 % to 200 %, so a teacher can make the
window readable from the back row without rearranging it.

The window's style sheet is written here, with its type sizes at the zoom.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from playground.ui.window_docks import fit_width

ZOOMS = (0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0)
TITLE_PT = 9  # the small grey titles over the teaching panels' plots

# Every widget's type is set here, at the zoom: under a style sheet, Qt does not pass a
# font set on the window down to the widgets in it.
STYLE = """
QWidget {{ font-size: {base}pt; }}
QMainWindow, QDockWidget, QWidget#central {{ background: #ffffff; }}
QPushButton#play {{ border-radius: {play_radius}px; background: #183d4e; color: white; font-size: {play}pt; }}
QPushButton#play:hover {{ background: #24596f; }}
QLabel#epoch {{ font-size: {epoch}pt; color: #333; }}
QLabel#caption {{ color: #777; font-size: {caption}pt; }}
QLabel#lesson-title {{ font-weight: bold; font-size: {lesson_title}pt; color: #183d4e; }}
QLabel#banner {{ background: #fff3e0; color: #8a4b00; padding: 6px; border: 1px solid #f59322; }}
QWidget#dock-title {{ background: #f4f4f4; }}
QLabel#dock-title-label {{ font-weight: bold; color: #555; }}
"""
# the panels' type grows for projectors; the run bar keeps its size, so the window
# still fits a 1024-wide screen
PRESENTATION_STYLE = """
QDockWidget QTextBrowser, QDockWidget QLabel, QDockWidget QCheckBox,
QDockWidget QTableWidget {{ font-size: {panel}pt; }}
"""


def base_point_size() -> float:
    """The platform's type size: 100 %."""
    return QApplication.font().pointSizeF()


def window_style(zoom: float, presentation: bool) -> str:
    # the play button is round: half its side exactly (RunBar.set_zoom sizes it, round(52 * zoom));
    # a radius past half the side and Qt draws it square
    def pt(size: float) -> str:
        return f"{size * zoom:.2f}"
    style = STYLE.format(base=pt(base_point_size()), play_radius=round(52 * zoom) // 2, play=pt(20), epoch=pt(18),
                         caption=pt(9), lesson_title=pt(12))
    return style + (PRESENTATION_STYLE.format(panel=pt(12)) if presentation else "")


def next_zoom(zoom: float, step: int) -> float:
    """The zoom one step in (+1) or out (-1) of ``zoom``, within ZOOMS."""
    if step > 0:
        return next((z for z in ZOOMS if z > zoom + 1e-9), ZOOMS[-1])
    return next((z for z in reversed(ZOOMS) if z < zoom - 1e-9), ZOOMS[0])


def zoom_plot(plot: pg.PlotWidget, zoom: float) -> None:
    """A plot's tick numbers, axis labels and title at the zoom."""
    item = plot.getPlotItem()
    size = base_point_size() * zoom
    font = QFont(plot.font())
    font.setPointSizeF(size)
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        axis.setTickFont(font)
        axis.labelStyle = {**axis.labelStyle, "font-size": f"{size:.2f}pt"}
        axis._updateLabel()  # pyqtgraph's own re-layout after a label change
    title = item.titleLabel
    if title.text:
        title.setText(title.text, **{**title.opts, "size": f"{TITLE_PT * zoom:.2f}pt"})


def apply_zoom(window, zoom: float) -> None:
    """Scale everything in ``window`` to ``zoom`` (1.0: 100 %)."""
    font = QFont(window.font())
    font.setPointSizeF(base_point_size() * zoom)
    window.setFont(font)
    window.setStyleSheet(window_style(zoom, window.presentation))
    window.run_bar.set_zoom(zoom)
    window.data_panel.set_zoom(zoom)
    fit_width(window.docks["data"].widget())  # the data column as wide as its panel now needs
    for plot in window.findChildren(pg.PlotWidget):
        zoom_plot(plot, zoom)
    window.output_plot.set_zoom(zoom)
    window.loss_panel.set_zoom(zoom)
    window.editor.set_zoom(zoom)
