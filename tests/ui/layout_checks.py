"""What "fits the screen" means, measured on a live window (issue: fits every
classroom screen): every visible label, button and combo box shows its whole
text; no two visible leaf widgets overlap; the core views keep a stated minimum.

Each check returns a list of human-readable faults, so a failing test names them
all at once.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QComboBox,
    QLabel,
    QStyle,
    QStyleOptionComboBox,
    QWidget,
)

# The least room, in logical pixels, each view the class watches keeps at any
# window size from 1024x640 up (the network, the output plot, the loss curve).
CORE_MINIMUM = {"network": (300, 260), "output": (200, 200), "loss": (200, 120)}


def _name(widget: QWidget) -> str:
    text = ""
    for getter in ("text", "currentText", "windowTitle"):
        if hasattr(widget, getter):
            text = getattr(widget, getter)()
            if text:
                break
    return f"{type(widget).__name__}({widget.objectName() or text[:30]!r})"


def _on_screen(widget: QWidget) -> QRect:
    """The part of ``widget`` its ancestors leave in view, in its window's coordinates
    (empty when hidden, scrolled out of sight or squeezed to nothing)."""
    if not widget.isVisible():
        return QRect()
    window = widget.window()
    rect = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        rect = rect.intersected(QRect(parent.mapTo(window, parent.rect().topLeft()), parent.size()))
        parent = parent.parentWidget()
    return rect.intersected(window.rect())  # a dock tabbed behind another is moved off the window


def _showing(widget: QWidget) -> bool:
    rect = _on_screen(widget)
    return rect.width() > 0 and rect.height() > 0


def clipped_texts(window) -> list[str]:
    """Labels, buttons and combo boxes too small for their text."""
    faults = []
    for widget in window.findChildren(QWidget):
        if not _showing(widget):
            continue
        if isinstance(widget, QLabel) and widget.text() and widget.pixmap().isNull():
            fault = _label_fault(widget)
        elif isinstance(widget, QComboBox) and widget.currentText():
            fault = _combo_fault(widget)
        elif isinstance(widget, QAbstractButton) and widget.text():
            hint = widget.sizeHint()
            fault = (f"{widget.width()}x{widget.height()} < {hint.width()}x{hint.height()}"
                     if widget.width() < hint.width() or widget.height() < min(hint.height(), 18) else "")
        else:
            continue
        if fault:
            faults.append(f"{_name(widget)}: {fault}")
    return faults


def _label_fault(label: QLabel) -> str:
    if label.textFormat() == Qt.TextFormat.RichText or "<" in label.text():
        return ""  # rich text (the lesson's, the inspector's) sits in a scroll area and wraps
    room = label.contentsRect()
    metrics = label.fontMetrics()
    if label.wordWrap():
        needed = metrics.boundingRect(QRect(0, 0, room.width(), 100000), Qt.TextFlag.TextWordWrap, label.text())
        return f"{needed.height()} px of wrapped text in {room.height()}" if needed.height() > room.height() + 1 else ""
    lines = label.text().split("\n")
    width = max(metrics.horizontalAdvance(line) for line in lines)
    height = metrics.height() * len(lines)
    if width > room.width() + 1 or height > room.height() + 2:
        return f"text {width}x{height} in {room.width()}x{room.height()}"
    return ""


def _combo_fault(combo: QComboBox) -> str:
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                         QStyle.SubControl.SC_ComboBoxEditField, combo)
    width = combo.fontMetrics().horizontalAdvance(combo.currentText())
    return f"text {width} px in a field of {field.width()}" if width > field.width() + 1 else ""


def _leaves(window) -> list[tuple[QWidget, QRect]]:
    """Visible widgets with no visible child, with the part of them on screen, in
    window coordinates. A scroll area's viewport counts as a leaf: what scrolls
    inside it is clipped by it and drawn in it."""
    leaves = []
    for widget in window.findChildren(QWidget):
        if not _showing(widget) or widget.isWindow() or _inside_scroll_area(widget, window):
            continue
        children = [c for c in widget.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
                    if _showing(c) and not c.isWindow()]
        if children and not isinstance(widget, QAbstractScrollArea):
            continue
        leaves.append((widget, _on_screen(widget)))
    return leaves


def _inside_scroll_area(widget: QWidget, window) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def overlapping_widgets(window) -> list[str]:
    """Pairs of visible leaf widgets that cover each other."""
    leaves, faults = _leaves(window), []
    for i, (a, rect_a) in enumerate(leaves):
        for b, rect_b in leaves[i + 1:]:
            if a.isAncestorOf(b) or b.isAncestorOf(a):
                continue
            common = rect_a.intersected(rect_b)
            if common.width() > 1 and common.height() > 1:
                faults.append(f"{_name(a)} at {rect_a.getRect()} overlaps {_name(b)} at {rect_b.getRect()}")
    return faults


def small_core_views(window) -> list[str]:
    views = {"network": window.editor, "output": window.output_plot, "loss": window.loss_panel.plot}
    faults = []
    for name, (width, height) in CORE_MINIMUM.items():
        view = views[name]
        if not _showing(view) or view.width() < width or view.height() < height:
            faults.append(f"{name}: {view.width()}x{view.height()}, visible {view.isVisible()}, "
                          f"needs {width}x{height}")
    return faults


def layout_faults(window, core_views: bool = True) -> list[str]:
    """Every fault; the core views' room only when asked (a teaching panel brought
    to the front of the loss curve's place hides it, as it should)."""
    return (clipped_texts(window) + overlapping_widgets(window) + overlapping_tick_labels(window)
            + (small_core_views(window) if core_views else []))


# The size of the network view's text on screen at 100 % zoom, in pixels: every
# label, header and inspector number, for every network up to the largest allowed.
NETWORK_TEXT_BAND = (11.0, 15.0)


def network_text_faults(editor) -> list[str]:
    """Text in the network view outside the band, or over a neuron."""
    from PySide6.QtWidgets import QGraphicsSimpleTextItem

    neurons = [item.sceneBoundingRect() for item in (*editor.neurons.values(), *editor.inputs.values())]
    scale = editor.transform().m11() / editor.zoom
    faults = []
    for item in editor.scene().items():
        if not isinstance(item, QGraphicsSimpleTextItem) or not item.isVisible():
            continue
        pixels = item.font().pointSizeF() * editor.logicalDpiY() / 72 * scale
        if not NETWORK_TEXT_BAND[0] <= pixels <= NETWORK_TEXT_BAND[1]:
            faults.append(f"{item.text()!r}: {pixels:.1f} px")
        rect = item.sceneBoundingRect()
        if any(rect.intersects(neuron) for neuron in neurons):
            faults.append(f"{item.text()!r} at {rect.getRect()} covers a neuron")
    return faults


def overlapping_tick_labels(window) -> list[str]:
    """Tick numbers of a plot's axes drawn over each other (on one axis, or where
    the left axis meets the bottom one), as pyqtgraph lays them out to draw."""
    import pyqtgraph as pg
    from PySide6.QtGui import QImage, QPainter

    faults = []
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        for plot in window.findChildren(pg.PlotWidget):
            if not _showing(plot):
                continue
            rects = {}
            for name in ("left", "bottom"):
                axis = plot.getPlotItem().getAxis(name)
                if not axis.isVisible():
                    continue
                specs = axis.generateDrawSpecs(painter)
                texts = specs[2] if specs else []
                rects[name] = [(axis.mapRectToScene(rect), text) for rect, _flags, text in texts if text]
            for name, items in rects.items():
                for i, (a, text_a) in enumerate(items):
                    for b, text_b in items[i + 1:]:
                        if a.intersected(b).width() > 0.5 and a.intersected(b).height() > 0.5:
                            faults.append(f"{plot.getPlotItem().titleLabel.text!r} {name}: {text_a!r} over {text_b!r}")
            for a, text_a in rects.get("left", []):
                for b, text_b in rects.get("bottom", []):
                    if a.intersected(b).width() > 0.5 and a.intersected(b).height() > 0.5:
                        faults.append(f"{plot.getPlotItem().titleLabel.text!r}: left {text_a!r} over bottom {text_b!r}")
    finally:
        painter.end()
    return faults
