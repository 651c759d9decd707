"""The data panel on the left: which data set (a thumbnail each), how noisy, how it
is split and batched, early stopping; what the output plot shows.

Like the run bar, it only emits commands; ``show_snapshot`` sets it from the
session's settings inside signal blockers.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from playground.colors import BLUE, CLASS_COLORS, ORANGE
from playground.engine.data import DATASETS, PLANE_RADIUS, generate
from playground.settings import spec
from playground.ui.controls import labelled
from playground.ui.slice_chooser import SliceChooser


def dataset_preview(name: str, size: int = 56) -> QPixmap:
    """A thumbnail of a data set for the picker, drawn from its generator."""
    data = generate(name, 240, 0, seed=7)
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(250, 250, 250))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scale = (size - 6) / (2 * PLANE_RADIUS)
    xs = 3 + (data.points[:, 0] + PLANE_RADIUS) * scale
    if data.points.shape[1] == 1:
        ys = size / 2 - data.values * (size / 2 - 6)
        colors = [QColor(70, 70, 70)] * len(xs)
    else:
        ys = size - 3 - (data.points[:, 1] + PLANE_RADIUS) * scale
        if data.is_classification:
            colors = [QColor(*map(int, CLASS_COLORS[v])) for v in data.values]
        else:
            colors = [QColor(*(BLUE if v >= 0 else ORANGE)) for v in data.values]
    for x, y, color in zip(xs, ys, colors):
        painter.setPen(QPen(color, 2.4 * size / 56))
        painter.drawPoint(int(x), int(y))
    painter.end()
    return pixmap


class DataPanel(QWidget):
    """Which data, how noisy, how it is split and batched; what the plot shows."""
    command = Signal(str, object)
    view_option = Signal(str, bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        title = QLabel("DATA")
        title.setStyleSheet("font-weight: bold; color: #555;")
        layout.addWidget(title)
        layout.addLayout(self._dataset_picker())
        self._add_sliders(layout)
        self._add_early_stopping(layout)
        self.regenerate = QPushButton("Regenerate")
        self.regenerate.setToolTip("Draw new data (the next seed) and new weights")
        self.regenerate.clicked.connect(lambda: self.command.emit("regenerate", {}))
        layout.addWidget(self.regenerate)
        self.show_test = QCheckBox("Show test data")
        self.show_test.setToolTip("Draw the test points (black outline) on the output plot")
        self.show_test.toggled.connect(lambda on: self.view_option.emit("show_test", on))
        self.discretize = QCheckBox("Discretize output")
        self.discretize.setToolTip("Show only the predicted class, not the network's confidence")
        self.discretize.toggled.connect(lambda on: self.command.emit("set_discrete", {"on": on}))
        self.slice_chooser = SliceChooser()  # plain inputs: which two the output plot draws
        self.slice_chooser.command.connect(self.command)
        layout.addWidget(self.show_test)
        layout.addWidget(self.discretize)
        layout.addWidget(self.slice_chooser)
        layout.addStretch(1)
        self._validation_percent = 0.0

    def _add_sliders(self, layout: QVBoxLayout) -> None:
        """The ratio of training data and the noise, each saying its value as
        TensorFlow Playground's do ("Noise: 25"), and the batch size."""
        self.train_percent = self._slider("train_percent", "Ratio of training to test data, in percent")
        self.noise = self._slider("noise", "Noise, in percent (as TensorFlow Playground's slider)")
        self.batch_size = self._spin_box("batch_size")
        self.batch_size.valueChanged.connect(lambda v: self._setting("batch_size", int(v)))
        self._slider_titles = {}
        for label, widget, tip, unit in (
                ("Ratio of training to test data", self.train_percent, self.train_percent.toolTip(), " %"),
                ("Noise", self.noise, self.noise.toolTip(), ""),
                ("Batch size", self.batch_size, "Samples per update; as many as the training points is "
                 "full-batch gradient descent", None)):
            box = labelled(label, widget, tip)
            layout.addWidget(box)
            if unit is not None:
                title = box.findChild(QLabel)
                title.setWordWrap(True)  # "…test data: 50 %" takes two lines in a narrow panel
                self._slider_titles[widget] = (title, label.upper(), unit)
                widget.sliderMoved.connect(lambda value, w=widget: self._show_slider_value(w, value))
                self._show_slider_value(widget, widget.value())

    def _dataset_picker(self) -> QGridLayout:
        """A thumbnail button per data set, three to a row."""
        grid = QGridLayout()
        grid.setSpacing(4)
        self.dataset_buttons: dict[str, QToolButton] = {}
        for i, name in enumerate(spec("dataset").choices):
            info = DATASETS[name]
            button = QToolButton()
            button.setIcon(QIcon(dataset_preview(name)))
            button.setIconSize(QSize(56, 56))
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setToolTip(f"{name}: {info.about} ({info.problem})")
            button.setObjectName(f"dataset-{name}")
            button.setAccessibleName(f"{name} data set")
            button.clicked.connect(lambda _=False, n=name: self._setting("dataset", n))
            grid.addWidget(button, i // 3, i % 3)
            self.dataset_buttons[name] = button
        return grid

    def _add_early_stopping(self, layout: QVBoxLayout) -> None:
        """The check box and the patience (0, "off", is the unchecked box)."""
        self.early_stopping = QCheckBox("Early stopping")
        self.early_stopping.setToolTip("Hold out 20 % of the training points for validation and stop when their "
                                       "loss has not improved for the patience's number of epochs, keeping the "
                                       "best weights; the loss plot marks the best epoch")
        self.early_stopping.toggled.connect(self._on_early_stopping_toggled)
        self.patience = self._spin_box("patience", low=1)
        self.patience.setValue(50)
        self.patience.setSuffix(" epochs patience")
        self.patience.valueChanged.connect(
            lambda v: self._setting("patience", int(v)) if self.early_stopping.isChecked() else None)
        layout.addWidget(self.early_stopping)
        layout.addWidget(self.patience)

    @staticmethod
    def _spin_box(key: str, low: int | None = None) -> QSpinBox:
        """A whole-number box over the setting's range (from ``low``, if given)."""
        entry = spec(key)
        box = QSpinBox()
        box.setRange(int(entry.low if low is None else low), int(entry.high))
        box.setKeyboardTracking(False)
        return box

    def _slider(self, key: str, tooltip: str) -> QSlider:
        """A slider over the setting's range and step that sets it when released."""
        entry = spec(key)
        slider = QSlider(Qt.Orientation.Horizontal)
        slider.setRange(int(entry.low), int(entry.high))
        slider.setSingleStep(int(entry.step))
        slider.setToolTip(tooltip)
        slider.setTracking(False)  # one command when released, not one per pixel dragged
        slider.valueChanged.connect(lambda v: self._setting(key, float(v)))
        return slider

    def _setting(self, key: str, value) -> None:
        self.command.emit("set_setting", {"key": key, "value": value})

    def set_zoom(self, zoom: float) -> None:
        """The data tiles at the window's zoom (the type follows the window's)."""
        side = round(56 * zoom)
        if side != self.dataset_buttons["circle"].iconSize().width():
            for name, button in self.dataset_buttons.items():  # drawn anew: an icon is not enlarged past its pixmap
                button.setIcon(QIcon(dataset_preview(name, side)))
                button.setIconSize(QSize(side, side))

    def _show_slider_value(self, slider: QSlider, value: int) -> None:
        title, caption, unit = self._slider_titles[slider]
        title.setText(f"{caption}: {value}{unit}")

    def _on_early_stopping_toggled(self, on: bool) -> None:
        if on:
            if self._validation_percent == 0:
                self._setting("validation_percent", 20.0)  # early stopping watches a validation split
            self._setting("patience", int(self.patience.value()))
        else:
            self._setting("patience", 0)

    def show_snapshot(self, snap) -> None:
        s = snap.settings
        for name, button in self.dataset_buttons.items():
            with QSignalBlocker(button):
                button.setChecked(name == s.dataset and not snap.own_data)  # your own points: no tile
        for widget, value in ((self.train_percent, s.train_percent), (self.noise, s.noise),
                              (self.batch_size, s.batch_size)):
            # only a change: a spin box given its own value still redraws its text, every frame
            if widget.value() != int(value) and (not widget.hasFocus() or not isinstance(widget, QSpinBox)):
                with QSignalBlocker(widget):
                    widget.setValue(int(value))
            if widget in self._slider_titles and not widget.isSliderDown():
                self._show_slider_value(widget, int(value))
        with QSignalBlocker(self.discretize):
            self.discretize.setChecked(snap.discrete)
        self.slice_chooser.show_snapshot(snap)
        self._validation_percent = s.validation_percent
        with QSignalBlocker(self.early_stopping):
            self.early_stopping.setChecked(bool(s.patience))
        self.patience.setEnabled(bool(s.patience))
        if s.patience and s.patience != self.patience.value() and not self.patience.hasFocus():
            with QSignalBlocker(self.patience):
                self.patience.setValue(s.patience)
