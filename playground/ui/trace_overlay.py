"""The backprop inspector's numbers drawn on the network editor: z, a and ∂L/∂z
under each neuron, w and ∂L/∂w (and the new w) on the links of small networks,
and a frame around the layer being computed. Small networks spread out while a
sample is traced, to make room for the labels."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPen

from playground.trace_format import number
from playground.ui.network_items import scene_text

FEW_LINKS = 12                     # the lecture's networks: links get labels; larger ones tooltips
NEURON_INK, LINK_INK, FRAME_INK = QColor(40, 40, 120), QColor(90, 60, 20), QColor(156, 39, 176)


class TraceOverlay:
    """Draws on the editor's scene, placed by the editor's geometry (``neuron_rect``,
    ``layer_rect``, ``set_wide``, ``fit``)."""

    def __init__(self, editor):
        self.editor = editor
        self.items: list = []

    def forget(self) -> None:
        """The scene was cleared: its items are gone."""
        self.items = []

    def _clear(self) -> None:
        for item in self.items:
            if item.scene() is not None:
                self.editor.scene().removeItem(item)
        self.items = []

    def show(self) -> None:
        """Label the network with the inspector's numbers as far as its stage has
        computed them (or take the labels away)."""
        editor = self.editor
        self._clear()
        if editor.snapshot is None:
            return
        inspector = editor.inspector
        tracing = inspector is not None and inspector.trace is not None
        if editor.set_wide(tracing and len(editor.links) <= FEW_LINKS):
            return  # drawn anew at the new spacing, which labelled it again
        if not tracing:
            return
        trace = inspector.trace
        if (trace.layers[0].W.shape[1], *(len(layer.z) for layer in trace.layers)) != \
                tuple(editor.snapshot.network.sizes):
            return  # the network changed shape (its inputs too: a lesson's next step); the next trace will fit
        grad = "∂L" if trace.wrt == "loss" else "∂o"
        def short(v):
            return f"{v:.4g}"  # the tables have all eight digits; the picture stays legible
        for i, layer in enumerate(trace.layers):
            for j in range(len(layer.z)):
                text = []
                if inspector.shows("forward", i):
                    text.append(f"z {short(layer.z[j])}  a {short(layer.a[j])}")
                if inspector.shows("backward", i):
                    text.append(f"{grad}/∂z {short(layer.dz[j])}")
                if text:
                    self._label("\n".join(text), NEURON_INK, editor.neuron_rect(i + 1, j).bottomLeft() + QPointF(-6, 2))
        for link in editor.links if len(editor.links) <= FEW_LINKS else []:
            layer = trace.layers[link.layer]
            w = short(layer.W[link.row, link.column])
            if inspector.shows("update", link.layer) and layer.W_new is not None:
                w += f"→{layer.W_new[link.row, link.column]:.6g}"  # a step is small: more digits
            text = f"w {w}"
            if inspector.shows("backward", link.layer):
                text += f"\n{grad}/∂w {short(layer.dW[link.row, link.column])}"
            # each link into a layer is labelled at its own point along the way, so the
            # labels of crossing links do not land on each other; then moved along its
            # link until it covers no neuron and no other label
            rows, sources = layer.W.shape
            along = 0.15 + 0.7 * (link.row * sources + link.column + 0.5) / (rows * sources)
            self._label(text, LINK_INK, *(link.path().pointAtPercent(a) + QPointF(-18, dy)
                                          for dy in (-8, -40, 10, 28, -58) for a in _around(along)))
        step = inspector.computing()
        if step is not None:
            frame = editor.scene().addRect(editor.layer_rect(step[1] + 1).adjusted(-10, -10, 10, 10),
                                           QPen(FRAME_INK, 2, Qt.PenStyle.DashLine))
            frame.setZValue(0)
            self.items.append(frame)
        editor.fit()  # the labels may reach past the network

    def link_gradient(self, link) -> str:
        """", ∂L/∂w = …" for a link's tooltip, once the stage has computed it (else "")."""
        inspector, editor = self.editor.inspector, self.editor
        if inspector is None or inspector.trace is None or not inspector.shows("backward", link.layer):
            return ""
        layers = inspector.trace.layers
        if link.layer >= len(layers) or layers[link.layer].dW.shape != editor.snapshot.network.W(link.layer).shape:
            return ""
        grad = "∂L" if inspector.trace.wrt == "loss" else "∂o"
        return f", {grad}/∂w = {number(layers[link.layer].dW[link.row, link.column])}"

    def _label(self, text: str, colour: QColor, *places: QPointF) -> None:
        """A number label on a white card, above links and neurons: at the first of
        ``places`` where it covers no neuron and no label drawn before it, else where
        it covers the least neuron, then the least label."""
        label = scene_text(self.editor.scene(), text, 10)
        label.setBrush(colour)
        label.setZValue(7)
        neurons = [item.sceneBoundingRect() for item in (*self.editor.neurons.values(), *self.editor.inputs.values())]
        cards = [item.sceneBoundingRect() for item in self.items if item.zValue() == 6]
        size = label.boundingRect().adjusted(-3, -2, 3, 2)

        def covered(place: QPointF) -> tuple[float, float]:
            """(area of neurons, area of labels) the label would cover there."""
            rect = size.translated(place)
            return tuple(sum(_area(rect.intersected(r)) for r in rects) for rects in (neurons, cards))
        label.setPos(min(places, key=covered))  # the first of the best: ties keep the order
        card = self.editor.scene().addRect(label.sceneBoundingRect().adjusted(-2, -1, 2, 1),
                                           QPen(Qt.PenStyle.NoPen), QColor(255, 255, 255, 215))
        card.setZValue(6)
        self.items += [card, label]


def _around(along: float, tries: int = 12) -> list[float]:
    """``along`` and points ever further from it on both sides, within the link."""
    steps = [along]
    for k in range(1, tries):
        for sign in (1, -1):
            a = along + sign * 0.05 * k
            if 0.08 <= a <= 0.92:
                steps.append(a)
    return steps


def _area(rect) -> float:
    return max(0.0, rect.width()) * max(0.0, rect.height())
