"""The loss landscape panel: the training loss over a plane through the current
weights with the path training took, and one weight swept against the loss.
It only sends commands and draws what snapshots bring; the training process
computes (session/jobs.py), so the window stays live while it does."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from playground.session.explore import weight_name
from playground.ui.panel_widgets import Heatmap, JobControls, ZoomedPens, titled_plot

EMPTY_CAPTION = "Compute the landscape to see the loss around the current weights."


def _weights(network) -> list[tuple[str, tuple[int, int, int]]]:
    """Every weight and bias of the network: (name with the neurons it joins,
    (layer, row, column)); a bias is column ``sizes[layer]``."""
    names = [list(network.inputs)] + [[f"h{l + 1}.{i + 1}" for i in range(n)] for l, n in
                                      enumerate(network.sizes[1:-1])] + [[f"out{i + 1}" for i in
                                                                           range(network.sizes[-1])]]
    found = []
    for layer in range(network.depth):
        for row in range(network.sizes[layer + 1]):
            for column in range(network.sizes[layer] + 1):
                source = names[layer][column] if column < network.sizes[layer] else "bias"
                found.append((f"{weight_name(network, layer, row, column)}  {source} → {names[layer + 1][row]}",
                              (layer, row, column)))
    return found


# Least heights (px at 100 %) that keep the surface and the sweep readable when both show
LANDSCAPE_MIN_HEIGHT, SWEEP_MIN_HEIGHT = 180, 120


class LandscapePanel(ZoomedPens, QWidget):
    """Choose a plane (random, two weights, the path's), compute, see the loss on it
    with the path; below, one weight swept."""
    command = Signal(str, object)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self._add_plane_controls(layout)
        self._add_landscape_plot(layout)
        self._add_sweep(layout)
        for box in (self.first, self.second, self.sweep_weight):
            # long weight names must not widen the dock: the box shows what fits, the list all
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(12)
        self.mode.currentIndexChanged.connect(self._on_mode_changed)
        self.job.start.clicked.connect(self.compute)
        self.job.cancel.clicked.connect(lambda: self.command.emit("cancel_job", {}))
        self.sweep_button.clicked.connect(self.sweep)
        self._sizes = self._inputs = None
        self._shown = (None, None)
        self._on_mode_changed()

    def _add_plane_controls(self, layout: QVBoxLayout) -> None:
        """Which plane, how far, how fine, compute; the two weights in "two weights" mode."""
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
        chosen = QHBoxLayout()
        for widget in (self.first, self.second):
            chosen.addWidget(widget, 1)
        layout.addLayout(chosen)

    def _add_landscape_plot(self, layout: QVBoxLayout) -> None:
        """The loss over the plane, the path with its start and now, and a caption."""
        self.plot = titled_plot("Training loss around the current weights (log colour)")
        self.plot.setMinimumHeight(LANDSCAPE_MIN_HEIGHT)  # the panel scrolls rather than squeeze it
        self.heatmap = Heatmap(self.plot)
        self.path = pg.PlotDataItem(pen=pg.mkPen(255, 255, 255, width=2), symbol="o", symbolSize=3,
                                    symbolBrush=(255, 255, 255), symbolPen=None)
        self.start_marker = pg.ScatterPlotItem(size=10, symbol="s", brush=pg.mkBrush(255, 255, 255), pen=None)
        self.now_marker = pg.ScatterPlotItem(size=14, symbol="star", brush=pg.mkBrush(245, 147, 34),
                                             pen=pg.mkPen(40, 40, 40))
        for item in (self.path, self.start_marker, self.now_marker):
            self.plot.addItem(item)
        self.caption = QLabel(EMPTY_CAPTION)
        self.caption.setWordWrap(True)
        self.caption.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.plot, 3)
        layout.addWidget(self.caption)

    def _add_sweep(self, layout: QVBoxLayout) -> None:
        """One weight swept against the loss: which, how far, and its plot."""
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
        self.sweep_plot = titled_plot("Training loss against one weight")
        self.sweep_plot.setMinimumHeight(SWEEP_MIN_HEIGHT)
        self.sweep_curve = self.sweep_plot.plot(pen=pg.mkPen(8, 119, 189, width=2))
        self.sweep_now = pg.ScatterPlotItem(size=10, brush=pg.mkBrush(245, 147, 34), pen=pg.mkPen(40, 40, 40))
        self.sweep_plot.addItem(self.sweep_now)
        self.sweep_plot.getPlotItem().setLabel("left", "loss")
        self.sweep_plot.setVisible(False)  # until there is a sweep: the landscape gets the room
        layout.addWidget(self.sweep_plot, 2)

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
        if snap.network.sizes != self._sizes or snap.network.inputs != self._inputs:
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
        if landscape is None:  # none yet, or it went with an edit of the weights it was computed for
            self.heatmap.clear()
            for item in (self.path, self.start_marker, self.now_marker):
                item.setData([], [])
            self.caption.setText(EMPTY_CAPTION)
            return
        self.heatmap.show(landscape.surface)
        # the controls say what is shown (a path-mode extent grew to hold the path: not a choice to keep)
        shown = [(self.mode, self.mode.findData(landscape.mode)), (self.resolution, len(landscape.surface.alphas))]
        if landscape.mode != "path":
            shown.append((self.extent, float(landscape.surface.alphas[-1])))
        for widget, value in shown:
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
        route = (f"the white line is the path from epoch {epochs[0]} (square) to epoch {landscape.epoch} (star), "
                 f"{len(epochs)} checkpoints projected onto the plane" if len(epochs) > 1 else
                 "train first to see the path training takes")
        self.caption.setText(f"Around the weights of epoch {landscape.epoch}: loss there {landscape.loss:.4g}, "
                             f"on the plane {np.nanmin(losses):.4g} to {np.nanmax(losses):.4g}; {route}.")

    def _show_sweep(self, sweep) -> None:
        self.sweep_plot.setVisible(sweep is not None)
        if sweep is None:
            return
        self.sweep_curve.setData(sweep.values, np.nan_to_num(sweep.losses, nan=0.0, posinf=1e6))
        self.sweep_now.setData([sweep.current], [sweep.loss])
        self.sweep_plot.getPlotItem().setLabel("bottom", f"{sweep.name} (the others as at epoch {sweep.epoch})")
