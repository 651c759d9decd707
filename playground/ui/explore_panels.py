"""The weight-space views: the loss landscape with the path training took and the
one-weight sweep (LandscapePanel), and the optimizer race (RacePanel).

Both only send commands and draw what snapshots bring; the training process
computes (session_explore.py), so the window stays live while it does.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QHBoxLayout, QLabel, QProgressBar,
                               QPushButton, QSizePolicy, QSpinBox, QVBoxLayout, QWidget)

from playground.colors import hex_color
from playground.engine.optimizers import OPTIMIZERS
from playground.explore import weight_name

RACE_COLORS = {"sgd": (40, 40, 40), "momentum": (8, 119, 189), "adam": (229, 57, 53)}
OTHER_COLORS = [(46, 160, 67), (156, 39, 176), (245, 147, 34)]
HEAT = pg.colormap.get("viridis")


def optimizer_color(name: str, index: int) -> tuple:
    return RACE_COLORS.get(name, OTHER_COLORS[index % len(OTHER_COLORS)])


def _plot(title: str) -> pg.PlotWidget:
    plot = pg.PlotWidget(background="w")
    item = plot.getPlotItem()
    item.setTitle(title, color="#555", size="9pt")
    item.hideButtons()
    item.setMenuEnabled(False)
    for axis in ("left", "bottom"):
        item.getAxis(axis).enableAutoSIPrefix(False)
    return plot


def _weights(network) -> list[tuple[str, tuple[int, int, int]]]:
    """Every weight of the network: (name with the neurons it joins, (layer, row, column))."""
    names = [list(network.inputs)] + [[f"h{l + 1}.{i + 1}" for i in range(n)] for l, n in
                                      enumerate(network.sizes[1:-1])] + [[f"out{i + 1}" for i in
                                                                           range(network.sizes[-1])]]
    return [(f"{weight_name(layer, row, column)}  {names[layer][column]} → {names[layer + 1][row]}",
             (layer, row, column))
            for layer in range(network.depth) for row in range(network.sizes[layer + 1])
            for column in range(network.sizes[layer])]


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
        self.start.setEnabled(job is None)
        self.cancel.setEnabled(mine)
        self.progress.setVisible(mine)
        if mine:
            self.progress.setValue(int(round(100 * job[1])))
            self.progress.setToolTip(f"{job[1]:.0%} computed")


class LandscapePanel(QWidget):
    command = Signal(str, object)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        self.mode = QComboBox()
        self.mode.addItem("random directions", "random")
        self.mode.addItem("two weights", "weights")
        self.mode.addItem("training path", "path")
        self.mode.setToolTip("The plane through the current weights: two random directions, filter-normalised "
                             "(each neuron's share scaled to its own weights' size), two chosen weights, or the "
                             "plane the training path moved in most (its principal directions; the extent grows "
                             "to hold the whole path)")
        self.first, self.second = QComboBox(), QComboBox()
        for box in (self.first, self.second):
            box.setToolTip("A weight spanning the plane")
        self.extent = QDoubleSpinBox()
        self.extent.setRange(0.05, 50.0)
        self.extent.setValue(1.0)
        self.extent.setSingleStep(0.25)
        self.extent.setPrefix("± ")
        self.extent.setToolTip("How far the plane reaches from the current weights along each direction")
        self.resolution = QSpinBox()
        self.resolution.setRange(5, 101)
        self.resolution.setValue(31)
        self.resolution.setSingleStep(2)
        self.resolution.setSuffix(" × grid")
        self.resolution.setToolTip("Losses computed per side of the plane (odd: one sits on the current weights)")
        self.job = JobControls("landscape", "Compute",
                               "Compute the training loss over the plane, with the path training took on it")
        for widget in (self.mode, self.extent, self.resolution, self.job):
            row.addWidget(widget)
        layout.addLayout(row)
        chosen = QHBoxLayout()  # the two weights, in "two weights" mode
        for widget in (self.first, self.second):
            chosen.addWidget(widget, 1)
        layout.addLayout(chosen)
        self.plot = _plot("Training loss around the current weights (log colour)")
        self.heatmap = Heatmap(self.plot)
        self.path = pg.PlotDataItem(pen=pg.mkPen(255, 255, 255, width=2), symbol="o", symbolSize=3,
                                    symbolBrush=(255, 255, 255), symbolPen=None)
        self.start_marker = pg.ScatterPlotItem(size=10, symbol="s", brush=pg.mkBrush(255, 255, 255), pen=None)
        self.now_marker = pg.ScatterPlotItem(size=14, symbol="star", brush=pg.mkBrush(245, 147, 34),
                                             pen=pg.mkPen(40, 40, 40))
        for item in (self.path, self.start_marker, self.now_marker):
            self.plot.addItem(item)
        self.caption = QLabel("Compute the landscape to see the loss around the current weights.")
        self.caption.setWordWrap(True)
        layout.addWidget(self.plot, 3)
        layout.addWidget(self.caption)

        sweep_row = QHBoxLayout()
        self.sweep_weight = QComboBox()
        self.sweep_weight.setToolTip("The weight to sweep; every other weight stays as it is")
        self.span = QDoubleSpinBox()
        self.span.setRange(0.1, 50.0)
        self.span.setValue(3.0)
        self.span.setPrefix("± ")
        self.span.setToolTip("How far to sweep the weight each side of its current value")
        self.sweep_button = QPushButton("Sweep")
        self.sweep_button.setToolTip("The training loss against this one weight (the lecture's table of w "
                                     "against loss)")
        for widget in (QLabel("Loss against"), self.sweep_weight, self.span, self.sweep_button):
            sweep_row.addWidget(widget)
        sweep_row.addStretch(1)
        layout.addLayout(sweep_row)
        self.sweep_plot = _plot("Training loss against one weight")
        self.sweep_curve = self.sweep_plot.plot(pen=pg.mkPen(8, 119, 189, width=2))
        self.sweep_now = pg.ScatterPlotItem(size=10, brush=pg.mkBrush(245, 147, 34), pen=pg.mkPen(40, 40, 40))
        self.sweep_plot.addItem(self.sweep_now)
        self.sweep_plot.getPlotItem().setLabel("left", "loss")
        self.sweep_plot.setVisible(False)  # until there is a sweep: the landscape gets the room
        layout.addWidget(self.sweep_plot, 2)
        for box in (self.first, self.second, self.sweep_weight):
            # long weight names must not widen the dock: the box shows what fits, the list all
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(12)
        self.caption.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        self.mode.currentIndexChanged.connect(self._on_mode_changed)
        self.job.start.clicked.connect(self.compute)
        self.job.cancel.clicked.connect(lambda: self.command.emit("cancel_job", {}))
        self.sweep_button.clicked.connect(self.sweep)
        self._sizes = None
        self._shown = (None, None)
        self._on_mode_changed()

    def _on_mode_changed(self, *_) -> None:
        weights = self.mode.currentData() == "weights"
        self.first.setVisible(weights)
        self.second.setVisible(weights)

    @staticmethod
    def chosen_weight(box: QComboBox) -> tuple[int, int, int] | None:
        """The (layer, row, column) a weight box shows (kept as text: Qt has no tuples)."""
        data = box.currentData()
        return tuple(int(i) for i in data.split(",")) if data else None

    @staticmethod
    def choose_weight(box: QComboBox, weight) -> bool:
        index = box.findData(",".join(str(int(i)) for i in weight))
        if index >= 0:
            box.setCurrentIndex(index)
        return index >= 0

    def compute(self) -> None:
        args = {"mode": self.mode.currentData(), "extent": self.extent.value(),
                "resolution": self.resolution.value()}
        if args["mode"] == "weights":
            args["weights"] = [self.chosen_weight(self.first), self.chosen_weight(self.second)]
        self.command.emit("compute_landscape", args)

    def sweep(self) -> None:
        weight = self.chosen_weight(self.sweep_weight)
        if weight is not None:
            layer, row, column = weight
            self.command.emit("sweep_weight", {"layer": layer, "row": row, "column": column,
                                               "span": self.span.value()})

    def show_snapshot(self, snap) -> None:
        self.job.show_job(snap.job)
        if snap.network.sizes != self._sizes or snap.network.inputs != getattr(self, "_inputs", None):
            self._sizes, self._inputs = snap.network.sizes, snap.network.inputs
            weights = _weights(snap.network)
            for box, default in ((self.first, 0), (self.second, 1), (self.sweep_weight, 0)):
                chosen = self.chosen_weight(box)
                box.blockSignals(True)
                box.clear()
                for name, weight in weights:
                    box.addItem(name, ",".join(map(str, weight)))
                if chosen is None or not self.choose_weight(box, chosen):
                    box.setCurrentIndex(min(default, box.count() - 1))
                box.blockSignals(False)
        explore = snap.explore
        if explore is None:
            return
        if explore.landscape is not self._shown[0]:
            self._show_landscape(explore.landscape)
        if explore.sweep is not self._shown[1]:
            self._show_sweep(explore.sweep)
        self._shown = (explore.landscape, explore.sweep)

    def _show_landscape(self, landscape) -> None:
        if landscape is None:
            return
        self.heatmap.show(landscape.surface)
        for widget, value in ((self.mode, self.mode.findData(landscape.mode)),  # the controls say what is shown
                              (self.extent, float(landscape.surface.alphas[-1])),
                              (self.resolution, len(landscape.surface.alphas))):
            widget.blockSignals(True)
            widget.setCurrentIndex(value) if widget is self.mode else widget.setValue(value)
            widget.blockSignals(False)
        self._on_mode_changed()
        item = self.plot.getPlotItem()
        item.setLabel("bottom", landscape.axes[0])
        item.setLabel("left", landscape.axes[1])
        path = landscape.path
        self.path.setData(path[:, 0], path[:, 1]) if len(path) else self.path.setData([], [])
        self.start_marker.setData(path[:1, 0], path[:1, 1]) if len(path) else self.start_marker.setData([], [])
        self.now_marker.setData([0.0], [0.0])
        losses = landscape.surface.losses
        epochs = landscape.path_epochs
        route = (f"the white line is the path from epoch {epochs[0]} (square) to now (star), "
                 f"{len(epochs)} checkpoints projected onto the plane" if len(epochs) > 1 else
                 "train first to see the path training takes")
        self.caption.setText(f"Loss here {landscape.loss:.4g}; on the plane {np.nanmin(losses):.4g} to "
                             f"{np.nanmax(losses):.4g}; {route}.")

    def _show_sweep(self, sweep) -> None:
        if sweep is None:
            return
        self.sweep_plot.setVisible(True)
        self.sweep_curve.setData(sweep.values, np.nan_to_num(sweep.losses, nan=0.0, posinf=1e6))
        self.sweep_now.setData([sweep.current], [sweep.loss])
        self.sweep_plot.getPlotItem().setLabel("bottom", weight_name(*sweep.weight))


class RacePanel(QWidget):
    command = Signal(str, object)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        self.epochs = QSpinBox()
        self.epochs.setRange(10, 5000)
        self.epochs.setValue(300)
        self.epochs.setSingleStep(50)
        self.epochs.setSuffix(" epochs")
        self.epochs.setToolTip("How long each optimizer trains")
        row.addWidget(self.epochs)
        self.chosen = {}
        for name in OPTIMIZERS:
            box = QCheckBox(name)
            box.setChecked(True)
            box.setToolTip(f"Race {name}")
            self.chosen[name] = box
            row.addWidget(box)
        self.job = JobControls("race", "Race",
                               "Train each optimizer from the weights this run started from, on the same data "
                               "and learning rate, in the training process")
        row.addWidget(self.job, 1)
        layout.addLayout(row)
        self.caption = QLabel("Every optimizer starts from the same weights: their loss curves, paths and "
                              "boundaries, side by side.")
        self.caption.setWordWrap(True)
        self.caption.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.caption)
        self.curves_plot = _plot("Training loss")
        self.curves_plot.getPlotItem().setLogMode(y=True)
        self.curves_plot.getPlotItem().setLabel("bottom", "epoch")
        self.paths_plot = _plot("Paths (principal plane)")
        self.heatmap = Heatmap(self.paths_plot)
        self.finals = QLabel()  # the legend: each optimizer in its colour, with its latest loss
        self.finals.setTextFormat(Qt.TextFormat.RichText)
        self.finals.setToolTip("Each optimizer's training loss at the last epoch raced")
        layout.addWidget(self.finals)
        plots = QHBoxLayout()
        plots.addWidget(self.curves_plot, 1)
        plots.addWidget(self.paths_plot, 1)
        layout.addLayout(plots, 3)
        self.boundaries = pg.GraphicsLayoutWidget()
        self.boundaries.setBackground("w")
        self.boundaries.setMinimumHeight(70)
        layout.addWidget(self.boundaries, 2)
        self.job.start.clicked.connect(self.start)
        self.job.cancel.clicked.connect(lambda: self.command.emit("cancel_job", {}))
        self._items: list = []
        self._curves: dict = {}
        self._race = None

    def start(self) -> None:
        names = [name for name, box in self.chosen.items() if box.isChecked()]
        self.command.emit("start_race", {"epochs": self.epochs.value(), "optimizers": names})

    def show_snapshot(self, snap) -> None:
        self.job.show_job(snap.job)
        race = snap.explore.race if snap.explore is not None else None
        if race is None or race is self._race:
            return
        fresh = self._race is None or self._race.finished or race.optimizers != self._race.optimizers
        self._race = race
        self.epochs.blockSignals(True)  # the controls say what is shown
        self.epochs.setValue(race.length)
        self.epochs.blockSignals(False)
        for name, box in self.chosen.items():
            box.setChecked(name in race.optimizers)
        if fresh:  # a new race: clear the last one's paths, landscape and pictures
            self._clear()
        self._draw_curves(race)
        if race.finished:
            self._draw_paths_and_boundaries(race)

    def _clear(self) -> None:
        for item in self._items:
            self.paths_plot.removeItem(item)
        self._items.clear()
        self.heatmap.image.clear()
        for contour in self.heatmap.contours:
            contour.setData(None)
        self.boundaries.clear()
        self.curves_plot.getPlotItem().clear()
        self.finals.setText("")
        self._curves = {}

    def _draw_curves(self, race) -> None:
        item = self.curves_plot.getPlotItem()
        finals = []
        for i, name in enumerate(race.optimizers):
            color = optimizer_color(name, i)
            if name not in self._curves:
                self._curves[name] = item.plot(pen=pg.mkPen(*color, width=2), name=name)
            losses = race.losses[name]
            self._curves[name].setData(race.epochs, np.maximum(losses, 1e-12))
            final = losses[np.isfinite(losses)][-1] if np.isfinite(losses).any() else np.nan
            state = "diverged" if name in race.diverged else f"{final:.4g}"
            finals.append(f"<span style='color:{hex_color(color)}'>■</span> <b>{name}</b> {state}")
        self.finals.setText(" &nbsp; ".join(finals))
        item.setXRange(0, max(1, race.length or int(race.epochs[-1])), padding=0.02)
        if not race.finished:
            self.caption.setText(f"Racing: epoch {int(race.epochs[-1])} of {race.length}, learning rate "
                                 f"{race.learning_rate:g}, every optimizer from the same weights.")

    def _draw_paths_and_boundaries(self, race) -> None:
        self.heatmap.show(race.landscape.surface)
        axes = race.landscape.axes
        self.paths_plot.getPlotItem().setLabel("bottom", axes[0])
        self.paths_plot.getPlotItem().setLabel("left", axes[1])
        self.boundaries.clear()
        for i, name in enumerate(race.optimizers):
            color = optimizer_color(name, i)
            path = pg.PlotDataItem(race.paths[name][:, 0], race.paths[name][:, 1], pen=pg.mkPen(*color, width=2),
                                   symbol="o", symbolSize=3, symbolBrush=color, symbolPen=None)
            end = pg.ScatterPlotItem([race.paths[name][-1, 0]], [race.paths[name][-1, 1]], size=10,
                                     brush=pg.mkBrush(*color), pen=pg.mkPen(255, 255, 255))
            for item in (path, end):
                self.paths_plot.addItem(item)
                self._items.append(item)
            if race.images.get(name) is not None:
                view = self.boundaries.addViewBox(row=1, col=i, lockAspect=True, enableMouse=False)
                view.addItem(pg.ImageItem(race.images[name], axisOrder="row-major"))
                self.boundaries.addLabel(f"<span style='color:#555'>{name}</span>", row=0, col=i)
        start = pg.ScatterPlotItem([0.0], [0.0], size=12, symbol="s", brush=pg.mkBrush(255, 255, 255),
                                   pen=pg.mkPen(40, 40, 40))
        self.paths_plot.addItem(start)
        self._items.append(start)
        diverged = f" {', '.join(race.diverged)} diverged at this learning rate." if race.diverged else ""
        self.caption.setText(f"{int(race.epochs[-1])} epochs each at learning rate {race.learning_rate:g}, all "
                             "from the same weights (the square); final training losses above the curves."
                             + diverged)
