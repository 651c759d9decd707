"""Menu items triggered as a user does (QAction.trigger, which passes ``checked``),
with the dialogs they open answered by patching Qt's static dialog functions."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QInputDialog, QMessageBox
from ui_support import (  # noqa: F401  (fixtures)
    OFFSCREEN_NOISE,
    WAIT_MS,
    make_window,
    neuron_center,
    view_point,
    window,
)

import playground
from playground.scenario import Scenario, save_scenario
from playground.settings import Settings

pytestmark = OFFSCREEN_NOISE


def menu_action(window, path: str):
    """The QAction at "Menu/Item" in the window's menu bar (the & of mnemonics ignored)."""
    menu_name, item = path.split("/")
    for top in window.menuBar().actions():
        if top.text().replace("&", "") == menu_name:
            for action in top.menu().actions():
                if action.text().replace("&", "") == item:
                    return action
    raise AssertionError(f"no menu item {path}")


def all_actions(window):
    found, menus = [], [a.menu() for a in window.menuBar().actions()]
    while menus:
        menu = menus.pop()
        for action in menu.actions():
            if action.menu():
                menus.append(action.menu())
            else:
                found.append(action)
    return found


def test_open_tensorflow_playground_link_loads_the_setup_it_describes(qtbot, window, monkeypatch):
    link = "https://playground.tensorflow.org/#dataset=xor&networkShape=5,3&activation=relu&learningRate=0.1"
    asked = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: asked.append(a) or (link, True))
    menu_action(window, "File/Open TensorFlow Playground Link…").trigger()
    assert len(asked) == 1, "the menu item asked for the link"
    qtbot.waitUntil(lambda: window.worker.query("settings").dataset == "xor", timeout=WAIT_MS)
    settings = window.worker.query("settings")
    assert settings.hidden == [5, 3] and settings.activation == "relu" and settings.learning_rate == 0.1


def test_file_open_asks_for_a_file_and_opens_it(qtbot, window, monkeypatch, tmp_path):
    path = tmp_path / "spiral.json"
    save_scenario(Scenario(Settings(dataset="spiral", hidden=[6], seed=9)), str(path))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), "JSON (*.json)"))
    menu_action(window, "File/Open…").trigger()
    qtbot.waitUntil(lambda: window.worker.query("settings").dataset == "spiral", timeout=WAIT_MS)
    assert window.worker.query("settings").hidden == [6] and window.documents.path == str(path)


def test_no_key_sequence_is_bound_twice_and_redo_has_both_spellings(window):
    bound = {}
    for action in all_actions(window):
        for sequence in action.shortcuts():
            key = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            assert key not in bound, f"{key} is bound to {bound.get(key)!r} and {action.text()!r}"
            bound[key] = action.text()
    assert {bound["Ctrl+Shift+Z"], bound["Ctrl+Y"]} == {window.redo_action.text()}
    assert bound["Ctrl+Z"] == window.undo_action.text()


def test_about_names_the_version(window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append(text))
    menu_action(window, "Help/About Playground").trigger()
    assert len(shown) == 1 and f"Playground {playground.__version__}" in shown[0]


def test_help_lists_every_shortcut(window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append(text))
    menu_action(window, "Help/Keyboard Shortcuts").trigger()
    assert len(shown) == 1
    lines = shown[0].splitlines()
    for keys, what in [("Space", "Play / Pause"), ("Right", "Step one batch"), ("R", "Reset (new weights)"),
                       ("Shift+R", "Reset to the same start"), ("Ctrl+Z", "Undo"), ("Ctrl+O", "Open…"),
                       ("Ctrl+S", "Save"), ("PgDown", "Next Step"), ("F1", "Keyboard Shortcuts")]:
        assert any(line.startswith(keys) and what in line for line in lines), (keys, what)
    assert any("Ctrl+Shift+Z or Ctrl+Y" in line for line in lines)


def test_the_activation_box_says_mixed_when_one_layer_became_relu(qtbot, window):
    assert window.run_bar.activation.currentText() == "tanh"
    window.editor.set_activation(0, "relu")
    qtbot.waitUntil(lambda: window.snapshot.network.activation_names[:2] == ["relu", "tanh"], timeout=WAIT_MS)
    assert window.run_bar.activation.currentIndex() == -1 and window.run_bar.activation.currentText() == ""
    assert window.run_bar.activation.placeholderText() == "mixed"
    window.send("set_setting", {"key": "activation", "value": "sigmoid"})  # one for every hidden layer
    qtbot.waitUntil(lambda: window.run_bar.activation.currentText() == "sigmoid", timeout=WAIT_MS)


def test_after_a_csv_import_no_data_tile_looks_selected(qtbot, window, monkeypatch, tmp_path):
    tiles = window.data_panel.dataset_buttons
    assert tiles["circle"].isChecked()
    path = tmp_path / "points.csv"
    path.write_text("x1,x2,label\n" + "".join(f"{i % 7 - 3},{i % 5 - 2},{i % 2}\n" for i in range(40)))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), "CSV (*.csv)"))
    menu_action(window, "File/Import Data (CSV)…").trigger()
    qtbot.waitUntil(lambda: window.snapshot.own_data, timeout=WAIT_MS)
    assert [name for name, tile in tiles.items() if tile.isChecked()] == []
    window.send("set_setting", {"key": "dataset", "value": "xor"})  # a data set again: its tile
    qtbot.waitUntil(lambda: tiles["xor"].isChecked() and not window.snapshot.own_data, timeout=WAIT_MS)


def test_tiles_buttons_plots_and_the_network_have_accessible_names(window):
    panels = (window.run_bar, window.data_panel)
    buttons = [b for panel in panels for b in panel.findChildren(QAbstractButton) if b.isVisibleTo(window)]
    unnamed = [b.toolTip() for b in buttons if not (b.accessibleName() or b.text())]
    assert unnamed == [], "every button says what it is"
    assert window.data_panel.dataset_buttons["spiral"].accessibleName() == "spiral data set"
    assert window.run_bar.play_button.accessibleName() == "Play or pause"
    assert (window.output_plot.accessibleName(), window.loss_panel.accessibleName()) == ("Output plot", "Loss curve")
    assert window.editor.accessibleName() == "Network"
    assert window.editor.accessibleDescription() == "Inputs x1, x2; hidden layers: 4 tanh, 2 tanh; output 1 sigmoid"
