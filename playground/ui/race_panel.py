"""The optimizer race panel: every optimizer trained from the same weights, their
loss curves drawn as the race runs, then their paths on the plane they move in
most and their decision boundaries side by side."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSizePolicy, QSpinBox, QVBoxLayout, QWidget

from playground.colors import hex_color
from playground.engine.optimizers import OPTIMIZERS
from playground.ui.panel_widgets import Heatmap, JobControls, ZoomedPens, titled_plot

RACE_COLORS = {"sgd": (40, 40, 40), "momentum": (8, 119, 189), "adam": (229, 57, 53)}
OTHER_COLORS = [(46, 160, 67), (156, 39, 176), (245, 147, 34)]


def optimizer_color(name: str, index: int) -> tuple:
    return RACE_COLORS.get(name, OTHER_COLORS[index % len(OTHER_COLORS)])


EMPTY_CAPTION = ("Every optimizer starts from the weights this run started from: their loss curves, paths "
                 "and boundaries, side by side.")


RACE_MIN_HEIGHT = 140  # px at 100 %: each of the race's two plots


class RacePanel(ZoomedPens, QWidget):
    """Choose the optimizers and the epochs, race, watch the curves; then the paths and boundaries."""
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
        self.caption = QLabel(EMPTY_CAPTION)
        self.caption.setWordWrap(True)
        self.caption.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.caption)
        self.curves_plot = titled_plot("Training loss")
        self.curves_plot.setMinimumHeight(RACE_MIN_HEIGHT)  # the panel scrolls rather than squeeze it
        self.curves_plot.getPlotItem().setLogMode(y=True)
        self.curves_plot.getPlotItem().setLabel("bottom", "epoch")
        self.paths_plot = titled_plot("Paths (principal plane)")
        self.paths_plot.setMinimumHeight(RACE_MIN_HEIGHT)
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
        for box in self.chosen.values():
            box.toggled.connect(self._on_chosen)
        self.job.cancel.clicked.connect(lambda: self.command.emit("cancel_job", {}))
        self._items: list = []
        self._curves: dict = {}
        self._race = None

    def _on_chosen(self, *_) -> None:
        self.job.start.setEnabled(self.job.idle and any(box.isChecked() for box in self.chosen.values()))

    def start(self) -> None:
        names = [name for name, box in self.chosen.items() if box.isChecked()]
        self.command.emit("start_race", {"epochs": self.epochs.value(), "optimizers": names})

    def show_snapshot(self, snap) -> None:
        self.job.show_job(snap.job)
        self._on_chosen()
        if snap.explore is None:
            return
        race = snap.explore.race
        if race is self._race:
            return
        if race is None:  # none yet, cancelled, or gone with an edit
            self._race = None
            self._clear()
            self.caption.setText(EMPTY_CAPTION)
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
        self.heatmap.clear()
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
                self._curves[name] = item.plot(pen=self.pen(*color, width=2), name=name)
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
            path = pg.PlotDataItem(race.paths[name][:, 0], race.paths[name][:, 1], pen=self.pen(*color, width=2),
                                   symbol="o", symbolSize=self.marker(3), symbolBrush=color, symbolPen=None)
            end = pg.ScatterPlotItem([race.paths[name][-1, 0]], [race.paths[name][-1, 1]], size=self.marker(10),
                                     brush=pg.mkBrush(*color), pen=self.pen(255, 255, 255))
            for item in (path, end):
                self.paths_plot.addItem(item)
                self._items.append(item)
            if race.images.get(name) is not None:  # none for 1-D problems: their curves say it all
                view = self.boundaries.addViewBox(row=1, col=i, lockAspect=True, enableMouse=False)
                view.addItem(pg.ImageItem(race.images[name], axisOrder="row-major"))
                self.boundaries.addLabel(f"<span style='color:#555'>{name}</span>", row=0, col=i)
        self.boundaries.setVisible(any(image is not None for image in race.images.values()))
        start = pg.ScatterPlotItem([0.0], [0.0], size=self.marker(12), symbol="s", brush=pg.mkBrush(255, 255, 255),
                                   pen=self.pen(40, 40, 40))
        self.paths_plot.addItem(start)
        self._items.append(start)
        diverged = f" {', '.join(race.diverged)} diverged at this learning rate." if race.diverged else ""
        self.caption.setText(f"{int(race.epochs[-1])} epochs each at learning rate {race.learning_rate:g}, all "
                             "from the same weights (the square); final training losses above the curves."
                             + diverged)
