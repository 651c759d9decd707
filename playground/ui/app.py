"""Starting the app: the QApplication, the main window, a file given on the command line."""

from __future__ import annotations

import sys

import pyqtgraph as pg
from PySide6.QtWidgets import QApplication, QMessageBox

from playground.engine.errors import InputError
from playground.lesson import is_lesson_file
from playground.scenario import load_scenario
from playground.ui.look import fix_look
from playground.ui.panel_widgets import as_written


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("Playground")
    app.setOrganizationName("Playground")
    fix_look(app)
    pg.setConfigOptions(antialias=True, imageAxisOrder="row-major")
    return app


def run_app(path: str | None = None, transport: str | None = None) -> int:
    """The window, with ``path`` (a scenario, network or lesson file) open, training
    in a child process or a thread (``transport``; None: the default)."""
    from playground.ui.main_window import MainWindow

    app = make_application()
    scenario = lesson = None
    if path and is_lesson_file(path):
        lesson = path
    elif path:
        try:
            scenario = load_scenario(path)
        except InputError as e:
            QMessageBox.warning(None, "Cannot open", as_written(e))
    window = MainWindow(scenario, path if scenario else None, transport=transport)
    window.show()
    if window.documents.unusable_folder:
        QMessageBox.warning(window, "No autosave", as_written(
            f"The data folder cannot be used ({window.documents.unusable_folder}). Playground runs without "
            "autosave and crash recovery; save your work with File ▸ Save."))
    if lesson:
        window.open_lesson(lesson)
    else:
        window.offer_recovery()
    return app.exec()
