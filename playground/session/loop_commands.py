"""The training loop's own commands: play and pause, the pace, saving, undo and
redo, and the transport's messages (acknowledge a frame, quit, answer a query)."""

from __future__ import annotations

from playground.engine.errors import InputError
from playground.scenario import save_scenario

# Paces from slow motion to full speed: (label, unit, count, ticks per second).
# "step": one mini-batch a tick; "epoch": whole epochs a tick; "frame": whole epochs
# for each frame the window has drawn (at most 60 a second): TensorFlow Playground's
# pace, the default, at which a class can watch a boundary form.
SPEEDS = (("1 step/s", "step", 1, 1), ("3 steps/s", "step", 1, 3), ("10 steps/s", "step", 1, 10),
          ("30 steps/s", "step", 1, 30), ("10 epochs/s", "epoch", 1, 10), ("1 epoch/frame", "frame", 1, 60),
          ("10 epochs/frame", "frame", 10, 60), ("full speed", "full", 0, 0))
FULL_SPEED = len(SPEEDS) - 1
DEFAULT_SPEED = 5
# Read-only questions the window (and tests) may ask; the answer comes back as ("reply", id, value).
QUERIES = {
    "scenario": lambda s: s.scenario(),
    "network": lambda s: s.network.copy(),
    "settings": lambda s: s.settings,
    "epoch": lambda s: s.trainer.epoch,
    "unsaved": lambda s: s.unsaved,
    "timeline": lambda s: (s.run.timeline.spacing, len(s.run.timeline.items), s.run.timeline.nbytes),
}


class LoopCommands:
    def __init__(self, loop):
        self.loop = loop

    def play(self) -> None:
        loop, session = self.loop, self.loop.session
        if session.trainer.stopped:
            raise InputError("early stopping has ended training; reset to train again")
        session.require_data()
        loop.playing = True
        session.message = None
        session.run.view_epoch(None)  # training goes on from now, so the view does too
        session.teaching.release()    # the inspector pauses training while it holds a sample
        loop.dirty = True

    def pause(self) -> None:
        self.loop.playing = False
        self.loop.session.run.until = None  # a lesson's train_until under way stops too
        self.loop.dirty = True

    def toggle(self) -> None:
        """Space: a lesson's train_until under way counts as playing, so Space stops it."""
        self.pause() if self.loop.playing or self.loop.session.run.until is not None else self.play()

    def set_speed(self, speed: int) -> None:
        self.loop.speed = max(0, min(FULL_SPEED, int(speed)))
        self.loop.next_tick = 0.0
        self.loop.dirty = True

    def save(self, path: str, quiet: bool = False) -> None:
        save_scenario(self.loop.session.scenario(), path)
        if not quiet:  # autosaves go unannounced, and leave the changes unsaved
            self.loop.session.mark_saved()
            self.loop.send(("saved", str(path)))

    def mark_saved(self) -> None:
        """The session as it is counts as saved (a lesson step just set up)."""
        self.loop.session.mark_saved()

    def mark_unsaved(self) -> None:
        """The session counts as changed (a session brought back that had unsaved changes)."""
        self.loop.session.saved_form = None

    def undo(self) -> None:
        self.loop.undo_or_redo("undo")

    def redo(self) -> None:
        self.loop.undo_or_redo("redo")

    def preview(self, name: str, args: dict, drag: int) -> None:
        """A passing value of a dragged weight or bias (TrainingLoop.preview)."""
        self.loop.preview(name, args, drag)

    def ack(self) -> None:
        """The window has taken the last snapshot: the next may be sent."""
        self.loop.may_send = True

    def quit(self) -> None:
        self.loop.running = False

    def query(self, id: int, what: str) -> None:
        if what not in QUERIES:
            raise InputError(f"unknown query {what!r}")
        self.loop.send(("reply", id, QUERIES[what](self.loop.session)))
