"""The table import dialog: the label column and standardising chosen by keyboard or
mouse, the line saying what the app will make of it, and the choice returned."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from ui_support import OFFSCREEN_NOISE

from playground.csv_data import parse_cells
from playground.ui.table_import_dialog import TableImportDialog, ask_table_options

pytestmark = OFFSCREEN_NOISE

IRIS = ("sepal length,sepal width,petal length,petal width,species\n"
        "5.1,3.5,1.4,0.2,setosa\n7.0,3.2,4.7,1.4,versicolor\n6.3,3.3,6.0,2.5,virginica\n4.9,3.0,1.4,0.2,setosa\n")


def _dialog(qtbot, text=IRIS, **options):
    dialog = TableImportDialog(parse_cells(text, "/data/iris.csv"), **options)
    qtbot.addWidget(dialog)
    return dialog


def _heading(dialog, j):
    return dialog.preview.horizontalHeaderItem(j).text()


def test_the_dialog_shows_the_first_rows_and_what_the_default_choice_makes(qtbot):
    dialog = _dialog(qtbot)
    assert dialog.windowTitle() == "Import iris.csv"
    assert (dialog.preview.rowCount(), dialog.preview.columnCount()) == (4, 5)
    assert dialog.preview.item(1, 4).text() == "versicolor" and dialog.preview.verticalHeaderItem(0).text() == "2"
    assert [dialog.label_box.itemText(i) for i in range(5)] == [
        "1: sepal length", "2: sepal width", "3: petal length", "4: petal width", "5: species"]
    assert dialog.label_box.currentText() == "5: species" and _heading(dialog, 4) == "species (label)"
    assert dialog.outcome.text() == ("4 rows: 4 inputs (sepal_length, sepal_width, petal_length, petal_width), "
                                     "label 'species' with 3 classes (setosa, versicolor, virginica) → "
                                     "multi-class classification")
    assert dialog.choice() == (5, False) and dialog.focusWidget() is dialog.label_box  # the keyboard starts there
    assert dialog.label_box.toolTip() and dialog.standardise_box.toolTip() and dialog.preview.toolTip()


def test_choosing_a_column_and_standardising_update_the_line_live(qtbot):
    dialog = _dialog(qtbot)
    qtbot.keyClick(dialog.label_box, Qt.Key.Key_Up)  # the keyboard: one column up, petal width
    assert dialog.choice() == (4, False) and _heading(dialog, 3) == "petal width (label)"
    assert _heading(dialog, 4) == "species"
    assert dialog.outcome.text() == "Cannot import: line 2, column 5: expected a number, got 'setosa'"
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    dialog.preview.horizontalHeader().sectionClicked.emit(0)  # a click on sepal length's heading
    qtbot.keyClick(dialog.standardise_box, Qt.Key.Key_Space)
    assert dialog.choice() == (1, True)
    assert dialog.outcome.text().startswith("Cannot import: line 2, column 5")  # species is an input now
    dialog.label_box.setCurrentIndex(4)
    assert dialog.outcome.text().endswith("→ multi-class classification; inputs standardised")
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_a_table_of_numbers_without_a_header(qtbot):
    dialog = _dialog(qtbot, "1,0.5,2,0\n3,1.5,4,1\n5,2.5,6,1\n7,2.5,6,0\n", label=2, standardise=True)
    assert dialog.label_box.currentText() == "column 2" and dialog.standardise_box.isChecked()
    assert dialog.outcome.text() == "4 rows: 3 inputs (x1, x2, x3), target column 2 → regression; inputs standardised"
    dialog.label_box.setCurrentIndex(3)
    assert dialog.outcome.text() == ("4 rows: 3 inputs (x1, x2, x3), label column 4 with 2 classes (0, 1) → "
                                     "classification; inputs standardised")


def _answer(monkeypatch, ok: bool, column: int | None = None, standardise: bool = False):
    """The dialog, when shown, answered as a user would: no event loop is left waiting."""
    def answer(dialog):
        if column:
            dialog.label_box.setCurrentIndex(column - 1)
        dialog.standardise_box.setChecked(standardise)
        button = QDialogButtonBox.StandardButton.Ok if ok else QDialogButtonBox.StandardButton.Cancel
        dialog.buttons.button(button).click()
        return dialog.result()
    monkeypatch.setattr(TableImportDialog, "exec", answer)


def test_ask_returns_the_choice_or_none(qtbot, monkeypatch):
    cells = parse_cells(IRIS, "iris.csv")
    _answer(monkeypatch, True, standardise=True)
    assert ask_table_options(cells) == (5, True)
    _answer(monkeypatch, True, column=1)  # species an input: OK is not offered
    assert ask_table_options(cells) is None
    numbers = parse_cells("1,0.5,2,0\n3,1.5,4,1\n5,2.5,6,1\n", "numbers.csv")
    _answer(monkeypatch, True, column=1)
    assert ask_table_options(numbers, label=3, standardise=True) == (1, False)
    _answer(monkeypatch, False, column=2)
    assert ask_table_options(cells) is None
