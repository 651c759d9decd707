"""The numbers behind the views that teach (no Qt): one sample's backprop, the
input plane as a hidden layer sees it, gradient norms and weight histograms over
training. The session computes them in the training process; panels draw them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from playground.engine.errors import InputError
from playground.engine.features import feature_matrix
from playground.engine.network import Network
from playground.engine.trace import Trace, trace

GRID_LINES = 13          # lines x1 = const and x2 = const drawn through the plane
LINE_POINTS = 60         # points along each line
HISTOGRAM_BINS = np.linspace(-3.0, 3.0, 41)
HISTORY_ROWS = 400       # weight histograms kept over training (thinned to fit)


@dataclass(frozen=True)
class Inspection:
    """A sample held by the backprop inspector: the network's input values and target."""
    input: tuple
    target: tuple | None
    wrt: str = "loss"
    lr: float = 0.03
    sample: int | None = None   # index into the training set, if picked from the data

    def trace(self, network: Network) -> Trace:
        return trace(network, self.input, self.target, self.lr, self.wrt)


@dataclass(frozen=True)
class HiddenMap:
    """Data points and the plane's grid lines mapped through one hidden layer, in
    two coordinates: two chosen neurons, or the first two principal components."""
    layer: int                 # 1 = first hidden layer
    axes: tuple[str, str]      # what the two coordinates are
    points: np.ndarray         # n × 2
    labels: np.ndarray         # the points' classes (or targets)
    lines: list                # grid lines, each m × 2
    activations: np.ndarray    # n × units: the layer's own outputs for the points (before projecting)


def hidden_map(network: Network, points: np.ndarray, labels: np.ndarray, layer: int,
               units: tuple[int, int] | None = None) -> HiddenMap:
    """``layer`` counts hidden layers from 1; ``units`` picks two of its neurons, else
    (for wider layers) the first two principal components of the points' activations."""
    if not 1 <= layer <= len(network.hidden):
        raise InputError(f"hidden layer {layer}: the network has {len(network.hidden)} hidden layers")
    width = network.sizes[layer]
    if points.shape[1] == 1:
        raise InputError("the hidden-layer view maps the plane; a 1-D problem has none")
    lines = _grid_lines()
    acts_points = network.forward_all(feature_matrix(network.inputs, points))[layer].T
    acts_lines = [network.forward_all(feature_matrix(network.inputs, line))[layer].T for line in lines]
    if width == 1:
        def project(a):
            return np.column_stack([a[:, 0], np.zeros(len(a))])
        axes = ("h1", "")
    elif units is not None or width == 2:
        i, j = units or (0, 1)
        if not (0 <= i < width and 0 <= j < width):
            raise InputError(f"hidden layer {layer} has neurons 1 to {width}")
        def project(a):
            return a[:, [i, j]]
        axes = (f"h{layer},{i + 1}", f"h{layer},{j + 1}")
    else:
        centre = acts_points.mean(axis=0)
        _, _, vt = np.linalg.svd(acts_points - centre, full_matrices=False)
        basis = vt[:2].T
        def project(a):
            return (a - centre) @ basis
        axes = ("first principal component", "second principal component")
    return HiddenMap(layer, axes, project(acts_points), labels, [project(a) for a in acts_lines], acts_points)


def _grid_lines() -> list[np.ndarray]:
    values = np.linspace(-6.0, 6.0, GRID_LINES)
    along = np.linspace(-6.0, 6.0, LINE_POINTS)
    return ([np.column_stack([np.full(LINE_POINTS, v), along]) for v in values]
            + [np.column_stack([along, np.full(LINE_POINTS, v)]) for v in values])


def gradient_norms(network: Network, X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """‖∂L/∂W‖ per layer (weights, not biases) of the mean loss over columns X."""
    _, grad = network.loss_and_gradient(X, Y)
    return np.array([np.linalg.norm(g[:, :-1]) for g in network.layer_views(grad)])


def weight_histograms(network: Network) -> np.ndarray:
    """Counts of each layer's weights in HISTOGRAM_BINS (outside values go to the end bins)."""
    edges = HISTOGRAM_BINS
    return np.array([np.histogram(np.clip(network.W(i).ravel(), edges[0], edges[-1]), edges)[0]
                     for i in range(network.depth)])


@dataclass
class TrainingRecord:
    """Gradient norms and weight histograms, one row per epoch recorded."""
    epochs: list = field(default_factory=list)
    norms: list = field(default_factory=list)        # per row: one norm per layer
    histograms: list = field(default_factory=list)   # per row: layers × bins

    def add(self, epoch: int, norms: np.ndarray, histograms: np.ndarray) -> None:
        if self.epochs and epoch <= self.epochs[-1]:
            return
        self.epochs.append(epoch)
        self.norms.append(norms)
        self.histograms.append(histograms)
        if len(self.epochs) > HISTORY_ROWS:  # thin out: every other row of the older half
            keep = list(range(0, HISTORY_ROWS // 2, 2)) + list(range(HISTORY_ROWS // 2, len(self.epochs)))
            self.epochs = [self.epochs[i] for i in keep]
            self.norms = [self.norms[i] for i in keep]
            self.histograms = [self.histograms[i] for i in keep]

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(epochs, norms epochs × layers, histograms epochs × layers × bins)."""
        if not self.epochs:
            return np.zeros(0), np.zeros((0, 0)), np.zeros((0, 0, len(HISTOGRAM_BINS) - 1))
        return np.array(self.epochs), np.array(self.norms), np.array(self.histograms)


@dataclass(frozen=True)
class TeachingViews:
    """What the teaching panels draw, in a snapshot (each part only while its panel is shown)."""
    trace: Trace | None = None
    inspection: Inspection | None = None
    hidden: HiddenMap | None = None
    epochs: np.ndarray | None = None          # gradient flow and histograms over training
    gradient_norms: np.ndarray | None = None
    histograms: np.ndarray | None = None
    bins: np.ndarray = field(default_factory=lambda: HISTOGRAM_BINS)
