"""Nothing lost without a word: Save / Discard / Cancel before a session with
unsaved changes is replaced or closed; "Replace your N points?" before your own
imported or painted points would be; the session kept as the last session on
every quit (File ▸ Reopen Last Session); and the session a lesson sets aside,
brought back when the lesson ends.

Whether a session has unsaved changes is the training process's answer (its
network, weights, data and settings against the last open or save)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from playground.engine.errors import InputError
from playground.files import read_json
from playground.scenario import Scenario, save_scenario
from playground.session.setup import replaces_points
from playground.ui.worker import WorkerGone

LAST_SESSION = "last-session.json"
Button = QMessageBox.StandardButton


@dataclass
class SetAside:
    """The session a lesson put aside: brought back as it was, unsaved changes included."""
    scenario: Scenario
    unsaved: bool
    path: str | None
    title: str


class Safekeeping:
    def __init__(self, window, documents):
        self.window, self.documents = window, documents
        self.set_aside: SetAside | None = None
        self.restored: Path | None = None  # the orphan restored, kept until this session autosaved

    def _unsaved(self) -> bool:
        try:
            return bool(self.window.worker.query("unsaved"))
        except WorkerGone:  # the training process is gone: nothing left to save from it
            return False

    def ask_to_save(self, doing: str) -> bool:
        """True to go on (saved, discarded, or nothing to save); False to stay (Cancel,
        or the Save dialog cancelled)."""
        if not self._unsaved():
            return True
        name = Path(self.documents.path).name if self.documents.path else "this session"
        answer = QMessageBox.question(
            self.window, "Unsaved changes", f"Save the changes to {name} before {doing}?",
            Button.Save | Button.Discard | Button.Cancel, Button.Save)
        if answer == Button.Save:
            return self.documents.save_confirmed()  # a save that failed keeps the session
        return answer == Button.Discard

    def may_send(self, name: str, args: dict) -> bool:
        """A control's command, unless it would replace your own points and you say no."""
        snap = self.window.snapshot
        if snap is None or not snap.own_data or not replaces_points(name, args):
            return True
        data = snap.data
        count = sum(len(part) for part in (data.train, data.test, data.validation) if part)
        answer = QMessageBox.question(
            self.window, "Replace your points",
            f"Replace your {count} points with generated ones? (Edit ▸ Undo brings them back.)",
            Button.Yes | Button.Cancel, Button.Cancel)
        if answer != Button.Yes:
            self.window.show_controls(snap)  # the control shows the setting still in use
            return False
        return True

    # --- the last session ------------------------------------------------------------------

    @property
    def last_session(self) -> Path | None:
        recovery = self.documents.recovery
        return None if recovery is None else recovery.folder / LAST_SESSION

    def keep_last_session(self) -> None:
        """On any quit: the session (the one a lesson set aside, if one runs) for Reopen Last Session."""
        path = self.last_session
        if path is None:
            return
        try:
            scenario = self.set_aside.scenario if self.set_aside else self.window.worker.query("scenario")
            save_scenario(scenario, path)
        except (WorkerGone, InputError, OSError, ValueError) as e:  # quitting: say it, do not stop
            print(f"playground: the last session was not kept: {e}", file=sys.stderr)

    def reopen_last_session(self) -> bool:
        path = self.last_session
        if path is None or not path.is_file() or not self.ask_to_save("reopening the last session"):
            return False
        if not self.documents.open_file(str(path), remember=False):
            return False
        self.window.setWindowTitle("Playground — last session")
        return True

    # --- lessons ------------------------------------------------------------------------------

    def put_aside(self) -> None:
        """Opening a lesson: the session is set aside without asking."""
        if self.set_aside is None:
            worker = self.window.worker
            self.set_aside = SetAside(worker.query("scenario"), self._unsaved(), self.documents.path,
                                      self.window.windowTitle())
            self.documents.path = None  # Save in a lesson asks where: never over the session's file

    def bring_back(self) -> None:
        aside, self.set_aside = self.set_aside, None
        if aside is None:
            return
        self.documents.load(aside.scenario, aside.path)
        if aside.unsaved:
            self.window.send("mark_unsaved")
        self.window.setWindowTitle(aside.title)

    # --- sessions whose process died ----------------------------------------------------------

    def offer_recovery(self, ask=None) -> bool:
        """After a crash: every orphaned autosave, newest first, with its time and title:
        "restore", "discard" (deleted) or "later" (kept, offered at the next start).
        ``ask(text)`` returns one of those (tests); by default a dialog asks. The one
        restored is set aside while it loads (one that crashed the loader is not offered
        at every start) and deleted once this session has autosaved; one that cannot be
        loaded is kept, renamed, and the dialog says where."""
        recovery = self.documents.recovery
        if recovery is None:
            return False
        for path in recovery.orphans():
            answer = (ask or self._ask_recovery)(f"Playground did not close properly. Restore the session "
                                                 f"autosaved at {recovery.describe(path)}{_title(path)}?")
            if answer == "discard":
                recovery.discard(path)
            elif answer == "restore":
                aside = recovery.set_aside(path, "restoring")
                if self.documents.open_file(str(aside), remember=False):
                    self.restored = aside
                    self.window.send("mark_unsaved")  # never saved to a file: quitting asks
                    self.window.setWindowTitle("Playground — recovered session")
                    return True
                kept = recovery.set_aside(aside, "unreadable")
                self.window.show_hint(f"The autosave could not be restored; it is kept as {kept}")
        return False

    def _ask_recovery(self, text: str) -> str:
        box = QMessageBox(QMessageBox.Icon.Question, "Restore session", text, parent=self.window)
        buttons = {box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole): "restore",
                   box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole): "discard",
                   box.addButton("Later", QMessageBox.ButtonRole.RejectRole): "later"}
        box.exec()
        return buttons.get(box.clickedButton(), "later")

    def restored_autosaved(self) -> None:
        """Called at each autosave: once this session's own autosave is on disk, the
        orphan it was restored from is no longer needed."""
        recovery = self.documents.recovery
        if self.restored is not None and recovery is not None and recovery.path.is_file():
            recovery.discard(self.restored)
            self.restored = None


def _title(path: Path) -> str:
    """ ("Spiral for Monday"), the autosaved session's title, if it has one and it can be read."""
    try:
        title = read_json(path, "autosave").get("title")
    except InputError:
        return ""
    return f" (\"{title}\")" if isinstance(title, str) and title.strip() else ""
