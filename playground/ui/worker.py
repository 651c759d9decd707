"""The GUI's handle on training: TrainingWorker for the training process
(playground/worker_process.py), LocalWorker for a session in this process.

TrainingWorker is a QObject in the GUI thread: ``apply`` sends a command down a
pipe; a socket notifier on the pipe wakes the event loop when the process has
sent something, and ``take_snapshot`` hands the newest snapshot to the window
and tells the process it may send the next. If the process dies, it is
restarted from the last snapshot's settings and weights, and the window says so.

LocalWorker runs the same command handling synchronously in this process and
never trains by itself: rendering screenshots and lessons needs exactly the
state it asked for, not whatever a clock produced.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import socket
import subprocess
import sys
import time
from multiprocessing.connection import Connection

from PySide6.QtCore import QObject, QSocketNotifier, Signal

from playground.scenario import Scenario
from playground.session import ColumnBuffer, Snapshot
from playground.worker_process import FULL_SPEED, QUERIES, SPEEDS, TrainingLoop  # noqa: F401  (SPEEDS for the controls)


class WorkerGone(RuntimeError):
    """The training process did not answer."""


class _Worker(QObject):
    """What the window needs from either worker: commands in, snapshots out."""
    snapshot_ready = Signal()
    problem = Signal(str)     # a refused edit or a training problem, in one sentence
    saved = Signal(str)
    edited = Signal(str)      # an edit that undo can take back, by its name
    edits_forgotten = Signal()  # a new session: nothing to undo any more

    def __init__(self, parent=None):
        super().__init__(parent)
        self.playing, self.speed = False, FULL_SPEED
        self._replies: dict[int, object] = {}
        self._latest: Snapshot | None = None
        self._last: Snapshot | None = None
        self._history = ColumnBuffer()
        self._data = None
        self._explore = None

    def _receive(self, message: tuple) -> None:
        kind = message[0]
        if kind == "snapshot":
            snap, self.playing, self.speed = message[1:]
            if snap.history_start == 0:
                self._history = ColumnBuffer()
            if snap.data is not None:
                self._data = snap.data
            if snap.explore is not None:
                self._explore = snap.explore
            history = self._history.write(snap.history_start, snap.history)
            self._latest = dataclasses.replace(snap, history=history, data=self._data, explore=self._explore,
                                               history_start=0)
            self.snapshot_ready.emit()
        elif kind == "problem":
            self.problem.emit(message[1])
        elif kind == "saved":
            self.saved.emit(message[1])
        elif kind == "edited":
            self.edited.emit(message[1])
        elif kind == "edits_forgotten":
            self.edits_forgotten.emit()
        elif kind == "reply":
            self._replies[message[1]] = message[2]

    def take_snapshot(self) -> Snapshot | None:
        """The newest snapshot, or None if it was taken already; the worker may then
        send the next one."""
        snap, self._latest = self._latest, None
        if snap is not None:
            self._last = snap
            self._acknowledge()
        return snap

    def _acknowledge(self) -> None:
        pass


class TrainingWorker(_Worker):
    def __init__(self, scenario: Scenario | None = None, parent=None):
        super().__init__(parent)
        self.restarts = 0
        self._ids = itertools.count(1)
        self._stopping = False
        self._start(scenario)

    def _start(self, scenario: Scenario | None) -> None:
        # A plain child process on one end of a socket pair: unlike multiprocessing's
        # spawn it never re-imports the parent's main script, and nothing is forked
        # from a process that runs Qt.
        ours, theirs = socket.socketpair()
        # One BLAS thread: the training's matrices are tiny, and a second thread would
        # only take the core the window draws on.
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
        self.process = subprocess.Popen([sys.executable, "-m", "playground.worker_process", str(theirs.fileno())],
                                        pass_fds=(theirs.fileno(),), env=env)
        theirs.close()
        self._conn = Connection(ours.detach())
        self._conn.send(("start", scenario))
        self._history = ColumnBuffer()
        self._data = None
        self._notifier = QSocketNotifier(self._conn.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_pipe_readable)

    def is_alive(self) -> bool:
        return self.process.poll() is None

    # --- to the process -------------------------------------------------------------------

    def apply(self, name: str, args: dict | None = None) -> None:
        """Send a command; the process applies it between two training steps."""
        self._send((name, dict(args or {})))

    def _send(self, message: tuple) -> None:
        try:
            self._conn.send(message)
        except (BrokenPipeError, OSError):
            self._on_process_ended()

    def query(self, what: str, timeout: float = 10.0):
        """Ask the process a question (see worker_process.QUERIES) and wait for the answer."""
        ident = next(self._ids)
        self._send(("query", {"id": ident, "what": what}))
        deadline = time.monotonic() + timeout
        while ident not in self._replies:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self._conn.poll(remaining):
                raise WorkerGone(f"the training process did not answer {what!r}")
            self._on_pipe_readable()
        return self._replies.pop(ident)

    # --- from the process -----------------------------------------------------------------

    def _on_pipe_readable(self, *_) -> None:
        try:
            while self._conn.poll():
                self._receive(self._conn.recv())
        except (EOFError, OSError):
            self._on_process_ended()

    def _acknowledge(self) -> None:
        self._send(("ack", {}))

    def _on_process_ended(self) -> None:
        if self._stopping:
            return
        self._notifier.setEnabled(False)
        self.restarts += 1
        last = self._last
        scenario = Scenario(last.settings, last.network) if last is not None else None
        self.problem.emit("The training process stopped unexpectedly; it was restarted from the last "
                          "weights shown.")
        self._start(scenario)

    # --- shutting down ----------------------------------------------------------------------

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the process to end and wait for it; terminate it if it does not."""
        if self._stopping:
            return
        self._stopping = True
        self._notifier.setEnabled(False)
        try:
            self._conn.send(("quit", {}))
        except (BrokenPipeError, OSError):
            pass
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.terminate()
            self.process.wait(2.0)
        self._conn.close()


class _DirectPipe:
    """Stands in for the process's connection: what the loop sends is received at once."""

    def __init__(self, receive):
        self.send = receive


class LocalWorker(_Worker):
    """The session in this process; commands apply at once and nothing trains unless
    asked (``train_epochs``), so what is drawn never depends on a clock."""

    def __init__(self, scenario: Scenario | None = None, parent=None):
        super().__init__(parent)
        self.loop = TrainingLoop(_DirectPipe(self._receive), scenario)
        self.session = self.loop.session
        self._publish()

    def apply(self, name: str, args: dict | None = None) -> None:
        self.loop._handle(name, dict(args or {}))
        while self.session.job is not None:  # a landscape or race: computed to the end, here and now
            self.loop._run_job()
        self._publish()

    def train_epochs(self, count: int) -> None:
        self.session.train_epochs(count)
        self._publish()

    def _publish(self) -> None:
        self.loop.may_send, self.loop.dirty, self.loop.last_sent = True, True, 0.0
        self.loop._maybe_send()

    def query(self, what: str, timeout: float = 0.0):
        return QUERIES[what](self.session)

    def is_alive(self) -> bool:
        return True

    def stop(self, timeout: float = 0.0) -> None:
        pass
