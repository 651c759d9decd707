"""The run: training, and its timeline for time travel.

The trainer offers a checkpoint at the end of every epoch on the timeline's
spacing (engine/checkpoints.py), and after every edit. Viewing an epoch draws
the checkpoint's network in place of the current one; "continue from here"
restores the trainer to it (an edit, so undo brings the later history back).
"""

from __future__ import annotations

import time

import numpy as np

from playground.engine.checkpoints import Checkpoint, Checkpoints
from playground.engine.errors import InputError
from playground.scenario import settings_for_network


class Run:
    def __init__(self, session):
        self.session = session
        self.batch: np.ndarray | None = None       # the last single step's samples, ringed on the plot
        self.timeline = Checkpoints()
        self.viewing: Checkpoint | None = None     # time travel: the checkpoint drawn, if not now
        self.viewed = None                         # its (network, metrics)
        self.marks: list[tuple[int, str]] = []     # (epoch, edit's name): edits made during this run
        self.until: tuple[float, int] | None = None  # train_until's (loss, last epoch), while under way

    def start(self) -> None:
        """A new run (or the same run from its start): a new timeline from here."""
        self.batch = None
        self.timeline = Checkpoints()
        trainer = self.session.trainer
        trainer.checkpoints = self.timeline
        trainer.epoch_ended = self.session.teaching.record_epoch
        self.timeline.offer(trainer, force=True)
        self.viewing = self.viewed = None
        self.marks = []
        self.until = None

    # --- training ---------------------------------------------------------------

    def step(self) -> None:
        """One mini-batch; its samples are highlighted in the next snapshot."""
        self.session.require_data()
        self.batch = None
        self.batch = self.session.trainer.step()

    def train_epochs(self, count: int) -> None:
        if count:
            self.session.require_data()
        self.batch = None
        self.session.trainer.train_epochs(int(count))

    def train_until(self, loss: float, max_epochs: int = 1000) -> None:
        """Train until the training loss is at most ``loss`` (or ``max_epochs`` more), a
        slice at a time (``until_slice``): the loop takes commands between slices, so
        Pause stops it and frames show it going."""
        self.session.require_data()
        self.until = (float(loss), self.session.trainer.epoch + int(max_epochs))

    def until_slice(self, seconds: float) -> None:
        """Train toward train_until's goal for about ``seconds``; the goal is dropped once met."""
        trainer, deadline = self.session.trainer, time.perf_counter() + seconds
        loss, end = self.until
        while trainer.metrics.train_loss > loss and trainer.epoch < end and not trainer.stopped:
            self.train_epochs(min(10, end - trainer.epoch))
            if time.perf_counter() >= deadline:
                return
        self.until = None

    def reset(self, same_start: bool = False) -> None:
        """New weights (or the run's own first ones): epoch 0, a new curve and timeline."""
        session = self.session
        session.trainer.reset(same_start)
        session.generation += 1
        session.message = None
        session.teaching.new_record()
        session.frames.start_history()
        self.start()

    def restart(self) -> None:
        """A new run from the weights as they are (another task for the same network):
        epoch 0, a new curve and timeline; Reset to the same start comes back here."""
        trainer = self.session.trainer
        trainer.initial_params = trainer.network.params.copy()
        self.reset(same_start=True)

    # --- time travel --------------------------------------------------------------

    def mark_edit(self, label: str | None = None) -> None:
        """After an edit: the timeline keeps the edited state as this epoch's, the view
        returns to now, and what was computed for the weights before (landscape,
        sweep, race) is stale. An edit made after training began is marked on
        the loss curve by its name, ``label`` (None: not marked)."""
        if label is not None and self.session.trainer.epoch > 0:
            self.marks.append((self.session.trainer.epoch, label))
        self.viewing = None
        self.timeline.offer(self.session.trainer, force=True)
        self.session.jobs.start()
        self.session.teaching.network_changed()

    def view_epoch(self, epoch: int | None = None) -> None:
        """Draw the network as it was at ``epoch`` (the latest checkpoint at or before
        it); None, or the current epoch, is now."""
        trainer = self.session.trainer
        if epoch is None or int(epoch) >= trainer.epoch:
            self.viewing = None
            return
        checkpoint = self._checkpoint(epoch)
        if checkpoint is not self.viewing:
            self.viewing = checkpoint
            self.viewed = (checkpoint.network(), trainer.metrics_with(checkpoint))

    def continue_from(self, epoch: int) -> None:
        """Branch training from the checkpoint at ``epoch``: the later epochs are
        dropped (undo brings them back)."""
        checkpoint = self._checkpoint(epoch)
        session = self.session
        self.viewing = None
        session.trainer.restore(checkpoint)
        session.settings = settings_for_network(session.settings, session.network)  # another shape, maybe
        session.generation += 1  # the history got shorter: views start it again
        session.frames.start_history()
        self.batch, session.message = None, None

    def _checkpoint(self, epoch) -> Checkpoint:
        checkpoint = self.timeline.at(int(epoch))
        if checkpoint is None:
            raise InputError(f"no checkpoint at or before epoch {epoch}")
        return checkpoint

    def summary(self) -> tuple[int, int, int]:
        """(spacing, checkpoints kept, the first one's epoch): the slider's range starts there."""
        items = self.timeline.items
        return self.timeline.spacing, len(items), items[0].epoch if items else self.session.trainer.epoch

    def drawn(self):
        """(network, metrics) to draw: the viewed epoch's, or now's."""
        if self.viewing is not None:
            return self.viewed
        return self.session.trainer.network, self.session.trainer.metrics
