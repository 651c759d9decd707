"""Input features computed from a 2-D point (x1, x2), or a 1-D point x.

The seven canonical features are TensorFlow Playground's. A network's ``inputs``
list picks any subset in any order; its first layer sees them in that order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from playground.engine.errors import InputError

# name -> (f(x1, x2), what a tooltip says)
FEATURES: dict[str, tuple[Callable[[np.ndarray, np.ndarray], np.ndarray], str]] = {
    "x1": (lambda x1, x2: x1, "the horizontal coordinate"),
    "x2": (lambda x1, x2: x2, "the vertical coordinate"),
    "x1^2": (lambda x1, x2: x1 * x1, "x1 squared: lets one neuron see distance from the vertical axis"),
    "x2^2": (lambda x1, x2: x2 * x2, "x2 squared: lets one neuron see distance from the horizontal axis"),
    "x1*x2": (lambda x1, x2: x1 * x2, "x1 times x2: positive in two opposite quadrants, as in XOR"),
    "sin(x1)": (lambda x1, x2: np.sin(x1), "sine of x1: a wave across the plane"),
    "sin(x2)": (lambda x1, x2: np.sin(x2), "sine of x2: a wave up the plane"),
}
PLANE_FEATURES = tuple(FEATURES)
LINE_FEATURES = ("x",)  # 1-D function problems have the single input x


def check_inputs(inputs: Sequence[str], one_dimensional: bool | None = None) -> tuple[str, ...]:
    """The input feature names as a tuple, or an InputError saying what is wrong:
    at least one, each a known feature, none twice. 2-D problems take any of the
    plane's features, 1-D function problems x alone; ``one_dimensional=None``
    accepts either (x alone, or plane features)."""
    inputs = tuple(inputs)
    if one_dimensional is None:
        one_dimensional = inputs == LINE_FEATURES
        expected = f"any of {', '.join(PLANE_FEATURES)} (or x alone)"
    else:
        expected = "x alone" if one_dimensional else f"any of {', '.join(PLANE_FEATURES)}"
    if not inputs:
        raise InputError("inputs: expected at least one input feature")
    allowed = LINE_FEATURES if one_dimensional else PLANE_FEATURES
    for name in inputs:
        if not isinstance(name, str):
            raise InputError(f"inputs: expected feature names, got {name!r}")
        if name not in allowed:
            raise InputError(f"inputs: unknown feature {name!r}; expected {expected}")
    if len(set(inputs)) != len(inputs):
        twice = next(name for name in inputs if inputs.count(name) > 1)
        raise InputError(f"inputs: the feature {twice!r} is listed twice")
    return inputs


def feature_matrix(inputs: Sequence[str], points: np.ndarray) -> np.ndarray:
    """Features × samples, C-contiguous, from points given as rows (n, 2) or (n, 1)."""
    points = np.asarray(points, dtype=float)
    out = np.empty((len(inputs), points.shape[0]))
    if tuple(inputs) == LINE_FEATURES:
        out[0] = points[:, 0]
        return out
    x1, x2 = points[:, 0], points[:, 1]
    for row, name in enumerate(inputs):
        out[row] = FEATURES[name][0](x1, x2)
    return out
