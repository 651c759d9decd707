"""The controls: the run bar across the top and the data panel on the left.

Controls only emit commands; ``show_snapshot`` sets them from the session's
settings inside signal blockers, so model and view never echo each other.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QSignalBlocker, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from playground.colors import BLUE, CLASS_COLORS, ORANGE
from playground.engine.data import DATASETS, PLANE_RADIUS, generate
from playground.session.loop_commands import FULL_SPEED, SPEEDS
from playground.settings import spec


def _decimal(value: float) -> str:
    """0.00001 rather than 1e-05: how a rate reads in a list."""
    return np.format_float_positional(value, trim="-")


# the choices, ranges and presets are the settings table's (playground/settings.py)
LEARNING_RATES = tuple(_decimal(v) for v in spec("learning_rate").presets)
REGULARIZATION_RATES = tuple(_decimal(v) for v in spec("regularization_rate").presets)
PROBLEM_LABELS = {"classification": "Classification", "multiclass": "Multi-class", "regression": "Regression",
                  "function": "1-D function"}


def _labelled(label: str, widget: QWidget, tooltip: str) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(1)
    text = QLabel(label.upper())
    text.setStyleSheet("color: #777; font-size: 9pt;")
    layout.addWidget(text)
    layout.addWidget(widget)
    box.setToolTip(tooltip)
    widget.setToolTip(tooltip)
    return box


def _combo(items, tooltip: str, editable: bool = False) -> QComboBox:
    combo = QComboBox()
    for item in items:
        if isinstance(item, tuple):
            combo.addItem(item[1], item[0])
        else:
            combo.addItem(item, item)
    combo.setEditable(editable)
    combo.setToolTip(tooltip)
    # never narrower than its longest choice: a squeezed box would clip "Classification"
    combo.setMinimumWidth(combo.sizeHint().width())
    return combo


def _select(combo: QComboBox, value) -> None:
    with QSignalBlocker(combo):
        index = combo.findData(value)
        if index < 0 and combo.isEditable():
            combo.setEditText(str(value))
        else:
            combo.setCurrentIndex(max(0, index))


class RunBar(QWidget):
    """Play/pause, step, the two resets, the epoch counter, the speed, and the
    training settings."""
    command = Signal(str, object)
    hint = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(5)
        self._add_transport(layout)
        layout.addSpacing(12)
        self._add_training_settings(layout)
        layout.addStretch(1)
        self._rate_in_use = 0.0  # the learning rate last sent or shown

    def _add_transport(self, layout: QHBoxLayout) -> None:
        """The two resets, play/pause, step, the epoch counter and the speed."""
        style = self.style()
        self.reset_button = self._button(style.standardIcon(QStyle.StandardPixmap.SP_BrowserReload),
                                         "Reset: start again with new initial weights (R)", "reset",
                                         {"same_start": False})
        self.reset_same_button = self._button(style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipBackward),
                                              "Reset to the same start: the same initial weights again "
                                              "(Shift+R)", "reset", {"same_start": True})
        self._play_icon = style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay)
        self._pause_icon = style.standardIcon(QStyle.StandardPixmap.SP_MediaPause)
        self.play_button = QPushButton()
        self.play_button.setIcon(self._play_icon)
        self.play_button.setIconSize(QSize(26, 26))
        self.play_button.setObjectName("play")
        self.play_button.setFixedSize(52, 52)
        self.play_button.setToolTip("Play / pause training (Space)")
        self.play_button.clicked.connect(lambda: self.command.emit("toggle", {}))
        self.step_button = self._button(style.standardIcon(QStyle.StandardPixmap.SP_MediaSeekForward),
                                        "Step: train on one mini-batch and show it (→)", "step", {})
        for w in (self.reset_button, self.reset_same_button, self.play_button, self.step_button):
            layout.addWidget(w)
        self.epoch = QLabel("000,000")
        self.epoch.setObjectName("epoch")
        self.epoch.setToolTip("Epochs trained: one epoch is one pass over the training data")
        layout.addWidget(_labelled("Epoch", self.epoch, self.epoch.toolTip()))
        self.speed = QSlider(Qt.Orientation.Horizontal)
        self.speed.setRange(0, FULL_SPEED)
        self.speed.setValue(FULL_SPEED)
        self.speed.setFixedWidth(96)
        self.speed_label = QLabel(SPEEDS[FULL_SPEED][0])
        self.speed.valueChanged.connect(self._on_speed_changed)
        speed_box = QWidget()
        speed_layout = QVBoxLayout(speed_box)
        speed_layout.setContentsMargins(0, 0, 0, 0)
        speed_layout.addWidget(self.speed)
        speed_layout.addWidget(self.speed_label)
        layout.addWidget(_labelled("Speed", speed_box, "From slow motion for the classroom to full speed"))

    def _add_training_settings(self, layout: QHBoxLayout) -> None:
        """The learning rate, activation, regularization, optimizer and problem boxes."""
        self.learning_rate = _combo(LEARNING_RATES, "", editable=True)
        # a typed rate is sent, not added to the list (where "fast" or 0.05 would stay, at the bottom)
        self.learning_rate.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.learning_rate.lineEdit().editingFinished.connect(self._on_learning_rate_edited)
        self.learning_rate.activated.connect(self._on_learning_rate_edited)
        self.activation = self._choice_box("activation")
        self.activation.setPlaceholderText("mixed")  # shown when the hidden layers' activations differ
        self.regularization = self._choice_box("regularization")
        self.regularization_rate = _combo(REGULARIZATION_RATES, "")
        self.regularization_rate.activated.connect(
            lambda: self._setting("regularization_rate", float(self.regularization_rate.currentData())))
        self.optimizer = self._choice_box("optimizer")
        self.problem = self._choice_box("problem", PROBLEM_LABELS)
        for label, widget, tip in (
                ("Learning rate", self.learning_rate, "How far each update moves the weights: too small "
                 "crawls, too large overshoots and diverges. Type any value."),
                ("Activation", self.activation, "The hidden layers' activation function"),
                ("Regularization", self.regularization, "A penalty on large weights: L1 drives weights to "
                 "zero, L2 shrinks them all"),
                ("Reg. rate", self.regularization_rate, "How strong the penalty is"),
                ("Optimizer", self.optimizer, "SGD follows the gradient; momentum remembers past steps; "
                 "Adam adapts a step size per weight"),
                ("Problem", self.problem, "Two classes, three classes, a surface over the plane, "
                 "or a 1-D function")):
            layout.addWidget(_labelled(label, widget, tip))

    def _choice_box(self, key: str, labels: dict | None = None) -> QComboBox:
        """A box of the setting's choices (shown by their labels, if given) that sets it."""
        labels = labels or {}
        box = _combo([(name, labels.get(name, name)) for name in spec(key).choices], "")
        box.activated.connect(lambda: self._setting(key, box.currentData()))
        return box

    def _button(self, icon: QIcon, tooltip: str, name: str, args: dict) -> QToolButton:
        button = QToolButton()
        button.setIcon(icon)
        button.setIconSize(QSize(22, 22))
        button.setToolTip(tooltip)
        button.setFixedSize(38, 38)
        button.clicked.connect(lambda: self.command.emit(name, dict(args)))
        return button

    def _setting(self, key: str, value) -> None:
        self.command.emit("set_setting", {"key": key, "value": value})

    def _on_speed_changed(self, value: int) -> None:
        self.speed_label.setText(SPEEDS[value][0])
        self.command.emit("set_speed", {"speed": value})

    def _on_learning_rate_edited(self) -> None:
        text = self.learning_rate.currentText().strip().replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            value = -1.0
        if not (value > 0 and np.isfinite(value)):
            self.hint.emit(f"Learning rate: expected a number > 0, got {text!r}")
            self.learning_rate.setEditText(f"{self._rate_in_use:g}")  # show the rate in use again
            return
        if value != self._rate_in_use:  # focus leaving the box repeats the signal: send changes only
            self._rate_in_use = value
            self._setting("learning_rate", value)

    def show_snapshot(self, snap, playing: bool) -> None:
        s = snap.settings
        self.epoch.setText(f"{snap.epoch:07,d}")
        self.play_button.setIcon(self._pause_icon if playing else self._play_icon)
        self.play_button.setToolTip(("Pause" if playing else "Play") + " training (Space)")
        if not self.learning_rate.lineEdit().hasFocus():
            self._rate_in_use = s.learning_rate
            _select(self.learning_rate, f"{s.learning_rate:g}")
        if len(set(snap.network.activation_names[:-1])) > 1:
            with QSignalBlocker(self.activation):
                self.activation.setCurrentIndex(-1)  # "mixed": choosing one sets every hidden layer
        else:
            _select(self.activation, s.activation)
        _select(self.regularization, s.regularization)
        _select(self.regularization_rate, f"{s.regularization_rate:g}")
        _select(self.optimizer, s.optimizer)
        _select(self.problem, s.problem)


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
        painter.setPen(QPen(color, 2.4))
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
        layout.addWidget(self.show_test)
        layout.addWidget(self.discretize)
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
            box = _labelled(label, widget, tip)
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
            if not widget.hasFocus() or not isinstance(widget, QSpinBox):
                with QSignalBlocker(widget):
                    widget.setValue(int(value))
            if widget in self._slider_titles and not widget.isSliderDown():
                self._show_slider_value(widget, int(value))
        with QSignalBlocker(self.discretize):
            self.discretize.setChecked(snap.discrete)
        self._validation_percent = s.validation_percent
        with QSignalBlocker(self.early_stopping):
            self.early_stopping.setChecked(bool(s.patience))
        self.patience.setEnabled(bool(s.patience))
        if s.patience and not self.patience.hasFocus():
            with QSignalBlocker(self.patience):
                self.patience.setValue(s.patience)
