"""Time travel: a slider over the epochs trained so far. Moving it draws the
network, boundary, neurons and numbers as they were then (the last checkpoint at
or before that epoch); "Continue from here" branches training from that point,
an edit that undo takes back."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSlider, QWidget

from playground.ui.steady_text import SteadyText


class TimeTravelBar(QWidget):
    command = Signal(str, object)

    def __init__(self, parent=None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 0, 4, 2)
        grid.setVerticalSpacing(2)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.setToolTip("Drag back over the epochs trained so far to see the network as it was then")
        self.label = SteadyText(rich=True, wrap=True)  # the spacing and the first epoch kept wrap in a narrow panel
        self.continue_button = QPushButton("Continue from here")
        self.continue_button.setToolTip("Train on from the epoch shown; the later epochs are dropped "
                                        "(Undo brings them back)")
        self.now_button = QPushButton("Back to now")
        self.now_button.setToolTip("Show the current epoch again")
        grid.addWidget(QLabel("Time travel"), 0, 0)
        grid.addWidget(self.slider, 0, 1, 1, 3)
        grid.addWidget(self.label, 1, 0, 1, 2)
        grid.addWidget(self.continue_button, 1, 2)
        grid.addWidget(self.now_button, 1, 3)
        grid.setColumnStretch(1, 1)
        self.slider.valueChanged.connect(self._on_moved)
        self.continue_button.clicked.connect(self._continue)
        self.now_button.clicked.connect(lambda: self.command.emit("view_epoch", {"epoch": None}))
        self.viewing = None
        self._show(0, None, (1, 1, 0))

    def _on_moved(self, value: int) -> None:
        now = self.slider.maximum()
        self.command.emit("view_epoch", {"epoch": None if value >= now else value})

    def _continue(self) -> None:
        if self.viewing is not None:
            self.command.emit("continue_from", {"epoch": self.viewing})

    def show_snapshot(self, snap) -> None:
        self._show(snap.epoch, snap.viewing, snap.timeline)

    def _show(self, epoch: int, viewing: int | None, timeline: tuple) -> None:
        spacing, _, first = timeline
        self.viewing = viewing
        self.slider.blockSignals(True)
        # from the first checkpoint (a loaded or restored run has none before it), a
        # checkpoint per step, so the arrow keys move from one to the next
        # opened or restored at this epoch, nothing kept before it: the handle rests at
        # now (the right end), disabled, and the label says why
        opened_here = first >= epoch > 0
        self.slider.setRange(epoch - 1 if opened_here else min(first, epoch), epoch)
        self.slider.setSingleStep(spacing)
        self.slider.setPageStep(max(spacing, (epoch - first) // 10 // spacing * spacing))
        self.slider.setEnabled(first < epoch)
        if not self.slider.isSliderDown():  # while dragged, the hand is right, not a frame in flight
            self.slider.setValue(epoch if viewing is None else viewing)
        self.slider.blockSignals(False)
        past = viewing is not None
        self.continue_button.setEnabled(past)
        self.now_button.setEnabled(past)
        every = "every epoch" if spacing == 1 else f"every {spacing} epochs"
        spaced = "" if spacing == 1 else f" · checkpoints every {spacing}"
        since = f" · none before epoch {first}" if first > 0 and first < epoch else ""
        if opened_here:
            since = " · no earlier epochs kept: time travel starts here"
        self.label.setText((f"<b>epoch {viewing}</b> of {epoch}" if past else f"now: epoch {epoch}") + spaced + since)
        self.label.setToolTip(f"Checkpoints are kept {every} (the spacing doubles as training goes on, to "
                              "stay within 16 MB); the slider shows the last one at or before the epoch")
