"""Two views that teach: how a hidden layer folds the plane, and how gradients
and weights move over training (vanishing gradients, L1 versus L2)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from playground.colors import BLUE, CLASS_COLORS, ORANGE
from playground.ui.panel_widgets import DecadeAxis, ZoomedPens, titled_plot


class HiddenLayerPanel(ZoomedPens, QWidget):
    """The data and the input plane's grid lines as a hidden layer sees them."""
    command = Signal(str, object)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        self.layer = QSpinBox()
        self.layer.setPrefix("hidden layer ")
        self.layer.setRange(1, 1)
        self.layer.setToolTip("The hidden layer whose view of the plane is drawn")
        self.projection = QComboBox()
        self.projection.addItem("principal components", None)
        self.projection.addItem("two neurons", "units")
        self.projection.setToolTip("A layer of two neurons is drawn as it is; a wider one onto two chosen "
                                   "neurons or onto its first two principal components")
        self.first, self.second = QSpinBox(), QSpinBox()
        for spin, value in ((self.first, 1), (self.second, 2)):
            spin.setRange(1, 16)
            spin.setValue(value)
            spin.setPrefix("h")
        for w in (self.layer, self.projection, self.first, self.second):
            row.addWidget(w)
            if hasattr(w, "valueChanged"):
                w.valueChanged.connect(self._on_choice_changed)
        self.projection.currentIndexChanged.connect(self._on_choice_changed)
        layout.addLayout(row)
        self.plot = titled_plot("How the layer folds space")
        self.plot.getPlotItem().setAspectLocked(False)
        self.lines = []
        self.points = pg.ScatterPlotItem(size=6, pen=pg.mkPen(255, 255, 255, 200, width=0.8))
        self.plot.addItem(self.points)
        layout.addWidget(self.plot, 1)
        self.map = None
        self._active = False

    def set_active(self, active: bool) -> None:
        """Shown or hidden: only a shown panel costs the training process anything."""
        self._active = active
        self._on_choice_changed()

    def _on_choice_changed(self, *_) -> None:
        two = self.projection.currentData() == "units"
        self.first.setEnabled(two)
        self.second.setEnabled(two)
        if not self._active:
            self.command.emit("show_views", {"hidden": None})
            return
        units = (self.first.value() - 1, self.second.value() - 1) if two else None
        self.command.emit("show_views", {"hidden": {"layer": self.layer.value(), "units": units}})

    def show_snapshot(self, snap) -> None:
        hidden = len(snap.network.hidden)
        self.layer.blockSignals(True)
        self.layer.setRange(1, max(1, hidden))
        self.layer.blockSignals(False)
        view = snap.teaching.hidden if snap.teaching is not None else None
        self.map = view
        if view is None:
            self.points.setData([], [])
            for line in self.lines:
                line.setData([], [])
            return
        while len(self.lines) < len(view.lines):
            line = pg.PlotCurveItem(pen=self.pen(150, 150, 150, 110, width=1))
            self.plot.addItem(line)
            self.lines.append(line)
        half = len(view.lines) // 2
        for i, line in enumerate(self.lines):
            if i < len(view.lines):
                line.setPen(self.pen(*((120, 120, 200) if i < half else (200, 140, 90)), 120, width=1))
                line.setData(view.lines[i][:, 0], view.lines[i][:, 1])
            else:
                line.setData([], [])
        labels = view.labels
        if labels.dtype.kind in "iu":
            brushes = [pg.mkBrush(*map(int, CLASS_COLORS[v % len(CLASS_COLORS)])) for v in labels]
        else:
            brushes = [pg.mkBrush(*(BLUE if v >= 0 else ORANGE)) for v in labels]
        self.points.setData(pos=view.points, brush=brushes)
        item = self.plot.getPlotItem()
        item.setLabel("bottom", view.axes[0])
        item.setLabel("left", view.axes[1])


class GradientsPanel(ZoomedPens, QWidget):
    """‖∂L/∂W‖ per layer over training (log scale) and each layer's weights."""
    command = Signal(str, object)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.flow = titled_plot("Gradient flow: ‖∂L/∂W‖ per layer", {"left": DecadeAxis("left")})
        self.flow.getPlotItem().setLogMode(y=True)
        self.flow.getPlotItem().setLabel("bottom", "epoch")
        self.flow.getPlotItem().addLegend(offset=(-4, 4), labelTextSize="7pt")
        self.flow.setMinimumHeight(150)  # the panel scrolls rather than squeeze three plots to slivers
        self.flow.setToolTip("Curves far apart on this log scale: gradients vanish (or explode) on their "
                             "way back to the first layers")
        layout.addWidget(self.flow, 3)
        row = QHBoxLayout()
        row.addWidget(QLabel("Weights of layer"))
        self.layer = QSpinBox()
        self.layer.setRange(1, 1)
        self.layer.setToolTip("Whose weights the histogram shows; below it, the same over training")
        row.addWidget(self.layer)
        row.addStretch(1)
        layout.addLayout(row)
        self.histogram = titled_plot("Weights now")
        self.bars = pg.BarGraphItem(x0=[], x1=[], height=[], brush=pg.mkBrush(*BLUE, 180), pen=None)
        self.histogram.addItem(self.bars)
        self.histogram.setMinimumHeight(100)
        layout.addWidget(self.histogram, 1)
        self.over_time = titled_plot("Weights over training (darker: more weights)")
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLookupTable(np.linspace([255, 255, 255], [20, 60, 120], 256).astype(np.uint8))
        self.over_time.addItem(self.image)
        self.over_time.getPlotItem().setLabel("left", "epoch row")
        self.over_time.setMinimumHeight(100)
        layout.addWidget(self.over_time, 1)
        self.curves: list = []
        self.norms = None
        self.layer.valueChanged.connect(lambda _: self._draw_histograms())
        layout.setStretchFactor(self.histogram, 2)
        layout.setStretchFactor(self.over_time, 2)
        self._teaching = None

    def set_active(self, active: bool) -> None:
        self.command.emit("show_views", {"training": bool(active)})

    def show_snapshot(self, snap) -> None:
        teaching = snap.teaching
        if teaching is None or teaching.gradient_norms is None or not len(teaching.epochs):
            return
        self._teaching = teaching
        epochs, norms = teaching.epochs, teaching.gradient_norms
        self.norms = norms
        layers = norms.shape[1]
        while len(self.curves) < layers:
            i = len(self.curves)
            self.curves.append(self.flow.getPlotItem().plot(name=f"layer {i + 1}"))
        for i, curve in enumerate(self.curves):
            if i < layers:
                shade = int(200 - 170 * i / max(1, layers - 1))  # first layer pale, output dark
                curve.setPen(self.pen(shade, shade // 2 + 40, 255 - shade // 2, width=2))
                # dots while there are too few epochs for a line (at epoch 0 there is one)
                few = len(epochs) < 3
                curve.setData(epochs, np.maximum(norms[:, i], 1e-30), symbol="o" if few else None,
                              symbolSize=self.marker(7), symbolPen=None,
                              symbolBrush=pg.mkBrush(shade, shade // 2 + 40, 255 - shade // 2))
            else:
                curve.setData([], [])
        finite = norms[np.isfinite(norms) & (norms > 0)]
        if len(finite):  # every layer in view, however far apart: that distance is the lesson
            # whole decades, so the numbers sit at 0.01, 0.1, 1 (within one decade pyqtgraph
            # would number every minor tick, one over another)
            low, high = np.floor(np.log10(finite.min())), np.ceil(np.log10(finite.max()))
            self.flow.getPlotItem().setYRange(low, max(high, low + 1), padding=0.02)
        # from epoch 0, never less than ten epochs wide: one recorded epoch is a point, not negative epochs
        self.flow.getPlotItem().setXRange(0, max(10, int(epochs[-1])), padding=0.02)
        self.layer.setRange(1, layers)
        self._draw_histograms()

    def _draw_histograms(self) -> None:
        teaching = self._teaching
        if teaching is None:
            return
        i = min(self.layer.value(), teaching.histograms.shape[1]) - 1
        bins = teaching.bins
        now = teaching.histograms[-1, i]
        self.bars.setOpts(x0=bins[:-1], x1=bins[1:], height=now)
        rows = teaching.histograms[:, i].astype(float)
        self.image.setImage(rows / max(1.0, rows.max()) * 255, levels=(0, 255), autoLevels=False)
        self.image.setRect(float(bins[0]), 0.0, float(bins[-1] - bins[0]), float(len(rows)))
