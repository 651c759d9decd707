"""The lesson editor's panel (Lessons ▸ New Lesson, Edit Lesson…): the lesson's
title and steps on the left, the selected step's title and text (with a live
preview of its **bold** and *italics*) in the middle, its actions, controls and
the lesson's Save on the right. It shows a draft and says what the user did;
lesson_writer.py does the work."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from playground.lesson import MAX_TRAIN, markup

MARKUP_HINT = "**bold**, *italics*; an empty line starts a paragraph"


def _button(text: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tip)
    return button


def _caption(text: str) -> QLabel:
    label = QLabel(text.upper())
    label.setObjectName("caption")  # small grey type, as over the run bar's boxes
    return label


class KeysForEditing(QObject):
    """In the editor's fields, Space, the arrows, R and Page Up/Down type or move as
    usual (not play, step, reset or change steps), and Undo / Redo reach the Edit
    menu, which undoes the lesson's edits, not the field's own."""
    KEYS = {Qt.Key.Key_Space, Qt.Key.Key_Right, Qt.Key.Key_Left, Qt.Key.Key_R, Qt.Key.Key_PageUp,
            Qt.Key.Key_PageDown}

    def eventFilter(self, watched, event):
        if event.type() != QEvent.Type.ShortcutOverride:
            return False
        if event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo) \
                or event.keyCombination().toCombined() == QKeySequence("Ctrl+Y")[0].toCombined():
            event.ignore()
            return True  # the field does not take it: the Edit menu's shortcut does
        if event.key() in self.KEYS and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier:
            event.accept()
            return True
        return False


class TwoLines(QLabel):
    """A note in small grey type, wrapped over two lines at most: a label that wraps
    would have the panel's scroll area make room for all of its lines at once."""

    def __init__(self):
        super().__init__()
        self.setObjectName("caption")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        return False

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(0, 2 * self.fontMetrics().lineSpacing() + 2)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.sizeHint()

    def setText(self, text: str) -> None:  # noqa: N802
        super().setText(text)
        self.setToolTip(text)  # all of it, if two lines cut it short


class LessonEditor(QWidget):
    """The panel's widgets; its signals name what was asked."""
    lesson_title_edited = Signal(str)
    step_selected = Signal(int)
    step_title_edited = Signal(str)
    step_text_edited = Signal(str)
    asked = Signal(str)  # add, update, up, down, delete, go, controls, save, save_as, remove_action
    train_asked = Signal(int)
    train_until_asked = Signal(float)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        for column, stretch, widest in ((self._steps_column(), 2, 250), (self._text_column(), 5, 16777215),
                                        (self._actions_column(), 2, 250)):
            box = QWidget()
            box.setLayout(column)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(4)
            box.setMaximumWidth(widest)  # the step's text takes the width the lists do not need
            layout.addWidget(box, stretch)
        self.keys = KeysForEditing(self)
        for field in (self.lesson_title, self.step_title, self.text, self.steps, self.epochs, self.loss):
            field.installEventFilter(self.keys)
        self.showing = False  # set while the panel shows a draft: its changes are no user's edits

    def _steps_column(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.addWidget(_caption("Lesson title"))
        self.lesson_title = QLineEdit()
        self.lesson_title.setAccessibleName("Lesson title")
        self.lesson_title.textEdited.connect(self.lesson_title_edited)
        column.addWidget(self.lesson_title)
        self.steps = QListWidget()
        self.steps.setAccessibleName("Steps")
        self.steps.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.steps.currentRowChanged.connect(lambda row: self.showing or self.step_selected.emit(row))
        self.steps.itemDoubleClicked.connect(lambda _item: self.asked.emit("go"))
        self.steps.setMinimumSize(160, 48)
        column.addWidget(self.steps, 1)
        grid = QGridLayout()
        self.add = _button("Add Step", "A new step after the selected one, starting as the window is set up now: "
                                       "the settings, weights you set or trained, your points, the panels, the zoom")
        self.update_start = _button("Update Start", "The selected step starts as the window is set up now")
        self.up, self.down = _button("▲", "Move the step up"), _button("▼", "Move the step down")
        self.delete = _button("Delete", "Delete the selected step")
        self.go = _button("Go to Step", "Show the step as the lesson will (double-click a step too)")
        for button, name, place in ((self.add, "add", (0, 0, 1, 2)), (self.update_start, "update", (0, 2, 1, 2)),
                                    (self.up, "up", (2, 0, 1, 1)), (self.down, "down", (2, 1, 1, 1)),
                                    (self.delete, "delete", (2, 2, 1, 2)), (self.go, "go", (1, 0, 1, 4))):
            button.clicked.connect(lambda _checked=False, n=name: self.asked.emit(n))
            grid.addWidget(button, *place)
        column.addLayout(grid)
        return column

    def _text_column(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.addWidget(_caption("Step title"))
        self.step_title = QLineEdit()
        self.step_title.setAccessibleName("Step title")
        self.step_title.textEdited.connect(self.step_title_edited)
        column.addWidget(self.step_title)
        row = QHBoxLayout()
        self.text = QPlainTextEdit()
        self.text.setAccessibleName("Step text")
        self.text.setUndoRedoEnabled(False)  # the lesson's undo (Edit menu) takes typing back
        self.text.setPlaceholderText("What the class should look at. " + MARKUP_HINT)
        self.text.setToolTip(MARKUP_HINT)
        self.text.textChanged.connect(self._on_text_changed)
        self.preview = QTextBrowser()
        self.preview.setAccessibleName("Preview")
        self.preview.setToolTip("The text as the lesson panel shows it")
        for widget in (self.text, self.preview):
            widget.setMinimumHeight(48)
            row.addWidget(widget, 1)
        captions = QHBoxLayout()
        hint = QLabel("TEXT   **bold**  *italics*")  # the markup, as typed
        hint.setObjectName("caption")
        hint.setToolTip(MARKUP_HINT)
        for widget in (hint, _caption("Preview")):
            widget.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widening
            captions.addWidget(widget, 1)
        column.addLayout(captions)
        column.addLayout(row, 1)
        self.start_summary = TwoLines()
        self.start_summary.setTextFormat(Qt.TextFormat.PlainText)
        column.addWidget(self.start_summary)
        return column

    def _actions_column(self) -> QVBoxLayout:
        column = QVBoxLayout()
        heading = QHBoxLayout()
        heading.addWidget(_caption("After the start"), 1)
        column.addLayout(heading)
        self.actions = QListWidget()
        self.actions.setAccessibleName("Actions")
        self.actions.setMaximumHeight(64)
        self.actions.setMinimumHeight(40)
        column.addWidget(self.actions)
        train = QHBoxLayout()
        self.epochs = QSpinBox()
        self.epochs.setRange(1, MAX_TRAIN)
        self.epochs.setValue(100)
        self.epochs.setSuffix(" epochs")
        self.add_train = _button("Train", "Add: train this many epochs after the start")
        self.add_train.clicked.connect(lambda: self.train_asked.emit(self.epochs.value()))
        self.remove_action = _button("Remove", "Remove the action selected below")
        self.remove_action.clicked.connect(lambda: self.asked.emit("remove_action"))
        train.addWidget(self.add_train)
        train.addWidget(self.epochs, 1)
        column.addLayout(train)
        until = QHBoxLayout()
        self.loss = QDoubleSpinBox()
        self.loss.setDecimals(3)
        self.loss.setRange(0.001, 100.0)
        self.loss.setSingleStep(0.01)
        self.loss.setValue(0.05)
        self.loss.setPrefix("loss ≤ ")
        self.add_train_until = _button("Train until", "Add: train until the training loss is at most this "
                                                      "(1,000 epochs at most)")
        self.add_train_until.clicked.connect(lambda: self.train_until_asked.emit(self.loss.value()))
        until.addWidget(self.add_train_until)
        until.addWidget(self.loss, 1)
        column.addLayout(until)
        heading.addWidget(self.remove_action)
        self.controls = _button("Hide / Lock Controls…", "Choose the controls this step hides or greys out")
        self.controls.clicked.connect(lambda: self.asked.emit("controls"))
        column.addWidget(self.controls)
        self.controls_summary = TwoLines()
        column.addWidget(self.controls_summary)
        column.addStretch(1)
        save = QHBoxLayout()
        self.save, self.save_as = _button("Save", "Save the lesson"), _button("Save As…", "Save the lesson elsewhere")
        for button, name in ((self.save, "save"), (self.save_as, "save_as")):
            button.clicked.connect(lambda _checked=False, n=name: self.asked.emit(n))
            save.addWidget(button)
        column.addLayout(save)
        return column

    def _on_text_changed(self) -> None:
        text = self.text.toPlainText()
        self.preview.setHtml(markup(text))
        if not self.showing:
            self.step_text_edited.emit(text)

    def show_draft(self, draft, index: int, rows: list[str], actions: list[str], controls: str, start: str) -> None:
        """The draft's lesson title and steps, step ``index`` selected (-1: none) with its
        title, text, actions (as listed), controls and start (as summarised)."""
        self.showing = True
        try:
            _set_text(self.lesson_title, draft.title)
            if [self.steps.item(i).text() for i in range(self.steps.count())] != rows:
                self.steps.clear()
                self.steps.addItems(rows)
            self.steps.setCurrentRow(index)
            step = draft.steps[index] if index >= 0 else {}
            _set_text(self.step_title, step.get("title", ""))
            if self.text.toPlainText() != step.get("text", ""):
                self.text.setPlainText(step.get("text", ""))
                self.text.moveCursor(QTextCursor.MoveOperation.End)  # (undone typing: typing goes on at the end)
            self.preview.setHtml(markup(step.get("text", "")))
            if [self.actions.item(i).text() for i in range(self.actions.count())] != actions:
                self.actions.clear()
                self.actions.addItems(actions)
            self.controls_summary.setText(controls)
            self.start_summary.setText(start)
            for widget in (self.update_start, self.delete, self.go, self.step_title, self.text, self.add_train,
                           self.add_train_until, self.controls):
                widget.setEnabled(index >= 0)
            self.remove_action.setEnabled(bool(actions))
            self.up.setEnabled(index > 0)
            self.down.setEnabled(0 <= index < len(draft.steps) - 1)
        finally:
            self.showing = False


def _set_text(field: QLineEdit, text: str) -> None:
    if field.text() != text:  # the same text set again would move the cursor of someone typing
        field.setText(text)
