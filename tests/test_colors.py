"""The class colours stay distinguishable for the common colour-vision deficiencies:
simulated with Machado, Oliveira & Fernandes (2009) at full severity (protanopia,
deuteranopia, tritanopia; matrices applied in linear RGB), every two class colours,
and each against the plane's white, are at least 30 apart in CIELAB (ΔE*76; 2.3 is
a just-noticeable difference), as they are for normal vision."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from playground.colors import CLASS_COLORS, WHITE

MACHADO = {
    "normal": np.eye(3),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
LEAST_DELTA_E = 30.0


def _linear(rgb) -> np.ndarray:
    c = np.asarray(rgb, dtype=float) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear: np.ndarray) -> np.ndarray:
    """CIELAB (D65) of linear sRGB."""
    to_xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = linear @ to_xyz.T / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], axis=-1)


def _seen(rgb, vision: str) -> np.ndarray:
    return _lab(np.clip(_linear(rgb) @ MACHADO[vision].T, 0, 1))


def test_the_simulation_tells_colours_that_a_deficiency_confuses():
    red, green = (200, 60, 40), (60, 160, 40)  # the classic confusion of red-green deficiencies
    assert np.linalg.norm(_seen(red, "normal") - _seen(green, "normal")) > 60
    assert np.linalg.norm(_seen(red, "deuteranopia") - _seen(green, "deuteranopia")) < 25


@pytest.mark.parametrize("vision", MACHADO)
def test_every_two_class_colours_and_the_background_stay_apart(vision):
    colours = _seen(CLASS_COLORS, vision)
    background = _seen(WHITE, vision)
    for i, j in itertools.combinations(range(len(colours)), 2):
        assert np.linalg.norm(colours[i] - colours[j]) >= LEAST_DELTA_E, (vision, i, j)
    for i, colour in enumerate(colours):
        assert np.linalg.norm(colour - background) >= LEAST_DELTA_E, (vision, i, "white")
