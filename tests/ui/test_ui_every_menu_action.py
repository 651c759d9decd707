"""Every item of every menu, triggered as a user does (QAction.trigger), each
checked for its own effect. The dialogs they open are answered by patching Qt's
static dialog functions, never the app's methods. An exception in a slot fails
the test (pytest-qt captures them), and so does an internal error reported by
the session. A menu item this table does not know fails it too: a new item
comes with its check."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox
from ui_support import OFFSCREEN_NOISE, WAIT_MS, close_windows

import playground
from playground.bundled import bundled_lessons
from playground.lesson import load_lesson
from playground.recovery import Recovery
from playground.scenario import Scenario, save_scenario
from playground.session.loop_commands import DEFAULT_SPEED, FULL_SPEED
from playground.settings import Settings
from playground.ui.main_window import MainWindow
from playground.ui.safekeeping import LAST_SESSION
from playground.ui.worker import LocalWorker

pytestmark = OFFSCREEN_NOISE
LINK = "https://playground.tensorflow.org/#dataset=xor&learningRate=0.1"
ONE_STEP_LESSON = {"format": "playground.lesson", "version": 1, "title": "One step", "steps": [
    {"title": "XOR", "text": "**Four** points.", "scenario": {"settings": {"dataset": "xor"}}}]}


def menu_paths(window) -> dict[str, object]:
    """Every enabled-or-not action in the menus, by its path ("View/Enlarge/Network")."""
    found = {}

    def walk(menu, prefix):
        menu.aboutToShow.emit()  # menus filled when opened (Open Recent) are filled now
        for action in menu.actions():
            if action.isSeparator():
                continue
            path = f"{prefix}/{action.text().replace('&', '')}"
            if action.menu():
                walk(action.menu(), path)
            else:
                found[path] = action
    for top in window.menuBar().actions():
        walk(top.menu(), top.text().replace("&", ""))
    return found


class Dialogs:
    """Answers for Qt's static dialogs, and what each was asked."""

    def __init__(self, monkeypatch, folder: Path):
        self.folder, self.asked, self.shown = folder, [], []
        self.open_answer = ""
        folder.mkdir(exist_ok=True)
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (self.open_answer, ""))
        monkeypatch.setattr(QFileDialog, "getSaveFileName", self._save_name)
        monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (LINK, True))
        monkeypatch.setattr(QMessageBox, "question", self._question)
        monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: self.shown.append(text))
        monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: self.shown.append(text))

    def _save_name(self, parent, caption, suggested, *args, **kwargs):
        return str(self.folder / Path(suggested).name), ""

    def _question(self, parent, title, text, *args, **kwargs):
        self.asked.append(text)
        button = QMessageBox.StandardButton
        return button.Yes if text.startswith("Replace your") else button.Discard


@pytest.fixture
def live(qtbot, tmp_path, monkeypatch):
    window = MainWindow(worker=LocalWorker(Scenario(Settings())), recovery=Recovery(tmp_path / "data"))
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    errors = []
    window.worker.internal_error.connect(lambda text, report: errors.append(text))
    yield window, Dialogs(monkeypatch, tmp_path / "out"), errors
    close_windows([window])


def _settings(window):
    return window.worker.query("settings")


def _wrote(path: Path, start: bytes) -> None:
    assert path.is_file() and path.read_bytes().startswith(start), path


def check_file_item(window, dialogs, path: str, action) -> None:
    out, name = dialogs.folder, path.split("/", 1)[1]
    if name == "New":
        window.send("set_setting", {"key": "learning_rate", "value": 0.3})
        action.trigger()
        assert _settings(window).learning_rate == 0.03 and dialogs.asked[-1].endswith("starting a new session?")
    elif name == "Open…":
        dialogs.open_answer = str(out / "open.json")
        action.trigger()
        assert _settings(window).hidden == [3] and window.windowTitle() == "Playground — open.json"
    elif name.startswith("Open Recent/"):
        window.send("set_setting", {"key": "hidden", "value": [4, 2]})
        action.trigger()  # the file opened before the menus were read is the recent one
        assert name.endswith("open.json") and _settings(window).hidden == [3]
    elif name == "Open TensorFlow Playground Link…":
        action.trigger()
        assert _settings(window).dataset == "xor"
    elif name == "Reopen Last Session":
        save_scenario(Scenario(Settings(hidden=[5])), str(Path(window.documents.recovery.folder) / LAST_SESSION))
        window.menuBar().actions()[0].menu().aboutToShow.emit()  # the File menu opened again
        assert action.isEnabled(), "enabled once there is a last session"
        action.trigger()
        assert _settings(window).hidden == [5] and window.windowTitle() == "Playground — last session"
    elif name in ("Save", "Save As…"):
        (out / "scenario.json").unlink(missing_ok=True)
        window.documents.path = None
        action.trigger()
        _wrote(out / "scenario.json", b"{")
    elif name == "Import Data (CSV)…":
        (out / "mine.csv").write_text("x1,x2,label\n1,1,1\n-1,-1,0\n2,2,1\n-2,-2,0\n")
        dialogs.open_answer = str(out / "mine.csv")
        read = []
        window.documents.data_import.finished.connect(read.append)
        action.trigger()
        for _ in range(WAIT_MS // 10):  # read in the background, then sent
            if read:
                break
            QTest.qWait(10)
        assert read == [True]
        assert window.snapshot.own_data and len(window.snapshot.data.train) + len(window.snapshot.data.test) == 4
    elif name == "Clear All Points":
        action.trigger()
        assert len(window.snapshot.data.train) + len(window.snapshot.data.test) == 2
    elif name.startswith("Export/"):
        check_export(window, dialogs, name.split("/", 1)[1], action)
    elif name == "Export Lesson as Slides…":  # no lesson open: it asks for one
        (out / "one-step.json").write_text(json.dumps(ONE_STEP_LESSON))
        dialogs.open_answer = str(out / "one-step.json")
        action.trigger()
        _wrote(out / "one-step.pdf", b"%PDF-")
    elif name == "Quit":
        pass  # last of all (test below)
    else:
        raise AssertionError(f"no check for File/{name}")


def check_export(window, dialogs, name: str, action) -> None:
    out = dialogs.folder
    files = {"Network as JSON…": ("network.json", b"{"), "Network as NumPy .npz…": ("network.npz", b"PK"),
             "Loss History as CSV…": ("history.csv", b"epoch"), "Python Script…": ("network.py", b"#!/usr/bin/env")}
    if name in files:
        action.trigger()
        _wrote(out / files[name][0], files[name][1])
        return
    panel, kind = name.split("/")
    match = re.fullmatch(r"PNG (\d)×…", kind)
    if match:
        action.trigger()
        _wrote(out / f"{panel.lower()}@{match.group(1)}x.png", b"\x89PNG")
    elif kind == "SVG…":
        action.trigger()
        assert b"<svg" in (out / f"{panel.lower()}.svg").read_bytes()
    elif kind == "Copy to Clipboard":
        QApplication.clipboard().clear()
        action.trigger()
        assert not QApplication.clipboard().image().isNull()
    else:
        raise AssertionError(f"no check for File/Export/{name}")


def check_train_item(window, name: str, action) -> None:
    if name == "Play / Pause":
        action.trigger()
        assert window.worker.playing
        action.trigger()
        assert not window.worker.playing
    elif name == "Step one batch":
        updates = window.snapshot.updates
        action.trigger()
        assert window.snapshot.updates == updates + 1
    elif name == "Reset (new weights)":
        before = window.snapshot.network.params.copy()
        action.trigger()
        assert window.snapshot.epoch == 0 and not np.array_equal(window.snapshot.network.params, before)
    elif name == "Reset to the same start":
        assert window.snapshot.epoch == 0, "Reset came just before"
        start = window.snapshot.network.params.copy()
        window.worker.train_epochs(2)
        assert not np.array_equal(window.snapshot.network.params, start)
        action.trigger()
        assert window.snapshot.epoch == 0 and np.array_equal(window.snapshot.network.params, start)
    elif name == "Full Speed / Chosen Pace":
        action.trigger()
        assert window.worker.speed == FULL_SPEED
        action.trigger()
        assert window.worker.speed == DEFAULT_SPEED
    elif name == "Regenerate data":
        seed = _settings(window).seed
        action.trigger()
        assert _settings(window).seed == seed + 1
    else:
        raise AssertionError(f"no check for Train/{name}")


def check_lessons_item(window, dialogs, name: str, action) -> None:
    titles = {load_lesson(p).title: p for p in bundled_lessons()}
    if name in titles:
        action.trigger()
        assert window.lessons.lesson.title == name and window.lessons.index == 0
        window.end_lesson()
    elif name == "Open Lesson File…":
        dialogs.open_answer = str(bundled_lessons()[2])
        action.trigger()
        assert window.lessons.lesson.title == load_lesson(bundled_lessons()[2]).title
    elif name == "New Lesson":  # the lesson editor, empty
        action.trigger()
        writer = window.lesson_writer
        assert writer.dock.isVisible() and writer.draft.steps == () and writer.stack.isClean()
    elif name == "Edit Lesson…":  # the lesson running, in the editor: bundled, so saved as a copy
        action.trigger()
        draft = window.lesson_writer.draft
        assert draft.title == window.lessons.lesson.title and len(draft.steps) == 3 and draft.bundled
    elif name in ("Next Step", "Previous Step", "End Lesson"):
        pass  # in order, while a lesson runs (below)
    else:
        raise AssertionError(f"no check for Lessons/{name}")


def check_view_item(window, name: str, action) -> None:
    docks = {dock.windowTitle(): dock for dock in [*window.docks.values(), window.lesson_writer.dock]}
    if name in docks:  # a panel shown or hidden (behind another's tab, shown is not visible)
        dock = docks[name]
        hidden = dock.isHidden()
        action.trigger()
        assert dock.isHidden() != hidden and action.isChecked() == hidden
        action.trigger()
        assert dock.isHidden() == hidden
    elif name == "Zoom In":
        window.set_zoom(1.0)  # (a lesson the Lessons menu opened may have set its own)
        action.trigger()
        assert window.zoom == 1.1
    elif name == "Zoom Out":
        action.trigger()
        assert window.zoom == 1.0
    elif name == "Actual Size":
        window.set_zoom(1.25)
        action.trigger()
        assert window.zoom == 1.0
    elif name == "Presentation":
        window.set_look("normal")
        window.set_zoom(1.0)
        action.trigger()
        assert window.presentation and window.zoom == 1.5 and action.isChecked()
        action.trigger()
        assert not window.presentation and window.zoom == 1.0 and not action.isChecked()
    elif name.startswith("Enlarge/"):
        title = name.split("/")[1]
        action.trigger()
        expected = "network" if title == "Network" else next(n for n, d in window.docks.items()
                                                            if d.windowTitle() == title)
        assert window.stage.panel == expected
        window.stage.restore()
    elif name == "Full Screen":
        action.trigger()
        assert window.isFullScreen()
        action.trigger()
        assert not window.isFullScreen()
    elif name == "Put Panels Back / Leave Full Screen":
        window.stage.enlarge("loss")
        assert action.isEnabled()
        action.trigger()
        assert window.stage.panel is None
    elif name == "Reset Layout":
        window.docks["output"].hide()
        action.trigger()
        assert window.docks["output"].isVisible()
    else:
        raise AssertionError(f"no check for View/{name}")


def test_every_menu_item_does_what_it_says(live):
    window, dialogs, errors = live
    save_scenario(Scenario(Settings(learning_rate=0.1, hidden=[3])), str(dialogs.folder / "open.json"))
    dialogs.open_answer = str(dialogs.folder / "open.json")
    menu_paths(window)["File/Open…"].trigger()  # a file to find under Open Recent
    paths = menu_paths(window)
    assert len(paths) > 60
    edit = [p for p in paths if p.startswith("Edit/")]
    assert [paths[p] for p in edit] == [window.undo_action, window.redo_action]
    for path, action in paths.items():
        menu, name = path.split("/", 1)
        if menu == "File":
            check_file_item(window, dialogs, path, action)
        elif menu == "Train":
            check_train_item(window, name, action)
        elif menu == "Lessons":
            check_lessons_item(window, dialogs, name, action)
        elif menu == "View":
            check_view_item(window, name, action)
        elif menu == "Help" and name == "Keyboard Shortcuts":
            action.trigger()
            assert "Ctrl+F  —  Full Speed / Chosen Pace" in dialogs.shown[-1]
        elif menu == "Help" and name == "About Playground":
            action.trigger()
            assert playground.__version__ in dialogs.shown[-1]
        else:
            assert menu == "Edit", f"no check for {path}"

    # a lesson's steps, in order: the lesson from Open Lesson File… is still running
    assert window.lessons.lesson is not None
    paths["Lessons/Next Step"].trigger()
    assert window.lessons.index == 1
    paths["Lessons/Previous Step"].trigger()
    assert window.lessons.index == 0
    paths["Lessons/End Lesson"].trigger()
    assert window.lessons.lesson is None and not paths["Lessons/Next Step"].isEnabled()

    # Edit: undo and redo an edit
    rate = _settings(window).learning_rate
    window.send("set_setting", {"key": "learning_rate", "value": 0.7})
    window.undo_action.trigger()
    assert _settings(window).learning_rate == rate
    window.redo_action.trigger()
    assert _settings(window).learning_rate == 0.7

    paths["File/Quit"].trigger()
    assert window.closed and dialogs.asked[-1].endswith("before quitting?")
    assert (Path(window.documents.recovery.folder) / LAST_SESSION).is_file()
    assert errors == [], "no internal error on the way"
