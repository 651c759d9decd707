"""Running a lesson in the window: the lesson panel (the step's text, previous,
next, reset this step) and the controller that sets each step up.

Going to a step rebuilds it from the nearest scenario at or before it and every
action since (Lesson.replay): the same state however the class got there, and
"reset this step" is the same operation. The step's hidden and locked controls
stay so until the lesson ends.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from playground.engine.errors import InputError
from playground.lesson import Lesson, load_lesson, markup
from playground.ui.lesson_views import show_views
from playground.ui.panel_widgets import as_written
from playground.ui.zoom import show_look


def action_command(action: dict) -> tuple[str, dict] | None:
    """The command a lesson action sends to the training process (None for actions on the views)."""
    (name, args), = action.items()
    if name == "train":
        return "train_epochs", {"count": args}
    if name == "train_until":
        return "train_until", {"loss": args["loss"], "max_epochs": args.get("max_epochs", 1000)}
    if name in ("set_weight", "set_bias", "select_neuron", "inspect", "sweep_weight"):
        return name, dict(args)
    if name == "set":
        return "set_setting", {"key": args["key"], "value": args["value"]}
    if name == "apply_sgd_step":
        return "apply_sgd_step", {}
    return None


class LessonController:
    """Sets the window up for each step of a lesson."""

    def __init__(self, window):
        self.window = window
        self.lesson: Lesson | None = None
        self.index = 0
        self.pending_stage = None   # the inspector's stage, once its trace has arrived
        self.pending_input = None   # ... the trace of this input (the step's own inspect action)
        self.stage_after = -1       # ... in a snapshot of a later generation than this
        self.zoom_before = 1.0      # the window's zoom before the lesson set its own
        self.zoom_shown = None      # the zoom the lesson asked for last (a step may have its own)

    def open(self, path: str | None = None) -> bool:
        """Lessons ▸ a lesson, or Open Lesson File… (asking for the file)."""
        window = self.window
        if not path:
            path, _ = QFileDialog.getOpenFileName(window, "Open lesson", "", "Lessons (*.json)")
            if not path:
                return False
        try:
            lesson = load_lesson(path)
        except InputError as e:
            QMessageBox.warning(window, "Cannot open the lesson", as_written(e))
            return False
        self.begin(lesson)
        return True

    def begin(self, lesson: Lesson, index: int = 0) -> None:
        """Start a lesson at a step; the session before it is set aside without asking."""
        window = self.window
        window.documents.keeping.put_aside()
        self.start(lesson, index)
        for action in window.lesson_actions:
            action.setEnabled(True)
        window.docks["lesson"].show()
        window.resizeDocks([window.docks["lesson"], window.docks["data"]], [560, 300], Qt.Orientation.Vertical)
        window.lesson_panel.show_step(lesson, self.index)

    def step_to(self, index: int) -> None:
        if self.lesson is None or not 0 <= index < len(self.lesson.steps):
            return
        self.go(index)
        self.window.lesson_panel.show_step(self.lesson, self.index)

    def end(self) -> bool:
        """End the lesson: the session set aside comes back, after Save / Discard /
        Cancel if the lesson's own state was changed since its step was set up."""
        window = self.window
        if self.lesson is not None and not window.documents.keeping.ask_to_save("ending the lesson"):
            return False
        self.stop()
        for action in window.lesson_actions:
            action.setEnabled(False)
        window.lesson_panel.show_none()
        window.docks["lesson"].hide()
        window.documents.keeping.bring_back()
        return True

    def start(self, lesson: Lesson, index: int = 0) -> None:
        if self.lesson is None:
            self.zoom_before = self.window.zoom  # the user's own zoom, back when the lesson ends
        self.lesson = lesson
        show_look(self.window, lesson.look, lesson.zoom_of(), keep_size=True)  # as large as the window allows
        self.zoom_shown = lesson.zoom_of()
        self.go(index)

    def stop(self) -> None:
        self.lesson = None
        self.pending_stage = None
        self.window.set_hidden_controls([])
        self.window.set_locked_controls([])
        self.window.set_look("normal")
        self.window.set_zoom(self.zoom_before)

    def go(self, index: int) -> None:
        lesson, window = self.lesson, self.window
        self.index = max(0, min(index, len(lesson.steps) - 1))
        step = lesson.steps[self.index]
        scenario, actions = lesson.replay(self.index)
        zoom = step.zoom if step.zoom is not None else lesson.zoom_of()
        if zoom != self.zoom_shown:
            self.zoom_shown = zoom
            show_look(window, lesson.look, zoom, keep_size=True)
        # the stage applies to a trace of this step's run (its load starts a new generation),
        # never to the last step's, still on screen: a new trace would set it back to 0
        self.stage_after = window.snapshot.generation if window.snapshot is not None else -1
        window.documents.data_import.cancel()  # points read for the session that was
        window.send("pause")
        window.send("release")
        window.send("load", {"scenario": scenario})
        window.apply_view(scenario.view)
        self.pending_stage = None
        window.stage.restore()
        for panel in ("loss", "output"):  # each step starts with the curve and the plot in view
            window.show_panel(panel)
        show_views(window, step.views)
        for action in actions:
            command = action_command(action)
            if command is not None:
                window.send(*command)
            elif "show" in action:
                # a panel shown asks the training process for its views at once, before the training that follows
                window.show_panel(action["show"])
            elif "inspector_stage" in action:
                self.pending_stage = action["inspector_stage"]
                # the last step's sample, drawn late, must not take it (it did under load)
                self.pending_input = next((tuple(map(float, a["inspect"]["input"])) for a in actions
                                           if "inspect" in a and "input" in a["inspect"]), None)
        window.send("mark_saved")  # the step as set up: changes from here on are the class's own
        window.set_hidden_controls(step.hide)
        window.set_locked_controls(step.lock)
        if step.stage is not None:
            window.stage.enlarge(step.stage)
            window.docks["lesson"].show()  # the step's text stays beside the panel on the stage
        self.apply_pending_stage()

    def apply_pending_stage(self) -> None:
        """Called after each drawn snapshot: the inspector's stage applies once its trace is there."""
        inspector, snap = self.window.inspector, self.window.snapshot
        # the trace of this step's sample: an earlier step's, drawn before this one's arrived,
        # would take the stage and lose it again when the new sample came (a flaky test)
        if (self.pending_stage is not None and inspector.holds_sample_of(snap, self.pending_input)
                and snap.generation > self.stage_after):
            stage, self.pending_stage = self.pending_stage, None
            inspector.set_stage(inspector.last_stage if stage == "all" else int(stage))


class LessonPanel(QWidget):
    """The step's text, with previous, next and reset."""
    navigate = Signal(int)   # the step to go to
    closed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # the lesson file's words, never its HTML
        self.title.setWordWrap(True)
        self.title.setObjectName("lesson-title")  # the window's style sheet sets its type, at the zoom
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(True)
        layout.addWidget(self.title)
        layout.addWidget(self.text, 1)
        buttons = QGridLayout()  # two by two: the panel stays narrow enough for a 1024-wide window
        self.previous = QPushButton("◀ Previous")
        self.previous.setToolTip("The step before (Page Up)")
        self.reset = QPushButton("Reset this step")
        self.reset.setToolTip("Set this step up again, as it began")
        self.next = QPushButton("Next ▶")
        self.next.setToolTip("The next step (Page Down)")
        self.end = QPushButton("End lesson")
        self.end.setToolTip("Leave the lesson: every control comes back")
        for i, button in enumerate((self.previous, self.next, self.reset, self.end)):
            buttons.addWidget(button, i // 2, i % 2)
        layout.addLayout(buttons)
        self.previous.clicked.connect(lambda: self.navigate.emit(self.index - 1))
        self.reset.clicked.connect(lambda: self.navigate.emit(self.index))
        self.next.clicked.connect(lambda: self.navigate.emit(self.index + 1))
        self.end.clicked.connect(self.closed.emit)
        self.index = 0
        self.show_none()

    def show_none(self) -> None:
        self.title.setText("No lesson running")
        self.text.setHtml(markup("Choose a lesson from the **Lessons** menu: each step sets the network and the "
                                 "data up, says what to look for, and the steps can be walked back and forth."))
        for button in (self.previous, self.reset, self.next, self.end):
            button.setEnabled(False)

    def show_step(self, lesson: Lesson, index: int) -> None:
        self.index = index
        step = lesson.steps[index]
        self.title.setText(f"{lesson.title} — step {index + 1} of {len(lesson.steps)}"
                           + (f": {step.title}" if step.title else ""))
        self.text.setHtml(markup(step.text))
        self.previous.setEnabled(index > 0)
        self.next.setEnabled(index < len(lesson.steps) - 1)
        self.reset.setEnabled(True)
        self.end.setEnabled(True)
