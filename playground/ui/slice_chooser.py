"""Which two of your data's inputs the output plot draws (plain inputs only): the
plot is a slice through them, the other inputs held at their mean."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QWidget


class SliceChooser(QWidget):
    command = Signal(str, object)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self.across, self.up = QComboBox(), QComboBox()
        for row, (name, box, tip) in enumerate((
                ("Across", self.across, "the input drawn across the output plot"),
                ("Up", self.up, "the input drawn up the output plot"))):
            label = QLabel(f"{name}:")
            label.setBuddy(box)
            box.setToolTip(f"{tip.capitalize()}; the inputs not drawn are held at their mean, as the plot says")
            box.activated.connect(self._chosen)
            layout.addWidget(label, row, 0)
            layout.addWidget(box, row, 1)
        self._names: tuple = ()
        self.setVisible(False)

    def show_snapshot(self, snap) -> None:
        view = snap.slice
        self.setVisible(view is not None and len(view.names) > 1)
        if view is None or len(view.names) < 2:
            return
        if view.names != self._names:
            self._names = view.names
            for box in (self.across, self.up):
                with QSignalBlocker(box):
                    box.clear()
                    box.addItems(list(view.names))
        for box, axis in zip((self.across, self.up), view.axes):
            if box.currentIndex() != axis:
                with QSignalBlocker(box):
                    box.setCurrentIndex(axis)

    def _chosen(self, _index: int) -> None:
        x, y = self.across.currentIndex(), self.up.currentIndex()
        if x == y:  # the same input twice: the other box takes the one it left
            others = [i for i in range(len(self._names)) if i != x]
            y = others[0]
        self.command.emit("set_slice", {"x": x, "y": y})
