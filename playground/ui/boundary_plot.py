"""The big output plot: the network's output over the plane as a heatmap with
the data on top, or for 1-D function problems the target, the network's
function and each hidden unit's weighted contribution as thin curves.

Built once; each snapshot only calls setImage / setData.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtWidgets import QGraphicsItem, QWidget

from playground.colors import BLUE, CLASS_COLORS, ORANGE
from playground.engine.data import PLANE_RADIUS

R = PLANE_RADIUS


_BRUSHES: dict[tuple, object] = {}


def _brushes(colors) -> list:
    """One shared brush per colour: pyqtgraph renders a symbol for every distinct brush
    object, so 10,000 fresh brushes took 1.5 s on the GUI thread, a few shared ones nothing."""
    keys = [tuple(c) for c in np.asarray(colors, dtype=int).tolist()]
    for key in set(keys) - _BRUSHES.keys():
        _BRUSHES[key] = pg.mkBrush(*key)
    return [_BRUSHES[key] for key in keys]


# of each set: a plot of a few hundred pixels shows no more, and each costs the GUI thread
# ~10 µs to set (the window held ~100 ms for 5,000 of each when 100,000 points arrived)
MAX_DRAWN_POINTS = 2_500


def drawn(part):
    """The points of a set that are drawn: all of them, or an even spread of MAX_DRAWN_POINTS
    (every k-th; the same ones each time) when there are more."""
    step = -(-len(part) // MAX_DRAWN_POINTS)
    return part if step <= 1 else part.subset(np.arange(0, len(part), step))


class BoundaryPlot(pg.PlotWidget):
    """Click to paint data: left button positive (class 1), right button negative
    (class 0), with Shift held to erase; ``point_clicked(x, y, positive, erase)``."""
    point_clicked = Signal(float, float, bool, bool)

    def __init__(self, parent=None):
        super().__init__(parent, background="w")
        self.setMinimumSize(200, 200)
        item = self.getPlotItem()
        item.setContentsMargins(2, 10, 12, 2)  # the tick numbers at the top and right ends stay whole
        item.setAspectLocked(True)
        item.hideButtons()
        item.setMenuEnabled(False)
        item.setMouseEnabled(False, False)
        item.showGrid(False, False)
        for axis in ("left", "bottom"):
            item.getAxis(axis).setPen(pg.mkPen(120, 120, 120))
            item.getAxis(axis).setTextPen(pg.mkPen(90, 90, 90))
        self.image = pg.ImageItem(axisOrder="row-major")
        self.addItem(self.image)
        self.train_points = pg.ScatterPlotItem(size=7, pen=pg.mkPen(255, 255, 255, 230, width=1.2))
        self.test_points = pg.ScatterPlotItem(size=7, pen=pg.mkPen(20, 20, 20, 230, width=1.2))
        self.batch_points = pg.ScatterPlotItem(size=15, brush=None, pen=pg.mkPen(20, 20, 20, width=2.2),
                                               symbol="o")
        # the inspector's sample: a square ring, apart from a step's round ones
        self.inspected_point = pg.ScatterPlotItem(size=19, brush=None, pen=pg.mkPen(156, 39, 176, width=2.8),
                                                  symbol="s")
        self.target_curve = pg.ScatterPlotItem(size=5, brush=pg.mkBrush(120, 120, 120, 160), pen=None)
        self.function_curve = pg.PlotDataItem(pen=pg.mkPen(20, 20, 20, width=3))
        self.selected_curve = pg.PlotDataItem(pen=pg.mkPen(156, 39, 176, width=2, style=Qt.PenStyle.DashLine))
        self.contribution_curves: list[pg.PlotDataItem] = []
        for item_ in (self.train_points, self.test_points, self.batch_points, self.inspected_point,
                      self.target_curve, self.function_curve, self.selected_curve):
            self.addItem(item_)
        # drawn once into a pixmap and reused: while training, the heatmap beneath changes every
        # frame but the points and the axes do not, and redrawing them was a third of the plot's cost
        for still in (self.train_points, self.test_points, self.batch_points, self.inspected_point,
                      item.getAxis("left"), item.getAxis("bottom")):
            still.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.legend = self._function_legend()
        # plain inputs: the inputs held still while two are drawn, said on the plot
        self.held_text = pg.TextItem(color=(60, 60, 60), fill=pg.mkBrush(255, 255, 255, 200), anchor=(0, 0))
        self.held_text.setParentItem(self.getPlotItem().vb)
        self.held_text.setPos(4, 4)
        self.held_text.setVisible(False)
        self.scene().sigMouseClicked.connect(self._on_scene_clicked)
        self.setToolTip("Click to add a point: left button blue (class 1, or +1), right button orange; "
                        "Shift+click erases points nearby")
        self.show_test = False
        self._curve_width = 1.2
        self._look, self._zoom = 1.0, 1.0  # the presentation look's growth, the window's zoom
        self._data_version = None
        self._inspected = None  # (sample, data version, plane?) the mark was last drawn for
        self.mode = None  # "plane" or "line" (a 1-D function), once a snapshot is shown
        self.snapshot = None
        self._slice = None  # plain inputs: the slice the axes were set for

    def _on_scene_clicked(self, event) -> None:
        button = event.button()
        if button not in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            return
        pos = self.getPlotItem().vb.mapSceneToView(event.scenePos())
        if not (-R <= pos.x() <= R and (self.mode == "line" or -R <= pos.y() <= R)):
            return
        event.accept()
        erase = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        self.point_clicked.emit(pos.x(), pos.y(), button == Qt.MouseButton.LeftButton, erase)

    def set_look(self, presentation: bool) -> None:
        """Bigger points with bolder outlines, and thicker curves, for slides and projectors."""
        self._look = 10 / 7 if presentation else 1.0
        self._restyle()

    def set_zoom(self, zoom: float) -> None:
        """Points, rings and curves at the window's zoom."""
        self._zoom = zoom
        self._restyle()

    def _restyle(self) -> None:
        grow = self._look * self._zoom
        for points, size in ((self.train_points, 7), (self.test_points, 7), (self.batch_points, 15),
                             (self.inspected_point, 19), (self.target_curve, 5)):
            points.setSize(size * grow)
        self.function_curve.setPen(pg.mkPen(20, 20, 20, width=3 * grow))
        self._curve_width = 1.2 * grow
        outline = 1.2 * grow * (1.5 if self._look > 1 else 1.0)  # projectors wash out thin edges
        self.train_points.setPen(pg.mkPen(255, 255, 255, 230, width=outline))
        self.test_points.setPen(pg.mkPen(20, 20, 20, 230, width=outline))

    def set_show_test(self, on: bool) -> None:
        self.show_test = bool(on)
        self.test_points.setVisible(self.show_test and self.mode == "plane")

    def show_snapshot(self, snap) -> None:
        self.snapshot = snap
        mode = "line" if snap.curves is not None else "plane"
        if mode != self.mode or snap.slice != self._slice:
            self.mode, self._slice = mode, snap.slice
            self._set_mode(mode)
            if isinstance(self.parentWidget(), SquareFrame):
                self.parentWidget().place()  # square over the plane, the whole frame for a line
        if mode == "plane":
            self.image.setImage(snap.output_image, levels=(0, 255), autoLevels=False)
            # the rect maps pixels to the plane; it depends on the image's shape, so
            # pyqtgraph wants it after setImage
            x0, x1, y0, y1 = _extent(snap)
            self.image.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
            if snap.data_version != self._data_version:
                self._data_version = snap.data_version
                self._set_points(snap)
        else:
            self._set_curves(snap)
        self._set_batch(snap)
        self._set_inspected(snap)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._wrap_held_text()

    def _wrap_held_text(self) -> None:
        """The inputs held still, in lines as wide as the plot's data area (no text cut off)."""
        if getattr(self, "held_text", None) is None:
            return  # a resize while the plot is being built
        width = self.getPlotItem().vb.sceneBoundingRect().width() or self.width() - 60
        self.held_text.textItem.setTextWidth(max(80.0, width - 12))

    def _function_legend(self) -> pg.LegendItem:
        """For a 1-D function: what the dots and the curves are (one entry for all the units)."""
        legend = pg.LegendItem(offset=(-6, 6), labelTextColor=(60, 60, 60), brush=pg.mkBrush(255, 255, 255, 220),
                               labelTextSize="8pt")
        legend.setParentItem(self.getPlotItem().vb)
        unit = pg.PlotDataItem(pen=pg.mkPen(*BLUE, 200, width=1.2))
        for sample, name in ((self.target_curve, "target"), (self.function_curve, "network"),
                             (unit, "hidden units")):
            legend.addItem(sample, name)
        legend.setVisible(False)
        return legend

    def _set_mode(self, mode: str) -> None:
        plane, view = mode == "plane", self._slice
        self.legend.setVisible(not plane)
        item = self.getPlotItem()
        names = [view.names[a] for a in view.axes] if view is not None else []
        item.setLabel("bottom", names[0] if names else "" if plane else "x")
        item.setLabel("left", names[1] if plane and names else "" if plane else "y")
        item.showLabel("bottom", not plane or bool(names))
        item.showLabel("left", not plane or bool(names))
        self.held_text.setText(view.held_text() if view is not None else "")
        self.held_text.setVisible(view is not None and bool(view.held_text()))
        self._wrap_held_text()
        for item in (self.image, self.train_points):
            item.setVisible(plane)
        self.test_points.setVisible(plane and self.show_test)
        for item in [self.target_curve, self.function_curve, self.selected_curve] + self.contribution_curves:
            item.setVisible(not plane)
        plot = self.getPlotItem()
        plot.setAspectLocked(plane and view is None)  # a slice's two inputs have ranges of their own
        if plane:
            x0, x1, y0, y1 = view.extent if view is not None else (-R, R, -R, R)
            plot.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
        self._data_version = None

    def _colors(self, dataset) -> list:
        if dataset.is_classification:
            return _brushes(CLASS_COLORS[dataset.values % len(CLASS_COLORS)])
        # regression: value in [-1, 1] on the orange-white-blue scale
        values = dataset.values if dataset.values.ndim == 1 else dataset.values[:, 0]  # the first output's target
        t = np.round(np.clip(values, -1, 1) * 32)[:, None] / 32  # 65 shades: few brushes
        rgb = np.where(t < 0, 255 + (np.array(ORANGE) - 255) * -t, 255 + (np.array(BLUE) - 255) * t)
        return _brushes(rgb)

    def _set_points(self, snap) -> None:
        for item, part in ((self.train_points, snap.data.train), (self.test_points, snap.data.test)):
            shown = drawn(part) if not snap.needs_data else part.subset(np.arange(0))  # no stand-ins
            item.setData(pos=shown.points[:, _columns(snap)], brush=self._colors(shown))

    def _set_batch(self, snap) -> None:
        """Ring the last step's samples: points of the plane, or (x, target) of a 1-D function."""
        if snap.batch is None:
            if len(self.batch_points.data):  # clearing an empty item still redoes its bounds
                self.batch_points.setData([], [])
            return
        train = snap.data.train
        if snap.curves is not None:
            self.batch_points.setData(train.points[snap.batch, 0], train.values[snap.batch])
        else:
            self.batch_points.setData(pos=train.points[snap.batch][:, _columns(snap)])

    def _set_inspected(self, snap) -> None:
        """Mark the training point the inspector traces, if it picked one."""
        inspection = snap.teaching.inspection if snap.teaching is not None else None
        index = None if inspection is None else inspection.sample
        key = (index, snap.data_version, snap.curves is None, snap.slice)
        if key == self._inspected:
            return  # the same mark: setData would only redo the item's bounds every frame
        self._inspected = key
        train = snap.data.train
        if index is None or index >= len(train):
            self.inspected_point.setData([], [])
        elif snap.curves is not None:
            self.inspected_point.setData([train.points[index, 0]], [train.values[index]])
        else:
            self.inspected_point.setData(pos=train.points[index:index + 1, _columns(snap)])

    def _set_curves(self, snap) -> None:
        curves = snap.curves
        if snap.data_version != self._data_version:
            self._data_version = snap.data_version
            train = snap.data.train
            shown = drawn(train)
            self.target_curve.setData(shown.points[:, 0], shown.values)
            values = np.concatenate([train.values, [-1.0, 1.0]])
            x0, x1 = _extent(snap)[:2]
            self.getPlotItem().setRange(xRange=(x0, x1), yRange=(values.min() - 0.2, values.max() + 0.2), padding=0)
        self.function_curve.setData(curves.x, curves.output)
        weights = curves.contributions
        net = snap.network
        signs = net.W(net.depth - 1)[0] >= 0 if net.depth > 1 else []  # each unit's outgoing weight
        while len(self.contribution_curves) < len(weights):
            curve = pg.PlotDataItem()
            self.addItem(curve)
            self.contribution_curves.append(curve)
        for i, curve in enumerate(self.contribution_curves):
            if i < len(weights):
                curve.setPen(pg.mkPen(*(BLUE if signs[i] else ORANGE), 200, width=self._curve_width))
                curve.setData(curves.x, weights[i])
                curve.setVisible(True)
            else:
                curve.setVisible(False)
        if curves.selected is not None:
            self.selected_curve.setData(curves.x, curves.selected)
        else:
            self.selected_curve.setData([], [])


def _extent(snap) -> tuple:
    """(x from, x to, y from, y to) of the drawn plane: the plane's, or a slice's."""
    return snap.slice.extent if snap.slice is not None else (-R, R, -R, R)


def _columns(snap) -> list:
    """The data's columns drawn across and up: x1, x2, or a slice's two inputs."""
    return list(snap.slice.axes) if snap.slice is not None and len(snap.slice.axes) == 2 else [0, 1]


class SquareFrame(QWidget):
    """Holds the output plot so that, over the plane, its data area is exactly the
    data's square (equal aspect, no empty strips beside the image): the plot takes
    the largest such size and sits centred; for 1-D problems it fills the frame."""

    def __init__(self, plot: BoundaryPlot, parent=None):
        super().__init__(parent)
        self.plot = plot
        plot.setParent(self)
        self.setMinimumSize(plot.minimumSize())
        self.setStyleSheet("background: white;")

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.place()
        # once more when the plot has laid its axes out at that size; only then, never on
        # the plot's own resizes: its axes' widths can differ by a pixel from one size to
        # the next, and the two would resize each other for ever
        QTimer.singleShot(0, self, self.place)  # (not called once the frame is gone)

    def place(self, *_) -> None:
        plot = self.plot
        box = plot.getPlotItem().vb.size()
        if plot.mode != "plane" or box.width() <= 0 or box.height() <= 0:
            target = self.rect()
        else:
            # the axes' room around the data area, as the plot's layout last gave it
            extra_w = max(0.0, plot.width() - box.width())
            extra_h = max(0.0, plot.height() - box.height())
            side = max(1.0, min(self.width() - extra_w, self.height() - extra_h))
            width = min(self.width(), round(side + extra_w))
            height = min(self.height(), round(side + extra_h))
            target = QRect((self.width() - width) // 2, (self.height() - height) // 2, width, height)
        now = plot.geometry()
        if max(abs(now.x() - target.x()), abs(now.y() - target.y()), abs(now.width() - target.width()),
               abs(now.height() - target.height())) > 2:  # a pixel or two off is square enough
            plot.setGeometry(target)
