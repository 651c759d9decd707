"""One zoom for the whole window (View ▸ Zoom In / Zoom Out / Actual Size): every
widget's type, the run bar's buttons, the plots' tick numbers, axis labels and
titles, the output plot's points and curves, the teaching panels' lines, and the
network view (neurons, links and text together) scale from 75 % to 200 %, so a
teacher can make the window readable from the back row without rearranging it.
The presentation look (View ▸ Presentation, or a lesson's) is this zoom at 150 %,
with thicker lines, larger points and stronger contrast for projectors.

The window's style sheet is written here, with its type sizes at the zoom.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
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
#epoch {{ font-size: {epoch}pt; color: #333; }}
#caption {{ color: #777; font-size: {caption}pt; }}
QLabel#lesson-title {{ font-weight: bold; font-size: {lesson_title}pt; color: #183d4e; }}
QLabel#banner {{ background: #fff3e0; color: #8a4b00; padding: 6px; border: 1px solid #f59322; }}
QWidget#dock-title {{ background: #f4f4f4; }}
QLabel#dock-title-label {{ font-weight: bold; color: #555; }}
"""


def base_point_size() -> float:
    """The platform's type size: 100 %."""
    return QApplication.font().pointSizeF()


def window_style(zoom: float) -> str:
    # the play button is round: half its side exactly (RunBar.set_zoom sizes it, round(52 * zoom));
    # a radius past half the side and Qt draws it square
    def pt(size: float) -> str:
        return f"{size * zoom:.2f}"
    return STYLE.format(base=pt(base_point_size()), play_radius=round(52 * zoom) // 2, play=pt(20), epoch=pt(18),
                        caption=pt(9), lesson_title=pt(12))


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
    window.setStyleSheet(window_style(zoom))
    window.run_bar.set_zoom(zoom)
    window.data_panel.set_zoom(zoom)
    fit_width(window.docks["data"].widget())  # the data column as wide as its panel now needs
    for plot in window.findChildren(pg.PlotWidget):
        zoom_plot(plot, zoom)
    window.output_plot.set_zoom(zoom)
    window.loss_panel.set_zoom(zoom)
    for panel in (window.hidden_panel, window.gradients_panel, window.landscape_panel, window.race_panel):
        panel.set_zoom(zoom)  # their lines and markers
    window.editor.set_zoom(zoom)


def fits_screen(window, room=None) -> bool:
    """Whether the window, laid out at its zoom, still fits the screen it is on (or ``room``)."""
    window.layout().activate()
    needed, room = window.minimumSizeHint(), room or window.screen().availableGeometry().size()
    return needed.width() <= room.width() and needed.height() <= room.height()


def fitting_zoom(window, zooms, room=None) -> float:
    """Set the first of ``zooms`` at which the window fits ``room`` (its screen if not
    given), else the last of them. Qt grows a window to a larger zoom's least size at
    once and never shrinks it back, so a zoom tried on the way would leave the window
    spilling off the screen: it gets its size back, grown only as far as the zoom set needs."""
    before = window.size()
    for zoom in zooms:
        window.set_zoom(zoom)
        if fits_screen(window, room):
            break
    window.resize(before.expandedTo(window.minimumSizeHint()))
    return window.zoom


def show_look(window, look: str, zoom: float, keep_size: bool = False) -> float:
    """A look at a zoom (View ▸ Presentation, a lesson's): the zoom lowered, step by step,
    to the largest at which the window fits its screen (or, ``keep_size``, its present
    size: a lesson never resizes the window), and said if it was; the zoom shown. A
    window drawn for a shot has no screen to fit: it takes the zoom as given."""
    window.set_look(look)
    if window.testAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen):
        window.set_zoom(zoom)
        return window.zoom
    fitting_zoom(window, [zoom] + [z for z in reversed(ZOOMS) if z < zoom], window.size() if keep_size else None)
    if window.zoom < zoom:
        window.show_hint(f"Zoom {window.zoom:.0%}: {zoom:.0%} would not fit this "
                         + ("window (make it larger, or F11, then Ctrl++)" if keep_size else "screen"))
    return window.zoom
