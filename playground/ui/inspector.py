"""The backprop inspector: one sample through the network, every number shown.

Pick a data point on the output plot (or type the input and target); step
forward a layer at a time (z and a appear), then backward (∂L/∂z, ∂L/∂w, ∂L/∂b),
then the SGD update (old → new weights); or show everything at once. The
network editor shows the same numbers on its neurons and links and highlights
the layer being computed. While the inspector holds a sample, training is
paused. The numbers come from the engine's trace, the same as `playground
backprop` prints; the tables can be copied as plain text, CSV or LaTeX.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from playground.trace_format import as_csv, as_latex, as_text, number, unit_names

UNIT_COLUMNS = ("layer", "unit", "z", "a", "∂L/∂z", "b", "b new")
WEIGHT_COLUMNS = ("layer", "weight", "w", "∂L/∂w", "w new")
MAX_ROWS_SHOWN = 12  # a table taller than this many rows scrolls


class InspectorPanel(QWidget):
    command = Signal(str, object)
    hint = Signal(str)
    stage_changed = Signal(object, int)   # (trace, stage) for the network editor's labels
    picking_changed = Signal(bool)        # clicks on the output plot pick a sample

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(self._sample_form())
        layout.addLayout(self._sample_buttons())
        layout.addLayout(self._stage_buttons())
        self.status = QLabel("Pick a data point or type an input to trace one sample.")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.units = self._table(UNIT_COLUMNS)
        self.weights = self._table(WEIGHT_COLUMNS)
        layout.addWidget(self.units, 2)
        layout.addWidget(self.weights, 3)
        copies = QHBoxLayout()
        for label, kind in (("Copy text", "text"), ("Copy CSV", "csv"), ("Copy LaTeX", "latex")):
            button = QPushButton(label)
            button.setToolTip(f"Copy every number of the trace as {kind}")
            button.clicked.connect(lambda _=False, k=kind: self.copy(k))
            copies.addWidget(button)
        layout.addLayout(copies)
        self.trace = None
        self.inputs: tuple[str, ...] = ()
        self.stage = 0
        self._key = None

    def _sample_form(self) -> QGridLayout:
        """The sample typed: input, target, η and which gradient to show."""
        form = QGridLayout()
        self.input = QLineEdit()
        self.input.setPlaceholderText("e.g. 0.5, 0.1")
        self.input.setToolTip("The network's input values, comma separated (one per input feature)")
        self.target = QLineEdit()
        self.target.setPlaceholderText("e.g. 1")
        self.target.setToolTip("The target output(s); not needed for the gradient of the output")
        self.lr = QLineEdit()
        self.lr.setToolTip("Learning rate η of the SGD step shown (W − η·∂L/∂W)")
        self.wrt = QComboBox()
        self.wrt.addItem("gradient of the loss L", "loss")
        self.wrt.addItem("gradient of the output o", "output")
        self.wrt.setToolTip("∂L/∂· (what training follows) or ∂o/∂· of the single output unit")
        # two to a row: the panel stays short enough to show a lecture network's tables whole
        for i, (label, widget) in enumerate((("Input", self.input), ("Target", self.target), ("η", self.lr),
                                             ("Show", self.wrt))):
            form.addWidget(QLabel(label), i // 2, 2 * (i % 2))
            form.addWidget(widget, i // 2, 2 * (i % 2) + 1)
        form.setColumnStretch(1, 3)
        form.setColumnStretch(3, 2)
        return form

    def _sample_buttons(self) -> QHBoxLayout:
        """Pick a point, trace the typed sample, release it."""
        buttons = QHBoxLayout()
        self.pick = QPushButton("Pick a point")
        self.pick.setCheckable(True)
        self.pick.setToolTip("Then click a data point on the output plot")
        self.pick.toggled.connect(self.picking_changed.emit)
        self.trace_button = QPushButton("Trace")
        self.trace_button.setToolTip("Hold the typed input and target (training pauses)")
        self.trace_button.clicked.connect(self._on_trace_clicked)
        self.release = QPushButton("Release")
        self.release.setToolTip("Let go of the sample; training may go on")
        self.release.clicked.connect(lambda: self.command.emit("release", {}))
        for b in (self.pick, self.trace_button, self.release):
            buttons.addWidget(b)
        return buttons

    def _stage_buttons(self) -> QHBoxLayout:
        """Forward, backward, all, restart, and applying the SGD step."""
        steps = QHBoxLayout()
        self.forward = QPushButton("Forward ▶")
        self.forward.setToolTip("Compute the next layer's z and a")
        self.forward.clicked.connect(self._on_forward_clicked)
        self.backward = QPushButton("◀ Backward")
        self.backward.setToolTip("Backpropagate through the next layer down")
        self.backward.clicked.connect(self._on_backward_clicked)
        self.show_all = QPushButton("All")
        self.show_all.setToolTip("Show every number at once")
        self.show_all.clicked.connect(lambda: self.set_stage(self.last_stage))
        self.restart = QPushButton("Restart")
        self.restart.setToolTip("Hide the numbers again and start from the input")
        self.restart.clicked.connect(lambda: self.set_stage(0))
        self.apply = QPushButton("Apply SGD step")
        self.apply.setToolTip("Change the network's weights to the new values (old → new); Ctrl+Z undoes it")
        self.apply.clicked.connect(lambda: self.command.emit("apply_sgd_step", {}))
        for b in (self.forward, self.backward, self.show_all, self.restart, self.apply):
            steps.addWidget(b)
        return steps

    @staticmethod
    def _table(columns) -> QTableWidget:
        """A table of numbers whose height is set by the rows it holds (see _fill)."""
        table = QTableWidget(0, len(columns))
        table.setHorizontalHeaderLabels(list(columns))
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.verticalHeader().setDefaultSectionSize(20)
        # asks for the room of its rows, no more: in a scroll area the panel is as tall as its tables need
        table.setSizeAdjustPolicy(QTableWidget.SizeAdjustPolicy.AdjustToContents)
        return table

    # --- stages: what has been computed so far ------------------------------------------

    @property
    def depth(self) -> int:
        return len(self.trace.layers) if self.trace is not None else 0

    @property
    def last_stage(self) -> int:
        """0: nothing; 1..L: forward through layer k; L+1..2L: backward; 2L+1: the update."""
        return 2 * self.depth + 1

    def _on_forward_clicked(self) -> None:
        self.set_stage(min(self.stage + 1, self.depth) if self.stage < self.depth else self.stage)
        if self.stage >= self.depth:
            self.hint.emit("Forward pass done: now step backward")

    def _on_backward_clicked(self) -> None:
        if self.stage < self.depth:
            self.hint.emit("Finish the forward pass first")
            return
        self.set_stage(min(self.stage + 1, self.last_stage))

    def set_stage(self, stage: int) -> None:
        """Show the trace as far as ``stage`` (0 to last_stage, clamped): tables and the
        editor's labels."""
        self.stage = max(0, min(stage, self.last_stage))
        self._fill()
        self.stage_changed.emit(self.trace, self.stage)

    def computing(self) -> tuple[str, int] | None:
        """("forward"|"backward"|"update", layer index from 0) of the current stage."""
        L, s = self.depth, self.stage
        if s == 0 or self.trace is None:
            return None
        if s <= L:
            return "forward", s - 1
        if s <= 2 * L:
            return "backward", 2 * L - s
        return "update", L - 1

    def shows(self, what: str, layer: int) -> bool:
        """Whether the stage reached shows ``what`` (forward, backward, update) of ``layer``."""
        L, s = self.depth, self.stage
        if what == "forward":
            return s >= layer + 1
        if what == "backward":
            return s >= L + (L - layer)
        return s >= 2 * L + 1

    # --- snapshots --------------------------------------------------------------------------

    def show_snapshot(self, snap) -> None:
        teaching = snap.teaching
        trace = teaching.trace if teaching is not None else None
        if trace is None:
            self._key = None  # the same sample traced again later is new to the panel
            if self.trace is not None:
                self.trace = None
                self.set_stage(0)
                self.status.setText("Pick a data point or type an input to trace one sample.")
            if not self.lr.hasFocus():
                self.lr.setText(f"{snap.settings.learning_rate:g}")
            return
        inspection = teaching.inspection
        key = (inspection, snap.network.params.tobytes())
        self.inputs = snap.network.inputs
        if key == self._key:
            return
        new_sample = self._key is None or self._key[0] != inspection
        self._key, self.trace = key, trace
        for field, values in ((self.input, inspection.input), (self.target, inspection.target or ())):
            if not field.hasFocus():
                field.setText(", ".join(number(v) for v in values))
        if not self.lr.hasFocus():
            self.lr.setText(f"{inspection.lr:g}")
        where = f"training point {inspection.sample}" if inspection.sample is not None else "the typed sample"
        loss = f"; loss L = {number(trace.loss)}" if trace.loss is not None else ""
        rate = ""
        if inspection.lr != snap.settings.learning_rate:  # a worked case brings its own η: say so
            rate = (f" This step uses η = {inspection.lr:g}, typed here; training uses the toolbar's "
                    f"{snap.settings.learning_rate:g}.")
        self.status.setText(f"Tracing {where}{loss}. Training is paused while the inspector holds it.{rate}")
        self.set_stage(self.last_stage if not new_sample else 0)

    def holds_sample_of(self, snap, values: tuple | None = None) -> bool:
        """Whether the panel shows the sample ``snap`` traces (and, if given, of these input values)."""
        inspection = snap.teaching.inspection if snap.teaching is not None else None
        return (inspection is not None and self._key is not None and self._key[0] == inspection
                and (values is None or tuple(inspection.input) == values))

    def _fill(self) -> None:
        """The tables, with only what the stage has computed."""
        trace, units, weights = self.trace, [], []
        if trace is not None:
            names = unit_names(trace, self.inputs)
            for i, layer in enumerate(trace.layers):
                fwd, bwd, upd = self.shows("forward", i), self.shows("backward", i), self.shows("update", i)
                for j, name in enumerate(names[i + 1]):
                    units.append([str(i + 1), name, number(layer.z[j]) if fwd else "",
                                  number(layer.a[j]) if fwd else "", number(layer.dz[j]) if bwd else "",
                                  number(layer.b[j]),
                                  number(layer.b_new[j]) if upd and layer.b_new is not None else ""])
                for j, to in enumerate(names[i + 1]):
                    for k, frm in enumerate(names[i]):
                        weights.append([str(i + 1), f"{frm} → {to}", number(layer.W[j, k]),
                                        number(layer.dW[j, k]) if bwd else "",
                                        number(layer.W_new[j, k]) if upd and layer.W_new is not None else ""])
        grad = "∂L/∂" if trace is None or trace.wrt == "loss" else "∂o/∂"
        self.units.setHorizontalHeaderLabels([c.replace("∂L/∂", grad) for c in UNIT_COLUMNS])
        self.weights.setHorizontalHeaderLabels([c.replace("∂L/∂", grad) for c in WEIGHT_COLUMNS])
        for table, rows in ((self.units, units), (self.weights, weights)):
            table.setRowCount(len(rows))
            # tall enough for every row of a lecture-sized network (it scrolls beyond a dozen)
            table.setMinimumHeight(table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
                                   + table.verticalHeader().defaultSectionSize() * min(len(rows), MAX_ROWS_SHOWN) + 2)
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    item = QTableWidgetItem(text)
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    table.setItem(r, c, item)
        step = self.computing()
        if step is not None:
            what, layer = step
            self.status.setText(self.status.text().split(" Now:")[0] + f" Now: {what}, layer {layer + 1}.")

    # --- typing a sample ---------------------------------------------------------------------

    def _numbers(self, field: QLineEdit, name: str) -> list[float] | None:
        text = field.text().strip()
        if not text:
            return None
        try:
            return [float(v) for v in text.replace(";", ",").split(",") if v.strip()]
        except ValueError:
            self.hint.emit(f"{name}: expected numbers separated by commas, got {text!r}")
            raise

    def _on_trace_clicked(self) -> None:
        try:
            values = self._numbers(self.input, "Input")
            target = self._numbers(self.target, "Target")
            lr = self._numbers(self.lr, "η")
        except ValueError:
            return
        if values is None:
            self.hint.emit("Type the input values first, e.g. 0.5, 0.1")
            return
        self.command.emit("inspect", {"input": values, "target": target, "wrt": self.wrt.currentData(),
                                      "lr": lr[0] if lr else None})

    def pick_sample(self, index: int) -> None:
        self.pick.setChecked(False)
        try:
            lr = self._numbers(self.lr, "η")
        except ValueError:
            lr = None
        self.command.emit("inspect", {"sample": int(index), "wrt": self.wrt.currentData(), "lr": lr[0] if lr else None})

    # --- copying -----------------------------------------------------------------------------

    def copy(self, kind: str) -> str | None:
        if self.trace is None:
            self.hint.emit("Nothing to copy: trace a sample first")
            return None
        text = {"text": as_text, "csv": as_csv, "latex": as_latex}[kind](self.trace, self.inputs)
        QGuiApplication.clipboard().setText(text)
        self.hint.emit(f"Copied the trace as {kind}")
        return text
