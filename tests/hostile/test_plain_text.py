"""Text from files is shown as written, never rendered as HTML: a lesson's and a
step's title in the lesson panel, and the error dialogs that quote a file. And a
window writes no file it was not asked to (no settings.ini in the working folder)."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from playground.bundled import bundled_lessons
from playground.scenario import Scenario
from playground.settings import Settings
from playground.ui.main_window import MainWindow
from playground.ui.worker import LocalWorker

HOSTILE = '<img src="/etc/hostname"><b>bold</b>'


def _window(qtbot) -> MainWindow:
    window = MainWindow(worker=LocalWorker(Scenario(Settings())))
    qtbot.addWidget(window)  # an untouched session: closing asks nothing
    return window


def test_lesson_and_step_titles_from_the_file_are_shown_as_written(qtbot, tmp_path):
    lesson = json.loads(bundled_lessons()[0].read_text())
    lesson["title"], lesson["steps"][0]["title"] = HOSTILE, HOSTILE
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(lesson))
    window = _window(qtbot)
    assert window.open_lesson(str(path))
    title = window.lesson_panel.title
    assert title.textFormat() == Qt.TextFormat.PlainText
    assert title.text() == f"{HOSTILE} — step 1 of {len(lesson['steps'])}: {HOSTILE}"
    window.end_lesson()


def test_an_error_dialog_quoting_a_file_shows_its_html_as_written(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": HOSTILE}))
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    window = _window(qtbot)
    assert not window.open_file(str(path))
    assert len(shown) == 1 and "&lt;img src=&quot;/etc/hostname&quot;&gt;" in shown[0]
    assert "<img" not in shown[0] and shown[0].startswith("<qt>"), "rich text, escaped: the tag is text"


def test_a_window_without_a_data_folder_writes_no_settings_file_in_the_working_folder(qtbot, tmp_path,
                                                                                      monkeypatch):
    monkeypatch.chdir(tmp_path)
    window = _window(qtbot)  # a shot's or a test's window: it autosaves nowhere
    saved = tmp_path / "saved.json"
    window.save_to(str(saved))
    assert saved.is_file() and window.documents.recent() == [str(saved)], "Open Recent, kept in memory"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["saved.json"], "no settings.ini left behind"
