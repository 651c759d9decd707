"""The main window: wires the run bar, data panel, network editor and plots to
the training process (through the worker). Views send commands and draw
snapshots; nothing else. The docks' places are in window_docks.py, the menus and
keys in window_menus.py, the File menu's work in documents.py."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, Qt, Slot
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QToolBar, QVBoxLayout, QWidget

from playground.recovery import Recovery
from playground.scenario import Scenario
from playground.ui.boundary_plot import BoundaryPlot, SquareFrame
from playground.ui.controls import RunBar
from playground.ui.data_panel import DataPanel
from playground.ui.documents import Documents, data_folder, default_recovery
from playground.ui.inspector import InspectorPanel
from playground.ui.internal_error import InternalErrorDialog
from playground.ui.landscape_panel import LandscapePanel
from playground.ui.lesson_panel import LessonController, LessonPanel
from playground.ui.look import fix_look
from playground.ui.loss_plot import LossPanel
from playground.ui.network_editor import NetworkEditor
from playground.ui.race_panel import RacePanel
from playground.ui.stage import Stage, add_title_bars
from playground.ui.teaching_panels import GradientsPanel, HiddenLayerPanel
from playground.ui.time_travel import TimeTravelBar
from playground.ui.window_controls import control_widgets
from playground.ui.window_docks import LEFT, RIGHT, RoomForInspector, add_docks, scrolling, stacked
from playground.ui.window_layout import WindowLayout
from playground.ui.window_menus import KeysForTypingFields, RemoteEdit, build_menus, click_without_focus
from playground.ui.worker import TrainingWorker
from playground.ui.zoom import ZOOMS, apply_zoom
from playground.window_sizes import WINDOW_SIZE


class MainWindow(QMainWindow):
    def __init__(self, scenario: Scenario | None = None, path: str | None = None, worker=None,
                 recovery: Recovery | None = None, transport: str | None = None):
        """``worker``: a LocalWorker to draw a session of this process (screenshots);
        by default a TrainingWorker starts the training loop for ``scenario``, in a
        child process or a thread (``transport``; README, Architecture).
        ``recovery``: where to autosave (default: the app's data folder; none when a
        worker is given)."""
        fix_look(QApplication.instance())  # whoever made the application: the one look
        super().__init__()
        self.setWindowTitle("Playground")
        self.resize(*WINDOW_SIZE)
        self.zoom, self.presentation = 1.0, False
        self.snapshot = None
        self._generation = 0
        self.frames_drawn = 0
        self._picking = False
        self.closed = False  # shut down: closing asks nothing more
        self._shape_fixed = {"hidden": False, "locked": False}
        self._connect_worker(worker if worker is not None else
                             TrainingWorker(scenario, self, transport, log_folder=data_folder()))
        self._build_views()
        self._connect_views()
        self.lessons = LessonController(self)
        self.documents = Documents(self, recovery if recovery is not None else
                                   (default_recovery() if worker is None else None))
        self.documents.path = path
        self.worker.recovery_path = self.documents.recovery.path if self.documents.recovery else None
        self.stage = Stage(self)
        add_title_bars(self)
        self.room_for_inspector = RoomForInspector(self, self.docks, self.inspector)
        # only the live window remembers its layout: shots draw the same whoever runs them
        self.window_layout = WindowLayout(self, self.documents.settings())
        apply_zoom(self, self.zoom)  # every size explicit from the start, the plots' tick numbers too
        self.window_layout.restore()
        self.docks["lesson"].hide()  # until a lesson starts
        menus = build_menus(self)
        self.undo_action, self.redo_action, self.lesson_actions = menus.undo, menus.redo, menus.lesson_steps
        self._keys = KeysForTypingFields(self)
        self._keys.watch(self.run_bar, self.data_panel, self.time_bar, self.landscape_panel, self.race_panel)
        click_without_focus(self.run_bar, self.data_panel, self.time_bar, self.landscape_panel, self.race_panel,
                            keep=(self.time_bar.slider,))
        self.editor.setFocus()  # the keys start with the window: Space plays
        self.statusBar().showMessage("Press Space to train, → to take one step.", 6000)
        self.draw_latest()  # a LocalWorker has one ready already

    def _connect_worker(self, worker) -> None:
        self.worker = worker
        self.internal_error_dialog = InternalErrorDialog(worker.log_path, self)
        worker.internal_error.connect(self.internal_error_dialog.show_error)
        worker.snapshot_ready.connect(self._on_snapshot_ready)
        worker.problem.connect(self._on_worker_problem)
        worker.saved.connect(lambda path: self.show_hint(f"Saved {path}"))
        # The training loop keeps the states to go back to; this stack mirrors its
        # edits for the Edit menu and Ctrl+Z / Ctrl+Shift+Z.
        self.undo_stack = QUndoStack(self)
        worker.edited.connect(lambda label: self.undo_stack.push(RemoteEdit(label, worker)))
        worker.edits_forgotten.connect(self.undo_stack.clear)

    def _build_views(self) -> None:
        """The run bar on top, the banner and the network editor in the middle, the
        panels in docks around them."""
        self.run_bar, self.editor, self.data_panel = RunBar(), NetworkEditor(), DataPanel()
        self.output_plot, self.loss_panel, self.inspector = BoundaryPlot(), LossPanel(), InspectorPanel()
        self.hidden_panel, self.gradients_panel = HiddenLayerPanel(), GradientsPanel()
        self.lesson_panel, self.time_bar = LessonPanel(), TimeTravelBar()
        self.landscape_panel, self.race_panel = LandscapePanel(), RacePanel()
        for view, name in ((self.output_plot, "Output plot"), (self.loss_panel, "Loss curve"),
                           (self.hidden_panel, "Hidden layer plots"), (self.gradients_panel, "Gradient plots"),
                           (self.landscape_panel, "Loss landscape"), (self.race_panel, "Optimizer race")):
            view.setAccessibleName(name)  # what a screen reader calls the plot
        self.editor.inspector = self.inspector
        self.banner = QLabel()
        self.banner.setTextFormat(Qt.TextFormat.PlainText)  # messages may quote a file
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
        # panels of many controls scroll when the window is too small for them
        self.docks = add_docks(self, (
            ("Lesson", self.lesson_panel, LEFT), ("Data", scrolling(self.data_panel, sideways=False), LEFT),
            ("Output", SquareFrame(self.output_plot), RIGHT), ("Loss", stacked(self.loss_panel, self.time_bar), RIGHT),
            ("Inspector", scrolling(self.inspector), RIGHT), ("Hidden layer", scrolling(self.hidden_panel), RIGHT),
            ("Gradients", scrolling(self.gradients_panel), RIGHT),
            ("Landscape", scrolling(self.landscape_panel), RIGHT), ("Race", scrolling(self.race_panel), RIGHT)))

    def _connect_views(self) -> None:
        """Commands from every view to the training process; hints to the status bar."""
        for source in (self.editor, self.inspector, self.hidden_panel, self.gradients_panel, self.time_bar,
                       self.landscape_panel, self.race_panel):
            source.command.connect(self.send)
        for source in (self.run_bar, self.data_panel):  # these may replace your own points: asked first
            source.command.connect(self.send_from_control)
        for source in (self.editor, self.run_bar, self.inspector):
            source.hint.connect(self.show_hint)
        self.data_panel.view_option.connect(self._on_view_option)
        self.output_plot.point_clicked.connect(self._on_plot_clicked)
        self.inspector.stage_changed.connect(self.editor.show_trace)
        self.inspector.picking_changed.connect(self._on_picking_changed)
        self.lesson_panel.navigate.connect(self.go_to_step)
        self.lesson_panel.closed.connect(self.end_lesson)
        self.docks["hidden"].visibilityChanged.connect(self.hidden_panel.set_active)
        self.docks["gradients"].visibilityChanged.connect(self.gradients_panel.set_active)
        for field in (self.run_bar.learning_rate.lineEdit(), self.data_panel.batch_size):
            # after Enter, the keys belong to the window again (Space plays, → steps)
            field.editingFinished.connect(self.editor.setFocus)
        # and after a rate chosen from the list with the mouse
        self.run_bar.learning_rate.activated.connect(lambda _index: self.editor.setFocus())

    # --- commands out, snapshots in ------------------------------------------------------

    @Slot(str, object)
    def send(self, name: str, args: dict | None = None) -> None:
        """Send a command to the training process; it is applied between two training steps."""
        self.worker.apply(name, args)

    @Slot(str, object)
    def send_from_control(self, name: str, args: dict | None = None) -> None:
        """A control's command; one that would replace your own points asks first."""
        if self.documents.keeping.may_send(name, args or {}):
            self.send(name, args)

    def show_controls(self, snap) -> None:
        """The run bar and data panel as the snapshot's settings say (a choice taken back)."""
        self.run_bar.show_snapshot(snap, self.worker.playing, self.worker.speed)
        self.data_panel.show_snapshot(snap)

    @Slot()
    def _on_snapshot_ready(self) -> None:
        self.draw_latest()

    def draw_latest(self) -> None:
        """Draw the worker's newest snapshot, if it has one not yet taken."""
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
        self.show_controls(snap)
        self.editor.show_snapshot(snap, self.worker.playing, self.worker.flat_out)
        self.output_plot.show_snapshot(snap)
        self.loss_panel.show_snapshot(snap, self.worker.flat_out)
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
        return control_widgets(self)

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
        """"normal", or "presentation" for projectors: thicker lines, larger points, stronger
        contrast (its 150 % zoom comes with it through zoom.show_look)."""
        self.presentation = look == "presentation"
        for view in (self.editor, self.output_plot, self.loss_panel):
            view.set_look(self.presentation)
        self.presentation_action.setChecked(self.presentation)

    def set_zoom(self, zoom: float) -> None:
        """Everything in the window at ``zoom`` (1.0: 100 %; View ▸ Zoom In, Zoom Out, Actual Size)."""
        self.zoom = min(ZOOMS[-1], max(ZOOMS[0], float(zoom)))
        apply_zoom(self, self.zoom)

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def escape(self) -> None:
        """Esc: a file being imported is dropped; else an enlarged panel goes back, then
        full screen is left."""
        if self.documents.data_import.cancel():
            return
        if self.stage.panel is not None:
            self.stage.restore()
        elif self.isFullScreen():
            self.showNormal()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.WindowStateChange and hasattr(self, "escape_action"):
            self.update_escape()

    def update_escape(self) -> None:
        """Esc is free for others while there is nothing to cancel, put back or leave."""
        self.escape_action.setEnabled(self.documents.data_import.reading is not None or self.isFullScreen()
                                      or self.stage.panel is not None)

    @Slot(bool)
    def _on_picking_changed(self, on: bool) -> None:
        self._picking = on
        if on:
            self.show_hint("Click a data point on the output plot to trace it")
        else:  # picked (the plot marks it, the inspector names it) or given up
            self.statusBar().clearMessage()

    def reset_layout(self) -> None:
        """View ▸ Reset Layout: every panel back in its first place, the window at its opening size."""
        self.stage.restore()
        self.window_layout.reset()
        self.docks["lesson"].setVisible(self.lessons.lesson is not None)

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

    # --- lessons (lesson_panel.LessonController does the work) ------------------------------

    def open_lesson(self, path: str | None = None) -> bool:
        return self.lessons.open(path)

    def start_lesson(self, lesson, index: int = 0) -> None:
        self.lessons.begin(lesson, index)

    def go_to_step(self, index: int) -> None:
        self.lessons.step_to(index)

    def end_lesson(self) -> bool:
        """End the lesson and bring the session it set aside back (asking first if
        the lesson's own state was changed); False if the user stayed."""
        return self.lessons.end()

    def resizeEvent(self, event) -> None:
        """The plots' column keeps its share of the width (Qt would give the whole
        change to the network): a window made small keeps room for the network."""
        super().resizeEvent(event)
        old, new = event.oldSize().width(), event.size().width()
        column = self.docks["output"]
        if old > 0 and new != old and column.isVisible() and not column.isFloating():
            self.resizeDocks([column], [max(1, round(column.width() * new / old))], Qt.Orientation.Horizontal)

    # --- closing --------------------------------------------------------------------------

    def closeEvent(self, event) -> None:
        if not self.closed and not self.documents.keeping.ask_to_save("quitting"):
            event.ignore()
            return
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop training and the training process; safe to call twice. A normal close
        keeps the session for Reopen Last Session, leaves no autosave to recover, and
        the layout as it was left (an enlarged panel put back)."""
        if not self.closed:
            self.documents.keeping.keep_last_session()
        self.closed = True
        self.stage.restore()
        self.window_layout.remember()
        self.worker.stop()
        self.documents.finish()

    # the File menu's work, reachable from the window (and tests)
    def open_file(self, path: str | None = None) -> bool:
        return self.documents.open_file(path)

    def save_to(self, path: str) -> None:
        self.documents.save_to(path)

    def offer_recovery(self, ask=None) -> bool:
        return self.documents.offer_recovery(ask)
