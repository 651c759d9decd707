"""The main window's menus and keys: File (from Documents), Edit (undo and redo of
the training process's edits, or of the lesson being written while its editor has
the focus), Train, Lessons, View and Help; and the filter that lets typing fields
keep the keys the window uses as training shortcuts."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoGroup
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QToolButton,
    QWidget,
)

from playground import __version__
from playground.bundled import MissingPackageFile, bundled_lessons
from playground.engine.errors import InputError
from playground.lesson import PRESENTATION_ZOOM, load_lesson
from playground.ui.lesson_writer import LessonWriter
from playground.ui.zoom import fitting_zoom, next_zoom, show_look


def add_action(window, menu, text: str, slot, shortcut=None, tip: str = "") -> QAction:
    """A menu entry calling ``slot``; its shortcut works anywhere in ``window``."""
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setStatusTip(tip)
    # triggered(bool) would hand ``checked`` to a slot's first optional argument (a
    # path, a link): the slot is called with none
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    return action


class RemoteEdit(QUndoCommand):
    """An edit the training process made and can take back: undo and redo ask it to."""

    def __init__(self, label: str, worker):
        super().__init__(label)
        self.worker, self._done = worker, True  # pushed after the process made the edit

    def undo(self) -> None:
        self.worker.apply("undo")
        self._done = False

    def redo(self) -> None:
        if not self._done:  # QUndoStack.push calls redo(); the edit is already made
            self.worker.apply("redo")
        self._done = True


def click_without_focus(*containers, keep=()) -> None:
    """Buttons, check boxes, data tiles, sliders and drop-downs take the keyboard focus
    only by Tab: after a click, Space (play), → (step) and R (reset) still reach the
    window, not the control clicked last. Fields one types in (line edits, spin boxes,
    editable drop-downs) take it on a click, as everywhere, and so do the widgets in
    ``keep`` (the time-travel slider: its arrow keys step through the checkpoints)."""
    for container in containers:
        for widget in container.findChildren(QWidget):
            typed = isinstance(widget, QComboBox) and widget.isEditable()
            clicked = isinstance(widget, (QAbstractButton, QAbstractSlider, QComboBox))
            if clicked and not typed and widget not in keep:
                widget.setFocusPolicy(Qt.FocusPolicy.TabFocus)


class KeysForTypingFields(QObject):
    """Space, the arrows and R are the window's training shortcuts, except while a
    field that uses them has the focus: there they type, move or toggle as usual."""
    KEYS = {Qt.Key.Key_Space, Qt.Key.Key_Right, Qt.Key.Key_Left, Qt.Key.Key_R, Qt.Key.Key_PageUp,
            Qt.Key.Key_PageDown}
    SLIDER_KEYS = {Qt.Key.Key_Right, Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}
    FIELDS = (QLineEdit, QAbstractSpinBox, QAbstractSlider, QAbstractButton, QComboBox)

    def watch(self, *containers) -> None:
        """Filter the fields inside these widgets (only they: a filter on the whole
        application would run Python for every event)."""
        for container in containers:
            for field in container.findChildren(QWidget):
                if isinstance(field, self.FIELDS) and not isinstance(field, QToolButton):
                    field.installEventFilter(self)

    def eventFilter(self, watched, event):
        # a slider uses the arrows and Page keys, not Space or R: those still play and reset
        keys = self.SLIDER_KEYS if isinstance(watched, QAbstractSlider) else self.KEYS
        if event.type() == QEvent.Type.ShortcutOverride and event.key() in keys:
            event.accept()  # the focused field gets the key; the shortcut does not fire
            return True
        return False


@dataclass
class Menus:
    """The actions the window enables and disables as it goes."""
    undo: QAction
    redo: QAction
    lesson_steps: list[QAction]   # next, previous, end: while a lesson runs


def build_menus(window) -> Menus:
    bar = window.menuBar()
    window.documents.build_menu(bar.addMenu("&File"))
    edit = bar.addMenu("&Edit")
    # the session's edits, and the lesson editor's while it has the focus (lesson_writer.py)
    window.undo_group = QUndoGroup(window)
    window.undo_group.addStack(window.undo_stack)
    window.undo_group.setActiveStack(window.undo_stack)
    window.lesson_writer = LessonWriter(window)
    undo = window.undo_group.createUndoAction(window, "&Undo")
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo = window.undo_group.createRedoAction(window, "&Redo")
    # both spellings, each once: StandardKey.Redo is Ctrl+Shift+Z itself on X11, and a
    # sequence bound twice is ambiguous (Qt then fires neither)
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    edit.addActions([undo, redo])
    _train_menu(window, bar.addMenu("&Train"))
    lesson_steps = _lessons_menu(window, bar.addMenu("&Lessons"))
    _view_menu(window, bar.addMenu("&View"))
    help_menu = bar.addMenu("&Help")
    add_action(window, help_menu, "&Keyboard Shortcuts", lambda: _shortcuts(window), QKeySequence("F1"))
    add_action(window, help_menu, "&About Playground", lambda: _about(window))
    return Menus(undo, redo, lesson_steps)


def _present(window, on: bool) -> None:
    """View ▸ Presentation: the look for projectors at 150 % (less if the screen is smaller), or back."""
    shown = show_look(window, "presentation" if on else "normal", PRESENTATION_ZOOM if on else 1.0)
    if shown == (PRESENTATION_ZOOM if on else 1.0):
        window.show_hint(f"Presentation: zoom {shown:.0%} (F5: back)" if on else "Zoom 100%")


def _view_menu(window, view) -> None:
    """The panels (shown or hidden), zoom, full screen and the layout."""
    for dock in list(window.docks.values()) + [window.lesson_writer.dock]:
        view.addAction(dock.toggleViewAction())
    view.addSeparator()
    def zoom_by(step: int) -> None:
        before, wanted = window.zoom, next_zoom(window.zoom, step)
        # zooming in only as far as the window still fits the screen; zooming out always
        if fitting_zoom(window, [wanted, before] if step > 0 else [wanted]) != wanted:
            window.show_hint(f"Zoom {before:.0%}: larger would not fit this screen")  # it would spill off it
            return
        window.show_hint(f"Zoom {window.zoom:.0%} (Ctrl+0: actual size)")
    zoom_in = add_action(window, view, "Zoom &In", lambda: zoom_by(+1), None, "Larger type, plots and network")
    # Ctrl++ as the platform spells it, and Ctrl+= (the same key without Shift), each once
    keys = [k.toString() for k in QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomIn)] + ["Ctrl+="]
    zoom_in.setShortcuts([QKeySequence(k) for k in dict.fromkeys(keys)])
    add_action(window, view, "Zoom &Out", lambda: zoom_by(-1), QKeySequence("Ctrl+-"),
               "Smaller type, plots and network")
    add_action(window, view, "&Actual Size", lambda: (window.set_zoom(1.0), window.show_hint("Zoom 100%")),
               QKeySequence("Ctrl+0"), "Back to 100 %")
    window.presentation_action = add_action(
        window, view, "&Presentation", lambda: _present(window, window.presentation_action.isChecked()),
        QKeySequence("F5"),
        "For a projector: 150 % zoom, thicker lines, larger points, stronger contrast (F5 again: back)")
    window.presentation_action.setCheckable(True)
    view.addSeparator()
    enlarge = view.addMenu("&Enlarge")
    for name, title in [("network", "Network")] + [(n, d.windowTitle()) for n, d in window.docks.items()]:
        add_action(window, enlarge, title, lambda n=name: window.stage.enlarge(n), None,
                   f"{title} alone, filling the window (Esc puts the panels back)")
    add_action(window, view, "&Full Screen", window.toggle_full_screen, QKeySequence("F11"),
               "The window over the whole screen (F11 or Esc again to leave)")
    escape = add_action(window, view, "Put Panels Back / Leave Full Screen", window.escape, QKeySequence("Esc"))
    escape.setEnabled(False)  # Esc only while there is something to put back or leave
    window.escape_action = escape
    view.addSeparator()
    add_action(window, view, "&Reset Layout", window.reset_layout, None,
               "Every panel back in its first place and the window at its opening size")


def _train_menu(window, menu) -> None:
    send = window.send
    add_action(window, menu, "Play / Pause", lambda: send("toggle"), Qt.Key.Key_Space)
    add_action(window, menu, "Step one batch", lambda: send("step"), Qt.Key.Key_Right)
    add_action(window, menu, "Reset (new weights)", lambda: send("reset", {"same_start": False}), Qt.Key.Key_R)
    add_action(window, menu, "Reset to the same start", lambda: send("reset", {"same_start": True}),
               QKeySequence("Shift+R"))
    add_action(window, menu, "Full Speed / Chosen Pace", window.run_bar.speed_control.toggle_full_speed,
               QKeySequence("Ctrl+F"), "Train as fast as the machine can, and back to the pace chosen before")
    add_action(window, menu, "Regenerate data", lambda: window.send_from_control("regenerate", {}))


def _lessons_menu(window, menu) -> list[QAction]:
    """The bundled lessons, opening a lesson file, and the steps (disabled until a lesson runs)."""
    try:
        paths = bundled_lessons()
    except MissingPackageFile as e:  # a broken installation: said in the menu, never an empty one
        paths = []
        missing = menu.addAction("Bundled lessons missing: reinstall Playground")
        missing.setToolTip(str(e))
        missing.setEnabled(False)
    for path in paths:
        try:
            title = load_lesson(path).title
        except InputError:
            continue  # a broken bundled lesson must not take the menu down; tests catch it
        menu.addAction(title, lambda p=path: window.open_lesson(str(p)))
    menu.addSeparator()
    add_action(window, menu, "Open Lesson File…", lambda: window.open_lesson(None))
    writer = window.lesson_writer
    add_action(window, menu, "New Lesson", writer.new_lesson, None,
               "Write a lesson: set the window up, Add Step records it as the step's start")
    add_action(window, menu, "Edit Lesson…", writer.edit_lesson, None,
               "The lesson running (or one you choose) in the lesson editor; a bundled one is saved as a copy")
    menu.addSeparator()
    steps = [
        add_action(window, menu, "Next Step", lambda: window.go_to_step(window.lessons.index + 1), Qt.Key.Key_PageDown),
        add_action(window, menu, "Previous Step", lambda: window.go_to_step(window.lessons.index - 1),
                   Qt.Key.Key_PageUp),
        add_action(window, menu, "End Lesson", window.end_lesson)]
    for action in steps:
        action.setEnabled(False)
    for action in steps[:2]:  # the lesson editor shows the step the lesson went to
        action.triggered.connect(lambda _checked=False: writer.follow_lesson())
    return steps


def shortcut_list(window) -> list[tuple[str, str]]:
    """(keys, what they do) for every menu item that has keys, in menu order."""
    rows, menus = [], [a.menu() for a in window.menuBar().actions()]
    while menus:
        menu = menus.pop(0)
        for action in menu.actions():
            if action.menu():
                menus.append(action.menu())
            elif action.shortcuts():
                keys = " or ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())
                rows.append((keys, action.text().replace("&", "")))
    return rows


def _shortcuts(window) -> None:
    text = "\n".join(f"{keys}  —  {what}" for keys, what in shortcut_list(window))
    QMessageBox.information(window, "Keyboard Shortcuts",
                            text + "\n\nWhile you type in a field, keys type; Enter gives them back.")


def _about(window) -> None:
    QMessageBox.about(window, "About Playground",
                      f"<b>Playground {__version__}</b><br>A desktop neural-network playground for teaching "
                      "and learning how networks train.")
