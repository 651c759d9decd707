"""What the plots draw: the output plot's image is the engine's network over the
plane (checked against a forward pass written out here), hovering a neuron shows
that neuron, the loss panel's hover readout is the engine's history."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_array_equal
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from ui_support import (  # noqa: F401  (fixtures)
    OFFSCREEN_NOISE,
    WAIT_MS,
    local_window,
    make_window,
    neuron_center,
    settle,
    shown_epoch,
    window,
)

from playground.colors import PLANE_LUT, diverging_levels
from playground.engine.network import Network
from playground.scenario import Scenario, settings_for_network
from playground.session import GRID_RESOLUTION, THUMB_STEP
from playground.settings import Settings

pytestmark = OFFSCREEN_NOISE

# h1 = tanh(x1), h2 = tanh(x2 - 1), output = sigmoid(3 h1 - 2 h2 + 0.5)
HAND_MADE = Network.from_layers(["x1", "x2"], "bce", [
    ("tanh", np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([0.0, -1.0])),
    ("sigmoid", np.array([[3.0, -2.0]]), np.array([0.5])),
])


def _by_hand(x1, x2):
    """HAND_MADE's hidden units and output, written out (an oracle independent of the engine)."""
    h1, h2 = np.tanh(x1), np.tanh(x2 - 1.0)
    return h1, h2, 1.0 / (1.0 + np.exp(-(3.0 * h1 - 2.0 * h2 + 0.5)))


def _grid():
    """Cell centres of the output plot's image: column c is x1, row r is x2 (row 0 at the bottom)."""
    axis = -6.0 + (np.arange(GRID_RESOLUTION) + 0.5) * 12.0 / GRID_RESOLUTION
    return np.meshgrid(axis, axis)


def _hand_made_window(make_window):
    return make_window(Scenario(settings_for_network(Settings(), HAND_MADE), HAND_MADE))


# the most two neighbouring colour levels differ by, in any channel
_LEVEL_STEP = np.abs(np.diff(PLANE_LUT.astype(int), axis=0)).max()


def _assert_image_matches(image, expected):
    """The plot's RGBA image shows these colour levels (through the plot's paler
    table), up to one level where float rounding crosses a level's edge."""
    assert image.shape == (GRID_RESOLUTION, GRID_RESOLUTION, 4) and expected.shape == image.shape[:2]
    difference = np.abs(image.astype(int) - PLANE_LUT[expected].astype(int)).max(axis=2)
    assert difference.max() <= _LEVEL_STEP
    assert np.mean(difference == 0) > 0.99


def _pixel(plot, x1, x2):
    """The image's (row, column) under plane point (x1, x2), as the plot maps it."""
    p = plot.image.mapFromView(QPointF(x1, x2))
    return int(p.y()), int(p.x())


def test_the_output_image_is_the_networks_output_over_the_plane(qtbot, make_window):
    window = _hand_made_window(make_window)
    assert window.worker.query("network") == HAND_MADE
    plot = window.output_plot
    image = plot.image.image
    x1, x2 = _grid()
    _assert_image_matches(image, diverging_levels(2.0 * _by_hand(x1, x2)[2] - 1.0))
    # the plot puts each cell where it belongs: x1 to the right, x2 up
    last = GRID_RESOLUTION - 1
    for row, col in ((0, 0), (3, last - 5), (last - 5, 3), (last // 2, last // 4), (last, last)):
        assert _pixel(plot, x1[row, col], x2[row, col]) == (row, col)
    def near(colour, level):
        return np.abs(colour.astype(int) - PLANE_LUT[level].astype(int)).max() <= 3 * _LEVEL_STEP
    assert near(image[_pixel(plot, 5.0, -5.0)], 255), "output near 1: deep blue"
    assert near(image[_pixel(plot, -5.0, 5.0)], 0), "output near 0: deep orange"


def test_discretize_shows_only_the_predicted_class(qtbot, make_window):
    window = _hand_made_window(make_window)
    qtbot.mouseClick(window.data_panel.discretize, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.snapshot.discrete, timeout=WAIT_MS)
    image = window.output_plot.image.image
    x1, x2 = _grid()
    output = _by_hand(x1, x2)[2]
    colours = {tuple(c) for c in image.reshape(-1, 4).tolist()}
    assert colours == {tuple(PLANE_LUT[0]), tuple(PLANE_LUT[255])}
    decided = np.abs(output - 0.5) > 1e-9  # away from the boundary itself
    assert_array_equal(image[decided], PLANE_LUT[np.where(output[decided] > 0.5, 255, 0)])
    qtbot.mouseClick(window.data_panel.discretize, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.snapshot.discrete, timeout=WAIT_MS)
    assert len({tuple(c) for c in window.output_plot.image.image.reshape(-1, 4).tolist()}) > 50


def test_hovering_a_neuron_shows_it_in_the_output_plot(qtbot, make_window):
    window = _hand_made_window(make_window)
    editor, plot = window.editor, window.output_plot
    x1, x2 = _grid()
    h1, h2, output = _by_hand(x1, x2)
    QTest.mouseMove(editor.viewport(), editor.mapFromScene(neuron_center(editor, 1, 1)))
    qtbot.waitUntil(lambda: window.snapshot.selected == (1, 1), timeout=WAIT_MS)
    _assert_image_matches(plot.image.image, diverging_levels(h2))
    QTest.mouseMove(editor.viewport(), editor.mapFromScene(neuron_center(editor, 1, 0)))
    qtbot.waitUntil(lambda: window.snapshot.selected == (1, 0), timeout=WAIT_MS)
    _assert_image_matches(plot.image.image, diverging_levels(h1))
    # away from every neuron: the output again
    QTest.mouseMove(editor.viewport(), editor.mapFromScene(neuron_center(editor, 1, 0) + QPointF(60, 260)))
    qtbot.waitUntil(lambda: window.snapshot.selected is None, timeout=WAIT_MS)
    _assert_image_matches(plot.image.image, diverging_levels(2.0 * output - 1.0))


def test_the_neuron_heatmaps_are_the_units_outputs(qtbot, make_window):
    """Each neuron's thumbnail: every THUMB_STEP-th grid cell of that unit's output."""
    window = _hand_made_window(make_window)
    x1, x2 = _grid()
    h1, h2, output = _by_hand(x1, x2)
    levels = window.editor.snapshot.neuron_levels
    for layer, unit, values in ((1, 0, h1), (1, 1, h2), (2, 0, 2.0 * output - 1.0)):
        expected = diverging_levels(values[::THUMB_STEP, ::THUMB_STEP])
        assert np.abs(levels[layer][unit].astype(int) - expected.astype(int)).max() <= 1
        pixmap = window.editor.neurons[(layer, unit)].image.pixmap()
        assert (pixmap.width(), pixmap.height()) == expected.shape[::-1]


def test_the_loss_readout_under_the_mouse_is_the_engines_history(qtbot, window):
    QTest.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown_epoch(window) >= 40, timeout=WAIT_MS)
    settle(qtbot, window)
    history = window.worker.query("scenario").state["history"]
    panel = window.loss_panel
    n = len(history["epoch"])
    assert n == shown_epoch(window) + 1, "one row per epoch, and one for epoch 0"
    for key in ("epoch", "train_loss", "test_loss", "test_accuracy"):
        assert panel.history[key][:n].tolist() == history[key]

    item = panel.plot.getPlotItem()
    wiggle = iter(range(1_000_000))
    for i in (1, 17, n - 1):
        # half an epoch to the left of epoch i: the readout snaps to epoch i
        x, y = history["epoch"][i] - 0.5, sum(item.vb.viewRange()[1]) / 2
        where = panel.plot.mapFromScene(item.vb.mapViewToScene(QPointF(x, y)))

        def hovered():
            # pyqtgraph drops mouse moves less than 10 ms apart, and Qt drops moves that
            # do not move: a hand on the mouse wiggles it up and down until it shows
            QTest.mouseMove(panel.plot.viewport(), where + QPoint(0, next(wiggle) % 2))
            return panel.readout.isVisible() and panel.cursor_line.value() == history["epoch"][i]
        qtbot.waitUntil(hovered, timeout=WAIT_MS)
        expected = (f"epoch {history['epoch'][i]}\ntraining {history['train_loss'][i]:.4f}\n"
                    f"test {history['test_loss'][i]:.4f}\naccuracy {history['test_accuracy'][i]:.1%}")
        assert panel.readout_text(i) == expected
        assert panel.readout.textItem.toPlainText() == expected


def test_show_test_data_and_the_data_set_buttons(qtbot, window):
    plot, panel = window.output_plot, window.data_panel
    snap = window.snapshot
    assert not plot.test_points.isVisible()
    assert_array_equal(np.column_stack(plot.train_points.getData()), snap.data.train.points)
    qtbot.mouseClick(panel.show_test, Qt.MouseButton.LeftButton)
    assert plot.test_points.isVisible()
    assert_array_equal(np.column_stack(plot.test_points.getData()), snap.data.test.points)

    assert panel.dataset_buttons["circle"].isChecked()
    qtbot.mouseClick(panel.dataset_buttons["xor"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.snapshot.settings.dataset == "xor", timeout=WAIT_MS)
    assert window.worker.query("settings").dataset == "xor"
    assert panel.dataset_buttons["xor"].isChecked() and not panel.dataset_buttons["circle"].isChecked()
    xor = window.snapshot.data
    assert not np.array_equal(xor.train.points, snap.data.train.points)
    assert_array_equal(np.column_stack(plot.train_points.getData()), xor.train.points)
    assert_array_equal(np.column_stack(plot.test_points.getData()), xor.test.points)
    # xor's classes are the quadrants' signs: the plotted colours say so
    brushes = plot.train_points.data["brush"]
    blue = [b.color().getRgb()[:3] == (8, 119, 189) for b in brushes]
    assert blue == (xor.train.values == 1).tolist()


def test_a_step_on_a_1d_problem_rings_its_points_on_the_curve(qtbot, local_window):
    window = local_window(problem="function", dataset="sine", inputs=["x"], batch_size=5)
    window.send("step")
    snap = window.snapshot
    assert snap.curves is not None and len(snap.batch) == 5
    rings = window.output_plot.batch_points
    assert rings.isVisible()
    x, y = rings.getData()
    train = snap.data.train
    assert np.array_equal(x, train.points[snap.batch, 0]) and np.array_equal(y, train.values[snap.batch])
