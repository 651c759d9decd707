"""The small dialog in which a lesson step's hidden and locked controls are chosen:
each control by the words the window shows on it, a Hide and a Lock box beside it
(the lesson file's name in its tooltip)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QGridLayout, QLabel, QVBoxLayout


class StepControlsDialog(QDialog):
    """``labels``: {lesson name: on-screen label}; ``hide``, ``lock``: the names chosen so far."""

    def __init__(self, labels: dict[str, str], hide, lock, step_title: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Hide or lock controls")
        layout = QVBoxLayout(self)
        intro = QLabel(f"During “{step_title}”: hidden controls are not shown; locked ones are shown, "
                       "greyed out." if step_title else "During this step: hidden controls are not shown; "
                       "locked ones are shown, greyed out.")
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QGridLayout()
        grid.addWidget(QLabel("<b>Control</b>"), 0, 0)
        grid.addWidget(QLabel("<b>Hide</b>"), 0, 1)
        grid.addWidget(QLabel("<b>Lock</b>"), 0, 2)
        self.hide_boxes, self.lock_boxes = {}, {}
        for row, (name, label) in enumerate(labels.items(), start=1):
            text = QLabel(label)
            text.setTextFormat(Qt.TextFormat.PlainText)
            text.setToolTip(f"In the lesson file: {name}")
            grid.addWidget(text, row, 0)
            for column, boxes, chosen in ((1, self.hide_boxes, hide), (2, self.lock_boxes, lock)):
                box = QCheckBox()
                box.setChecked(name in chosen)
                box.setAccessibleName(f"{'Hide' if column == 1 else 'Lock'} {label}")
                grid.addWidget(box, row, column, Qt.AlignmentFlag.AlignCenter)
                boxes[name] = box
        layout.addLayout(grid)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.buttons = buttons
        self._kept = ([n for n in hide if n not in labels], [n for n in lock if n not in labels])

    def chosen(self) -> tuple[list[str], list[str]]:
        """(hide, lock): the boxes ticked, in the window's order, and any name the dialog
        did not show (an alias such as regDataset) kept as it was."""
        return ([n for n, box in self.hide_boxes.items() if box.isChecked()] + self._kept[0],
                [n for n, box in self.lock_boxes.items() if box.isChecked()] + self._kept[1])
