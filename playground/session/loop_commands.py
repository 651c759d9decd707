"""The training loop's own commands: play and pause, the pace, saving, undo and
redo, and the transport's messages (acknowledge a frame, quit, answer a query)."""

from __future__ import annotations

from playground.engine.errors import InputError
from playground.scenario import save_scenario

# Speeds from slow motion for class to full speed: (label, unit, per second);
# "step" trains one mini-batch per tick, "epoch" one epoch per tick.
SPEEDS = (("1 step/s", "step", 1), ("3 steps/s", "step", 3), ("10 steps/s", "step", 10),
          ("30 steps/s", "step", 30), ("10 epochs/s", "epoch", 10), ("60 epochs/s", "epoch", 60),
          ("full speed", "full", 0))
FULL_SPEED = len(SPEEDS) - 1
# Read-only questions the window (and tests) may ask; the answer comes back as ("reply", id, value).
QUERIES = {
    "scenario": lambda s: s.scenario(),
    "network": lambda s: s.network.copy(),
    "settings": lambda s: s.settings,
    "epoch": lambda s: s.trainer.epoch,
    "timeline": lambda s: (s.run.timeline.spacing, len(s.run.timeline.items), s.run.timeline.nbytes),
}


class LoopCommands:
    def __init__(self, loop):
        self.loop = loop

    def play(self) -> None:
        loop, session = self.loop, self.loop.session
        if session.trainer.stopped:
            raise InputError("early stopping has ended training; reset to train again")
        loop.playing = True
        session.message = None
        session.run.view_epoch(None)  # training goes on from now, so the view does too
        session.teaching.release()    # the inspector pauses training while it holds a sample
        loop.dirty = True

    def pause(self) -> None:
        self.loop.playing = False
        self.loop.dirty = True

    def toggle(self) -> None:
        self.pause() if self.loop.playing else self.play()

    def set_speed(self, speed: int) -> None:
        self.loop.speed = max(0, min(FULL_SPEED, int(speed)))
        self.loop.next_tick = 0.0
        self.loop.dirty = True

    def save(self, path: str, quiet: bool = False) -> None:
        save_scenario(self.loop.session.scenario(), path)
        if not quiet:  # autosaves go unannounced
            self.loop.send(("saved", str(path)))

    def undo(self) -> None:
        self.loop.undo_or_redo("undo")

    def redo(self) -> None:
        self.loop.undo_or_redo("redo")

    def ack(self) -> None:
        """The window has taken the last snapshot: the next may be sent."""
        self.loop.may_send = True

    def quit(self) -> None:
        self.loop.running = False

    def query(self, id: int, what: str) -> None:
        if what not in QUERIES:
            raise InputError(f"unknown query {what!r}")
        self.loop.send(("reply", id, QUERIES[what](self.loop.session)))
