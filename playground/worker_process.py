"""The training process: owns the Session, trains, and sends snapshots.

Training runs in its own process rather than a thread of the GUI's: both sides
are Python, and with one GIL between them every NumPy call that releases it
lets the other side in for a whole switch interval (5 ms). Measured with the
real window, that convoy held W2 at ~90 epochs/s and 12 frames/s; in a process
of its own training has a core to itself and the GUI another.

The loop is single-threaded, so commands are applied strictly between two
training slices. Snapshots are sent at most every ``FRAME_SECONDS``, and only
after the GUI acknowledged the previous one: a slow GUI skips stale frames
instead of queueing them. Each snapshot carries only the history the GUI has
not seen yet, and the data only when it changed. No Qt here.
"""

from __future__ import annotations

import dataclasses
import time
import traceback
from multiprocessing.connection import Connection

import numpy as np

from playground.engine.errors import InputError
from playground.engine.trainer import TrainingDiverged
from playground.scenario import Scenario, save_scenario
from playground.session import COMMANDS, Session
from playground.undo import UndoHistory, describe

FRAME_SECONDS = 1 / 60
SLICE_SECONDS = 0.008
# Speeds from slow motion for class to full speed: (label, unit, per second);
# "step" trains one mini-batch per tick, "epoch" one epoch per tick.
SPEEDS = (("1 step/s", "step", 1), ("3 steps/s", "step", 3), ("10 steps/s", "step", 10),
          ("30 steps/s", "step", 30), ("10 epochs/s", "epoch", 10), ("60 epochs/s", "epoch", 60),
          ("full speed", "full", 0))
FULL_SPEED = len(SPEEDS) - 1
# Read-only questions the GUI (and tests) may ask; the answer comes back as ("reply", id, value).
# Edits that undo can take back (view choices such as the selected neuron are not edits).
UNDOABLE = {"add_neuron", "remove_neuron", "add_layer", "remove_layer", "set_weight", "set_bias",
            "set_activation", "set_inputs", "set_setting", "reset", "regenerate", "import_data",
            "add_point", "erase_points", "clear_points", "apply_sgd_step", "continue_from"}
# Edits of what the window draws: refused while it draws a past epoch (time travel),
# so an edit never lands on another network than the one it was made on.
DRAWN_EDITS = {"add_neuron", "remove_neuron", "add_layer", "remove_layer", "set_weight", "set_bias",
               "set_activation", "set_inputs", "add_point", "erase_points", "clear_points", "apply_sgd_step"}
# Commands that leave a view of a past epoch as it is; any other returns to now.
KEEP_VIEW = {"view_epoch", "select_neuron", "set_discrete", "show_views", "release", "cancel_job"}
QUERIES = {
    "scenario": lambda s: s.scenario(),
    "network": lambda s: s.network.copy(),
    "settings": lambda s: s.settings,
    "epoch": lambda s: s.trainer.epoch,
    "timeline": lambda s: (s.timeline.spacing, len(s.timeline.items), s.timeline.nbytes),
}


class TrainingLoop:
    def __init__(self, conn: Connection, scenario: Scenario | None):
        self.conn = conn
        self.session = Session(scenario)
        self.playing, self.speed = False, FULL_SPEED
        self.may_send = True          # the GUI has taken the last snapshot
        self.dirty = True             # something changed since the last snapshot
        self.last_sent = 0.0
        self.next_tick = 0.0
        self.sent_history = 0         # history entries the GUI already has
        self.sent_generation = None
        self.sent_data_version = None
        self.sent_explore_version = None
        self.chunk = 1                # epochs per call at full speed, adapted to the network
        self.running = True
        self.undo = UndoHistory()

    # --- the loop ------------------------------------------------------------------------

    def run(self) -> None:
        while self.running:
            self._wait_for_commands()
            if self.playing and time.perf_counter() >= self.next_tick:
                self._train()
            if self.session.job is not None:
                self._run_job()
            self._maybe_send()

    def _wait_for_commands(self) -> None:
        """Apply every waiting command; block while idle (until a command or the next
        slow-motion tick), so a paused session costs no CPU."""
        if not self.playing:
            timeout = None if self.may_send or not self.dirty else FRAME_SECONDS
        else:
            timeout = max(0.0, self.next_tick - time.perf_counter())
        if (self.dirty and self.may_send) or self.session.job is not None:
            timeout = 0.0
        if self.conn.poll(timeout):
            while self.running and self.conn.poll(0):
                try:
                    message = self.conn.recv()
                except (EOFError, OSError):
                    self.running = False
                    return
                self._handle(*message)

    def _train(self) -> None:
        _, unit, rate = SPEEDS[self.speed]
        try:
            if unit == "step":
                self.session.step()
            elif unit == "epoch":
                self.session.train_epochs(1)
            else:
                self._train_slice()
        except TrainingDiverged as e:
            self._diverged(e)
        if self.session.trainer.stopped:
            self.playing = False
        self.next_tick = 0.0 if unit == "full" else time.perf_counter() + 1.0 / rate
        self.dirty = True

    def _train_slice(self) -> None:
        """Whole epochs for about SLICE_SECONDS, in chunks sized by the last one's speed."""
        # stop when the next frame is due, so frames keep their pace
        frame_due = self.last_sent + FRAME_SECONDS if self.may_send else float("inf")
        trainer, deadline = self.session.trainer, min(time.perf_counter() + SLICE_SECONDS, frame_due)
        self.session.batch = None
        while not trainer.stopped:
            start = time.perf_counter()
            trainer.train_epochs(self.chunk)
            now = time.perf_counter()
            per_epoch = max((now - start) / self.chunk, 1e-7)
            self.chunk = max(1, min(int(SLICE_SECONDS / 4 / per_epoch), int((deadline - now) / per_epoch) or 1))
            if now >= deadline:
                break

    def _run_job(self) -> None:
        """A slice of the landscape or race being computed, between training slices."""
        try:
            self.session.run_job(SLICE_SECONDS)
        except (InputError, ValueError, FloatingPointError) as e:
            self._send(("problem", str(e)))
        except Exception as e:  # a bug must not end the session
            traceback.print_exc()
            self._send(("problem", f"internal error while computing: {e}"))
        self.dirty = True

    def _undo_or_redo(self, name: str) -> None:
        """Back to the state before the last edit (or forward again), with the time
        travel checkpoints it had; the view choices (selected neuron, discrete
        output) stay as they are."""
        step = getattr(self.undo, name)(self.session.scenario(), self.session.timeline.state())
        if step is None:
            raise InputError(f"nothing to {name}")
        view = (self.session.selected, self.session.discrete)
        self.session.load(step[1])
        if step[2] is not None:
            self.session.timeline.load_state(step[2])
        self.session.discrete = view[1]
        self.session.select_neuron(*(view[0] or (None, None)))

    def _diverged(self, error: TrainingDiverged) -> None:
        self.playing = False
        self.session.message = str(error)
        self._send(("problem", str(error)))

    # --- commands --------------------------------------------------------------------------

    def _handle(self, name: str, args: dict) -> None:
        try:
            if name == "ack":
                self.may_send = True
                return
            if name == "quit":
                self.running = False
                return
            if name == "query":
                self._send(("reply", args["id"], QUERIES[args["what"]](self.session)))
                return
            self.dirty = True
            if name in ("play", "pause", "toggle"):
                playing = {"play": True, "pause": False, "toggle": not self.playing}[name]
                if playing and self.session.trainer.stopped:
                    raise InputError("early stopping has ended training; reset to train again")
                self.playing = playing
                if playing:
                    self.session.message = None
                    self.session.view_epoch(None)  # training goes on from now, so the view does too
                    self.session.release()  # the inspector pauses training while it holds a sample
            elif name == "set_speed":
                self.speed = max(0, min(FULL_SPEED, int(args["speed"])))
                self.next_tick = 0.0
            elif name == "save":
                save_scenario(self.session.scenario(), args["path"])
                if not args.get("quiet"):  # autosaves go unannounced
                    self._send(("saved", str(args["path"])))
            elif name in ("undo", "redo"):
                self._undo_or_redo(name)
            elif name in COMMANDS:
                if self.session.viewing is not None and name in DRAWN_EDITS:
                    raise InputError(f"this is epoch {self.session.viewing.epoch} as it was: Continue from here "
                                     "to edit from it, or go back to now")
                if name not in KEEP_VIEW:
                    self.session.view_epoch(None)
                if name in ("step", "inspect"):
                    self.playing = False
                before = None
                if name in UNDOABLE:
                    before = (self.session.scenario(), self.session.timeline.state())
                getattr(self.session, name)(**args)
                if name in ("reset", "regenerate", "load"):
                    self.session.message = None
                if before is not None:
                    self.session.mark_edit()
                    label = describe(name, args, self.session.network)
                    self.undo.record(label, *before)
                    self._send(("edited", label))
                elif name == "load":
                    self.undo.clear()
                    self._send(("edits_forgotten",))
            else:
                raise InputError(f"unknown command {name!r}")
        except TrainingDiverged as e:
            self._diverged(e)
        except (InputError, ValueError, IndexError, KeyError, TypeError) as e:
            self._send(("problem", str(e)))
        except Exception as e:  # a bug must not end the session: say it and carry on
            traceback.print_exc()
            self._send(("problem", f"internal error in {name}: {e}"))

    # --- snapshots ---------------------------------------------------------------------------

    def _maybe_send(self) -> None:
        now = time.perf_counter()
        if not (self.may_send and self.dirty):
            return
        busy = (self.playing and SPEEDS[self.speed][1] == "full") or self.session.job is not None
        if busy and now - self.last_sent < FRAME_SECONDS:
            return
        snap = self.session.snapshot()
        if snap.generation != self.sent_generation or len(snap.history["epoch"]) < self.sent_history:
            self.sent_history = 0
        tail = {key: values[self.sent_history:] for key, values in snap.history.items()}
        same_data = snap.data_version == self.sent_data_version and snap.generation == self.sent_generation
        same_explore = snap.explore_version == self.sent_explore_version
        snap = dataclasses.replace(snap, history=tail, history_start=self.sent_history,
                                   data=None if same_data else snap.data,
                                   explore=None if same_explore else snap.explore)
        self._send(("snapshot", snap, self.playing, self.speed))
        self.sent_history += len(tail["epoch"])
        self.sent_generation, self.sent_data_version = snap.generation, snap.data_version
        self.sent_explore_version = snap.explore_version
        self.may_send, self.dirty, self.last_sent = False, self.playing or self.session.job is not None, now

    def _send(self, message: tuple) -> None:
        try:
            self.conn.send(message)
        except (BrokenPipeError, OSError):
            self.running = False


def serve(conn: Connection) -> None:
    """Run the loop; the first message is ("start", scenario or None)."""
    # Overflow on the way to NaN is expected with a big learning rate or weight: the
    # trainer detects it and says so; NumPy's warnings would only clutter stderr.
    np.seterr(all="ignore")
    try:
        _, scenario = conn.recv()
        try:
            loop = TrainingLoop(conn, scenario)
        except Exception as e:
            conn.send(("problem", f"cannot open this scenario: {e}"))
            loop = TrainingLoop(conn, None)
        loop.run()
    except (EOFError, OSError, KeyboardInterrupt):
        pass
    finally:
        conn.close()


if __name__ == "__main__":  # python -m playground.worker_process FD
    import sys

    serve(Connection(int(sys.argv[1])))
