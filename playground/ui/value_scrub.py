"""Scrubbing a weight or a bias, as a slider in Desmos: drag sideways on its link
(or its neuron's bias square), or turn the wheel over it, and the value follows
the pointer while the output, the neurons and the 1-D curves follow the value.

Each passing value goes to the session as a ``preview`` (the command table):
applied between two training steps and drawn in the next snapshot, but kept out
of undo. The drag's end (the release, or a pause of the wheel) sends the plain
set_weight / set_bias with the drag's id, which the session records as one edit
from the state before the drag's first value: one Undo takes the whole drag
back. A value waits while the last one sent has not been drawn; a newer one
takes its place (the latest wins), so a session slower than the mouse never
falls behind it. A click without a drag still opens the typing field.
"""

from __future__ import annotations

import itertools
import math

import shiboken6
from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QPen
from PySide6.QtWidgets import QApplication, QGraphicsRectItem, QGraphicsSimpleTextItem

PIXEL_STEP = 0.01      # a pixel sideways
WHEEL_STEP = 0.1       # a notch of the wheel
FINER, COARSER = 0.1, 10.0  # with Shift, with Ctrl
THRESHOLD = 3          # pixels sideways before a press becomes a drag (less is a click: the typing field)
WHEEL_PAUSE_MS = 600   # the wheel still for this long: its turns so far are one edit
FRAME_WAIT_MS = 250    # a value sent and no frame drawn since: the next goes anyway
SCRUB_TIP = (f"Drag sideways to change it: {PIXEL_STEP:g} a pixel (Shift {PIXEL_STEP * FINER:g}, "
             f"Ctrl {PIXEL_STEP * COARSER:g}).\nOr turn the wheel over it: {WHEEL_STEP:g} a notch. Click to type it.")
_drags = itertools.count(1)


def step_size(base: float, modifiers) -> float:
    """The step at these modifier keys: finer with Shift, coarser with Ctrl."""
    if modifiers & Qt.KeyboardModifier.ShiftModifier:
        return base * FINER
    if modifiers & Qt.KeyboardModifier.ControlModifier:
        return base * COARSER
    return base


def rounded(value: float, step: float) -> float:
    """``value`` to the step's decimals: 0.54, not 0.5427 after a drag of 0.01 steps."""
    return round(value, max(0, round(-math.log10(step))))


class ScrubbedValue:
    """What a link and a bias square share (mixed into LinkItem and BiasItem, whose
    ``editor`` has a ValueScrub as ``scrub``): the mouse and the wheel scrub them."""

    symbol = "w"

    def mousePressEvent(self, event):
        self.editor.scrub.press(self, event)

    def mouseMoveEvent(self, event):
        self.editor.scrub.move(event)

    def mouseReleaseEvent(self, event):
        self.editor.scrub.release(self, event)

    def wheelEvent(self, event):
        self.editor.scrub.wheel(self, event)


def value_command(item, value: float) -> tuple[str, dict]:
    """The command that sets ``item``'s value: set_bias for a bias square, else set_weight."""
    if item.symbol == "b":
        return "set_bias", {"layer": item.layer - 1, "row": item.unit, "value": value}
    return "set_weight", {"layer": item.layer, "row": item.row, "column": item.column, "value": value}


class ValueScrub:
    """The network editor's scrubbing: one drag (or burst of wheel turns) at a time."""

    def __init__(self, editor):
        self.editor = editor
        self.item = None          # the link or bias being scrubbed
        self.press_at = None      # (item, screen x, scene point) of a press not yet a drag
        self.last_x = 0.0
        self.start = self.raw = self.value = 0.0
        self.drag, self.sizes = 0, None
        self.sent = False         # a passing value went to the session
        self.waiting = False      # the last value sent is not drawn yet
        self.pending: float | None = None
        self.readout: Readout | None = None
        self.cursor = False       # the resize cursor is set for the whole window while a drag lasts
        self._wheel_pause = self._timer(WHEEL_PAUSE_MS, self.finish)
        self._frame_wait = self._timer(FRAME_WAIT_MS, self.frame_drawn)

    def _timer(self, ms: int, slot) -> QTimer:
        timer = QTimer(self.editor)
        timer.setSingleShot(True)
        timer.setInterval(ms)
        timer.timeout.connect(slot)
        return timer

    @property
    def active(self) -> bool:
        """A drag or a wheel burst is under way; one whose item went with the scene
        (drawn anew for another shape, on which its value would be refused) is dropped."""
        if self.item is not None and not shiboken6.isValid(self.item):
            self.forget()
        return self.item is not None

    # --- gestures ----------------------------------------------------------------------

    def press(self, item, event) -> None:
        event.accept()  # the moves and the release come here
        self.finish()   # a wheel burst under way ends
        self.press_at = None
        if event.button() == Qt.MouseButton.LeftButton:
            self.press_at = (item, event.screenPos().x(), event.scenePos())

    def move(self, event) -> None:
        x = event.screenPos().x()
        if self.press_at is not None and not self.active:
            item, press_x, _ = self.press_at
            if abs(x - press_x) < THRESHOLD or not self._begin(item, event.scenePos()):
                return
            self.last_x, self.cursor = press_x, True
            QApplication.setOverrideCursor(Qt.CursorShape.SizeHorCursor)
        if self.active and self.press_at is not None:
            step = step_size(PIXEL_STEP, event.modifiers())
            self._to(self.raw + (x - self.last_x) * step, step, event.scenePos())
            self.last_x = x

    def release(self, item, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        pressed, self.press_at = self.press_at, None
        if self.item is not None:
            self.finish()
        elif pressed is not None:
            self.editor.edit_value(item, event.scenePos())

    def wheel(self, item, event) -> None:
        event.accept()  # the view does not scroll under a value
        if self.press_at is not None:
            return
        if item is not self.item:
            self.finish()
            if not self._begin(item, event.scenePos()):
                return
        step = step_size(WHEEL_STEP, event.modifiers())
        self._to(self.raw + event.delta() / 120 * step, step, event.scenePos())
        self._wheel_pause.start()

    # --- the drag -------------------------------------------------------------------------

    def _begin(self, item, pos: QPointF) -> bool:
        snap = self.editor.snapshot
        if snap is None:
            return False
        if snap.viewing is not None:
            self.editor.hint.emit(f"This is epoch {snap.viewing} as it was: Continue from here to edit from it, "
                                  "or go back to now.")
            self.press_at = None
            return False
        self.item, self.drag, self.sizes = item, next(_drags), list(snap.network.sizes)
        self.start = self.raw = self.value = item.value
        self.sent, self.pending = False, None
        self.readout = Readout(self.editor.scene())
        self.readout.show(item.symbol, self.value, pos)
        return True

    def _to(self, raw: float, step: float, pos: QPointF) -> None:
        self.raw, self.value = raw, rounded(raw, step)
        self.item.set_value(self.value)  # the link's width and colour at once; the frame confirms them
        self.readout.show(self.item.symbol, self.value, pos, step)
        if self.waiting:
            self.pending = self.value
        else:
            self._send_preview(self.value)

    def _send_preview(self, value: float) -> None:
        name, args = value_command(self.item, value)
        self.waiting, self.sent = True, True
        self._frame_wait.start()
        self.editor.command.emit("preview", {"name": name, "args": {**args, "sizes": self.sizes},
                                             "drag": self.drag})

    def frame_drawn(self) -> None:
        """A snapshot was drawn (or none came in time): the waiting value may go."""
        self._frame_wait.stop()
        self.waiting = False
        if self.pending is not None and self.active:
            value, self.pending = self.pending, None
            self._send_preview(value)

    def finish(self) -> None:
        """The drag ends: one edit from the value before it to the last one (none if
        they are the same; the session is then set back to it)."""
        if not self.active:
            return
        self._wheel_pause.stop()
        name, args = value_command(self.item, self.value)
        self.pending = None
        if self.value != self.start:
            self.editor.command.emit(name, {**args, "sizes": self.sizes, "drag": self.drag})
        elif self.sent:
            self.editor.command.emit("preview", {"name": name, "args": {**args, "sizes": self.sizes},
                                                 "drag": self.drag})
        self.forget()

    def forget(self) -> None:
        """Drop the drag without a word to the session."""
        if self.cursor:
            self.cursor = False
            QApplication.restoreOverrideCursor()
        self._wheel_pause.stop()
        self.item, self.press_at, self.pending = None, None, None
        if self.readout is not None:
            self.readout.remove()
            self.readout = None


class Readout:
    """The value beside the pointer while it is scrubbed: "w = 0.54   (step 0.01)"."""

    def __init__(self, scene):
        self.scene = scene
        self.backing = QGraphicsRectItem()
        self.backing.setBrush(QBrush(QColor(255, 255, 255, 235)))
        self.backing.setPen(QPen(QColor(170, 170, 170), 0.8))
        self.words = QGraphicsSimpleTextItem()
        font = QFont()
        font.setPointSizeF(10)
        self.words.setFont(font)
        self.words.setBrush(QColor(30, 30, 30))
        for z, item in enumerate((self.backing, self.words)):
            item.setZValue(30 + z)
            item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            scene.addItem(item)

    def show(self, symbol: str, value: float, pos: QPointF, step: float | None = None) -> None:
        self.words.setText(f"{symbol} = {value:g}" + ("" if step is None else f"   (step {step:g})"))
        self.words.setPos(pos + QPointF(12, -30))
        self.backing.setRect(self.words.sceneBoundingRect().adjusted(-4, -2, 4, 2))

    def remove(self) -> None:
        for item in (self.backing, self.words):
            if shiboken6.isValid(item) and item.scene() is not None:
                self.scene.removeItem(item)
