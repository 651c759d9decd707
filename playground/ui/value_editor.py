"""The network editor's inline value editor: a small line edit over the link or
bias clicked. Enter hands the typed number on; Esc or leaving the field cancels."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import QGraphicsProxyWidget, QGraphicsView, QLineEdit


class ValueEditor:
    def __init__(self, view: QGraphicsView, on_value: Callable[[object, float], None],
                 on_problem: Callable[[str], None]):
        """``on_value(item, value)`` gets a number typed for ``item``; ``on_problem(text)``
        a sentence when the text is no number."""
        self.view, self.on_value, self.on_problem = view, on_value, on_problem
        self._proxy: QGraphicsProxyWidget | None = None
        self._item = None

    @property
    def is_open(self) -> bool:
        return self._proxy is not None

    def field(self) -> QLineEdit | None:
        return self._proxy.widget() if self._proxy is not None else None

    def open(self, item, pos: QPointF) -> None:
        """Edit ``item``'s value (a link or bias with a ``value``) at scene point ``pos``."""
        self.close()
        edit = QLineEdit(f"{item.value:.6g}")
        edit.setValidator(QDoubleValidator(-1e6, 1e6, 12))
        edit.setFixedWidth(96)
        edit.setToolTip("Type a number and press Enter (Esc cancels)")
        edit.selectAll()
        proxy = self.view.scene().addWidget(edit)
        proxy.setZValue(10)
        proxy.setPos(pos + QPointF(6, -12))
        self._proxy, self._item = proxy, item
        edit.returnPressed.connect(self._on_field_return_pressed)
        edit.editingFinished.connect(self._on_field_editing_finished)
        edit.setFocus()

    def close(self) -> None:
        if self._proxy is not None:
            proxy, self._proxy = self._proxy, None
            if proxy.scene() is not None:
                self.view.scene().removeItem(proxy)
            proxy.deleteLater()

    def _on_field_return_pressed(self) -> None:
        if self._proxy is None:
            return
        try:
            value = float(self._proxy.widget().text().replace(",", "."))
        except ValueError:
            self.on_problem("Type a number, such as 0.5 or -1.2")
            return
        self.on_value(self._item, value)
        self.close()

    def _on_field_editing_finished(self) -> None:
        if self._proxy is not None and not self._proxy.widget().hasFocus():
            self.close()
