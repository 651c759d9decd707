"""The main window: wires the run bar, data panel, network editor and plots to
the training worker. Views send commands and draw snapshots; nothing else."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from playground.engine.errors import InputError
from playground.lesson import bundled_lessons, load_lesson
from playground.recovery import Recovery
from playground.scenario import Scenario
from playground.session.error_log import ErrorLog
from playground.ui.boundary_plot import BoundaryPlot
from playground.ui.controls import DataPanel, RunBar
from playground.ui.documents import Documents, data_folder, default_recovery
from playground.ui.inspector import InspectorPanel
from playground.ui.internal_error import InternalErrorDialog
from playground.ui.landscape_panel import LandscapePanel
from playground.ui.lesson_panel import LessonController, LessonPanel
from playground.ui.loss_plot import LossPanel
from playground.ui.network_editor import NetworkEditor
from playground.ui.race_panel import RacePanel
from playground.ui.teaching_panels import GradientsPanel, HiddenLayerPanel
from playground.ui.time_travel import TimeTravelBar
from playground.ui.worker import TrainingWorker

STYLE = """
QMainWindow, QDockWidget, QWidget#central { background: #ffffff; }
QPushButton#play { border-radius: 26px; background: #183d4e; color: white; font-size: 20pt; }
QPushButton#play:hover { background: #24596f; }
QLabel#epoch { font-size: 18pt; color: #333; }
QLabel#banner { background: #fff3e0; color: #8a4b00; padding: 6px; border: 1px solid #f59322; }
QDockWidget::title { background: #f4f4f4; padding: 4px; font-weight: bold; color: #555; }
"""
PRESENTATION_STYLE = """
QTextBrowser, QLabel, QCheckBox, QDockWidget::title, QTableWidget { font-size: 12pt; }
QLabel#epoch { font-size: 24pt; }
"""


class _RemoteEdit(QUndoCommand):
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


class _KeysForTypingFields(QObject):
    """Space, the arrows and R are the window's training shortcuts, except while a
    field that uses them has the focus: there they type, move or toggle as usual."""
    KEYS = {Qt.Key.Key_Space, Qt.Key.Key_Right, Qt.Key.Key_Left, Qt.Key.Key_R, Qt.Key.Key_PageUp,
            Qt.Key.Key_PageDown}
    FIELDS = (QLineEdit, QAbstractSpinBox, QAbstractSlider, QAbstractButton, QComboBox)

    def watch(self, *containers) -> None:
        """Filter the fields inside these widgets (only they: a filter on the whole
        application would run Python for every event)."""
        for container in containers:
            for field in container.findChildren(QWidget):
                if isinstance(field, self.FIELDS) and not isinstance(field, QToolButton):
                    field.installEventFilter(self)

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.ShortcutOverride and event.key() in self.KEYS:
            event.accept()  # the focused field gets the key; the shortcut does not fire
            return True
        return False


class MainWindow(QMainWindow):
    def __init__(self, scenario: Scenario | None = None, path: str | None = None, worker=None,
                 recovery: Recovery | None = None, transport: str | None = None):
        """``worker``: a LocalWorker to draw a session of this process (screenshots);
        by default a TrainingWorker starts the training process for ``scenario``.
        ``recovery``: where to autosave (default: the app's data folder; none when a
        worker is given)."""
        super().__init__()
        self.setWindowTitle("Playground")
        self.resize(1400, 900)
        self.setStyleSheet(STYLE)
        self.snapshot = None
        self.view_options = {"show_test": False}
        self._generation = 0
        self.frames_drawn = 0

        self.worker = worker if worker is not None else TrainingWorker(scenario, self, transport, data_folder())
        self.internal_error_dialog = InternalErrorDialog(ErrorLog(data_folder()).path, self)
        self.worker.internal_error.connect(self.internal_error_dialog.show_error)
        self.worker.snapshot_ready.connect(self._on_snapshot_ready)
        self.worker.problem.connect(self._on_worker_problem)
        self.worker.saved.connect(lambda path: self.show_hint(f"Saved {path}"))
        # The training process keeps the states to go back to; this stack mirrors its
        # edits for the Edit menu and Ctrl+Z / Ctrl+Shift+Z.
        self.undo_stack = QUndoStack(self)
        self.worker.edited.connect(lambda label: self.undo_stack.push(_RemoteEdit(label, self.worker)))
        self.worker.edits_forgotten.connect(self.undo_stack.clear)

        self.run_bar = RunBar()
        self.editor = NetworkEditor()
        self.data_panel = DataPanel()
        self.output_plot = BoundaryPlot()
        self.loss_panel = LossPanel()
        self.inspector = InspectorPanel()
        self.hidden_panel = HiddenLayerPanel()
        self.gradients_panel = GradientsPanel()
        self.lesson_panel = LessonPanel()
        self.time_bar = TimeTravelBar()
        self.landscape_panel = LandscapePanel()
        self.race_panel = RacePanel()
        loss_box = QWidget()  # the loss curve with the time travel slider under it
        loss_layout = QVBoxLayout(loss_box)
        loss_layout.setContentsMargins(0, 0, 0, 0)
        loss_layout.setSpacing(0)
        loss_layout.addWidget(self.loss_panel, 1)
        loss_layout.addWidget(self.time_bar)
        self.editor.inspector = self.inspector
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        toolbar = QToolBar("Run", self)
        toolbar.setObjectName("run-bar")
        toolbar.setMovable(False)
        toolbar.addWidget(self.run_bar)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        central = QWidget()
        central.setObjectName("central")
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.editor, 1)
        self.setCentralWidget(central)
        self.docks = {}
        right = Qt.DockWidgetArea.RightDockWidgetArea
        for title, widget, area in (("Lesson", self.lesson_panel, Qt.DockWidgetArea.LeftDockWidgetArea),
                                    ("Data", self.data_panel, Qt.DockWidgetArea.LeftDockWidgetArea),
                                    ("Output", self.output_plot, right), ("Loss", loss_box, right),
                                    ("Inspector", self.inspector, right), ("Hidden layer", self.hidden_panel, right),
                                    ("Gradients", self.gradients_panel, right), ("Landscape", self.landscape_panel, right),
                                    ("Race", self.race_panel, right)):
            dock = QDockWidget(title, self)
            dock.setObjectName(f"dock-{title.lower().replace(' ', '-')}")
            dock.setWidget(widget)
            dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                             | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                             | QDockWidget.DockWidgetFeature.DockWidgetClosable)
            self.addDockWidget(area, dock)
            self.docks[title.split()[0].lower()] = dock
        # the teaching views share the loss panel's place, as tabs
        for name in ("inspector", "hidden", "gradients"):
            self.tabifyDockWidget(self.docks["loss"], self.docks[name])
        # the weight-space views need room: they share the output plot's place, the
        # loss curve and its time travel slider stay in view below them
        for name in ("landscape", "race"):
            self.tabifyDockWidget(self.docks["output"], self.docks[name])
        self.docks["loss"].raise_()
        self.docks["output"].raise_()
        # stacked before they were tabbed, the docks grew the window past its size: back to it
        self.layout().activate()
        self.resize(1400, 900)
        self.docks["lesson"].hide()  # above the data panel while a lesson runs
        self.resizeDocks([self.docks["data"]], [220], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["output"]], [460], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["output"], self.docks["loss"]], [520, 260], Qt.Orientation.Vertical)

        for source in (self.run_bar, self.editor, self.data_panel):
            source.command.connect(self.send)
        self.editor.hint.connect(self.show_hint)
        self.run_bar.hint.connect(self.show_hint)
        self.data_panel.view_option.connect(self._on_view_option)
        self.output_plot.point_clicked.connect(self._on_plot_clicked)
        for panel in (self.inspector, self.hidden_panel, self.gradients_panel, self.time_bar,
                      self.landscape_panel, self.race_panel):
            panel.command.connect(self.send)
        self.inspector.hint.connect(self.show_hint)
        self.inspector.stage_changed.connect(self.editor.show_trace)
        self._picking = False
        self._shape_fixed = {"hidden": False, "locked": False}
        self.look = "normal"
        self.lessons = LessonController(self)
        self.lesson_panel.navigate.connect(self.go_to_step)
        self.lesson_panel.closed.connect(self.end_lesson)
        self.inspector.picking_changed.connect(self._on_picking_changed)
        self.docks["hidden"].visibilityChanged.connect(self.hidden_panel.set_active)
        self.docks["gradients"].visibilityChanged.connect(self.gradients_panel.set_active)
        self.documents = Documents(self, recovery if recovery is not None else
                                   (default_recovery() if worker is None else None))
        self.documents.path = path
        self._build_menus()
        self._keys = _KeysForTypingFields(self)
        self._keys.watch(self.run_bar, self.data_panel, self.time_bar, self.landscape_panel, self.race_panel)
        for field in (self.run_bar.learning_rate.lineEdit(), self.data_panel.batch_size):
            # after Enter, the keys belong to the window again (Space plays, → steps)
            field.editingFinished.connect(self.editor.setFocus)
        self.statusBar().showMessage("Press Space to train, → to take one step.", 6000)
        self._on_snapshot_ready()  # a LocalWorker has one ready already

    # --- commands out, snapshots in ------------------------------------------------------

    @Slot(str, object)
    def send(self, name: str, args: dict | None = None) -> None:
        """Send a command to the training process; it is applied between two training steps."""
        self.worker.apply(name, args)

    @Slot()
    def _on_snapshot_ready(self) -> None:
        snap = self.worker.take_snapshot()
        if snap is not None:
            self.draw(snap)

    def draw(self, snap) -> None:
        """Show a snapshot in every view."""
        if snap.generation < self._generation:
            return
        self._generation = snap.generation
        self.snapshot = snap
        self.frames_drawn += 1
        self.run_bar.show_snapshot(snap, self.worker.playing)
        self.data_panel.show_snapshot(snap)
        self.editor.show_snapshot(snap, self.worker.playing)
        self.output_plot.show_snapshot(snap)
        self.loss_panel.show_snapshot(snap)
        self.time_bar.show_snapshot(snap)
        self.landscape_panel.show_snapshot(snap)
        self.race_panel.show_snapshot(snap)
        self.inspector.show_snapshot(snap)
        self.lessons.apply_pending_stage()
        for name, panel in (("hidden", self.hidden_panel), ("gradients", self.gradients_panel)):
            if not self.docks[name].visibleRegion().isEmpty() or snap.teaching is not None:
                panel.show_snapshot(snap)
        text = snap.message or ""
        if snap.viewing is not None and not text:
            text = (f"Time travel: the network, its output and the numbers as they were at epoch {snap.viewing} "
                    f"of {snap.epoch}. Continue from here to train on from it, or go back to now.")
        self.banner.setVisible(bool(text))
        self.banner.setText(text)

    @Slot(str)
    def _on_worker_problem(self, text: str) -> None:
        self.show_hint(text)

    @Slot(str)
    def show_hint(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    @Slot(str, bool)
    def _on_view_option(self, name: str, on: bool) -> None:
        self.view_options[name] = on
        if name == "show_test":
            self.output_plot.set_show_test(on)

    @Slot(float, float, bool, bool)
    def _on_plot_clicked(self, x: float, y: float, positive: bool, erase: bool) -> None:
        """Paint data: a point of class 1 / 0 (or target +1 / -1); for 1-D problems the
        clicked point itself. Shift erases."""
        snap = self.snapshot
        if snap is None:
            return
        if self._picking:  # the inspector takes the nearest training point
            points = snap.data.train.points
            if points.shape[1] == 2:
                self.inspector.pick_sample(int(np.argmin(np.hypot(points[:, 0] - x, points[:, 1] - y))))
            else:
                self.inspector.pick_sample(int(np.argmin(np.abs(points[:, 0] - x))))
            self.docks["inspector"].raise_()
            return
        one_d = snap.settings.problem == "function"
        if erase:
            self.send("erase_points", {"x1": x, "x2": y, "radius": 0.4 if one_d else 0.6})
        elif one_d:
            self.send("add_point", {"x1": x, "value": y})
        elif snap.settings.problem == "multiclass":
            classes = snap.data.train.classes
            self.send("add_point", {"x1": x, "x2": y, "value": (1 if positive else 0) % classes})
        else:
            positive_value = 1 if snap.data.train.is_classification else 1.0
            self.send("add_point", {"x1": x, "x2": y, "value": positive_value if positive else
                                    (0 if snap.data.train.is_classification else -1.0)})

    def control_widgets(self) -> dict[str, list]:
        """The controls a lesson or a TensorFlow Playground link may hide, by its names."""
        rb, dp, ed = self.run_bar, self.data_panel, self.editor
        def boxed(w):
            return w.parentWidget()  # the labelled box around a run-bar or data control
        datasets = list(dp.dataset_buttons.values())
        return {
            "activation": [boxed(rb.activation)], "learningRate": [boxed(rb.learning_rate)],
            "regularization": [boxed(rb.regularization)], "regularizationRate": [boxed(rb.regularization_rate)],
            "optimizer": [boxed(rb.optimizer)], "problem": [boxed(rb.problem)], "speed": [boxed(rb.speed.parentWidget())],
            "batchSize": [boxed(dp.batch_size)], "noise": [boxed(dp.noise)], "percTrainData": [boxed(dp.train_percent)],
            "dataset": datasets, "regDataset": datasets, "showTestData": [dp.show_test],
            "discretize": [dp.discretize], "regenerate": [dp.regenerate], "playButton": [rb.play_button],
            "stepButton": [rb.step_button], "resetButton": [rb.reset_button, rb.reset_same_button],
            "numHiddenLayers": [ed], "epoch": [boxed(rb.epoch)],
        }

    def set_hidden_controls(self, names) -> list[str]:
        """Hide these controls (and show all others); returns the names not known."""
        return self._restrict_controls(names, lambda widget, on: widget.setVisible(not on), "hidden")

    def set_locked_controls(self, names) -> list[str]:
        """Grey these controls out (and enable all others); returns the names not known."""
        return self._restrict_controls(names, lambda widget, on: widget.setEnabled(not on), "locked")

    def _restrict_controls(self, names, apply, kind: str) -> list[str]:
        controls = self.control_widgets()
        chosen = {w for name in names for w in controls.get(name, [])}
        for widgets in controls.values():
            for widget in widgets:
                if widget is not self.editor:
                    apply(widget, widget in chosen)
        self._shape_fixed[kind] = self.editor in chosen  # hiding or locking the layers fixes the shape
        self.editor.set_layers_locked(any(self._shape_fixed.values()))
        return [name for name in names if name not in controls]

    def set_look(self, look: str) -> None:
        """"normal", or "presentation" for slides and projectors: larger type, thicker lines."""
        presentation = look == "presentation"
        self.setStyleSheet(STYLE + (PRESENTATION_STYLE if presentation else ""))
        for view in (self.editor, self.output_plot, self.loss_panel):
            view.set_look(presentation)
        self.look = look

    @Slot(bool)
    def _on_picking_changed(self, on: bool) -> None:
        self._picking = on
        if on:
            self.show_hint("Click a data point on the output plot to trace it")

    def show_panel(self, name: str) -> None:
        """Bring a panel's tab to the front (for shots and lessons)."""
        self.docks[name].show()
        self.docks[name].raise_()

    def apply_view(self, view: dict) -> None:
        """View choices a scenario or link brings (show test data, discretize, hidden controls)."""
        if "hidden_controls" in view:
            unknown = self.set_hidden_controls(view["hidden_controls"])
            if unknown:
                self.show_hint(f"These controls cannot be hidden here: {', '.join(unknown)}")
        if "show_test" in view:
            self.data_panel.show_test.setChecked(bool(view["show_test"]))
        if "discretize" in view:
            self.send("set_discrete", {"on": bool(view["discretize"])})

    # --- menus and keys -------------------------------------------------------------------

    def _action(self, menu, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        self.documents.build_menu(self.menuBar().addMenu("&File"))
        edit = self.menuBar().addMenu("&Edit")
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence.StandardKey.Redo])
        edit.addActions([undo, redo])
        self.undo_action, self.redo_action = undo, redo
        train = self.menuBar().addMenu("&Train")
        self._action(train, "Play / Pause", lambda: self.send("toggle"), Qt.Key.Key_Space)
        self._action(train, "Step one batch", lambda: self.send("step"), Qt.Key.Key_Right)
        self._action(train, "Reset (new weights)", lambda: self.send("reset", {"same_start": False}), Qt.Key.Key_R)
        self._action(train, "Reset to the same start", lambda: self.send("reset", {"same_start": True}),
                     QKeySequence("Shift+R"))
        self._action(train, "Regenerate data", lambda: self.send("regenerate"))
        lessons = self.menuBar().addMenu("&Lessons")
        for path in bundled_lessons():
            try:
                title = load_lesson(path).title
            except InputError:
                continue  # a broken bundled lesson must not take the menu down; tests catch it
            lessons.addAction(title, lambda p=path: self.open_lesson(str(p)))
        lessons.addSeparator()
        self._action(lessons, "Open Lesson File…", lambda: self.open_lesson(None))
        self.lesson_actions = [
            self._action(lessons, "Next Step", lambda: self.go_to_step(self.lessons.index + 1), Qt.Key.Key_PageDown),
            self._action(lessons, "Previous Step", lambda: self.go_to_step(self.lessons.index - 1), Qt.Key.Key_PageUp),
            self._action(lessons, "End Lesson", self.end_lesson)]
        for action in self.lesson_actions:
            action.setEnabled(False)  # while a lesson runs
        view = self.menuBar().addMenu("&View")
        for dock in self.docks.values():
            view.addAction(dock.toggleViewAction())
        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&About Playground", self._about)

    # --- lessons ------------------------------------------------------------------------

    def open_lesson(self, path: str | None = None) -> bool:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "Open lesson", "", "Lessons (*.json)")
            if not path:
                return False
        try:
            lesson = load_lesson(path)
        except InputError as e:
            QMessageBox.warning(self, "Cannot open the lesson", str(e))
            return False
        self.start_lesson(lesson)
        return True

    def start_lesson(self, lesson, index: int = 0) -> None:
        self.lessons.start(lesson, index)
        for action in self.lesson_actions:
            action.setEnabled(True)
        self.docks["lesson"].show()
        self.resizeDocks([self.docks["lesson"], self.docks["data"]], [560, 300], Qt.Orientation.Vertical)
        self.lesson_panel.show_step(lesson, self.lessons.index)

    def go_to_step(self, index: int) -> None:
        lesson = self.lessons.lesson
        if lesson is None or not 0 <= index < len(lesson.steps):
            return
        self.lessons.go(index)
        self.lesson_panel.show_step(lesson, self.lessons.index)

    def end_lesson(self) -> None:
        self.lessons.stop()
        for action in self.lesson_actions:
            action.setEnabled(False)
        self.lesson_panel.show_none()
        self.docks["lesson"].hide()

    def _about(self) -> None:
        QMessageBox.about(self, "About Playground",
                          "<b>Playground</b><br>A desktop neural-network playground for teaching and "
                          "learning how networks train.")

    # --- closing --------------------------------------------------------------------------

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop training and the training process; safe to call twice. A normal close
        leaves nothing to recover."""
        self.worker.stop()
        self.documents.finish()

    # the File menu's work, reachable from the window (and tests)
    def open_file(self, path: str | None = None) -> bool:
        return self.documents.open_file(path)

    def _save_to(self, path: str) -> None:
        self.documents._save_to(path)

    def offer_recovery(self, ask=None) -> bool:
        return self.documents.offer_recovery(ask)
