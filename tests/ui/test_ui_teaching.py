"""The views that teach: the backprop inspector shows the lecture's numbers (read
from its widgets), the hidden-layer view maps points as the engine does, and the
gradient-flow view shows vanishing gradients in a deep sigmoid network."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import CASES_DIRS
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from ui_support import OFFSCREEN_NOISE, local_window  # noqa: F401  (fixture)

from playground.cli import main
from playground.engine.features import feature_matrix
from playground.scenario import scenario_from_dict
from playground.worked_case import case_samples

pytestmark = OFFSCREEN_NOISE


def case_files() -> list[Path]:
    found = {}
    for folder in CASES_DIRS:
        for path in sorted(folder.glob("*.case.json")):
            found.setdefault(path.name, path)
    return list(found.values())


def _case_sample(path: Path, index: int):
    """(case file, sample index) as a test parameter. A regression network of several output
    units (deck 002's 2-3-2) opens too: it can be inspected, not trained (data has one target)."""
    return pytest.param(path, index, id=f"{path.name}[{index}]")


# every sample of every case
SAMPLES = [_case_sample(p, i) for p in case_files() for i in range(len(case_samples(json.loads(p.read_text()))))]


def table(widget) -> list[list[str]]:
    return [[widget.item(r, c).text() if widget.item(r, c) else "" for c in range(widget.columnCount())]
            for r in range(widget.rowCount())]


def shown(value: str) -> float | None:
    return float(value) if value else None


@pytest.mark.parametrize("path, index", SAMPLES)
def test_the_inspector_shows_each_cases_numbers_and_copies_the_cli_table(local_window, qtbot, path, index, capsys,
                                                                       tmp_path):
    case = json.loads(path.read_text())
    case = {**case, **case_samples(case)[index]}  # the sample's input, target and expect
    window = local_window(scenario_from_dict(case["network"]))
    inspector = window.inspector
    lr = case.get("lr", 0.01)
    inspector.input.setText(", ".join(map(str, case["input"])))
    inspector.target.setText(", ".join(map(str, case.get("target") or [])))
    inspector.lr.setText(str(lr))
    if case.get("wrt") == "output":
        inspector.wrt.setCurrentIndex(1)
    qtbot.mouseClick(inspector.trace_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(inspector.show_all, Qt.MouseButton.LeftButton)
    tolerance = case.get("tolerance", 1e-9)
    def close(got, want):  # the case's tolerance, or half the last of the eight digits shown
        return abs(got - want) <= max(tolerance * max(1.0, abs(want)), 5.01e-8 * abs(want))
    expect = case["expect"]
    units, weights = table(inspector.units), table(inspector.weights)
    for i, layer in enumerate(expect["layers"]):
        rows = [r for r in units if r[0] == str(i + 1)]
        for j, row in enumerate(rows):
            _, _, z, a, dz, _, b_new = row
            assert close(shown(z), layer["z"][j]) and close(shown(a), layer["a"][j]), (path.name, i, j)
            assert close(shown(dz), layer["dz"][j]) and close(shown(dz), layer["db"][j])
            if "b_new" in layer:
                assert close(shown(b_new), layer["b_new"][j])
        rows = [r for r in weights if r[0] == str(i + 1)]
        width = len(layer["dW"][0])
        for n, row in enumerate(rows):
            j, k = divmod(n, width)
            assert close(shown(row[3]), layer["dW"][j][k]), (path.name, i, j, k)
            if "W_new" in layer:
                assert close(shown(row[4]), layer["W_new"][j][k])
    if "loss" in expect:
        assert f"loss L = {expect['loss']:.8g}"[:20] in inspector.status.text()

    network_file = tmp_path / "network.json"
    network_file.write_text(json.dumps(case["network"]))
    args = ["backprop", str(network_file), "--input", ",".join(map(str, case["input"])), "--lr", str(lr)]
    if case.get("target") is not None:
        args += ["--target", ",".join(map(str, case["target"]))]
    if case.get("wrt") == "output":
        args += ["--wrt", "output"]
    assert main(args) == 0
    assert inspector.copy("text") == capsys.readouterr().out
    assert inspector.copy("csv").splitlines()[0] == "layer,quantity,of,value,new value"
    assert r"\begin{tabular}" in inspector.copy("latex")


def test_stepping_reveals_forward_then_backward_then_the_update(local_window, qtbot):
    window = local_window(hidden=[3])
    window.send("inspect", {"sample": 0})
    inspector = window.inspector
    assert inspector.stage == 0 and all(row[2] == "" for row in table(inspector.units))
    assert not window.worker.playing, "the inspector holds training"
    qtbot.mouseClick(inspector.forward, Qt.MouseButton.LeftButton)
    units = table(inspector.units)
    assert [bool(r[2]) for r in units] == [True, True, True, False], "layer 1 computed, the output not yet"
    assert inspector.computing() == ("forward", 0)
    qtbot.mouseClick(inspector.forward, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(inspector.backward, Qt.MouseButton.LeftButton)
    units = table(inspector.units)
    assert [bool(r[4]) for r in units] == [False, False, False, True], "the output's ∂L/∂z first"
    assert inspector.computing() == ("backward", 1)
    qtbot.mouseClick(inspector.backward, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(inspector.backward, Qt.MouseButton.LeftButton)
    assert all(r[4] for r in table(inspector.weights)), "every new weight shown"
    labels = [item.text() for item in window.editor.overlay.items if hasattr(item, "text")]
    assert any(text.startswith("z ") for text in labels), "the network view shows z and a on its neurons"


def test_applying_the_sgd_step_sets_the_new_weights_and_undo_takes_it_back(local_window):
    window = local_window(hidden=[2])
    window.send("inspect", {"input": [0.5, -1.0], "target": [1.0], "lr": 0.5})
    trace = window.inspector.trace
    before = window.worker.query("network")
    window.send("apply_sgd_step")
    after = window.worker.query("network")
    for i, layer in enumerate(trace.layers):
        np.testing.assert_array_equal(after.W(i), layer.W_new)
        np.testing.assert_array_equal(after.b(i), layer.b_new)
    assert window.inspector.trace.loss < trace.loss, "one step downhill on this sample"
    window.undo_action.trigger()
    assert window.worker.query("network") == before


def test_play_lets_go_of_the_sample(local_window):
    window = local_window()
    window.send("inspect", {"sample": 3})
    assert window.worker.session.teaching.inspection is not None
    window.send("play")
    assert window.worker.session.teaching.inspection is None and window.inspector.trace is None


def test_the_hidden_layer_view_maps_points_as_the_engine_does(local_window):
    window = local_window(dataset="xor", hidden=[2, 4])
    window.worker.train_epochs(20)
    window.show_panel("hidden")
    panel = window.hidden_panel
    panel.set_active(True)  # what the dock's visibility does on screen
    view = panel.map
    net, data = window.worker.query("network"), window.snapshot.data.train
    hidden = net.forward_all(feature_matrix(net.inputs, data.points))[1].T
    np.testing.assert_allclose(view.points, hidden, rtol=1e-12, atol=1e-12)
    assert view.axes == ("h1,1", "h1,2") and len(view.lines) == 26
    line = np.column_stack([np.full(60, -6.0), np.linspace(-6, 6, 60)])  # the first grid line, x1 = -6
    np.testing.assert_allclose(view.lines[0], net.forward_all(feature_matrix(net.inputs, line))[1].T)

    panel.layer.setValue(2)  # four neurons: their first two principal components
    view = panel.map
    hidden2 = net.forward_all(feature_matrix(net.inputs, data.points))[2].T
    np.testing.assert_allclose(view.activations, hidden2, rtol=1e-12, atol=1e-12)
    centred = hidden2 - hidden2.mean(axis=0)
    assert np.allclose(view.points.mean(axis=0), 0) and abs(np.corrcoef(view.points.T)[0, 1]) < 1e-9
    assert np.var(view.points[:, 0]) >= np.var(view.points[:, 1])
    # the first two principal components: the largest variance any two directions keep
    top_two = np.sort(np.linalg.eigvalsh(np.cov(centred.T)))[-2:].sum()
    assert np.isclose(np.var(view.points, axis=0, ddof=1).sum(), top_two)


@pytest.mark.parametrize("activation, vanishes", [("sigmoid", True), ("relu", False)])
def test_gradient_flow_shows_vanishing_gradients_in_a_deep_sigmoid_network(local_window, activation, vanishes):
    window = local_window(dataset="circle", hidden=[8] * 6, activation=activation)
    window.show_panel("gradients")
    window.gradients_panel.set_active(True)
    window.worker.train_epochs(1)
    panel = window.gradients_panel
    first, last = (panel.curves[i].yData[-1] for i in (0, 6))  # what the plot draws, per layer
    assert len(panel.curves) == 7 and panel.norms.shape[1] == 7
    if vanishes:
        assert first * 100 <= last, f"sigmoid: first {first:.3g} vs last {last:.3g}"
    else:
        assert first * 100 > last, f"relu: first {first:.3g} vs last {last:.3g}"


def test_weight_histograms_follow_l1(local_window):
    window = local_window(dataset="gauss", hidden=[8, 8], regularization="L1", regularization_rate=0.03,
                          learning_rate=0.1)
    window.gradients_panel.set_active(True)
    window.worker.train_epochs(1)
    start = window.gradients_panel._teaching.histograms[-1]
    window.worker.train_epochs(150)
    end = window.gradients_panel._teaching.histograms[-1]
    middle = len(start[0]) // 2
    assert end[:, middle - 1:middle + 1].sum() > start[:, middle - 1:middle + 1].sum(), \
        "L1 drives weights to zero: the bins around 0 fill up"


def test_a_links_tooltip_gives_its_gradient_in_networks_too_big_for_labels(local_window):
    window = local_window(dataset="spiral", hidden=[8, 8])
    window.send("inspect", {"sample": 5})
    window.inspector.set_stage(window.inspector.last_stage)
    editor, trace = window.editor, window.inspector.trace
    assert not any(item.text().startswith("w ") for item in editor.overlay.items if hasattr(item, "text")), \
        "98 links: no labels on them"
    link = next(l for l in editor.links if (l.layer, l.row, l.column) == (1, 3, 5))
    assert editor.traced_gradient(link) == f", ∂L/∂w = {trace.layers[1].dW[3, 5]:.8g}"


def test_the_inspectors_eta_says_why_it_differs_from_the_toolbars(local_window, qtbot):
    window = local_window(learning_rate=0.03)
    inspector = window.inspector
    inspector.input.setText("0.5, 0.1")
    inspector.target.setText("1")
    inspector.lr.setText("0.01")  # the lecture's worked example
    qtbot.mouseClick(inspector.trace_button, Qt.MouseButton.LeftButton)
    assert "This step uses η = 0.01, typed here; training uses the toolbar's 0.03." in inspector.status.text()
    inspector.lr.setText("0.03")
    qtbot.mouseClick(inspector.trace_button, Qt.MouseButton.LeftButton)
    assert inspector.status.text().startswith("Tracing the typed sample") and "η" not in inspector.status.text()


def test_the_picked_point_is_marked_on_the_plot_and_the_pick_hint_goes(local_window, qtbot):
    window = local_window(seed=5)
    plot, inspector = window.output_plot, window.inspector
    qtbot.mouseClick(inspector.pick, Qt.MouseButton.LeftButton)
    assert window.statusBar().currentMessage() == "Click a data point on the output plot to trace it"
    train = window.snapshot.data.train
    target = 7
    x, y = train.points[target]
    where = plot.mapFromScene(plot.getPlotItem().vb.mapViewToScene(QPointF(x, y)))
    QTest.mouseMove(plot.viewport(), where)
    QTest.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert window.snapshot.teaching.inspection.sample == target
    assert not inspector.pick.isChecked() and window.statusBar().currentMessage() == ""
    marked = plot.inspected_point.getData()
    assert (marked[0].tolist(), marked[1].tolist()) == ([x], [y])
    qtbot.mouseClick(inspector.release, Qt.MouseButton.LeftButton)
    assert plot.inspected_point.getData()[0].size == 0, "released: no mark"
