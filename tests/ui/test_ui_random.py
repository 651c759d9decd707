"""500 random actions from a fixed seed on the real window: the run bar, the data
panel, the network view (real clicks and drags, and the editor's methods), the
keyboard shortcuts, while training plays and while it is paused.

Afterwards (and at checkpoints on the way): no exception in the GUI, the
training process alive and never restarted, no internal error reported, and the
network the editor draws is exactly the engine's.

The seed fixes the sequence of actions and of their random numbers (a fixed
count per action, whatever the window shows); how far training gets between two
of them depends on the machine, so each action applies its numbers to what the
window shows at that moment (the third neuron of the layers drawn, say).
"""

from __future__ import annotations

import random

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from ui_support import (
    BOTH_TRANSPORTS,
    OFFSCREEN_NOISE,
    center,
    click_scene,
    column_handles,
    drag_scene,
    editor_view_of_network,
    link_point,
    make_window,  # noqa: F401  (fixture)
    network_view,
    neuron_center,
    settle,
)

from playground.ui.network_editor import COLUMN
from playground.ui.network_items import NODE

# each test runs with the training loop in a child process and in a thread
pytestmark = [OFFSCREEN_NOISE, BOTH_TRANSPORTS]

SEED = 1234
ACTIONS = 500
CHECKPOINTS = (100, 250)

LEARNING_RATES_TYPED = ("0.3", "0.001", "10", "1e-5", "0,1", "-1", "abc", "3")
VALUES_TYPED = ("0", "1.5", "-2", "0.25", "-0.001", "7", "1e3")
BATCH_SIZES_TYPED = ("1", "7", "25", "250", "1000")
COMBO_KEYS = (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_Home, Qt.Key.Key_End)
SLIDER_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Left,
               Qt.Key.Key_Home, Qt.Key.Key_End)  # not Right: that is the window's step shortcut


DRAWS = 4  # random numbers per action


class Dice:
    """An action's DRAWS random numbers, handed out as random.Random would."""

    def __init__(self, values):
        self.values, self.used = list(values), 0

    def random(self) -> float:
        value = self.values[self.used]  # IndexError: an action wants more than DRAWS
        self.used += 1
        return value

    def randrange(self, n: int) -> int:
        return min(n - 1, int(self.random() * n))

    def choice(self, seq):
        return seq[self.randrange(len(seq))]


class Actions:
    """One method per kind of action; each takes its details from ``self.rng``,
    a fresh Dice per action."""

    def __init__(self, window, qtbot):
        self.window, self.qtbot, self.rng = window, qtbot, None
        self.editor, self.bar, self.panel = window.editor, window.run_bar, window.data_panel

    # --- helpers ----------------------------------------------------------------

    def _left(self, widget):
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)

    def _key(self, key, modifier=Qt.KeyboardModifier.NoModifier):
        QTest.keyClick(self.window, key, modifier)

    def _hidden_neurons(self):
        return [key for key in self.editor.neurons if 0 < key[0] < self._output_layer()]

    def _output_layer(self):
        return max(layer for layer, _ in self.editor.neurons)

    def _type_in(self, line_edit, text):
        self._left(line_edit)
        line_edit.selectAll()
        QTest.keyClicks(line_edit, text)
        QTest.keyClick(line_edit, Qt.Key.Key_Return)

    # --- training -----------------------------------------------------------------

    def play_pause(self):
        if self.rng.random() < 0.5:
            self._key(Qt.Key.Key_Space)
        else:
            self._left(self.bar.play_button)

    def step(self):
        if self.rng.random() < 0.5:
            self._key(Qt.Key.Key_Right)
        else:
            self._left(self.bar.step_button)

    def reset(self):
        if self.rng.random() < 0.5:
            self._key(Qt.Key.Key_R)
        else:
            self._left(self.bar.reset_button)

    def reset_same(self):
        if self.rng.random() < 0.5:
            self._key(Qt.Key.Key_R, Qt.KeyboardModifier.ShiftModifier)
        else:
            self._left(self.bar.reset_same_button)

    # --- the network ------------------------------------------------------------

    def add_neuron(self):
        editor, how = self.editor, self.rng.randrange(3)
        hidden = sorted({layer for layer, _ in self._hidden_neurons()})
        if not hidden or how == 0:
            editor.add_neuron(self.rng.randrange(max(1, len(hidden))))
            return
        layer = self.rng.choice(hidden)
        if how == 1:
            click_scene(editor, center(column_handles(editor, "+")[layer - 1]))
        else:
            drag_scene(editor, center(editor.chip), neuron_center(editor, layer, 0) + QPointF(0, -NODE / 2 - 4))

    def remove_neuron(self):
        editor, neurons, how = self.editor, self._hidden_neurons(), self.rng.randrange(4)
        if not neurons:
            return
        layer, unit = self.rng.choice(neurons)
        if how == 0:
            editor.remove_neuron(layer - 1, unit)
        elif how == 1:
            click_scene(editor, center(column_handles(editor, "−")[layer - 1]))
        elif how == 2:
            viewport = editor.viewport().rect()
            outside = QPoint(viewport.width() + 120, viewport.height() + 60)
            drag_scene(editor, neuron_center(editor, layer, unit), outside)
        else:
            click_scene(editor, neuron_center(editor, layer, unit))
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)

    def add_layer(self):
        editor, how = self.editor, self.rng.randrange(3)
        columns = len({layer for layer, _ in self._hidden_neurons()})
        if how == 0:
            editor.add_layer(self.rng.choice([None, self.rng.randrange(columns + 1)]))
        elif how == 1:
            click_scene(editor, center(editor.layer_plus))
        else:
            gap = self.rng.randrange(columns + 1)  # 0: between the inputs and the first layer
            x = editor.inputs[next(iter(editor.inputs))].pos().x() + gap * COLUMN + NODE + (COLUMN - NODE) / 2
            drag_scene(editor, center(editor.chip), QPointF(x, neuron_center(editor, 1, 0).y()))

    def remove_layer(self):
        columns = len({layer for layer, _ in self._hidden_neurons()})
        if self.rng.random() < 0.5:
            click_scene(self.editor, center(self.editor.layer_minus))
        elif columns:
            self.editor.remove_layer(self.rng.randrange(columns))

    def toggle_input(self):
        name = self.rng.choice(list(self.editor.inputs))
        click_scene(self.editor, center(self.editor.inputs[name]))

    def set_weight(self):
        if self.editor.links:
            self._edit_value(self.rng.choice(self.editor.links), link=True)

    def set_bias(self):
        if self.editor.biases:
            self._edit_value(self.rng.choice(self.editor.biases), link=False)

    def _edit_value(self, item, link: bool):
        editor = self.editor
        try:
            point = link_point(editor, item) if link else center(item)
        except AssertionError:  # covered by other links everywhere: try another time
            return
        click_scene(editor, point)
        edit = editor.value_editor()
        if edit is None:  # the network was redrawn under the mouse
            return
        QTest.keyClicks(editor, self.rng.choice(VALUES_TYPED))
        QTest.keyClick(editor, Qt.Key.Key_Return if self.rng.random() < 0.8 else Qt.Key.Key_Escape)

    def hover(self):
        editor = self.editor
        if self.rng.random() < 0.3 or not self.editor.neurons:
            target = QPoint(editor.viewport().width() - 3, editor.viewport().height() - 3)
        else:
            target = editor.mapFromScene(neuron_center(editor, *self.rng.choice(list(editor.neurons))))
        QTest.mouseMove(editor.viewport(), target)

    # --- the run bar --------------------------------------------------------------

    def learning_rate(self):
        if self.rng.random() < 0.5:
            QTest.keyClick(self.bar.learning_rate, self.rng.choice(COMBO_KEYS))
        else:
            self._type_in(self.bar.learning_rate.lineEdit(), self.rng.choice(LEARNING_RATES_TYPED))

    def _combo(self, combo):
        QTest.keyClick(combo, self.rng.choice(COMBO_KEYS))

    def activation(self):
        self._combo(self.bar.activation)

    def regularization(self):
        self._combo(self.bar.regularization)

    def regularization_rate(self):
        self._combo(self.bar.regularization_rate)

    def optimizer(self):
        self._combo(self.bar.optimizer)

    def problem(self):
        self._combo(self.bar.problem)

    def speed(self):
        QTest.keyClick(self.bar.speed, self.rng.choice(SLIDER_KEYS))

    # --- the data panel ------------------------------------------------------------

    def dataset(self):
        self._left(self.panel.dataset_buttons[self.rng.choice(list(self.panel.dataset_buttons))])

    def noise(self):
        QTest.keyClick(self.panel.noise, self.rng.choice(SLIDER_KEYS))

    def train_ratio(self):
        QTest.keyClick(self.panel.train_percent, self.rng.choice(SLIDER_KEYS))

    def batch_size(self):
        if self.rng.random() < 0.5:
            QTest.keyClick(self.panel.batch_size, self.rng.choice((Qt.Key.Key_Up, Qt.Key.Key_Down)))
        else:
            self._type_in(self.panel.batch_size.lineEdit(), self.rng.choice(BATCH_SIZES_TYPED))

    def regenerate(self):
        self._left(self.panel.regenerate)

    def show_test(self):
        self._left(self.panel.show_test)

    def discretize(self):
        self._left(self.panel.discretize)


# (action, weight): edits and play/pause more often than the rest
WEIGHTS = {
    "play_pause": 6, "step": 4, "reset": 2, "reset_same": 2,
    "add_neuron": 6, "remove_neuron": 5, "add_layer": 3, "remove_layer": 3, "toggle_input": 4,
    "set_weight": 4, "set_bias": 3, "hover": 3,
    "learning_rate": 3, "activation": 2, "regularization": 2, "regularization_rate": 2, "optimizer": 2,
    "problem": 2, "speed": 2,
    "dataset": 3, "noise": 2, "train_ratio": 2, "batch_size": 2, "regenerate": 1, "show_test": 1, "discretize": 1,
}


def _assert_editor_draws_the_engines_network(qtbot, window):
    net = settle(qtbot, window)
    assert editor_view_of_network(window.editor) == network_view(net)
    return net


def test_500_random_actions_leave_a_live_consistent_app(qtbot, make_window):
    window = make_window()
    rng = random.Random(SEED)
    actions = Actions(window, qtbot)
    names, weights = zip(*WEIGHTS.items())
    done = []
    with qtbot.captureExceptions() as exceptions:
        for i in range(1, ACTIONS + 1):
            name = rng.choices(names, weights)[0]
            actions.rng = Dice(rng.random() for _ in range(DRAWS))
            getattr(actions, name)()
            done.append(name)
            qtbot.wait(1)
            assert window.worker.is_alive() and window.worker.restarts == 0, \
                f"the training process died after action {i} ({name})"
            if i in CHECKPOINTS:
                _assert_editor_draws_the_engines_network(qtbot, window)
        net = _assert_editor_draws_the_engines_network(qtbot, window)
    assert exceptions == []
    assert set(done) == set(WEIGHTS), "every kind of action ran"
    assert window.worker.is_alive() and window.worker.restarts == 0
    internal = [p for p in window.problems if "internal error" in p or "stopped unexpectedly" in p]
    assert internal == []
    # the run bar and the data panel show the engine's settings
    settings = window.worker.query("settings")
    assert window.run_bar.activation.currentData() == settings.activation
    assert window.run_bar.problem.currentData() == settings.problem
    assert window.run_bar.optimizer.currentData() == settings.optimizer
    assert window.data_panel.dataset_buttons[settings.dataset].isChecked()
    assert window.data_panel.batch_size.value() == settings.batch_size
    assert list(net.inputs) == settings.inputs and net.hidden == settings.hidden
