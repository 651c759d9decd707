"""The question a table of your own asks before it is imported: which column is the
label (or target), and should the inputs be standardised?

The dialog shows the file's first rows, a combo box naming the columns (a click on
a column's heading chooses it too), a "standardise inputs" box, and one line saying
what the app will make of the choice (classification or regression, the classes,
the inputs), or why it cannot, kept up to date as the choice changes. OK is
offered only for a choice the app can import. Everything is reachable from the
keyboard: Alt+L, Alt+S, Enter for OK, Esc to cancel.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from playground.csv_data import Cells, Table, make_table
from playground.engine.errors import InputError

_SEPARATORS = {",": "commas", ";": "semicolons", "\t": "tabs"}


class TableImportDialog(QDialog):
    def __init__(self, cells: Cells, parent: QWidget | None = None, label: int | None = None,
                 standardise: bool = False):
        super().__init__(parent)
        self.cells = cells
        self._tables: dict[tuple[int, bool], Table | InputError] = {}
        self.setWindowTitle(f"Import {Path(cells.source).name}")
        about = QLabel(_about(cells))
        about.setWordWrap(True)
        about.setTextFormat(Qt.TextFormat.PlainText)  # a header may hold anything: never markup
        self.preview = self._preview_table()
        self.label_box = QComboBox()
        for j, name in enumerate(cells.names):
            self.label_box.addItem(name if name == f"column {j + 1}" else f"{j + 1}: {name}", j + 1)
        self.label_box.setToolTip("The column the network learns to predict: a class (text, or a few whole "
                                  "numbers) or a number; every other column is an input")
        self.label_box.setCurrentIndex((label or cells.width) - 1)
        self.standardise_box = QCheckBox("&Standardise inputs (each to mean 0, standard deviation 1)")
        self.standardise_box.setToolTip("Shift and scale each input column so that columns of very different "
                                        "sizes train alike; a column that never changes becomes 0")
        self.standardise_box.setChecked(standardise)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setTextFormat(Qt.TextFormat.PlainText)
        self.outcome.setAccessibleName("What the app will make of it")
        self.outcome.setToolTip("What importing with this choice makes: updated as you choose")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setToolTip("Import the table with this choice")
        self._lay_out(about)
        self.label_box.currentIndexChanged.connect(self._update)
        self.standardise_box.toggled.connect(self._update)
        self.preview.horizontalHeader().sectionClicked.connect(self.label_box.setCurrentIndex)
        self._update()
        self.label_box.setFocus()

    def _lay_out(self, about: QLabel) -> None:
        form = QFormLayout()
        caption = QLabel("&Label or target column:")
        caption.setBuddy(self.label_box)
        form.addRow(caption, self.label_box)
        form.addRow("", self.standardise_box)
        layout = QVBoxLayout(self)
        for widget in (about, self.preview):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(self.outcome)
        layout.addWidget(self.buttons)
        QWidget.setTabOrder(self.label_box, self.standardise_box)
        QWidget.setTabOrder(self.standardise_box, self.buttons)
        QWidget.setTabOrder(self.buttons, self.preview)
        self.resize(680, 440)

    def _preview_table(self) -> QTableWidget:
        rows = self.cells.preview
        table = QTableWidget(len(rows), self.cells.width)
        table.setAccessibleName("The file's first rows")
        table.setToolTip(f"The file's first {len(rows)} rows; click a column's heading to make it the label")
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectColumns)
        table.setVerticalHeaderLabels([str(line) for line in self.cells.lines[:len(rows)]])  # lines of the file
        for i, row in enumerate(rows):
            for j, cell in enumerate(row):
                table.setItem(i, j, QTableWidgetItem(cell))
        return table

    def choice(self) -> tuple[int, bool]:
        """(the label column, 1-based; standardise the inputs?)"""
        return self.label_box.currentData(), self.standardise_box.isChecked()

    def table(self) -> Table | InputError:
        """What the current choice makes, or why it cannot (each worked out once)."""
        key = self.choice()
        if key not in self._tables:
            try:
                self._tables[key] = make_table(self.cells, *key)
            except InputError as e:
                self._tables[key] = e
        return self._tables[key]

    def _update(self) -> None:
        table, label = self.table(), self.label_box.currentData()
        refused = isinstance(table, InputError)
        text = str(table).removeprefix(f"{self.cells.source}: ")
        self.outcome.setText(f"Cannot import: {text}" if refused else table.summary())
        self.outcome.setStyleSheet("color: #b00020" if refused else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not refused)
        for j, name in enumerate(self.cells.names):
            item = QTableWidgetItem(f"{name} (label)" if j + 1 == label else name)
            font = item.font()
            font.setBold(j + 1 == label)
            item.setFont(font)
            item.setToolTip("The label: what the network learns to predict" if j + 1 == label else "An input")
            self.preview.setHorizontalHeaderItem(j, item)


def _about(cells: Cells) -> str:
    commas = ", with decimal commas" if cells.decimal_comma else ""
    header = "the first row names them" if cells.header else "no header row, so they are numbered"
    return (f"{Path(cells.source).name}: {len(cells):,} rows of {cells.width} columns separated by "
            f"{_SEPARATORS[cells.separator]}{commas}; {header}.")


def ask_table_options(cells: Cells, parent: QWidget | None = None, label: int | None = None,
                      standardise: bool = False) -> tuple[int, bool] | None:
    """Ask which column is the label and whether to standardise the inputs:
    (label column, 1-based; standardise) for OK, None for Cancel."""
    dialog = TableImportDialog(cells, parent, label, standardise)
    try:
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
