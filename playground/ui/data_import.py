"""File ▸ Import Data: your own table from a CSV file, read off the GUI thread.

Reading the most rows a file may hold (100,000) takes about half a second of
Python. On the GUI thread the window froze for it; here the file is read in a
background thread while the window goes on drawing and training, the status bar
says what is being read, and the points arrive as one undoable edit. Esc, or a
newer import, open or lesson, drops a read still under way; a refused file is a
dialog naming the line and the column, and the session stays as it was.

A file of today's shapes (x1,x2,label for the plane, x,y for a line) is imported as
it is; any other table (more columns, other names, text labels) first asks which
column is the label and whether to standardise the inputs (table_import_dialog.py),
and the status bar then says what the app made of it.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog

from playground.csv_data import make_table, read_cells
from playground.engine.errors import InputError
from playground.engine.features import is_plain
from playground.ui import table_import_dialog


class DataImport(QObject):
    finished = Signal(bool)              # the points were sent to the session (True), or refused
    _read = Signal(int, str, object)     # from the reading thread: (ticket, path, Dataset or error)

    def __init__(self, window, problem):
        super().__init__(window)
        self.window, self.problem = window, problem  # problem(title, error): the dialog that says why
        self.reading: str | None = None  # the file being read, if one is
        self._ticket = 0                 # the read whose result is still wanted
        self._read.connect(self._arrived)

    def start(self, path: str | None = None) -> bool:
        """Start reading ``path`` (asked for when not given); False if none was chosen."""
        if not path:
            path, _ = QFileDialog.getOpenFileName(self.window, "Import data", str(Path.cwd()),
                                                  "CSV files (*.csv *.txt);;All files (*)")
            if not path:
                return False
        self._ticket += 1
        self.reading = str(path)
        threading.Thread(target=self._read_file, args=(self._ticket, str(path)), name="import data",
                         daemon=True).start()
        self.window.show_hint(f"Reading {Path(path).name}… (Esc cancels)")
        self.window.update_escape()
        return True

    def cancel(self) -> bool:
        """Drop the read under way, if any (its thread finishes unheard)."""
        if self.reading is None:
            return False
        self.window.show_hint(f"Import of {Path(self.reading).name} cancelled")
        self._ticket += 1
        self.reading = None
        self.window.update_escape()
        return True

    def _read_file(self, ticket: int, path: str) -> None:
        try:
            result = read_cells(path)
        except Exception as e:  # noqa: BLE001 - handed to the GUI thread, which raises any that is a bug
            result = e
        try:
            self._read.emit(ticket, path, result)
        except RuntimeError:
            pass  # the window closed while the file was read: nobody is waiting for it

    def _arrived(self, ticket: int, path: str, result) -> None:
        if ticket != self._ticket:
            return  # cancelled, or a newer read was started
        self.reading = None
        self.window.update_escape()
        if isinstance(result, InputError):
            self.problem("Cannot import", result)
            self.finished.emit(False)
            return
        if isinstance(result, Exception):
            raise result  # a bug in the reader: reported as any other
        self._import(path, result)

    def _import(self, path: str, cells) -> None:
        """The cells as a table: today's shapes at once, any other after the dialog's choice."""
        try:
            table, label = make_table(cells), None
        except InputError as e:
            # the last column cannot be the label; the one column of text might: the dialog
            # offers it; a file no label choice can read is refused as before
            table, label = None, _text_column(cells)
            if label is None:
                self.problem("Cannot import", e)
                self.finished.emit(False)
                return
        if table is None or is_plain(table.inputs) or any(map(_is_text, table.class_names)):
            choice = table_import_dialog.ask_table_options(cells, self.window, label=label)
            if choice is None:
                self.window.show_hint(f"Import of {Path(path).name} cancelled")
                self.finished.emit(False)
                return
            try:
                table = make_table(cells, *choice)
            except InputError as e:  # the dialog offers only choices it can import; said, never lost
                self.problem("Cannot import", e)
                self.finished.emit(False)
                return
        self.window.send("import_data", {"data": table.dataset, "inputs": list(table.inputs)})
        self.window.show_hint(f"Imported {Path(path).name}: {table.summary()}")
        self.finished.emit(True)


def _is_text(name: str) -> bool:
    try:
        float(name)
    except ValueError:
        return True
    return False


def _text_column(cells) -> int | None:
    """The column (from 1) that holds the file's only text, if it is not the last and makes a table."""
    if len(cells.text) != 1:
        return None
    column = next(iter(cells.text)) + 1
    if column == cells.width:
        return None
    try:
        make_table(cells, column)
    except InputError:
        return None
    return column
