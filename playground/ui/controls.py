"""The run bar across the top: play, step, the resets, the epoch, the speed and the
training settings (the data panel on the left is data_panel.py; it shares ``labelled``).

Controls only emit commands; ``show_snapshot`` sets them from the session's
settings inside signal blockers, so model and view never echo each other.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QSignalBlocker, QSize, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from playground.settings import spec
from playground.ui.pace import PaceReadout, SpeedControl
from playground.ui.steady_text import SteadyText


def _decimal(value: float) -> str:
    """0.00001 rather than 1e-05: how a rate reads in a list."""
    return np.format_float_positional(value, trim="-")


# the choices, ranges and presets are the settings table's (playground/settings.py)
LEARNING_RATES = tuple(_decimal(v) for v in spec("learning_rate").presets)
REGULARIZATION_RATES = tuple(_decimal(v) for v in spec("regularization_rate").presets)
PROBLEM_LABELS = {"classification": "Classification", "multiclass": "Multi-class", "regression": "Regression",
                  "function": "1-D function"}


def labelled(label: str, widget: QWidget, tooltip: str) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(1)
    text = QLabel(label.upper())
    text.setObjectName("caption")  # small grey type: the window's style sheet, at its zoom
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
    _keep_text_whole(combo)
    return combo


def _keep_text_whole(combo: QComboBox) -> None:
    """Never narrower than its longest choice, in its type now: a squeezed box would
    clip "Classification"."""
    combo.setMinimumWidth(0)
    combo.setMinimumWidth(combo.sizeHint().width())


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
        self._shows_pause = False
        self.play_button.setIconSize(QSize(26, 26))
        self.play_button.setObjectName("play")
        self.play_button.setFixedSize(52, 52)
        self.play_button.setToolTip("Play / pause training (Space)")
        self.play_button.clicked.connect(lambda: self.command.emit("toggle", {}))
        self.step_button = self._button(style.standardIcon(QStyle.StandardPixmap.SP_MediaSeekForward),
                                        "Step: train on one mini-batch and show it (→)", "step", {})
        for w, name in ((self.reset_button, "Reset"), (self.reset_same_button, "Reset to the same start"),
                        (self.play_button, "Play or pause"), (self.step_button, "Step")):
            w.setAccessibleName(name)  # icons only: a screen reader says this
            layout.addWidget(w)
        self.epoch = SteadyText("000,000")
        self.epoch.setObjectName("epoch")
        self.epoch.setToolTip("Epochs trained: one epoch is one pass over the training data")
        self.pace = PaceReadout()
        epoch_box = QWidget()
        epoch_layout = QVBoxLayout(epoch_box)
        epoch_layout.setContentsMargins(0, 0, 0, 0)
        epoch_layout.setSpacing(0)
        epoch_layout.addWidget(self.epoch)
        epoch_layout.addWidget(self.pace)
        layout.addWidget(labelled("Epoch", epoch_box, self.epoch.toolTip()))
        self.speed_control = SpeedControl()
        self.speed, self.speed_label = self.speed_control.slider, self.speed_control.label
        self.speed_control.changed.connect(lambda value: self.command.emit("set_speed", {"speed": value}))
        layout.addWidget(labelled("Speed", self.speed_control, "How fast training goes: from one mini-batch a "
                                  "second, through one epoch per frame drawn, to full speed (Ctrl+F)"))

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
            layout.addWidget(labelled(label, widget, tip))

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

    def set_zoom(self, zoom: float) -> None:
        """Buttons, icons and boxes at the window's zoom (their type follows the window's)."""
        self.play_button.setIconSize(QSize(round(26 * zoom), round(26 * zoom)))
        self.play_button.setFixedSize(round(52 * zoom), round(52 * zoom))
        for button in (self.reset_button, self.reset_same_button, self.step_button):
            button.setIconSize(QSize(round(22 * zoom), round(22 * zoom)))
            button.setFixedSize(round(38 * zoom), round(38 * zoom))
        self.speed.setFixedWidth(round(96 * zoom))
        for combo in (self.learning_rate, self.activation, self.regularization, self.regularization_rate,
                      self.optimizer, self.problem):
            _keep_text_whole(combo)

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

    def show_snapshot(self, snap, playing: bool, speed: int) -> None:
        s = snap.settings
        self.epoch.setText(f"{snap.epoch:07,d}")
        self.pace.show_snapshot(snap, playing, speed)
        if playing != self._shows_pause:  # a new icon asks for a new layout of the bar: only on a change
            self._shows_pause = playing
            self.play_button.setIcon(self._pause_icon if playing else self._play_icon)
        self.play_button.setToolTip(("Pause" if playing else "Play") + " training (Space)")
        if snap.needs_data:  # a network opened to be inspected: plain inputs without data, say
            self.play_button.setToolTip(snap.needs_data[0].upper() + snap.needs_data[1:])
        for button in (self.play_button, self.step_button):
            button.setEnabled(not snap.needs_data)
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
