"""Golden images: every shot of every bundled lesson against a reference kept in
tests/golden/<lesson>/<file> at half size (2 × 2 pixels averaged, to keep the
repository small). A shot of a step that does not train must match exactly; one
of a step that trains may differ in at most 0.5 % of its pixels by more than 16
levels (float rounding differs between CPUs). On a mismatch the new image and a
diff image (the differing pixels red over a faded reference) are written to
build/golden-mismatch/ and named. `make update-shots` renews the references
(PLAYGROUND_UPDATE_SHOTS=1), so a change to a lesson's pictures shows in review.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
MISMATCH = ROOT / "build" / "golden-mismatch"
TRAINED_SHARE, TRAINED_LEVELS = 0.005, 16


def pixels(path) -> np.ndarray:
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGBA8888)
    return np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.width(), 4).copy()


def save_pixels(array: np.ndarray, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    array = np.ascontiguousarray(array, dtype=np.uint8)
    height, width = array.shape[:2]
    image = QImage(array.data, width, height, 4 * width, QImage.Format.Format_RGBA8888)
    assert image.copy().save(str(path), "PNG"), path
    return path


def half(array: np.ndarray) -> np.ndarray:
    """Half size: each 2 × 2 block averaged (an odd last row or column dropped)."""
    h, w = array.shape[0] // 2 * 2, array.shape[1] // 2 * 2
    blocks = array[:h, :w].astype(np.uint16).reshape(h // 2, 2, w // 2, 2, 4)
    return ((blocks.sum(axis=(1, 3)) + 2) // 4).astype(np.uint8)


def updating() -> bool:
    return bool(os.environ.get("PLAYGROUND_UPDATE_SHOTS"))


def compare(shot: Path, reference: Path, exact: bool) -> str | None:
    """None if ``shot`` matches its reference (or the reference was renewed); else
    what differs, with the paths of the new image and the diff image written."""
    new = half(pixels(shot))
    if updating():
        save_pixels(new, reference)
        return None
    where = MISMATCH / reference.parent.name
    if not reference.exists():
        return f"{reference.name}: no reference image; new one: {save_pixels(new, where / reference.name)} " \
               "(make update-shots adds it)"
    old = pixels(reference)
    if old.shape != new.shape:
        return f"{reference.name}: {new.shape[1]}×{new.shape[0]}, the reference is {old.shape[1]}×{old.shape[0]}; " \
               f"new one: {save_pixels(new, where / reference.name)}"
    levels = np.abs(old.astype(np.int16) - new.astype(np.int16)).max(axis=2)
    differing = levels > (0 if exact else TRAINED_LEVELS)
    if differing.sum() <= (0 if exact else TRAINED_SHARE * differing.size):
        return None
    diff = (old // 3 + 170).astype(np.uint8)  # the reference, faded
    diff[differing] = (220, 0, 0, 255)
    new_path = save_pixels(new, where / reference.name)
    diff_path = save_pixels(diff, where / f"{reference.stem}.diff.png")
    rule = "exactly" if exact else f"within {TRAINED_SHARE:.1%} of pixels by more than {TRAINED_LEVELS} levels"
    return (f"{reference.name}: {differing.sum():,} pixels ({differing.mean():.2%}) differ from the reference, "
            f"which a shot must match {rule}; new: {new_path}, diff: {diff_path}")
