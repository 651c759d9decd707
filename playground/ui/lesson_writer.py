"""Writing a lesson in the window (Lessons ▸ New Lesson, Edit Lesson…): the lesson
editor's dock, the draft it shows (lesson_recorder.py, no Qt), and its own undo
stack, in one QUndoGroup with the window's: the Edit menu undoes the lesson's
edits while the editor has the focus, the session's otherwise. A lesson with
unsaved changes asks Save / Discard / Cancel before the window closes or another
lesson replaces it; a bundled lesson is saved as a copy, never into the package.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QApplication, QDockWidget, QFileDialog, QMessageBox

from playground.engine.errors import InputError
from playground.lesson import lesson_from_dict
from playground.lesson_recorder import (
    Draft,
    capture_start,
    describe_action,
    file_name,
    in_package,
    lesson_dict,
    new_step,
    next_shot_name,
    open_draft,
    percent,
    save_draft,
    start_summary,
)
from playground.ui.lesson_editor import LessonEditor
from playground.ui.lesson_views import control_labels, shown_views
from playground.ui.panel_widgets import as_written
from playground.ui.stage import DockTitle
from playground.ui.step_controls import StepControlsDialog
from playground.ui.window_docks import scrolling
from playground.ui.worker import WorkerGone

Button = QMessageBox.StandardButton
LESSON_TITLE, STEP_TITLE, STEP_TEXT = 1, 2, 3  # typing in one field merges into one edit


class DraftEdit(QUndoCommand):
    """One edit of the lesson: the draft and the selected step before and after it."""

    def __init__(self, writer, label: str, before: tuple, after: tuple, merge: int = -1):
        super().__init__(label)
        self.writer, self.before, self.after, self.merge = writer, before, after, merge

    def id(self) -> int:
        return self.merge

    def mergeWith(self, other) -> bool:  # noqa: N802 (Qt's name)
        if other.id() != self.merge or other.before[1] != self.after[1]:
            return False  # typing in another step's field is another edit
        self.after = other.after
        return True

    def redo(self) -> None:
        self.writer.restore(self.after)

    def undo(self) -> None:
        self.writer.restore(self.before)


class LessonWriter(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.draft, self.index = Draft(), -1
        self.playing = None  # the lesson last played from the draft (Go to Step)
        self.dialog = None
        self._summaries = ([], "")  # the starts a summary was made for, and it
        self.stack = QUndoStack(self)
        window.undo_group.addStack(self.stack)
        self.editor = LessonEditor()
        self.dock = QDockWidget("Lesson editor", window)
        self.dock.setObjectName("dock-lesson-editor")
        self.dock.setWidget(scrolling(self.editor))  # a small window scrolls it, never grows for it
        self.dock.setTitleBarWidget(DockTitle(self.dock, lambda: None))
        self.dock.titleBarWidget().enlarge.hide()  # the stage is for the lesson's own panels
        # under the data and the network: the plots' column keeps its height
        window.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()
        self._connect()
        QApplication.instance().focusChanged.connect(self._on_focus)
        window.lesson_panel.navigate.connect(lambda _index: self.follow_lesson())  # after the lesson went there
        window.installEventFilter(self)  # closing the window asks first
        self.stack.cleanChanged.connect(lambda _clean: self._show_title())
        self.show()

    def _connect(self) -> None:
        editor = self.editor
        editor.lesson_title_edited.connect(
            lambda text: self._edit("Edit the lesson's title", replace(self.draft, title=text), merge=LESSON_TITLE))
        editor.step_selected.connect(lambda row: self.restore((self.draft, row)))
        editor.step_title_edited.connect(lambda text: self._edit(
            f"Edit step {self.index + 1}'s title", self.draft.with_step(self.index, title=text), merge=STEP_TITLE))
        editor.step_text_edited.connect(lambda text: self._edit(
            f"Edit step {self.index + 1}'s text", self.draft.with_step(self.index, text=text), merge=STEP_TEXT))
        editor.train_asked.connect(lambda epochs: self._add_action({"train": epochs}))
        editor.train_until_asked.connect(lambda loss: self._add_action({"train_until": {"loss": round(loss, 6)}}))
        asked = {"add": self.add_step, "update": self.update_start, "up": lambda: self.move(-1),
                 "down": lambda: self.move(+1), "delete": self.delete_step, "go": self.go_to_step,
                 "controls": self.choose_controls, "save": self.save, "save_as": self.save_as,
                 "remove_action": self.remove_action}
        editor.asked.connect(lambda name: asked[name]())

    # --- the draft and its undo ------------------------------------------------------------

    def _edit(self, label: str, draft: Draft, index: int | None = None, merge: int = -1) -> None:
        self.stack.push(DraftEdit(self, label, (self.draft, self.index),
                                  (draft, self.index if index is None else index), merge))

    def restore(self, state: tuple) -> None:
        self.draft, self.index = state
        self.show()

    def show(self) -> None:
        draft, index = self.draft, self.index
        step = draft.steps[index] if index >= 0 else {}
        rows = [f"{i + 1}. {s.get('title') or '(untitled)'}" for i, s in enumerate(draft.steps)]
        labels = control_labels(self.window)
        chosen = [f"{kind}: {', '.join(labels.get(n, n) for n in step.get(key, []))}"
                  for kind, key in (("Hidden", "hide"), ("Locked", "lock")) if step.get(key)]
        self.editor.show_draft(draft, index, rows, [describe_action(a) for a in step.get("actions", [])],
                               "; ".join(chosen) or "Every control shown", self._summary(draft, index))
        self._show_title()

    def _summary(self, draft: Draft, index: int) -> str:
        """What the step starts from, worked out again only when a start up to it changed (not as one types)."""
        if index < 0:
            return "Add Step records the window as it is now."
        starts = [step.get("start", step.get("scenario")) for step in draft.steps[:index + 1]]
        kept, text = self._summaries
        if len(kept) != len(starts) or any(a is not b for a, b in zip(kept, starts)):
            try:
                text = start_summary(draft, index)
            except InputError as e:
                text = str(e)
            self._summaries = (starts, text)
        return text

    def _show_title(self) -> None:
        if not (shiboken6.isValid(self.stack) and shiboken6.isValid(self.dock)):
            return  # the window is going (its stack, being deleted, says it is clean)
        title = f"Lesson editor — {self.draft.title or 'untitled'}" + ("" if self.stack.isClean() else " *")
        if self.draft.bundled:
            title += " (a bundled lesson: Save makes a copy)"
        self.dock.titleBarWidget().label.setText(title)  # (the View menu keeps its name)

    def follow_lesson(self) -> None:
        """The lesson panel went to another step of the lesson being written: the editor shows it too."""
        lessons = self.window.lessons
        if self.playing is not None and lessons.lesson is self.playing and lessons.index < len(self.draft.steps):
            self.restore((self.draft, lessons.index))

    def _on_focus(self, _old, new) -> None:
        """The Edit menu undoes the lesson's edits while the editor has the focus."""
        if new is None or not shiboken6.isValid(self.dock) or not shiboken6.isValid(self.window.undo_stack):
            return  # (the window is going)
        editing = new is self.dock or self.dock.isAncestorOf(new)
        self.window.undo_group.setActiveStack(self.stack if editing else self.window.undo_stack)

    # --- lessons --------------------------------------------------------------------------

    def new_lesson(self) -> bool:
        """Lessons ▸ New Lesson: an empty lesson in the editor (after Save / Discard / Cancel)."""
        if not self.ask_to_save("starting another lesson"):
            return False
        self._load(Draft())
        self.editor.lesson_title.setFocus()
        self.editor.lesson_title.selectAll()
        self.window.show_hint("Set the window up, then Add Step: the step starts as the window is now")
        return True

    def edit_lesson(self, path: str | None = None) -> bool:
        """Lessons ▸ Edit Lesson…: the lesson running (or one asked for) in the editor."""
        window, running = self.window, self.window.lessons.lesson
        if running is not None and running is self.playing:  # the lesson being written, played
            self.dock.show()
            return True
        if not self.ask_to_save("editing another lesson"):
            return False
        path = path or (running.source if running is not None and Path(running.source).is_file() else None) or \
            QFileDialog.getOpenFileName(window, "Edit lesson", str(Path.cwd()), "Lessons (*.json)")[0]
        if not path:
            return False
        try:
            draft = open_draft(path)
        except InputError as e:
            QMessageBox.warning(window, "Cannot edit the lesson", as_written(e))
            return False
        self._load(draft)
        if running is None or running.source != path:
            window.open_lesson(path)  # played as it will be seen
        self.playing = window.lessons.lesson  # its steps are the editor's, until they are moved
        return True

    def _load(self, draft: Draft) -> None:
        self.draft, self.index, self.playing = draft, (0 if draft.steps else -1), None
        self.stack.clear()
        self.show()
        if self.dock.isHidden() and not self.dock.isFloating():
            self.dock.show()
            # the network keeps its room: a third of the window's height, from 250 to 280 px
            height = min(280, max(250, self.window.height() // 3))
            self.window.resizeDocks([self.dock], [height], Qt.Orientation.Vertical)
        self.dock.raise_()

    def ask_to_save(self, doing: str) -> bool:
        """True to go on (saved, discarded, or nothing to save); False to stay."""
        if self.stack.isClean():
            return True
        answer = QMessageBox.question(
            self.window, "Unsaved lesson", f"Save the changes to the lesson “{self.draft.title}” before {doing}?",
            Button.Save | Button.Discard | Button.Cancel, Button.Save)
        if answer == Button.Save:
            return self.save()
        return answer == Button.Discard

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.window and event.type() == QEvent.Type.Close and not self.window.closed \
                and not self.ask_to_save("quitting"):
            event.ignore()
            return True
        return False

    # --- steps ----------------------------------------------------------------------------

    def _capture(self) -> dict | None:
        """The window's setup now: the session's start, the panels, the stage, the zoom."""
        window = self.window
        window.send("pause")
        try:
            scenario = window.worker.query("scenario")
        except WorkerGone as e:
            QMessageBox.warning(window, "Cannot record the step", str(e))
            return None
        return {"start": capture_start(scenario), "views": shown_views(window), "stage": window.stage.panel,
                "zoom": percent(window.zoom)}

    def add_step(self) -> None:
        captured = self._capture()
        if captured is None:
            return
        steps = self.draft.steps
        at = self.index + 1 if self.index >= 0 else len(steps)
        step = new_step(f"Step {at + 1}", captured["start"], captured["views"], captured["stage"], captured["zoom"],
                        next_shot_name(steps))
        self._edit(f"Add step {at + 1}", replace(self.draft, steps=steps[:at] + (step,) + steps[at:]), at)
        self.dock.show()
        self.editor.step_title.setFocus()
        self.editor.step_title.selectAll()  # typing names it
        self.window.show_hint(f"Step {at + 1} recorded: type its title and text")

    def update_start(self) -> None:
        captured = self._capture()
        if captured is not None and self.index >= 0:
            self._edit(f"Update step {self.index + 1}'s start", self.draft.with_step(self.index, scenario=None,
                                                                                    **captured))
            self.window.show_hint(f"Step {self.index + 1} now starts as the window is set up")

    def move(self, by: int) -> None:
        i, steps = self.index, list(self.draft.steps)
        if i < 0 or not 0 <= i + by < len(steps):
            return
        steps[i], steps[i + by] = steps[i + by], steps[i]
        self._edit(f"Move step {i + 1} {'up' if by < 0 else 'down'}", replace(self.draft, steps=tuple(steps)), i + by)

    def delete_step(self) -> None:
        i, steps = self.index, self.draft.steps
        if i >= 0:
            self._edit(f"Delete step {i + 1}", replace(self.draft, steps=steps[:i] + steps[i + 1:]),
                       min(i, len(steps) - 2))

    def _add_action(self, action: dict) -> None:
        if self.index >= 0:
            actions = list(self.draft.steps[self.index].get("actions", [])) + [action]
            self._edit(f"Add to step {self.index + 1}: {describe_action(action)}",
                       self.draft.with_step(self.index, actions=actions))

    def remove_action(self) -> None:
        row = self.editor.actions.currentRow()
        actions = list(self.draft.steps[self.index].get("actions", [])) if self.index >= 0 else []
        if 0 <= row < len(actions):
            del actions[row]
            self._edit(f"Remove an action of step {self.index + 1}",
                       self.draft.with_step(self.index, actions=actions or None))

    def choose_controls(self) -> None:
        """The step's hidden and locked controls, chosen in a small dialog (not modal to the app)."""
        if self.index < 0:
            return
        step, index = self.draft.steps[self.index], self.index
        self.dialog = StepControlsDialog(control_labels(self.window), step.get("hide", []), step.get("lock", []),
                                         step.get("title", ""), self.window)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.accepted.connect(lambda dialog=self.dialog: self._controls_chosen(index, *dialog.chosen()))
        self.dialog.open()

    def _controls_chosen(self, index: int, hide: list, lock: list) -> None:
        if index < len(self.draft.steps):
            self._edit(f"Choose step {index + 1}'s controls",
                       self.draft.with_step(index, hide=hide or None, lock=lock or None), index)

    def go_to_step(self) -> None:
        """The selected step as the lesson will show it (the window's session set aside, as a lesson does)."""
        if self.index < 0:
            return
        try:
            lesson = lesson_from_dict(lesson_dict(self.draft), self.draft.path or "the lesson being written",
                                      Path(self.draft.folder))
        except InputError as e:
            QMessageBox.warning(self.window, "Cannot show the step", as_written(e))
            return
        self.playing = lesson
        self.window.start_lesson(lesson, self.index)

    # --- saving ---------------------------------------------------------------------------

    def save(self) -> bool:
        """Save to the file it came from; a new or bundled lesson asks where."""
        if self.draft.path and not self.draft.bundled:
            return self.save_to(self.draft.path)
        return self.save_as()

    def save_as(self) -> bool:
        name = Path(self.draft.path).name if self.draft.path else f"{file_name(self.draft.title)}.json"
        path, _ = QFileDialog.getSaveFileName(self.window, "Save lesson", str(Path.cwd() / name), "Lessons (*.json)")
        return bool(path) and self.save_to(path)

    def save_to(self, path: str) -> bool:
        if in_package(path):
            QMessageBox.warning(self.window, "Cannot save the lesson", f"{path}: the bundled lessons are not "
                                "written over; save the lesson elsewhere (it then opens from there)")
            return False
        try:
            save_draft(self.draft, path)
        except (InputError, ValueError) as e:
            QMessageBox.warning(self.window, "Cannot save the lesson", as_written(e))
            return False
        self.draft = replace(self.draft, path=str(path), bundled=False)
        self.stack.setClean()
        self._show_title()
        self.window.show_hint(f"Saved the lesson to {path}")
        return True
