"""The window's handle on training: TrainingWorker runs the training loop
(playground/session/loop.py) in a child process or in a QThread, behind one
protocol; LocalWorker applies commands to a session in this thread.

TrainingWorker is a QObject in the GUI thread: ``apply`` sends a command; a
socket notifier on the connection wakes the event loop when the loop has sent
something, and ``take_snapshot`` hands the newest snapshot to the window and
tells the loop it may send the next. If the loop dies, it is restarted from the
last snapshot's settings and weights, and the window says so. Which transport
runs by default, and why, is in README, Architecture.

LocalWorker never trains by itself: rendering screenshots and lessons needs
exactly the state it asked for, not whatever a clock produced.
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
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSocketNotifier, Qt, QThread, Signal

import playground
from playground.engine.errors import InputError
from playground.engine.trainer import TrainingDiverged
from playground.scenario import Scenario, load_scenario
from playground.session.channel import channel_pair
from playground.session.error_log import ErrorLog
from playground.session.frames import ColumnBuffer, Snapshot
from playground.session.loop import TrainingLoop
from playground.session.loop_commands import DEFAULT_SPEED, FULL_SPEED, QUERIES
from playground.session.process import start_loop

TRANSPORTS = ("process", "thread")
# Measured with `playground bench` (README, Architecture): the process trains W2
# about twice as fast as the thread at the same frame rate, so it is the
# default wherever a child process can be started and the GIL is on.
DEFAULT_TRANSPORT = "process"
# Handing the child its end of the socket pair needs ``pass_fds``: POSIX only.
PASS_FDS_SUPPORTED = os.name == "posix"
# In the thread, window and training take turns with the GIL: once the window has drawn
# a frame (waited for up to THREAD_DRAW_WAIT), the loop trains until the next is due (at
# most a slice), sends the frame it built ahead and builds the next while the window
# draws (mostly NumPy, which lets go of the GIL). A short switch interval gives the GIL
# back soon after each Qt call the window makes (README, Architecture).
THREAD_SLICE_SECONDS = 0.006
THREAD_SWITCH_INTERVAL = 0.0001
THREAD_DRAW_WAIT = 0.1
FRAME_DRAWN = QEvent.Type(QEvent.registerEventType())  # the window drew the frame it took (thread)


# Python's switch interval is one for the whole process: lowered while any training
# thread runs, restored when the last one stops. Threads that would not stop in
# time are kept here, since Qt aborts if a running QThread is destroyed.
_training_threads: set = set()
_python_switch_interval = sys.getswitchinterval()
_stray_threads: list = []


def gil_disabled() -> bool:
    """A free-threaded Python running without the GIL: threads run in parallel."""
    is_enabled = getattr(sys, "_is_gil_enabled", None)
    return is_enabled is not None and not is_enabled()


def default_transport() -> str:
    if gil_disabled() or not PASS_FDS_SUPPORTED:
        return "thread"
    return DEFAULT_TRANSPORT


class WorkerGone(RuntimeError):
    """The training loop did not answer."""


# ``python -m`` puts the working folder first on sys.path, where a downloaded folder's
# numpy.py would run in place of NumPy: the training process starts without it (-P,
# Python 3.11+) and in the folder that holds the package, never the user's.
SAFE_PATH = ("-P",) if sys.version_info >= (3, 11) else ()
PACKAGE_HOME = str(Path(playground.__file__).resolve().parent.parent)


class _Worker(QObject):
    """What the window needs from either worker: commands in, snapshots out."""
    snapshot_ready = Signal()
    problem = Signal(str)     # a refused edit or a training problem, in one sentence
    internal_error = Signal(str, str)  # a bug: one sentence, and the report logged with its traceback
    saved = Signal(str)
    edited = Signal(str)      # an edit that undo can take back, by its name
    edits_forgotten = Signal()  # a new session: nothing to undo any more

    def __init__(self, parent=None):
        super().__init__(parent)
        self.playing, self.speed = False, DEFAULT_SPEED
        self.recovery_path: Path | None = None  # the window's autosave: where a crashed loop restarts from
        self._replies: dict[int, object] = {}
        self._latest: Snapshot | None = None
        self._last: Snapshot | None = None
        self._history = ColumnBuffer()
        self._data = None
        self._explore = None

    def _receive(self, message: tuple) -> None:
        kind = message[0]
        if kind == "snapshot":
            self._on_snapshot(*message[1:])
        elif kind == "problem":
            self.problem.emit(message[1])
        elif kind == "internal_error":
            self.internal_error.emit(message[1], message[2])
        elif kind == "saved":
            self.saved.emit(message[1])
        elif kind == "edited":
            self.edited.emit(message[1])
        elif kind == "edits_forgotten":
            self.edits_forgotten.emit()
        elif kind == "reply":
            self._replies[message[1]] = message[2]

    def _on_snapshot(self, snap: Snapshot, playing: bool, speed: int) -> None:
        self.playing, self.speed = playing, speed
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

    @property
    def flat_out(self) -> bool:
        """Training plays at full speed: the costliest views may skip a frame."""
        return self.playing and self.speed == FULL_SPEED

    def take_snapshot(self) -> Snapshot | None:
        """The newest snapshot, or None if it was taken already; the loop may then
        send the next one."""
        snap, self._latest = self._latest, None
        if snap is not None:
            self._last = snap
            self._acknowledge()
        return snap

    def _acknowledge(self) -> None:
        pass


class _LoopThread(QThread):
    """The training loop in a thread of this process."""

    def __init__(self, conn, scenario, log_folder, parent=None):
        super().__init__(parent)
        self.conn, self.scenario, self.log_folder = conn, scenario, log_folder

    def run(self) -> None:
        np.seterr(all="ignore")  # per thread: see process.serve
        try:
            start_loop(self.conn, self.scenario, self.log_folder, slice_seconds=THREAD_SLICE_SECONDS,
                       draw_wait=THREAD_DRAW_WAIT).run()
        finally:
            self.conn.close()


class TrainingWorker(_Worker):
    def __init__(self, scenario: Scenario | None = None, parent=None, transport: str | None = None,
                 log_folder=None):
        super().__init__(parent)
        if transport not in (None, *TRANSPORTS):
            raise ValueError(f"transport: expected one of {', '.join(TRANSPORTS)}, got {transport!r}")
        self.transport = transport or default_transport()
        self.log_folder = log_folder
        self.log_path = ErrorLog(log_folder).path  # where internal errors are written, if anywhere
        self.restarts = 0
        self._conn = None       # the connection to the loop, and the notifier watching it
        self._notifier: QSocketNotifier | None = None
        self.process: subprocess.Popen | None = None
        self.thread: _LoopThread | None = None
        self._ids = itertools.count(1)
        self._stopping = False
        self._start(scenario)

    def _start(self, scenario: Scenario | None) -> None:
        if self.transport == "process" and not PASS_FDS_SUPPORTED:
            self.transport = "thread"
        if self.transport == "process":
            try:
                self._conn = self._start_process()
            except OSError:  # no child process here: train in a thread instead
                self.transport = "thread"
        if self.transport == "thread":
            self._conn = self._start_thread(scenario)
        else:
            self._conn.send(("start", scenario, self.log_folder))
        self._history = ColumnBuffer()
        self._data = None
        self._notifier = QSocketNotifier(self._conn.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_connection_readable)

    def _start_process(self) -> Connection:
        # A plain child process on one end of a socket pair: unlike multiprocessing's
        # spawn it never re-imports the parent's main script, and nothing is forked
        # from a process that runs Qt.
        ours, theirs = socket.socketpair()
        # One BLAS thread: the training's matrices are tiny, and a second thread would
        # only take the core the window draws on.
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
        try:
            self.process = subprocess.Popen(
                [sys.executable, *SAFE_PATH, "-m", "playground.session.process", str(theirs.fileno())],
                pass_fds=(theirs.fileno(),), env=env, cwd=PACKAGE_HOME)
        finally:
            theirs.close()
        return Connection(ours.detach())

    def _start_thread(self, scenario: Scenario | None):
        ours, theirs = channel_pair()
        _training_threads.add(self)
        sys.setswitchinterval(THREAD_SWITCH_INTERVAL)
        self.thread = _LoopThread(theirs, scenario, self.log_folder, self)
        self.thread.start()
        return ours

    def is_alive(self) -> bool:
        if self.transport == "thread":
            return self.thread is not None and self.thread.isRunning()
        return self.process is not None and self.process.poll() is None

    # --- to the loop -----------------------------------------------------------------------

    def apply(self, name: str, args: dict | None = None) -> None:
        """Send a command; the loop applies it between two training steps."""
        self._send((name, dict(args or {})))

    def _send(self, message: tuple) -> None:
        try:
            self._conn.send(message)
        except (BrokenPipeError, OSError):
            self._on_loop_ended()

    def query(self, what: str, timeout: float = 10.0):
        """Ask the loop a question (see loop_commands.QUERIES) and wait for the answer."""
        ident = next(self._ids)
        self._send(("query", {"id": ident, "what": what}))
        deadline = time.monotonic() + timeout
        while ident not in self._replies:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self._conn.poll(remaining):
                raise WorkerGone(f"the training loop did not answer {what!r}")
            self._on_connection_readable()
        return self._replies.pop(ident)

    # --- from the loop ---------------------------------------------------------------------

    def _on_connection_readable(self, *_) -> None:
        try:
            while self._conn.poll():
                message = self._conn.recv()
                self._receive(message)
                if message[0] == "snapshot":
                    # one frame a turn: it was drawn and acknowledged, and while it was drawn the
                    # loop built the next; reading on would draw frames back to back for as long
                    # as training plays, and keys, clicks and timers would wait (the notifier
                    # calls again for what is left)
                    break
        except (EOFError, OSError):
            self._on_loop_ended()

    def _acknowledge(self) -> None:
        if self.transport == "thread":
            # once the window has drawn the frame: the loop trains only then, so drawing has
            # the GIL to itself. Posted at low priority, the event comes after the drawing's
            # own events (the scenes' updates and the repaint they make), even those posted later.
            QCoreApplication.postEvent(self, QEvent(FRAME_DRAWN), Qt.EventPriority.LowEventPriority.value)
        else:
            self._send_ack()  # at once: the process builds the next frame while this one is drawn

    def customEvent(self, event) -> None:
        if event.type() == FRAME_DRAWN:
            self._send_ack()

    def _send_ack(self) -> None:
        if not self._stopping:
            self._send(("ack", {}))

    def _on_loop_ended(self) -> None:
        if self._stopping:
            return
        self._notifier.setEnabled(False)
        self._conn.close()
        self.restarts += 1
        scenario, source = self._last_state()
        self.problem.emit(f"Training stopped unexpectedly; it was restarted from {source}.")
        self.edits_forgotten.emit()  # the new loop has no undo history: the Edit menu's goes too
        self._start(scenario)

    def _last_state(self) -> tuple[Scenario | None, str]:
        """The fullest state to go on from: the last autosave (data, epoch, history,
        optimizer memory), else the last weights shown."""
        if self.recovery_path is not None and self.recovery_path.is_file():
            try:
                scenario = load_scenario(self.recovery_path)
                when = time.strftime("%H:%M:%S", time.localtime(self.recovery_path.stat().st_mtime))
                epoch = scenario.state["epoch"] if scenario.state else 0
                return scenario, f"the session autosaved at {when} (epoch {epoch}, with its data and history)"
            except (InputError, OSError):
                pass
        last = self._last
        return (Scenario(last.settings, last.network) if last is not None else None), "the last weights shown"

    # --- shutting down ----------------------------------------------------------------------

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the loop to end and wait for it; a process that does not is terminated."""
        if self._stopping:
            return
        self._stopping = True
        self._notifier.setEnabled(False)
        try:
            self._conn.send(("quit", {}))
        except (BrokenPipeError, OSError):
            pass
        if self.thread is not None:
            if not self.thread.wait(int(timeout * 1000)):
                # still inside a long command: let it finish on its own, never destroy it running
                self.thread.setParent(None)
                _stray_threads.append(self.thread)
            _training_threads.discard(self)
            if not _training_threads:
                sys.setswitchinterval(_python_switch_interval)
        if self.process is not None:
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.terminate()
                self.process.wait(2.0)
        self._conn.close()


class _DirectPipe:
    """Stands in for the loop's connection: what the loop sends is received at once."""

    def __init__(self, receive):
        self.send = receive


class LocalWorker(_Worker):
    """The session in this thread; commands apply at once and nothing trains unless
    asked (``train_epochs``), so what is drawn never depends on a clock."""

    transport = "local"
    log_path = None  # internal errors are shown, not logged

    def __init__(self, scenario: Scenario | None = None, parent=None):
        super().__init__(parent)
        self.loop = TrainingLoop(_DirectPipe(self._receive), scenario)
        self.session = self.loop.session
        self._publish()

    def apply(self, name: str, args: dict | None = None) -> None:
        self.loop.handle(name, dict(args or {}))
        while self.session.jobs.running:  # a landscape or race: computed to the end, here and now
            self.loop.run_job()
        while self.session.run.until is not None:  # and a lesson's train_until trained to its end
            self.loop.train_until_slice()
        self._publish()

    def train_epochs(self, count: int) -> None:
        try:
            self.session.run.train_epochs(count)
        except TrainingDiverged as e:  # as the window's loop does: weights restored, the reason shown
            self.loop.diverged(e)
        self._publish()

    def _publish(self) -> None:
        self.loop.may_send, self.loop.dirty, self.loop.last_sent = True, True, 0.0
        self.loop.maybe_send()

    def query(self, what: str, timeout: float = 0.0):
        return QUERIES[what](self.session)

    def is_alive(self) -> bool:
        return True

    def stop(self, timeout: float = 0.0) -> None:
        pass
