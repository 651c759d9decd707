"""The loss panel: train and test loss against epochs, the current numbers above,
accuracy for classification, a confusion matrix for multi-class problems, a
marker at the best epoch under early stopping, a hover readout and a log scale."""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGraphicsItem,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from playground.colors import CLASS_COLORS, hex_color
from playground.ui.panel_widgets import LABEL_ROOM
from playground.ui.steady_text import SteadyText

# points per curve: two per pixel of the plot's width (a curve cannot show more), at least
MIN_POINTS = 400
# curves redrawn a second while training runs flat out (the numbers every frame): the rest
# of the frame's time goes to training (README, Architecture)
CURVES_FLAT_OUT = 20
TRAIN_PEN = pg.mkPen(140, 140, 140, width=2)
TEST_PEN = pg.mkPen(30, 30, 30, width=2)


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 1.5, 2, 3, 5, 7, 10, 15, ... (times a power of ten) not below value."""
    if value <= 0:
        return 1.0
    power = 10.0 ** np.floor(np.log10(value))
    for step in (1, 1.5, 2, 3, 5, 7, 10):
        if step * power >= value * (1 - 1e-9):
            return float(step * power)
    return float(10 * power)


def _fmt(value) -> str:
    if value is None or not np.isfinite(value):
        return "—"
    return f"{value:.4f}" if value == 0 or abs(value) >= 1e-3 else f"{value:.2e}"


class LossPanel(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        # long numbers wrap instead of widening the dock mid-session
        self.numbers = SteadyText(rich=True, wrap=True)
        self.numbers.setToolTip("Loss at the current weights, on the test and the training points")
        self.log_scale = QCheckBox("log scale")
        self.log_scale.setToolTip("Plot the loss on a logarithmic axis: small late improvements stay visible")
        self.log_scale.toggled.connect(self._on_log_scale_toggled)
        top.addWidget(self.numbers, 1)
        top.addWidget(self.log_scale)
        layout.addLayout(top)

        self.plot = pg.PlotWidget(background="w")
        self.plot.setMinimumHeight(140)
        item = self.plot.getPlotItem()
        item.setContentsMargins(*LABEL_ROOM)
        item.hideButtons()
        item.setMenuEnabled(False)
        item.setMouseEnabled(False, False)
        item.disableAutoRange()
        item.setLabel("bottom", "epoch")
        for axis in ("left", "bottom"):
            item.getAxis(axis).enableAutoSIPrefix(False)  # else the label is re-typeset as the range grows
            # kept as a pixmap between the (stepwise) range changes: replaying its text each frame cost more
            item.getAxis(axis).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        # no antialiasing: these curves grow to many thousand points and are redrawn every frame
        self.train_curve = self.plot.plot(pen=TRAIN_PEN, name="training", antialias=False)
        self.test_curve = self.plot.plot(pen=TEST_PEN, name="test", antialias=False)
        self.best_line = pg.InfiniteLine(angle=90, pen=pg.mkPen(46, 160, 67, width=1.5, style=Qt.PenStyle.DashLine),
                                         label="best", labelOpts={"position": 0.9, "color": (46, 160, 67)})
        self.best_line.setVisible(False)
        self.cursor_line = pg.InfiniteLine(angle=90, pen=pg.mkPen(100, 100, 100, width=1))
        self.cursor_line.setVisible(False)
        self.viewing_line = pg.InfiniteLine(angle=90, pen=pg.mkPen(245, 147, 34, width=2),
                                            label="shown", labelOpts={"position": 0.95, "color": (200, 110, 20)})
        self.viewing_line.setVisible(False)
        self.readout = pg.TextItem(color=(40, 40, 40), anchor=(0, 0), fill=pg.mkBrush(255, 255, 255, 220))
        self.readout.setVisible(False)
        for extra in (self.best_line, self.cursor_line, self.viewing_line, self.readout):
            self.plot.addItem(extra, ignoreBounds=True)
        self.plot.scene().sigMouseMoved.connect(self._on_mouse_moved)

        self.confusion_box = self._confusion_box()
        middle = QHBoxLayout()
        middle.addWidget(self.plot, 1)
        middle.addWidget(self.confusion_box)
        layout.addLayout(middle, 1)
        self.history = None
        self._line_width, self._zoom, self._train_grey = 2, 1.0, 140
        self.marks: tuple = ()      # (epoch, edit's name) of the edits made during this run
        self._curves_drawn = 0.0    # when the curves were last drawn
        self._mark_lines: list[pg.InfiniteLine] = []

    def _confusion_box(self) -> QWidget:
        """The confusion matrix, titled, for beside the curve (not under it: a short
        window keeps its curve, and three classes do not make the panel taller)."""
        self.confusion = QTableWidget()
        self.confusion.setToolTip("Confusion matrix on the test points: rows are the true class, "
                                  "columns the predicted one")
        self.confusion.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.confusion.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.confusion.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.confusion.setSizeAdjustPolicy(QTableWidget.SizeAdjustPolicy.AdjustToContents)
        self.confusion.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.confusion.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        box = QWidget()
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        caption = QLabel("Test points\nrows: true class\ncolumns: predicted")
        caption.setStyleSheet("color: #555;")
        box_layout.addWidget(caption)
        box_layout.addWidget(self.confusion)
        box_layout.addStretch(1)
        box.setVisible(False)
        return box

    def set_look(self, presentation: bool) -> None:
        """Thicker, darker curves for slides and projectors."""
        self._line_width = 4 if presentation else 2
        self._train_grey = 90 if presentation else 140  # the pale training curve vanishes on a projector
        self.set_zoom(self._zoom)

    def set_zoom(self, zoom: float) -> None:
        """The curves' width at the window's zoom (the type follows the window's)."""
        self._zoom = zoom
        grey = self._train_grey
        self.train_curve.setPen(pg.mkPen(grey, grey, grey, width=self._line_width * zoom))
        self.test_curve.setPen(pg.mkPen(30, 30, 30, width=self._line_width * zoom))

    def _on_log_scale_toggled(self, on: bool) -> None:
        self.plot.getPlotItem().setLogMode(y=on)
        self._ranges = None

    def show_snapshot(self, snap, flat_out: bool = False) -> None:
        m, h = snap.metrics, snap.history
        self.history = h
        # each name stays with its number (non-breaking spaces): a narrow panel wraps
        # between the pairs, never inside "Test accuracy"
        pairs = [("Test loss", _fmt(m.test_loss)), ("Training loss", _fmt(m.train_loss))]
        if m.test_accuracy is not None:
            pairs.append(("Test accuracy", f"{m.test_accuracy:.1%}"))
        if m.validation_loss is not None:
            pairs.append(("Validation loss", _fmt(m.validation_loss)))
        text = " &nbsp; ".join(f"<b>{name.replace(' ', '&nbsp;')}</b>&nbsp;{value}" for name, value in pairs)
        if snap.viewing is not None:  # time travel: the numbers are that epoch's
            text = f"<span style='color:#c86e14'><b>Epoch {snap.viewing}</b></span> &nbsp; " + text
            self.viewing_line.setPos(snap.viewing)
        self.viewing_line.setVisible(snap.viewing is not None)
        self.numbers.setText(text)
        now = time.perf_counter()
        if flat_out and now - self._curves_drawn < 1 / CURVES_FLAT_OUT:
            return
        self._curves_drawn = now
        # at most two points per pixel of the plot's width: every k-th epoch, k a power of
        # two so the picture does not shimmer as training goes on, and always the latest epoch
        n, most = len(h["epoch"]), max(MIN_POINTS, 2 * self.plot.width())
        k = 1 << max(0, int(np.ceil(np.log2(max(1, n) / most))))
        rows = np.r_[0:n:k, n - 1] if n > most else slice(None)
        epochs = h["epoch"][rows]
        self.train_curve.setData(epochs, self._plottable(h["train_loss"][rows]))
        self.test_curve.setData(epochs, self._plottable(h["test_loss"][rows]))
        self._set_ranges(n, h)
        if snap.best_epoch is not None and snap.settings.patience:
            self.best_line.setPos(snap.best_epoch)
            self.best_line.setVisible(True)
        else:
            self.best_line.setVisible(False)
        self._show_confusion(m.confusion if snap.settings.problem == "multiclass" else None,
                             snap.data.train.class_names)
        if snap.marks != self.marks:
            self._show_marks(snap.marks)

    def _show_marks(self, marks: tuple) -> None:
        """A thin violet line at each edit made while the run trained; hovering names it."""
        self.marks = marks
        while len(self._mark_lines) < len(marks):
            line = pg.InfiniteLine(angle=90, pen=pg.mkPen(150, 90, 200, width=1, style=Qt.PenStyle.DotLine))
            self.plot.addItem(line, ignoreBounds=True)
            self._mark_lines.append(line)
        for i, line in enumerate(self._mark_lines):
            line.setVisible(i < len(marks))
            if i < len(marks):
                line.setPos(marks[i][0])
                line.setToolTip(f"epoch {marks[i][0]}: {marks[i][1]}")

    def mark_lines(self) -> list[tuple[float, str]]:
        """(epoch, tooltip) of the marks drawn (tests)."""
        return [(line.value(), line.toolTip()) for line in self._mark_lines if line.isVisible()]

    def _set_ranges(self, n: int, h: dict) -> None:
        """Axes move in steps (x to the next 1-2-5 number of epochs, y to the largest
        loss so far, or whole decades on a log scale), so most frames redraw the curves
        only, not the axes, and the picture does not jitter."""
        x_max = _nice_ceiling(max(10, n - 1))
        losses = np.concatenate([h["train_loss"], h["test_loss"]])
        losses = losses[np.isfinite(losses)]
        if not len(losses):
            return
        if self.log_scale.isChecked():
            positive = losses[losses > 0]
            low = np.floor(np.log10(positive.min())) if len(positive) else -3
            high = np.ceil(np.log10(positive.max())) if len(positive) else 0
            y_range = (low, max(high, low + 1))
        else:
            y_range = (0.0, _nice_ceiling(losses.max()))
        if (x_max, y_range) != getattr(self, "_ranges", None):
            self._ranges = (x_max, y_range)
            item = self.plot.getPlotItem()
            item.setXRange(0, x_max, padding=0.02)
            item.setYRange(*y_range, padding=0.02)

    def _plottable(self, values: np.ndarray) -> np.ndarray:
        # a log axis cannot show zero or negative values
        return np.maximum(values, 1e-12) if self.log_scale.isChecked() else values

    def _show_confusion(self, matrix, class_names: tuple = ()) -> None:
        """Counts per (true, predicted) class, headed by the classes' names (your data's labels)."""
        self.confusion_box.setVisible(matrix is not None)
        if matrix is None:
            return
        k = len(matrix)
        # long labels shortened (the whole name in the tooltip): the curve beside it keeps its room
        names = [n if len(n) <= 7 else n[:6] + "…" for n in class_names] if len(class_names) == k else \
            [str(i) for i in range(k)]
        if self.confusion.rowCount() != k or self.confusion.verticalHeaderItem(0).text() != names[0]:
            self.confusion.setRowCount(k)
            self.confusion.setColumnCount(k)
            self.confusion.setHorizontalHeaderLabels(names)
            self.confusion.setVerticalHeaderLabels(names)
            for i, name in enumerate(class_names if len(class_names) == k else names):
                for header in (self.confusion.horizontalHeaderItem(i), self.confusion.verticalHeaderItem(i)):
                    header.setToolTip(name)
        for i in range(k):
            for j in range(k):
                cell = self.confusion.item(i, j)
                if cell is None:  # setItem with the table's own item again makes Qt warn, every frame
                    cell = QTableWidgetItem()
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    if i == j:
                        cell.setForeground(pg.mkColor(hex_color(CLASS_COLORS[i % len(CLASS_COLORS)])))
                    self.confusion.setItem(i, j, cell)
                cell.setText(str(int(matrix[i][j])))

    def _on_mouse_moved(self, pos) -> None:
        h = self.history
        inside = self.plot.sceneBoundingRect().contains(pos)
        if h is None or not len(h["epoch"]) or not inside:
            self.cursor_line.setVisible(False)
            self.readout.setVisible(False)
            return
        x = self.plot.getPlotItem().vb.mapSceneToView(pos).x()
        i = int(np.clip(np.searchsorted(h["epoch"], x), 0, len(h["epoch"]) - 1))
        self.cursor_line.setPos(h["epoch"][i])
        self.cursor_line.setVisible(True)
        self.readout.setText(self.readout_text(i))
        view = self.plot.getPlotItem().vb.viewRange()
        self.readout.setPos(h["epoch"][i], view[1][1])
        self.readout.setVisible(True)

    def readout_text(self, i: int) -> str:
        """What hovering epoch index i shows."""
        h = self.history
        text = f"epoch {int(h['epoch'][i])}\ntraining {_fmt(h['train_loss'][i])}\ntest {_fmt(h['test_loss'][i])}"
        if np.isfinite(h["test_accuracy"][i]):
            text += f"\naccuracy {h['test_accuracy'][i]:.1%}"
        for epoch, label in self.marks:
            if epoch == int(h["epoch"][i]):
                text += f"\nedit: {label}"
        return text
