"""Colours as TensorFlow Playground uses them, computed with NumPy (no Qt), so the
training loop can turn grids into ready-to-draw colour levels and RGBA images.

Values map onto [-1, 1]: orange for negative, white for zero, blue for positive.
Fixed levels: a colour always means the same value, in every neuron and frame.
"""

from __future__ import annotations

import numpy as np

ORANGE = (245, 147, 34)
BLUE = (8, 119, 189)
WHITE = (232, 234, 235)
# For multi-class problems: class 0, 1, 2, ... (orange, blue, then brown, violet, rose and
# plum), chosen to stay apart for the common colour-vision deficiencies: simulated for
# protanopia, deuteranopia and tritanopia (Machado et al. 2009), every two classes, and
# each against the plane's white, differ by at least 30 in CIELAB (tests/test_colors.py).
# The green, purple, red and teal before them came within 5 of each other for some.
CLASS_COLORS = np.array([ORANGE, BLUE, (90, 60, 0), (135, 0, 255), (255, 60, 120), (135, 0, 90)], dtype=float)

_LEVELS = 256


def _diverging_lut(strength: float = 1.0) -> np.ndarray:
    t = np.linspace(-1.0, 1.0, _LEVELS)[:, None] * strength
    lo, mid, hi = (np.array(c, dtype=float) for c in (ORANGE, WHITE, BLUE))
    rgb = np.where(t < 0, mid + (lo - mid) * -t, mid + (hi - mid) * t)
    return np.concatenate([np.round(rgb), np.full((_LEVELS, 1), 255.0)], axis=1).astype(np.uint8)


DIVERGING_LUT = _diverging_lut()
# The big plot's background is paler, as TensorFlow Playground's, so the data
# points drawn on it in full colour stay visible.
PLANE_STRENGTH = 0.72
PLANE_LUT = _diverging_lut(PLANE_STRENGTH)


def diverging_levels(values: np.ndarray, discrete: bool = False) -> np.ndarray:
    """uint8 indices into DIVERGING_LUT for values in [-1, 1] (clipped): a quarter of
    the bytes of RGBA to send, and Qt applies the colour table itself."""
    v = np.sign(values) if discrete else values
    return np.clip((v + 1.0) * (0.5 * (_LEVELS - 1)) + 0.5, 0, _LEVELS - 1).astype(np.uint8)


def to_signed(values: np.ndarray, activation: str) -> np.ndarray:
    """Activations on the [-1, 1] colour scale: outputs in (0, 1) are stretched."""
    if activation in ("sigmoid", "softmax"):
        return values * 2.0 - 1.0
    return values


def class_colors(probabilities: np.ndarray, discrete: bool = False) -> np.ndarray:
    """RGBA uint8 per point from class probabilities (classes × points): the most
    likely class's colour, fading to white as confidence falls to chance."""
    k = probabilities.shape[0]
    best = np.argmax(probabilities, axis=0)
    if discrete:
        strength = np.ones(best.shape)
    else:
        strength = np.clip((probabilities.max(axis=0) - 1.0 / k) / (1.0 - 1.0 / k), 0.0, 1.0)
    base = CLASS_COLORS[best % len(CLASS_COLORS)]
    white = np.array(WHITE, dtype=float)
    rgb = white + (base - white) * (PLANE_STRENGTH * strength[..., None])
    alpha = np.full(rgb.shape[:-1] + (1,), 255.0)
    return np.concatenate([np.round(rgb), alpha], axis=-1).astype(np.uint8)


def plane_image(outputs: np.ndarray, activation: str, n: int, discrete: bool = False) -> np.ndarray:
    """The plane's picture of a layer's outputs (units × n², row 0 at x2 = -6) as
    n × n RGBA: each class's colour for several units, else orange (negative) to
    blue (positive). RGBA, ready to draw: an indexed image would be converted at
    every repaint."""
    if outputs.shape[0] > 1:
        return class_colors(outputs.reshape(-1, n, n), discrete)
    return PLANE_LUT[diverging_levels(to_signed(outputs[0], activation).reshape(n, n), discrete)]


def hex_color(rgb) -> str:
    return "#{:02x}{:02x}{:02x}".format(*(int(c) for c in rgb[:3]))
