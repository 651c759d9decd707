"""The File menu: open, save, recent files, links, your own data, exports;
and the autosave that lets a crashed session come back.

Every problem is a dialog that names it; the session stays as it was.
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox

from playground.engine.errors import InputError
from playground.exports import save_history_csv
from playground.network_file import save_network, save_network_npz
from playground.python_export import export_scenario
from playground.recovery import AUTOSAVE_SECONDS, Recovery
from playground.scenario import Scenario, load_scenario
from playground.settings import Settings
from playground.ui.data_import import DataImport
from playground.ui.panel_widgets import as_written
from playground.ui.render import panels, save_png, save_svg, to_image
from playground.ui.safekeeping import Safekeeping
from playground.ui.slides_export import TIP as SLIDES_TIP
from playground.ui.slides_export import export_slides
from playground.ui.window_menus import add_action
from playground.ui.worker import WorkerGone

PYTHON_TIP = ("One standalone script (NumPy only) in the lecture's style, a Layer class with forward_pass and "
              "backward_pass, holding this network's weights, data, shuffle and optimizer state: run, it trains on "
              "from here and prints the same losses")

MAX_RECENT = 8
JSON_FILTER = "Playground files (*.json);;All files (*)"


def data_folder() -> str:
    """The platform's data folder for the app (PLAYGROUND_DATA_DIR overrides it):
    autosaves and the internal-error log."""
    # absolute: the training process, which writes the autosave, runs in another folder
    return os.path.abspath(os.environ.get("PLAYGROUND_DATA_DIR") or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.AppDataLocation))


def default_recovery() -> Recovery:
    """Autosaves in the app's data folder."""
    return Recovery(data_folder())


class Documents(QObject):
    def __init__(self, window, recovery: Recovery | None):
        super().__init__(window)
        self.window, self.recovery = window, recovery
        self.path: str | None = None
        self._autosaved = None
        self._recent: list[str] = []  # Open Recent, for a window without a settings file
        self.keeping = Safekeeping(window, self)
        self.data_import = DataImport(window, lambda title, error: self._problem(title, error))
        self.saves = 0  # files written on request (not autosaves)
        window.worker.saved.connect(self._on_saved)
        self.unusable_folder: str | None = None  # why autosave is off, if the data folder cannot be used
        if recovery is not None:
            try:
                recovery.prepare()
            except OSError as e:  # the app still starts: without autosave, and says so
                self.unusable_folder = f"{recovery.folder}: {e.strerror or e}"
                self.recovery = recovery = None
        if recovery is not None:
            self.timer = QTimer(self)
            self.timer.timeout.connect(self.autosave)
            self.timer.start(int(1000 * float(os.environ.get("PLAYGROUND_AUTOSAVE_SECONDS", AUTOSAVE_SECONDS))))

    # --- the menu -------------------------------------------------------------------------

    def build_menu(self, menu) -> None:
        add = partial(add_action, self.window)
        add(menu, "&New", self.new_session, QKeySequence.StandardKey.New, "Start again from the default setup")
        add(menu, "&Open…", lambda: self._asking("opening another file", self.open_file),
            QKeySequence.StandardKey.Open, "Open a scenario or network file")
        self.recent_menu = menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        add(menu, "Open TensorFlow Playground &Link…", lambda: self._asking("opening the link", self.open_link),
            None, "Paste a playground.tensorflow.org link and get the same setup")
        self.reopen_action = add(menu, "Reopen &Last Session", self.keeping.reopen_last_session, None,
                                 "The session as it was when Playground last quit")
        menu.aboutToShow.connect(lambda: self.reopen_action.setEnabled(
            self.keeping.last_session is not None and self.keeping.last_session.is_file()))
        add(menu, "&Save", self.save, QKeySequence.StandardKey.Save, "Save this session as a scenario")
        add(menu, "Save &As…", self.save_as, QKeySequence.StandardKey.SaveAs)
        menu.addSeparator()
        add(menu, "&Import Data (CSV)…", self.import_csv, None, "Train on your own points: x1,x2,label or x,y")
        add(menu, "Clear All Points", lambda: self.window.send("clear_points"), None,
            "Start from an empty plane and paint points on the output plot")
        export = menu.addMenu("&Export")
        for name in panels(self.window):
            sub = export.addMenu(name.capitalize())
            for scale in (1, 2, 4):
                sub.addAction(f"PNG {scale}×…", lambda n=name, s=scale: self.export_png(n, s))
            sub.addAction("SVG…", lambda n=name: self.export_svg(n))
            sub.addAction("Copy to Clipboard", lambda n=name: self.copy_panel(n))
        export.addSeparator()
        export.addAction("Network as JSON…", self.export_network_json)
        export.addAction("Network as NumPy .npz…", self.export_network_npz)
        export.addAction("Loss History as CSV…", self.export_history)
        add(export, "Python Script…", self.export_python, None, PYTHON_TIP).setToolTip(PYTHON_TIP)
        add(menu, "Export Lesson as &Slides…", lambda: export_slides(self.window), None, SLIDES_TIP)
        menu.addSeparator()
        add(menu, "&Quit", self.window.close, QKeySequence.StandardKey.Quit)

    def _problem(self, title: str, error) -> None:
        QMessageBox.warning(self.window, title, as_written(error))  # the error quotes the file

    def _asking(self, doing: str, open_something) -> bool:
        """Open something else, after Save / Discard / Cancel if the session has unsaved changes."""
        return self.keeping.ask_to_save(doing) and open_something()

    def new_session(self) -> bool:
        if not self.keeping.ask_to_save("starting a new session"):
            return False
        self.load(Scenario(Settings()), None)
        return True

    # --- opening and saving ---------------------------------------------------------------

    def open_file(self, path: str | None = None, remember: bool = True) -> bool:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self.window, "Open scenario", str(Path.cwd()), JSON_FILTER)
            if not path:
                return False
        try:
            scenario = load_scenario(path)
        except InputError as e:
            self._problem("Cannot open", e)
            return False
        self.load(scenario, path if remember else None)
        if remember:
            self._remember(path)
        if scenario.notes:
            self.window.show_hint("; ".join(scenario.notes))
        return True

    def open_link(self, link: str | None = None) -> bool:
        if link is None:
            link, ok = QInputDialog.getText(self.window, "Open a TensorFlow Playground link",
                                            "Paste the link (https://playground.tensorflow.org/#...):")
            if not ok or not link.strip():
                return False
        try:
            scenario = load_scenario(link.strip())
        except InputError as e:
            self._problem("Cannot open the link", e)
            return False
        self.load(scenario, None)
        if scenario.notes:
            self.window.show_hint("; ".join(scenario.notes))
        return True

    def load(self, scenario, path: str | None) -> None:
        self.data_import.cancel()  # points read for the session that was: not for this one
        self.path = path
        self.window.send("pause")
        self.window.send("load", {"scenario": scenario})
        self.window.apply_view(scenario.view)
        self.window.setWindowTitle(f"Playground — {Path(path).name}" if path else "Playground")

    def save(self) -> bool:
        """Save (asking where, the first time); False if no file was chosen."""
        return self.save_to(self.path) if self.path else self.save_as()

    def save_as(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(self.window, "Save scenario", str(Path.cwd() / "scenario.json"),
                                              "Playground scenarios (*.json)")
        return bool(path) and self.save_to(path)

    def save_to(self, path: str) -> bool:
        path = os.path.abspath(path)  # the training process, which writes it, runs in another folder
        if Path(path).is_dir():
            self._problem("Cannot save", f"{path}: is a folder")
            return False
        self.window.send("save", {"path": path})
        return True  # the title and Open Recent follow once the training process wrote it (_on_saved)

    def save_confirmed(self) -> bool:
        """Save and wait for the training process to say it wrote the file: for the
        questions that go on to replace the session, where a failed save must stop them."""
        before = self.saves
        if not self.save():
            return False
        try:
            self.window.worker.query("epoch")  # answered after the save, so its "saved" has come
        except WorkerGone:
            return False
        return self.saves > before

    def _on_saved(self, path: str) -> None:
        """The file is written: the session is that file now. A save that failed never
        gets here (the status bar says why), so the title never names an unwritten file."""
        self.saves += 1
        self.path = path
        self._remember(path)
        self.window.setWindowTitle(f"Playground — {Path(path).name}")

    # --- recent files ------------------------------------------------------------------------

    def settings(self) -> QSettings | None:
        """The app's settings file (recent files, the window's layout), beside the
        autosave; None for a window that autosaves nowhere (a shot, a test, an unusable
        data folder): it writes no file anywhere, the working folder least of all."""
        if self.recovery is None:
            return None
        return QSettings(str(Path(self.recovery.folder) / "settings.ini"), QSettings.Format.IniFormat)

    def recent(self) -> list[str]:
        settings = self.settings()
        if settings is None:
            return list(self._recent)  # this window's own, kept in memory
        value = settings.value("recent", [])
        return [value] if isinstance(value, str) else list(value or [])

    def _remember(self, path: str) -> None:
        path = str(Path(path).resolve())
        self._recent = ([path] + [p for p in self.recent() if p != path])[:MAX_RECENT]
        settings = self.settings()
        if settings is not None:
            settings.setValue("recent", self._recent)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = self.recent()
        for path in files:
            self.recent_menu.addAction(path, lambda p=path: self._asking("opening another file",
                                                                         lambda: self.open_file(p)))
        if not files:
            self.recent_menu.addAction("(none yet)").setEnabled(False)

    # --- your own data ---------------------------------------------------------------------------

    def import_csv(self, path: str | None = None) -> bool:
        """Start reading your own points (``data_import.finished`` says how it ended)."""
        return self.data_import.start(path)

    # --- exports ---------------------------------------------------------------------------------

    def _ask(self, title: str, name: str, pattern: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self.window, title, str(Path.cwd() / name), pattern)
        return path or None

    def export_png(self, panel: str, scale: int, path: str | None = None) -> str | None:
        path = path or self._ask("Export PNG", f"{panel}@{scale}x.png", "PNG images (*.png)")
        return self._export(lambda p: save_png(panels(self.window)[panel], p, scale), path)

    def export_svg(self, panel: str, path: str | None = None) -> str | None:
        path = path or self._ask("Export SVG", f"{panel}.svg", "SVG images (*.svg)")
        return self._export(lambda p: save_svg(panels(self.window)[panel], p), path)

    def copy_panel(self, panel: str) -> None:
        QApplication.clipboard().setImage(to_image(panels(self.window)[panel]))
        self.window.show_hint(f"Copied the {panel} picture")

    def export_network_json(self, path: str | None = None) -> str | None:
        path = path or self._ask("Export network", "network.json", "Network files (*.json)")
        return self._export(lambda p: save_network(self.window.snapshot.network, p), path)

    def export_network_npz(self, path: str | None = None) -> str | None:
        path = path or self._ask("Export network", "network.npz", "NumPy archives (*.npz)")
        return self._export(lambda p: save_network_npz(self.window.snapshot.network, p), path)

    def export_history(self, path: str | None = None) -> str | None:
        path = path or self._ask("Export loss history", "history.csv", "CSV files (*.csv)")
        return self._export(lambda p: save_history_csv(self.window.snapshot.history, p), path)

    def export_python(self, path: str | None = None) -> str | None:
        path = path or self._ask("Export as Python script", "network.py", "Python scripts (*.py)")
        return self._export(self._write_python, path)

    def _write_python(self, path: str) -> None:
        """The training loop's session as it is now (weights, data, shuffle, optimizer), as a script."""
        try:
            scenario = self.window.worker.query("scenario")
        except WorkerGone as e:
            raise InputError(str(e)) from None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # 100,000 points: about a second
        try:
            export_scenario(scenario, path)
        finally:
            QApplication.restoreOverrideCursor()

    def _export(self, write, path: str | None) -> str | None:
        if not path or self.window.snapshot is None:
            return None
        try:
            write(path)
        except (InputError, OSError) as e:
            self._problem("Cannot export", e)
            return None
        self.window.show_hint(f"Wrote {path}")
        return path

    # --- autosave and recovery -------------------------------------------------------------------

    def autosave(self) -> None:
        """Save the session to the recovery file if it changed since the last autosave."""
        snap = self.window.snapshot
        if snap is None or self.recovery is None:
            return
        key = (snap.generation, snap.epoch, snap.updates, snap.data_version, self.window.undo_stack.index(),
               snap.network.params.tobytes())
        if key != self._autosaved:
            self._autosaved = key
            self.window.send("save", {"path": str(self.recovery.path), "quiet": True})
        self.keeping.restored_autosaved()

    def offer_recovery(self, ask=None) -> bool:
        return self.keeping.offer_recovery(ask)

    def finish(self) -> None:
        """A normal close leaves nothing to recover (the session is kept as the last one)."""
        if self.recovery is not None:
            self.recovery.finish()
            if self.keeping.restored is not None:
                self.recovery.discard(self.keeping.restored)
