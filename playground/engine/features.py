"""Input features computed from a 2-D point (x1, x2), a 1-D point x, or plain columns.

The seven canonical plane features are TensorFlow Playground's. A network's
``inputs`` list picks any subset in any order; its first layer sees them in that
order. Inputs that are not all plane features (nor ``x`` alone) are *plain*: any
names (the lecture's x0, x1, x2), each one column of the data, given as is.
"""

from __future__ import annotations

import re
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
MAX_INPUTS = 64
MAX_NAME = 32
NAME = re.compile(rf"[A-Za-z0-9_^*()]{{1,{MAX_NAME}}}")
NAME_RULE = f"1 to {MAX_NAME} letters, digits, _, ^, *, ( or )"


def is_plain(inputs: Sequence[str]) -> bool:
    """Plain columns of the data, not the plane's features nor the line's x."""
    inputs = tuple(inputs)
    return inputs != LINE_FEATURES and not all(name in FEATURES for name in inputs)


def check_inputs(inputs: Sequence[str], one_dimensional: bool | None = None) -> tuple[str, ...]:
    """The input names as a tuple, or an InputError saying what is wrong: 1 to 64
    names, none twice. Plane features keep their meaning; if any name is not one,
    all are plain columns. ``one_dimensional=True`` (a 1-D function problem) takes
    x alone, ``False`` anything but x alone, ``None`` anything."""
    inputs = tuple(inputs)
    if not inputs:
        raise InputError("inputs: expected at least one input feature")
    if len(inputs) > MAX_INPUTS:
        raise InputError(f"inputs: expected at most {MAX_INPUTS} inputs, got {len(inputs)}")
    for name in inputs:
        if not isinstance(name, str):
            raise InputError(f"inputs: expected feature names, got {name!r}")
        if not NAME.fullmatch(name):
            raise InputError(f"inputs: {name!r} is not an input name; expected {NAME_RULE}")
    if len(set(inputs)) != len(inputs):
        twice = next(name for name in inputs if inputs.count(name) > 1)
        raise InputError(f"inputs: the feature {twice!r} is listed twice")
    if one_dimensional and inputs != LINE_FEATURES:
        name = next(name for name in inputs if name != "x")
        raise InputError(f"inputs: unknown feature {name!r}; expected x alone")
    if one_dimensional is False and inputs == LINE_FEATURES:
        raise InputError(f"inputs: unknown feature 'x'; expected any of {', '.join(PLANE_FEATURES)} "
                         "(x is the 1-D function problems' input)")
    return inputs


def describe_plain(inputs: Sequence[str]) -> str:
    """Why these inputs are plain columns: the first name that is not a plane feature."""
    name = next((n for n in inputs if n not in FEATURES), inputs[0])
    return (f"{name!r} is not one of the plane's features ({', '.join(PLANE_FEATURES)}), "
            f"so {', '.join(inputs)} are plain columns of the data")


def feature_matrix(inputs: Sequence[str], points: np.ndarray) -> np.ndarray:
    """Features × samples, C-contiguous, from points given as rows: (n, 2) for the
    plane's features, (n, 1) for x, (n, k) for k plain inputs."""
    points = np.asarray(points, dtype=float)
    if tuple(inputs) == LINE_FEATURES or is_plain(inputs):
        if points.ndim != 2 or points.shape[1] != len(inputs):
            raise InputError(f"the data has {points.shape[-1] if points.ndim == 2 else 0} columns, "
                             f"the inputs {', '.join(inputs)} need {len(inputs)}")
        return np.ascontiguousarray(points.T)
    out = np.empty((len(inputs), points.shape[0]))
    x1, x2 = points[:, 0], points[:, 1]
    for row, name in enumerate(inputs):
        out[row] = FEATURES[name][0](x1, x2)
    return out
