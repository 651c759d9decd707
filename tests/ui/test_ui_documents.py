"""Scenarios, undo/redo, autosave and recovery, exports and bad input (the
scenario issue): work in the app lasts and travels, and nothing crashes or is lost."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtGui import QImage
from ui_support import OFFSCREEN_NOISE, WAIT_MS, import_points, local_window, make_window, settle  # noqa: F401  (fixtures)

from playground.network_file import load_network_npz
from playground.recovery import Recovery
from playground.scenario import Scenario, load_scenario
from playground.settings import Settings
from playground.ui.main_window import MainWindow
from playground.ui.worker import LocalWorker

pytestmark = OFFSCREEN_NOISE

SPIRAL_LINK = ("https://playground.tensorflow.org/#activation=tanh&batchSize=10&dataset=spiral&regDataset=reg-plane"
               "&learningRate=0.03&regularizationRate=0&noise=0&networkShape=8,8,8,8,8,8&seed=0.4&showTestData=false"
               "&discretize=false&percTrainData=50&x=true&y=true&xTimesY=true&xSquared=true&ySquared=true"
               "&cosX=false&sinX=true&cosY=false&sinY=true&collectStats=false&problem=classification&initZero=false")
REGRESSION_LINK = ("https://playground.tensorflow.org/#activation=relu&batchSize=3&regDataset=reg-gauss"
                   "&learningRate=0.01&networkShape=5,3&problem=regression&x=true&y=true&noise=10")


def state_of(scenario: Scenario) -> tuple:
    s = scenario.state
    return (scenario.settings, scenario.network.sizes, scenario.network.params.tolist(), s["epoch"],
            s["history"], s["order"], s["cursor"], s["shuffle"], json.dumps(s["optimizer"]))


# --- 1. save in the middle of training, reopen, same numbers ------------------------------

def test_saved_mid_training_reopens_equal_and_trains_on_identically(make_window, qtbot, tmp_path):
    window = make_window(dataset="spiral", inputs=["x1", "x2", "x1^2", "x2^2"], hidden=[6, 4], optimizer="adam",
                         batch_size=7)
    window.send("set_weight", {"layer": 0, "row": 0, "column": 0, "value": 0.5})
    window.send("play")
    qtbot.waitUntil(lambda: window.snapshot.epoch > 5, timeout=WAIT_MS)
    window.send("pause")
    window.send("step")  # mid-epoch: the shuffle's position must survive the file
    settle(qtbot, window)
    path = tmp_path / "mid.json"
    with qtbot.waitSignal(window.worker.saved, timeout=WAIT_MS):
        window.save_to(str(path))
    before = window.worker.query("scenario")

    other = make_window(load_scenario(path))
    after = other.worker.query("scenario")
    assert state_of(after) == state_of(before)
    assert other.snapshot.data.train.points.tolist() == window.snapshot.data.train.points.tolist()
    assert other.snapshot.history["train_loss"].tolist() == window.snapshot.history["train_loss"].tolist()

    for w in (window, other):
        w.send("step")
    qtbot.waitUntil(lambda: window.worker.query("network") == other.worker.query("network")
                    and window.worker.query("network") != before.network, timeout=WAIT_MS)


# --- 2. killed after edits, restored by the next start ----------------------------------------

KILLED_APP = textwrap.dedent("""
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QTimer
    from playground.ui.app import make_application
    from playground.ui.main_window import MainWindow
    app = make_application()
    window = MainWindow()
    window.show()
    def edit():
        window.send("add_neuron", {"layer": 0})
        window.send("set_weight", {"layer": 1, "row": 1, "column": 4, "value": -2.5})
        window.send("set_setting", {"key": "learning_rate", "value": 0.3})
    QTimer.singleShot(500, edit)
    def ready():
        path = window.documents.recovery.path
        if path.exists() and '"learning_rate": 0.3' in path.read_text():
            print("READY", flush=True)
        else:
            QTimer.singleShot(100, ready)
    QTimer.singleShot(600, ready)
    app.exec()
""")


def test_a_killed_session_is_offered_and_restored_with_its_edits(make_window, qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("PLAYGROUND_AUTOSAVE_SECONDS", "0.2")
    env = dict(os.environ, PLAYGROUND_DATA_DIR=str(tmp_path), PLAYGROUND_AUTOSAVE_SECONDS="0.2")
    app = subprocess.Popen([sys.executable, "-c", KILLED_APP], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert app.stdout.readline().strip() == "READY"
    finally:
        app.send_signal(signal.SIGKILL)
        app.wait(10)
    recovery = Recovery(tmp_path)
    assert [p.name for p in recovery.orphans()] == [f"autosave-{app.pid}.json"]

    window = make_window()
    window.documents.recovery = recovery
    asked = []
    assert window.offer_recovery(ask=lambda text: asked.append(text) or "restore")
    assert "did not close properly" in asked[0]
    net = window.worker.query("network")
    assert net.sizes == (2, 5, 2, 1) and net.W(1)[1, 4] == -2.5
    assert window.worker.query("settings").learning_rate == 0.3
    assert recovery.orphans() == [], "the recovered file is not offered twice"
    assert window.worker.query("unsaved"), "never saved to a file: quitting will ask"
    restoring = window.documents.keeping.restored
    assert restoring.is_file(), "kept until this session has autosaved: a second crash still finds it"
    qtbot.waitUntil(lambda: not restoring.exists(), timeout=WAIT_MS)  # autosave every 0.2 s here
    assert window.documents.recovery.path.is_file()


def test_a_normal_close_leaves_nothing_to_recover(local_window, tmp_path):
    recovery = Recovery(tmp_path)
    window = MainWindow(worker=LocalWorker(Scenario(Settings())), recovery=recovery)
    window.documents.autosave()
    assert recovery.path.exists()
    window.shutdown()
    assert not recovery.path.exists() and Recovery(tmp_path, pid=1).orphans() == []


# --- 3. undo and redo return exactly to each earlier state ------------------------------------

def test_undo_and_redo_over_mixed_edits(local_window):
    window = local_window(hidden=[3], optimizer="momentum")
    worker = window.worker
    edits = [("add_neuron", {"layer": 0}), ("set_weight", {"layer": 1, "row": 0, "column": 2, "value": 1.25}),
             ("set_setting", {"key": "learning_rate", "value": 0.1}), ("add_layer", {"position": 1}),
             ("set_inputs", {"inputs": ["x1", "x2", "x1*x2"]}), ("set_bias", {"layer": 0, "row": 1, "value": -0.5}),
             ("set_setting", {"key": "dataset", "value": "xor"}),
             ("set_activation", {"layer": 0, "activation": "relu"}),
             ("remove_neuron", {"layer": 1, "index": 0}), ("set_setting", {"key": "noise", "value": 20.0}),
             ("reset", {"same_start": False})]
    states = [state_of(worker.query("scenario"))]
    for name, args in edits:
        window.send(name, args)
        worker.train_epochs(2)  # training between edits is part of the state too
        states.append(state_of(worker.query("scenario")))
    assert window.undo_stack.count() == len(edits) and window.problems == []
    assert window.undo_action.text() == "&Undo Reset"
    for i in range(len(edits)):
        window.undo_action.trigger()
        assert state_of(worker.query("scenario")) == states[-2 - i], f"undo {i + 1}"
    assert not window.undo_action.isEnabled()
    for i in range(len(edits)):
        window.redo_action.trigger()
        assert state_of(worker.query("scenario")) == states[1 + i], f"redo {i + 1}"
    assert not window.redo_action.isEnabled()


def test_a_refused_edit_is_not_on_the_undo_stack(local_window):
    window = local_window(hidden=[16])
    window.send("add_neuron", {"layer": 0})
    assert window.undo_stack.count() == 0 and any("16" in p for p in window.problems)


# --- 4. exports ---------------------------------------------------------------------------------

def test_png_svg_npz_and_history_exports(local_window, tmp_path):
    window = local_window(dataset="xor", hidden=[5, 3])
    window.worker.train_epochs(3)
    window.resize(1400, 900)
    window.show()
    for panel in ("window", "output", "network", "loss"):
        one = window.documents.export_png(panel, 1, str(tmp_path / f"{panel}1.png"))
        two = window.documents.export_png(panel, 2, str(tmp_path / f"{panel}2.png"))
        a, b = QImage(one), QImage(two)
        assert (b.width(), b.height()) == (2 * a.width(), 2 * a.height()), panel
        pixels = np.frombuffer(a.constBits(), np.uint8)
        assert len(np.unique(pixels)) > 10, f"{panel} is blank"
        svg = window.documents.export_svg(panel, str(tmp_path / f"{panel}.svg"))
        assert ET.parse(svg).getroot().tag.endswith("svg")
    npz = window.documents.export_network_npz(str(tmp_path / "net.npz"))
    assert load_network_npz(npz) == window.worker.query("network")
    csv = window.documents.export_history(str(tmp_path / "history.csv"))
    rows = open(csv).read().splitlines()
    assert rows[0].startswith("epoch,train_loss,test_loss") and len(rows) == 1 + 4
    assert float(rows[-1].split(",")[1]) == pytest.approx(window.snapshot.history["train_loss"][-1])


# --- 5. bad input never crashes or loses work --------------------------------------------------

def bad_files(tmp_path) -> dict:
    good = json.loads((tmp_path / "good.json").read_text())
    nan = json.loads(json.dumps(good))
    nan["network"]["layers"][0]["weights"][0][0] = "NaN"
    text = json.dumps(nan).replace('"NaN"', "NaN")
    huge = json.loads(json.dumps(good))
    huge["network"]["layers"][0]["weights"] = [[0.1, 0.2]] * 100_000
    wrong = json.loads(json.dumps(good))
    wrong["settings"]["learning_rate"] = "fast"
    locked = tmp_path / "locked.json"
    locked.write_text(json.dumps(good))
    locked.chmod(0)
    files = {"truncated JSON": (tmp_path / "good.json").read_text()[:200], "wrong types": json.dumps(wrong),
             "huge arrays": json.dumps(huge), "NaN in weights": text}
    paths = {}
    for name, content in files.items():
        paths[name] = tmp_path / f"{name.replace(' ', '_')}.json"
        paths[name].write_text(content)
    paths["a directory"] = tmp_path
    if os.geteuid() != 0:  # root reads any file
        paths["no read permission"] = locked
    return paths


def test_bad_scenario_files_get_a_dialog_and_the_session_stays(local_window, tmp_path):
    window = local_window(hidden=[3, 2])
    window.send("set_weight", {"layer": 0, "row": 0, "column": 0, "value": 0.75})
    from playground.scenario import save_scenario
    save_scenario(window.worker.query("scenario"), tmp_path / "good.json")
    before = state_of(window.worker.query("scenario"))
    for name, path in bad_files(tmp_path).items():
        assert not window.open_file(str(path)), name
        assert len(window.dialogs) == 1 and window.dialogs[0].startswith("Cannot open: "), name
        assert str(path) in window.dialogs[0] or "expected" in window.dialogs[0], window.dialogs[0]
        window.dialogs.clear()
        assert state_of(window.worker.query("scenario")) == before, name


@pytest.mark.parametrize("content, message", [
    ("x1,x2,label\n1,2,0\n1,two,1\n", "line 3, column 2"), ("", "at least two rows"),
    ("1,2,3\n5,6\n7,8,9\n", "line 2: expected 3 columns, got 2")])  # four columns are a table now: ragged rows are not
def test_bad_csv_gets_a_dialog_and_the_session_stays(qtbot, local_window, tmp_path, content, message):
    window = local_window()
    before = state_of(window.worker.query("scenario"))
    path = tmp_path / "bad.csv"
    path.write_text(content)
    assert not import_points(qtbot, window, path)
    assert message in window.dialogs[0] and str(path) in window.dialogs[0]
    assert state_of(window.worker.query("scenario")) == before


def test_a_million_row_csv_is_refused_and_a_good_one_imported(qtbot, local_window, tmp_path):
    window = local_window()
    big = tmp_path / "big.csv"
    big.write_text("0.5,0.5,1\n" * 1_000_000)
    before = state_of(window.worker.query("scenario"))
    assert not import_points(qtbot, window, big)
    assert "more than 100,000 rows" in window.dialogs[0]
    assert state_of(window.worker.query("scenario")) == before
    good = tmp_path / "good.csv"
    good.write_text("x1,x2,label\n" + "".join(f"{i % 7 - 3},{i % 5 - 2},{i % 2}\n" for i in range(40)))
    assert import_points(qtbot, window, good)
    data = window.snapshot.data
    assert len(data.train) + len(data.test) == 40 and window.undo_stack.count() == 1


def test_garbage_link_gets_a_dialog_and_real_links_their_setups(local_window):
    window = local_window()
    before = state_of(window.worker.query("scenario"))
    assert not window.documents.open_link("https://playground.tensorflow.org/#networkShape=banana")
    assert "networkShape" in window.dialogs[0] and state_of(window.worker.query("scenario")) == before
    assert window.documents.open_link(SPIRAL_LINK)
    settings, net = window.worker.query("settings"), window.worker.query("network")
    assert settings.dataset == "spiral" and net.sizes == (7, 8, 8, 8, 8, 8, 8, 1)
    assert window.editor._structure[1] == net.sizes, "the editor shows the link's network"
    assert window.documents.open_link(REGRESSION_LINK)
    settings = window.worker.query("settings")
    assert (settings.problem, settings.dataset, settings.hidden, settings.activation, settings.batch_size) == \
        ("regression", "reg-gauss", [5, 3], "relu", 3)


# --- your own data, painted ---------------------------------------------------------------------

def test_painting_points_adds_erases_and_undoes(local_window):
    window = local_window()
    def count():
        return len(window.snapshot.data.train) + len(window.snapshot.data.test)
    n = count()
    window._on_plot_clicked(5.5, 5.5, True, False)
    window._on_plot_clicked(-5.5, 5.5, False, False)
    assert count() == n + 2
    data = window.worker.session.points.all_points()
    assert [5.5, 5.5] in data.points.tolist() and [-5.5, 5.5] in data.points.tolist()
    labels = dict(zip(map(tuple, data.points.tolist()), data.values.tolist()))
    assert labels[(5.5, 5.5)] == 1 and labels[(-5.5, 5.5)] == 0
    window._on_plot_clicked(5.5, 5.5, True, True)  # Shift: erase
    assert count() == n + 1
    window.undo_action.trigger()
    assert count() == n + 2
    window.send("clear_points")
    assert count() == 2


def test_a_links_hide_keys_hide_those_controls(local_window):
    window = local_window()
    window.show()
    link = SPIRAL_LINK + "&learningRate_hide=true&problem_hide=true&numHiddenLayers_hide=true&frobnicate_hide=true"
    assert window.documents.open_link(link)
    assert "frobnicate" in window.statusBar().currentMessage()
    controls = window.control_widgets()
    assert not controls["learningRate"][0].isVisible() and not controls["problem"][0].isVisible()
    assert controls["activation"][0].isVisible() and controls["noise"][0].isVisible()
    assert window.editor.layers_locked and window.editor.chip is None
    window.editor.add_neuron(0)  # refused: the shape is fixed
    assert window.worker.query("network").sizes == (7, 8, 8, 8, 8, 8, 8, 1)
    assert "shape is fixed" in window.statusBar().currentMessage()
    assert window.documents.open_link(REGRESSION_LINK)  # a link without hide keys shows everything again
    assert controls["learningRate"][0].isVisible() and not window.editor.layers_locked


def test_a_file_that_cannot_be_read_gets_a_dialog(local_window, tmp_path, monkeypatch):
    """No read permission, for any user (root reads every file, so the read itself fails here)."""
    window = local_window()
    path = tmp_path / "locked.json"
    path.write_text("{}")
    real = os.open

    def refuse(name, *args, **kwargs):  # the readers open files with os.open (files.read_bytes)
        if str(name) == str(path):
            raise PermissionError(13, "Permission denied")
        return real(name, *args, **kwargs)
    monkeypatch.setattr(os, "open", refuse)
    assert not window.open_file(str(path))
    assert window.dialogs == [f"Cannot open: {path}: permission denied"]


def test_early_stopping_from_the_data_panel_marks_the_best_epoch(local_window, qtbot):
    window = local_window(dataset="xor", noise=30.0, hidden=[8, 8], learning_rate=0.3)
    window.data_panel.early_stopping.setChecked(True)
    settings = window.worker.query("settings")
    assert (settings.validation_percent, settings.patience) == (20.0, 50)
    window.data_panel.patience.setValue(5)
    assert window.worker.query("settings").patience == 5
    for _ in range(40):
        window.worker.train_epochs(10)
        if window.snapshot.stopped:
            break
    snap = window.snapshot
    assert snap.stopped and snap.best_epoch is not None and snap.metrics.validation_loss is not None
    best = window.loss_panel.best_line
    assert best.isVisible() and best.value() == snap.best_epoch
    window.data_panel.early_stopping.setChecked(False)
    assert window.worker.query("settings").patience == 0 and not window.loss_panel.best_line.isVisible()


def test_opening_a_file_with_an_unknown_field_says_which_it_ignored(local_window, tmp_path):
    window = local_window()
    path = tmp_path / "typo.json"
    path.write_text('{"format": "playground.scenario", "version": 1, "titel": "Monday", "settings": {"seed": 3}}')
    assert window.documents.open_file(str(path))
    assert window.worker.query("settings").seed == 3 and window.dialogs == []
    assert "ignored 'titel': not a field of a scenario" in window.statusBar().currentMessage()
