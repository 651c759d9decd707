"""The training loop: owns the Session, applies commands, trains, sends snapshots.

It runs in a child process (process.py) or in a thread of the window's process,
behind one protocol: commands in, snapshots out, over a connection with
``send``, ``poll`` and ``recv`` (a pipe to the process, channel.py for the
thread). README, Architecture, says which runs by default and why.

The loop is single-threaded, so commands are applied strictly between two
training slices. Snapshots are sent about every ``FRAME_SECONDS`` (a slice
ends within half an epoch of it), and only after the window acknowledged the
previous one: a slow window skips stale frames instead of queueing them. In a
thread, frames are built one ahead, while the window draws (``_pipelined``).
Each snapshot carries only the history the window has not seen yet, and the
data only when it changed. No Qt here.
"""

from __future__ import annotations

import dataclasses
import time

from playground.engine.errors import InputError
from playground.engine.trainer import TrainingDiverged
from playground.scenario import Scenario
from playground.session.commands import Command, command
from playground.session.error_log import ErrorLog
from playground.session.loop_commands import DEFAULT_SPEED, SPEEDS, LoopCommands
from playground.session.session import Session
from playground.session.undo import UndoHistory

FRAME_SECONDS = 1 / 60
SLICE_SECONDS = 0.008


class TrainingLoop:
    def __init__(self, conn, scenario: Scenario | None, log_folder=None, slice_seconds: float = SLICE_SECONDS,
                 draw_wait: float = 0.0):
        """``draw_wait``: in a thread of the window's process, wait up to this long
        after sending a frame for the window to draw it, then train one slice and
        send the next: window and training take turns with the GIL instead of
        fighting for it. 0 (a process of its own, on its own core): train on while
        the window draws, until the next frame is due."""
        self.conn = conn
        self.draw_wait = draw_wait
        self.session = Session(scenario)
        self.commands = LoopCommands(self)
        self.errors = ErrorLog(log_folder)
        self.slice_seconds = slice_seconds
        self.playing, self.speed = False, DEFAULT_SPEED
        self.may_send = True          # the window has taken the last snapshot
        self.dirty = True             # something changed since the last snapshot
        self.last_sent = 0.0
        self.next_tick = 0.0
        self.sent_history = 0         # history entries the window already has
        self.sent_generation = None
        self.sent_data_version = None
        self.sent_explore_version = None
        self.chunk = 1                # epochs per call at full speed, adapted to the network
        self.epoch_seconds = 0.0      # how long the last epoch at full speed took
        self.running = True
        self.undo = UndoHistory()
        self.undone_marks: list[list] = []  # the loss curve's marks each undo took, for redo
        self.drag = None  # (id, state before its first passing value) while a weight or bias is dragged
        self.changes = 0  # commands carried out that may change what is drawn
        self.ready: tuple | None = None  # (changes then, snapshot): the next frame, built ahead

    # --- the loop ------------------------------------------------------------------------

    def run(self) -> None:
        while self.running:
            self._wait_for_commands()
            if self.playing and time.perf_counter() >= self.next_tick and self._frame_taken():
                self._train()
            if self.session.jobs.running:
                self.run_job()
            if self.session.run.until is not None:
                self.train_until_slice()
            self.maybe_send()

    def _wait_for_commands(self) -> None:
        """Apply every waiting command; block while idle (until a command or the next
        slow-motion tick), so a paused session costs no CPU."""
        if not self.playing:
            timeout = None if self.may_send or not self.dirty else FRAME_SECONDS
        else:
            now = time.perf_counter()
            timeout = max(0.0, self.next_tick - now)
            if not self._frame_taken():
                timeout = None  # until the window acknowledges the frame (a command)
            elif not self.may_send:
                timeout = max(timeout, self.last_sent + self.draw_wait - now)
        if (self.dirty and self.may_send) or self.session.jobs.running or self.session.run.until is not None:
            timeout = 0.0
        if self.conn.poll(timeout):
            while self.running and self.conn.poll(0):
                try:
                    message = self.conn.recv()
                except (EOFError, OSError):
                    self.running = False
                    return
                self.handle(*message)

    def _frame_taken(self) -> bool:
        """At a pace per frame, the next epochs wait until the window took the last frame."""
        return self.may_send or SPEEDS[self.speed][1] != "frame"

    def _train(self) -> None:
        _, unit, count, rate = SPEEDS[self.speed]
        if not self.may_send:
            self.ready = None  # training on before the window took the last frame: the next is old
        try:
            if unit == "step":
                self.session.run.step()
            elif unit in ("epoch", "frame"):
                self.session.run.train_epochs(count)
            else:
                self._train_slice()
        except TrainingDiverged as e:
            self.diverged(e)
        except Exception as e:  # a bug: training stops, the session stays
            self.playing = False
            self._internal_error("training", e)
        if self.session.trainer.stopped:
            self.playing = False
        self.next_tick = 0.0 if unit == "full" else time.perf_counter() + 1.0 / rate
        self.dirty = True

    def _train_slice(self) -> None:
        """Whole epochs for about one slice, in chunks sized by the last one's speed."""
        # stop when the next frame is due, so frames keep their pace (in a thread, training
        # starts when the window has drawn the last frame: a slice is all it gets between two)
        frame_due = self.last_sent + FRAME_SECONDS if self.may_send else float("inf")
        trainer, deadline = self.session.trainer, min(time.perf_counter() + self.slice_seconds, frame_due)
        self.session.run.batch = None
        while not trainer.stopped:
            start = time.perf_counter()
            trainer.train_epochs(self.chunk)
            now = time.perf_counter()
            per_epoch = self.epoch_seconds = max((now - start) / self.chunk, 1e-7)
            self.chunk = max(1, min(int(self.slice_seconds / 4 / per_epoch), int((deadline - now) / per_epoch) or 1))
            if deadline - now < per_epoch / 2:  # another epoch would end well past it
                break

    def train_until_slice(self) -> None:
        """A slice of a lesson's train_until, between commands (Pause drops the goal)."""
        try:
            self.session.run.until_slice(self.slice_seconds)
        except TrainingDiverged as e:
            self.session.run.until = None
            self.diverged(e)
        self.dirty = True

    def run_job(self) -> None:
        """A slice of the landscape or race being computed, between training slices."""
        try:
            self.session.jobs.run_job(self.slice_seconds)
        except InputError as e:
            self.send(("problem", str(e)))
        except Exception as e:  # a bug must not end the session
            self._internal_error("computing a view", e)
        self.dirty = True

    def undo_or_redo(self, name: str) -> None:
        """Back to the state before the last edit (or forward again), with the time
        travel checkpoints it had; the view choices (selected neuron, discrete
        output) stay as they are."""
        session = self.session
        step = getattr(self.undo, name)(session.scenario(), session.run.timeline.state())
        if step is None:
            raise InputError(f"nothing to {name}")
        frames = session.frames
        selected, discrete, marks = frames.selected, frames.discrete, session.run.marks
        self.drag = None  # a drag under way no longer starts from the state it kept
        session.load(step[1])
        if step[2] is not None:
            session.run.timeline.load_state(step[2])
        # the edits' marks on the loss curve: undo takes those from its epoch on, redo brings them back
        epoch = session.trainer.epoch
        if name == "undo":
            self.undone_marks.append([m for m in marks if m[0] >= epoch])
        back = self.undone_marks.pop() if name == "redo" and self.undone_marks else []
        session.run.marks = [m for m in marks if m[0] < epoch] + [m for m in back if m[0] <= epoch]
        frames.discrete = discrete
        frames.select_neuron(*(selected or (None, None)))
        self.dirty = True

    def diverged(self, error: TrainingDiverged) -> None:
        self.playing = False
        self.session.message = str(error)
        self.send(("problem", str(error)))

    # --- commands --------------------------------------------------------------------------

    def handle(self, name: str, args: dict) -> None:
        """Carry out one command. A refusal (InputError) is the user's problem, said in
        one sentence; anything else is a bug: logged with its traceback, reported as
        an internal error, and the session carries on as it was."""
        if name not in ("ack", "query"):
            self.changes += 1  # a frame built ahead of this command is not sent
        try:
            entry = command(name)
            if entry.owner == "LoopCommands":
                entry.method(self.commands, **args)
            else:
                self._apply(entry, dict(args))
        except TrainingDiverged as e:
            self.diverged(e)
        except InputError as e:
            self.send(("problem", str(e)))
        except Exception as e:
            self._internal_error(f"command {name!r}", e)

    def preview(self, name: str, args: dict, drag) -> None:
        """A passing value of a drag (a weight or bias scrubbed in the network view):
        applied and drawn as the command ``name`` (a ``scrubbed`` one) would be, but not
        recorded. The state before the drag's first value is kept: the command that
        ends the drag (its ``drag`` id the same) records one edit from it."""
        self.dirty = True
        entry = command(name)
        if not entry.scrubbed or not isinstance(args, dict):
            raise InputError(f"{name}: not a value that can be dragged")
        if self.drag is None or self.drag[0] != drag:
            self.drag = (drag, (self.session.scenario(), self.session.run.timeline.state()))
        self._apply(entry, dict(args), record=False)

    def _state_before(self, drag) -> tuple:
        """What an undoable edit changes: the state now, or for the end of a drag the
        state before its first passing value."""
        kept, self.drag = self.drag, None
        if drag is not None and kept is not None and kept[0] == drag:
            return kept[1]
        return self.session.scenario(), self.session.run.timeline.state()

    def _apply(self, entry: Command, args: dict, record: bool = True) -> None:
        session = self.session
        self.dirty = True
        drag = args.pop("drag", None) if entry.scrubbed else None
        if session.run.viewing is not None and entry.edits_drawn:
            raise InputError(f"this is epoch {session.run.viewing.epoch} as it was: Continue from here "
                             "to edit from it, or go back to now")
        if entry.shaped:
            session.check_sizes(args.pop("sizes", None))
        if not entry.keeps_view:
            session.run.view_epoch(None)
        if entry.pauses:
            self.playing = False
        before = label = None
        generation = session.generation
        if entry.undoable and record:
            label = entry.describe(args)  # before the edit: a label that fails must not strand it
            before = self._state_before(drag)
        entry.method(session.parts[entry.owner], **args)
        if entry.starts_over:
            session.message = None
        if before is not None:
            # an edit within the run is marked on its curve; one that started a new run is not
            session.run.mark_edit(label if session.generation == generation else None)
            self.undo.record(label, *before)
            self.undone_marks.clear()  # as the redo stack
            self.send(("edited", label))
        elif entry.name == "load":
            self.drag = None
            session.mark_saved()
            self.undo.clear()
            self.undone_marks.clear()
            self.send(("edits_forgotten",))

    def _internal_error(self, what: str, error: Exception) -> None:
        report = self.errors.record(what, error)
        self.send(("internal_error", f"internal error in {what}: {error}", report))

    # --- snapshots ---------------------------------------------------------------------------

    def maybe_send(self) -> None:
        now = time.perf_counter()
        if not (self.may_send and self.dirty):
            return
        busy = ((self.playing and SPEEDS[self.speed][1] == "full") or self.session.jobs.running
                or self.session.run.until is not None)
        # a slice stops within half an epoch of the frame's time (_train_slice): that is its time,
        # or another epoch would be trained first and every frame come that much late
        if busy and now - self.last_sent < FRAME_SECONDS - min(self.epoch_seconds, FRAME_SECONDS) / 2:
            return
        frame, self.ready = self.ready, None
        if frame is None or frame[0] != self.changes or not self._pipelined():
            frame = self._frame()
            if frame is None:
                return
        snap = frame[1]
        # a lesson's train_until under way shows as playing: the button offers Pause
        self.send(("snapshot", snap, self.playing or self.session.run.until is not None, self.speed))
        self.sent_history = snap.history_start + len(snap.history["epoch"])
        self.sent_generation, self.sent_data_version = snap.generation, snap.data_version
        self.sent_explore_version = snap.explore_version
        self.may_send, self.dirty, self.last_sent = False, self.playing or self.session.jobs.running, now
        if self._pipelined():
            # the next frame, built now while the window draws this one: building it is mostly
            # NumPy without the GIL, so the two overlap, and training waits for the window
            self.ready = self._frame()

    def _pipelined(self) -> bool:
        """In a thread of the window's process, playing at full speed: frames are built
        one ahead (README, Architecture). Anything else is drawn as it is at once."""
        return (self.draw_wait > 0 and self.playing and SPEEDS[self.speed][1] == "full"
                and not self.session.jobs.running and self.session.run.until is None)

    def _frame(self) -> tuple | None:
        """(the command count it was built at, the snapshot as sent: only the history
        and data the window does not have yet), or None if it could not be built."""
        try:
            snap = self.session.snapshot()
        except Exception as e:  # a bug: no frame, training stops, the session stays
            self.playing, self.dirty = False, False
            self._internal_error("drawing a frame", e)
            return None
        start = self.sent_history
        if snap.generation != self.sent_generation or len(snap.history["epoch"]) < start:
            start = 0
        tail = {key: values[start:] for key, values in snap.history.items()}
        same_data = snap.data_version == self.sent_data_version and snap.generation == self.sent_generation
        same_explore = snap.explore_version == self.sent_explore_version
        return self.changes, dataclasses.replace(snap, history=tail, history_start=start,
                                                 data=None if same_data else snap.data,
                                                 explore=None if same_explore else snap.explore)

    def send(self, message: tuple) -> None:
        try:
            self.conn.send(message)
        except (BrokenPipeError, OSError):
            self.running = False
