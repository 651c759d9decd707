"""Pieces the panels share: a plot in the panels' style; and for the weight-space
panels a loss surface drawn as a heatmap with contours, and Start / Cancel /
progress for a job the training process computes."""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QVBoxLayout, QWidget

HEAT = pg.colormap.get("viridis")


# pyqtgraph sets a bottom axis label 5 px lower than the room it counts for it, so
# at the plot's lower edge the descenders are cut ("epoch" loses the tail of its p)
LABEL_ROOM = (2, 2, 2, 6)


class DecadeAxis(pg.AxisItem):
    """A log axis numbered at whole decades only (0.01, 0.1, 1), its minor ticks
    unnumbered: pyqtgraph numbers every minor tick of a range under a decade or
    two, one over another."""

    def logTickValues(self, minVal, maxVal, size, stdTicks):  # noqa: N802, N803 (pyqtgraph's names)
        decades = [float(v) for v in range(int(np.ceil(minVal)), int(np.floor(maxVal)) + 1)]
        minor = [v + np.log10(k) for v in range(int(np.floor(minVal)), int(np.ceil(maxVal))) for k in range(2, 10)]
        return [(1.0, decades), (None, [v for v in minor if minVal < v < maxVal])]


def titled_plot(title: str, axes: dict | None = None) -> pg.PlotWidget:
    """A white plot with a small grey title, no buttons or menu, plain axis numbers
    (``axes``: pyqtgraph axis items to use instead of its own)."""
    plot = pg.PlotWidget(background="w", axisItems=axes)
    item = plot.getPlotItem()
    item.setContentsMargins(*LABEL_ROOM)
    item.setTitle(title, color="#555", size="9pt")
    item.hideButtons()
    item.setMenuEnabled(False)
    for axis in ("left", "bottom"):
        item.getAxis(axis).enableAutoSIPrefix(False)
    return plot


class ZoomedPens:
    """For a teaching panel: its lines and markers at the window's zoom. The panel makes
    its pens with ``pen`` and marker sizes with ``marker``, so what it draws later is at
    the zoom; ``set_zoom`` rescales what is drawn already by the change."""
    zoom = 1.0

    def pen(self, *color, width: float = 1.0, **options):
        return pg.mkPen(*color, width=width * self.zoom, **options)

    def marker(self, pixels: float) -> float:
        return pixels * self.zoom

    def set_zoom(self, zoom: float) -> None:
        ratio, self.zoom = zoom / self.zoom, zoom
        for plot in self.findChildren(pg.PlotWidget):
            for item in plot.getPlotItem().items:
                _rescale(item, ratio)
                for child in item.childItems():  # a heatmap's contours
                    _rescale(child, ratio)


def _rescale(item, ratio: float) -> None:
    """One plot item's line width and marker size, times ``ratio``."""
    if isinstance(item, pg.PlotDataItem):
        pen = pg.mkPen(item.opts["pen"])
        pen.setWidthF(pen.widthF() * ratio)
        item.setPen(pen)
        if item.opts.get("symbolSize"):
            item.setSymbolSize(item.opts["symbolSize"] * ratio)
    elif isinstance(item, pg.ScatterPlotItem):
        item.setSize(item.opts["size"] * ratio)
        pen = pg.mkPen(item.opts["pen"])
        pen.setWidthF(pen.widthF() * ratio)
        item.setPen(pen)
    elif isinstance(item, (pg.PlotCurveItem, pg.IsocurveItem, pg.InfiniteLine)):
        pen = pg.mkPen(item.opts["pen"] if isinstance(item, pg.PlotCurveItem) else item.pen)
        pen.setWidthF(pen.widthF() * ratio)
        item.setPen(pen)


class Heatmap:
    """A loss surface as a heatmap (log colour scale) with contour lines, on a plot."""

    def __init__(self, plot: pg.PlotWidget, contours: int = 8):
        self.plot = plot
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLookupTable(HEAT.getLookupTable(nPts=256))
        plot.addItem(self.image)
        self.contours = [pg.IsocurveItem(pen=pg.mkPen(255, 255, 255, 110, width=1)) for _ in range(contours)]
        for contour in self.contours:
            contour.setParentItem(self.image)
        self.surface = None

    def clear(self) -> None:
        self.surface = None
        self.image.clear()
        for contour in self.contours:
            contour.setData(None)

    def show(self, surface) -> None:
        self.surface = surface
        logs = np.log10(np.maximum(surface.losses, 1e-12))
        finite = logs[np.isfinite(logs)]
        low, high = (float(finite.min()), float(finite.max())) if len(finite) else (0.0, 1.0)
        high = max(high, low + 1e-9)
        self.image.setImage(np.nan_to_num(logs, nan=high, posinf=high), levels=(low, high), autoLevels=False)
        a, b = surface.alphas, surface.betas
        # pixel centres sit on the grid's values
        da, db = (a[1] - a[0]) / 2, (b[1] - b[0]) / 2
        self.image.setRect(QRectF(a[0] - da, b[0] - db, a[-1] - a[0] + 2 * da, b[-1] - b[0] + 2 * db))
        for contour, level in zip(self.contours, np.linspace(low, high, len(self.contours) + 2)[1:-1]):
            # IsocurveItem draws in pixel coordinates of its (column-major) data
            contour.setData(np.nan_to_num(logs, nan=high).T, level)
        self.plot.getPlotItem().setRange(xRange=(a[0], a[-1]), yRange=(b[0], b[-1]), padding=0)


class JobControls(QWidget):
    """Start, Cancel and a progress bar for one kind of job."""

    def __init__(self, job: str, start_text: str, tip: str, parent=None):
        super().__init__(parent)
        self.job = job
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        row = QHBoxLayout()
        self.start = QPushButton(start_text)
        self.start.setToolTip(tip)
        self.cancel = QPushButton("Cancel")
        self.cancel.setToolTip("Stop computing; what was shown stays")
        row.addWidget(self.start)
        row.addWidget(self.cancel)
        column.addLayout(row)
        # a thin bar under the buttons: showing it must not widen the panel or move it
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(5)
        policy = self.progress.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.progress.setSizePolicy(policy)
        column.addWidget(self.progress)
        self.show_job(None)

    def show_job(self, job) -> None:
        """``job``: the snapshot's (name, fraction) or None."""
        mine = job is not None and job[0] == self.job
        self.idle = job is None
        self.start.setEnabled(self.idle)
        self.cancel.setEnabled(mine)
        self.progress.setVisible(mine)
        if mine:
            self.progress.setValue(int(round(100 * job[1])))
            self.progress.setToolTip(f"{job[1]:.0%} computed")


def as_written(text: str) -> str:
    """Text from a file or a link, for a dialog that would render HTML: escaped and
    marked up as rich text, so "<img src=…>" shows as written and loads nothing."""
    return "<qt>" + html.escape(str(text)).replace("\n", "<br>") + "</qt>"
