"""The pace of training in the run bar: the speed slider, from one mini-batch a
second to full speed, named by what each setting does; and beside the epoch
counter, the mini-batch under way when training goes step by step and the rate
measured while playing (epochs/s, or steps/s in slow motion)."""

from __future__ import annotations

import time
from collections import deque

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QSlider, QVBoxLayout, QWidget

from playground.session.loop_commands import DEFAULT_SPEED, FULL_SPEED, SPEEDS
from playground.ui.steady_text import SteadyText


class RateMeter:
    """Counts (epochs or mini-batches) per second over the last two seconds of frames:
    long enough to see two frames at one step a second."""
    SECONDS = 2.0

    def __init__(self):
        self._samples: deque[tuple[float, int]] = deque()

    def clear(self) -> None:
        self._samples.clear()

    def add(self, count: int, now: float | None = None) -> float | None:
        """Record the count at ``now``; the rate since the oldest recent frame, once there are two."""
        now = time.monotonic() if now is None else now
        samples = self._samples
        samples.append((now, count))
        while len(samples) > 2 and samples[1][0] <= now - self.SECONDS:
            samples.popleft()
        (first, start), (last, end) = samples[0], samples[-1]
        return (end - start) / (last - first) if last > first else None


def rate_text(rate: float | None, unit: str) -> str:
    if rate is None:
        return ""
    return f"{rate:.1f} {unit}/s" if rate < 10 else f"{rate:,.0f} {unit}/s"


class SpeedControl(QWidget):
    """The speed slider and the name of its setting; Ctrl+F (the window's) toggles
    full speed and back to the pace chosen before."""
    changed = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, FULL_SPEED)
        self.slider.setValue(DEFAULT_SPEED)
        self.slider.setPageStep(1)
        self.slider.setFixedWidth(96)
        self.label = QLabel(SPEEDS[DEFAULT_SPEED][0])
        self._chosen = DEFAULT_SPEED  # the pace full speed toggles back to
        self.slider.valueChanged.connect(self._on_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider)
        layout.addWidget(self.label)

    def _on_changed(self, value: int) -> None:
        self.label.setText(SPEEDS[value][0])
        if value != FULL_SPEED:
            self._chosen = value
        self.changed.emit(value)

    def toggle_full_speed(self) -> None:
        self.slider.setValue(self._chosen if self.slider.value() == FULL_SPEED else FULL_SPEED)


class PaceReadout(SteadyText):
    """Under the epoch counter, in two short lines that fit its width: the
    mini-batch ("batch 7/25") while an epoch is under way step by step, and the
    measured rate while playing ("3.0 steps/s", "58 epochs/s")."""

    def __init__(self, parent=None):
        super().__init__(parent=parent)
        self.setObjectName("caption")
        self.meter = RateMeter()
        self._key = None  # (generation, speed, playing): the rate restarts when it changes

    def show_snapshot(self, snap, playing: bool, speed: int) -> None:
        unit = SPEEDS[speed][1]
        key = (snap.generation, speed, playing)
        if key != self._key:
            self.meter.clear()
            self._key = key
        stepping = unit == "step"
        rate = self.meter.add(snap.updates if stepping else snap.epoch) if playing else None
        parts = []
        if snap.batch_position is not None:
            done, total = snap.batch_position
            parts.append(f"batch {done}/{total}")
            epoch = snap.epoch + (done < total)
            self.setToolTip(f"Mini-batch {done} of {total} in epoch {epoch}")
        else:
            self.setToolTip("Measured while playing: epochs a second (steps a second in slow motion)")
        if playing:
            parts.append(rate_text(rate, "steps" if stepping else "epochs"))
        self.setText("\n".join(p for p in parts if p))
