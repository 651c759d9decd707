"""SteadyText: a label for text that changes with every frame while training plays
(the epoch counter, the loss numbers, the time travel line).

A QLabel given a new text asks its layout to be redone, and each layout then asks
its parent's, up to the main window's, which animates its docks into the places
they already have: measured with W2 playing, about 2.5 ms of the GUI thread's
frame of 15 ms, for a few numbers. SteadyText draws its text as a QLabel would
(plain or rich, wrapped or not) but asks for a new layout only when the text needs
a size it has not had: another line, or a wider unwrapped text.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument, QTextOption
from PySide6.QtWidgets import QSizePolicy, QWidget


class SteadyText(QWidget):
    def __init__(self, text: str = "", rich: bool = False, wrap: bool = False, parent=None):
        super().__init__(parent)
        self._rich, self._wrap = rich, wrap
        self._document = QTextDocument(self)
        self._document.setDocumentMargin(0)
        self._document.setUndoRedoEnabled(False)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WordWrap if wrap else QTextOption.WrapMode.NoWrap)
        self._document.setDefaultTextOption(option)
        self._document.setDefaultFont(self.font())
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(wrap)
        self.setSizePolicy(policy)
        self._text: str | None = None
        self._room = None  # see _ask_for_room
        self.setText(text)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        if text == self._text:
            return
        self._text = text
        if self._rich:
            self._document.setHtml(text)
        else:
            self._document.setPlainText(text)
        self.setAccessibleName(self._document.toPlainText())
        self._ask_for_room()
        self.update()

    def _ask_for_room(self) -> None:
        """Ask for a new layout when the text needs more room than it was given: another
        line, or (unwrapped) more width. Less room is not asked for: a number that
        changes its width with every frame would have the layout redone with each."""
        if self._wrap:  # the room: the most lines a text has needed at this width
            needed = self.heightForWidth(self.width())
            grows = self._room is None or needed > self.height()
            self._room = max(needed, self._room or 0)
        else:  # the room: the widest and highest the texts have been
            needed = self._text_size()
            grows = self._room is None or needed.width() > self._room.width() or needed.height() > self._room.height()
            self._room = needed if self._room is None else needed.expandedTo(self._room)
        if grows:
            self.updateGeometry()

    def _lay_out(self, width: float) -> QTextDocument:
        """The document laid out ``width`` wide (-1: unwrapped); laying out is the cost
        of a frame's new text, so it is done once per text and width."""
        if width != self._document.textWidth():
            self._document.setTextWidth(width)
        return self._document

    def _height_at(self, width: float) -> int:
        return math.ceil(self._lay_out(width).size().height())

    def _text_size(self) -> QSize:
        return QSize(math.ceil(self._lay_out(-1).idealWidth()), self._height_at(-1))

    def sizeHint(self) -> QSize:
        if self._wrap:
            return self._wrapped_size_hint()
        size = self._text_size()
        return size if self._room is None else size.expandedTo(self._room)

    def _wrapped_size_hint(self) -> QSize:
        """As QLabel's: the text at 80 average characters, or half or a quarter of that
        while it stays under four or two lines."""
        line, width = self.fontMetrics().lineSpacing(), self.fontMetrics().averageCharWidth() * 80
        for lines, narrower in ((4, width // 2), (2, width // 4)):
            if self._height_at(width) < lines * line and self._lay_out(width).idealWidth() > narrower:
                width = narrower
        return QSize(math.ceil(self._lay_out(width).idealWidth()), self._height_at(width))

    def minimumSizeHint(self) -> QSize:
        if not self._wrap:
            return self.sizeHint()
        # as QLabel's: as narrow as the widest word, as high as one line
        width = math.ceil(self._lay_out(0).idealWidth())
        return QSize(width, min(self._height_at(-1), self.sizeHint().height()))

    def hasHeightForWidth(self) -> bool:
        return self._wrap

    def heightForWidth(self, width: int) -> int:
        return self._height_at(width) if self._wrap else -1

    def changeEvent(self, event) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._document.setDefaultFont(self.font())
            self._room = None
            self._ask_for_room()
        super().changeEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._wrap and event.oldSize().width() != self.width():
            self._room = None  # another width: the lines the text needs there
            self._ask_for_room()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        # centred, as a label's text; wrapped, the block of the most lines it has had here is
        # centred, so a text of fewer lines than the one before stays where it was
        height = self._height_at(self.width()) if self._wrap else self._height_at(-1)
        if self._wrap:
            height = max(height, self._room or 0)
        painter.translate(0, max(0, (self.height() - height) // 2))
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, self.palette().color(self.foregroundRole()))
        self._document.documentLayout().draw(painter, context)
