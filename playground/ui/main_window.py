"""The main window: wires the run bar, data panel, network editor and plots to
the training worker. Views send commands and draw snapshots; nothing else."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QDockWidget, QFileDialog, QLabel, QMainWindow, QMessageBox, QToolBar, QVBoxLayout, QWidget)

from playground.engine.errors import InputError
from playground.scenario import Scenario, load_scenario
from playground.ui.boundary_plot import BoundaryPlot
from playground.ui.controls import DataPanel, RunBar
from playground.ui.loss_plot import LossPanel
from playground.ui.network_editor import NetworkEditor
from playground.ui.worker import TrainingWorker

STYLE = """
QMainWindow, QDockWidget, QWidget#central { background: #ffffff; }
QPushButton#play { border-radius: 26px; background: #183d4e; color: white; font-size: 20pt; }
QPushButton#play:hover { background: #24596f; }
QLabel#epoch { font-size: 18pt; color: #333; }
QLabel#banner { background: #fff3e0; color: #8a4b00; padding: 6px; border: 1px solid #f59322; }
QDockWidget::title { background: #f4f4f4; padding: 4px; font-weight: bold; color: #555; }
"""


class MainWindow(QMainWindow):
    def __init__(self, scenario: Scenario | None = None, path: str | None = None, worker=None):
        """``worker``: a LocalWorker to draw a session of this process (screenshots);
        by default a TrainingWorker starts the training process for ``scenario``."""
        super().__init__()
        self.setWindowTitle("Playground")
        self.resize(1400, 900)
        self.setStyleSheet(STYLE)
        self.path = path
        self.snapshot = None
        self.view_options = {"show_test": False}
        self._generation = 0
        self.frames_drawn = 0

        self.worker = worker if worker is not None else TrainingWorker(scenario, self)
        self.worker.snapshot_ready.connect(self._on_snapshot_ready)
        self.worker.problem.connect(self._on_worker_problem)
        self.worker.saved.connect(lambda path: self.show_hint(f"Saved {path}"))

        self.run_bar = RunBar()
        self.editor = NetworkEditor()
        self.data_panel = DataPanel()
        self.output_plot = BoundaryPlot()
        self.loss_panel = LossPanel()
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
        for title, widget, area in (("Data", self.data_panel, Qt.DockWidgetArea.LeftDockWidgetArea),
                                    ("Output", self.output_plot, Qt.DockWidgetArea.RightDockWidgetArea),
                                    ("Loss", self.loss_panel, Qt.DockWidgetArea.RightDockWidgetArea)):
            dock = QDockWidget(title, self)
            dock.setObjectName(f"dock-{title.lower()}")
            dock.setWidget(widget)
            dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                             | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                             | QDockWidget.DockWidgetFeature.DockWidgetClosable)
            self.addDockWidget(area, dock)
            self.docks[title.lower()] = dock
        self.resizeDocks([self.docks["data"]], [220], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["output"]], [460], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["output"], self.docks["loss"]], [520, 260], Qt.Orientation.Vertical)

        for source in (self.run_bar, self.editor, self.data_panel):
            source.command.connect(self.send)
        self.editor.hint.connect(self.show_hint)
        self.run_bar.hint.connect(self.show_hint)
        self.data_panel.view_option.connect(self._on_view_option)
        self._build_menus()
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
        self.banner.setVisible(bool(snap.message))
        self.banner.setText(snap.message or "")

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
        file = self.menuBar().addMenu("&File")
        self._action(file, "&Open…", self.open_file, QKeySequence.StandardKey.Open, "Open a scenario or network file")
        self._action(file, "&Save", self.save, QKeySequence.StandardKey.Save, "Save this session as a scenario")
        self._action(file, "Save &As…", self.save_as, QKeySequence.StandardKey.SaveAs)
        file.addSeparator()
        self._action(file, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        train = self.menuBar().addMenu("&Train")
        self._action(train, "Play / Pause", lambda: self.send("toggle"), Qt.Key.Key_Space)
        self._action(train, "Step one batch", lambda: self.send("step"), Qt.Key.Key_Right)
        self._action(train, "Reset (new weights)", lambda: self.send("reset", {"same_start": False}), Qt.Key.Key_R)
        self._action(train, "Reset to the same start", lambda: self.send("reset", {"same_start": True}),
                     QKeySequence("Shift+R"))
        self._action(train, "Regenerate data", lambda: self.send("regenerate"))
        view = self.menuBar().addMenu("&View")
        for dock in self.docks.values():
            view.addAction(dock.toggleViewAction())
        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&About Playground", self._about)

    def _about(self) -> None:
        QMessageBox.about(self, "About Playground",
                          "<b>Playground</b><br>A desktop neural-network playground for teaching and "
                          "learning how networks train.")

    # --- files ----------------------------------------------------------------------------

    def open_file(self, path: str | None = None) -> bool:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "Open scenario", str(Path.cwd()),
                                                  "Playground files (*.json);;All files (*)")
            if not path:
                return False
        try:
            scenario = load_scenario(path)
        except InputError as e:
            QMessageBox.warning(self, "Cannot open", str(e))
            return False
        self.path = path
        self.send("pause")
        self.send("load", {"scenario": scenario})
        self.setWindowTitle(f"Playground — {Path(path).name}")
        return True

    def save(self) -> None:
        if self.path:
            self._save_to(self.path)
        else:
            self.save_as()

    def save_as(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save scenario", str(Path.cwd() / "scenario.json"),
                                              "Playground scenarios (*.json)")
        if path:
            self._save_to(path)

    def _save_to(self, path: str) -> None:
        self.path = path
        self.send("save", {"path": path})
        self.setWindowTitle(f"Playground — {Path(path).name}")

    # --- closing --------------------------------------------------------------------------

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop training and the training process; safe to call twice."""
        self.worker.stop()
