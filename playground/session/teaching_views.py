"""The views that teach: the inspector's sample, the hidden layer view, and the
gradient norms and weight histograms recorded at the end of each epoch."""

from __future__ import annotations

import numpy as np

from playground.engine.errors import InputError
from playground.engine.features import LINE_FEATURES
from playground.teaching import Inspection, TeachingViews, TrainingRecord, gradient_norms, hidden_map, weight_histograms

RECORD_EVERY_BELOW = 200  # epochs recorded one by one; after that, about this many per span


class Teaching:
    def __init__(self, session):
        self.session = session
        self.inspection: Inspection | None = None
        # which views are shown: kept when another scenario is loaded
        self.hidden_view: tuple[int, tuple[int, int] | None] | None = None  # (layer, units)
        self.recording = False  # gradient norms and weight histograms over training
        self.record = TrainingRecord()

    def start(self) -> None:
        """A new run: no sample held, nothing recorded yet."""
        self.inspection = None
        self.new_record()

    def new_record(self) -> None:
        self.record = TrainingRecord()
        if self.recording:
            self.record_epoch(self.session.trainer)

    def network_changed(self) -> None:
        """After an edit: a network of another depth starts the record afresh (a norm
        per layer), from the network as it is now."""
        if self.record.norms and len(self.record.norms[-1]) != self.session.network.depth:
            self.new_record()

    def record_epoch(self, trainer) -> None:
        """At the end of an epoch (and when recording starts): the gradient norms and
        weight histograms of the network as it is. Every epoch at first; later every
        k-th (k = epoch / RECORD_EVERY_BELOW), so a long run costs training little and
        the record still spans it evenly (TrainingRecord thins it to its size)."""
        if not self.recording or trainer.epoch % max(1, trainer.epoch // RECORD_EVERY_BELOW):
            return
        network = trainer.network
        if self.record.norms and len(self.record.norms[-1]) != network.depth:
            self.record = TrainingRecord()  # a norm per layer: another depth starts afresh
        self.record.add(trainer.epoch, gradient_norms(network, trainer.train_features, trainer.train_targets),
                        weight_histograms(network))

    def inspect(self, input=None, target=None, sample: int | None = None, wrt: str = "loss",
                lr: float | None = None) -> None:
        """Hold one sample for the backprop inspector: typed input values (the
        network's inputs) and target, or training sample ``sample``."""
        trainer = self.session.trainer
        if sample is not None:
            if not 0 <= sample < len(trainer.data.train):
                raise InputError(f"sample: the training set has {len(trainer.data.train)} points")
            input = trainer.train_features[:, sample].tolist()
            target = trainer.train_targets[:, sample].tolist()
        if input is None:
            raise InputError("inspect: give the input values or pick a data point")
        inspection = Inspection(tuple(float(v) for v in np.ravel(input)),
                                None if target is None else tuple(float(v) for v in np.ravel(target)),
                                wrt, float(self.session.settings.learning_rate if lr is None else lr), sample)
        inspection.trace(self.session.network)  # refuse now, with a clear message, what cannot be traced
        self.inspection = inspection

    def release(self) -> None:
        """Let go of the inspected sample."""
        self.inspection = None

    def apply_sgd_step(self) -> None:
        """One SGD step on the inspected sample alone: every W ← W − η·∂L/∂W, b ← b − η·∂L/∂b."""
        if self.inspection is None:
            raise InputError("pick a sample for the inspector first")
        network = self.session.network
        for i, layer in enumerate(self.inspection.trace(network).layers):
            network.W(i)[...] = layer.W_new
            network.b(i)[...] = layer.b_new
        self.session.trainer.set_network(network)

    def show_views(self, hidden=None, training: bool | None = None) -> None:
        """Which teaching views to compute: ``hidden`` = {"layer": l, "units": (i, j) or None}
        (or None to stop), ``training`` = gradient norms and weight histograms."""
        if hidden is not None:
            units = tuple(hidden["units"]) if hidden.get("units") is not None else None
            self.hidden_view = (int(hidden["layer"]), units)
        elif training is None:
            self.hidden_view = None
        if training is not None and bool(training) != self.recording:
            self.recording = bool(training)
            if self.recording and not self.record.epochs:
                self.record_epoch(self.session.trainer)  # from the epoch shown now, not the next

    def views(self, network) -> TeachingViews | None:
        """The teaching panels' numbers for ``network`` (the one drawn: a past epoch's,
        in time travel); the gradient record follows training."""
        trace = hidden = None
        if self.inspection is not None:
            try:
                trace = self.inspection.trace(network)
            except InputError:  # a past network of another shape cannot take this sample
                trace = None
        if self.hidden_view is not None and len(network.hidden) and network.inputs != LINE_FEATURES:
            layer, units = self.hidden_view
            layer = max(1, min(layer, len(network.hidden)))
            if units is not None and max(units) >= network.sizes[layer]:
                units = None
            data = self.session.trainer.data.train
            hidden = hidden_map(network, data.points, data.values, layer, units)
        if trace is None and hidden is None and not self.recording:
            return None
        epochs, norms, histograms = self.record.arrays() if self.recording else (None, None, None)
        return TeachingViews(trace, self.inspection, hidden, epochs, norms, histograms)
