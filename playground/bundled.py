"""What the package ships beside its code: the lessons (playground/lessons/) and
the fonts (playground/fonts/). They are package data, found with
importlib.resources, so an installed wheel finds them exactly as a clone does.
A missing file is an error that says so, never an empty Lessons menu.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from playground.engine.errors import InputError

# The bundled lessons, in the Lessons menu's order; a name is the file's stem.
LESSONS = ("01-one-neuron", "02-bumps", "03-xor", "04-loss-surface", "05-backprop-by-hand", "06-activations",
           "07-learning-rate", "08-regularization", "09-batches-and-optimizers", "10-spiral", "11-three-classes",
           "12-lecture-worked-examples")
# The fonts every window and shot draws with (DejaVu Sans; its licence is fonts/LICENSE).
FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf")
FONT_FAMILY = "DejaVu Sans"


class MissingPackageFile(RuntimeError):
    """A file the package ships is not there: the installation is broken."""


def package_file(*parts: str) -> Path:
    """A file shipped in the package, e.g. package_file("lessons", "03-xor.json")."""
    place = resources.files("playground")
    for part in parts:
        place = place.joinpath(part)
    path = Path(str(place))  # a folder on disk: the package is never run from a zip
    if not path.is_file():
        raise MissingPackageFile(f"{path}: a file Playground ships is missing; reinstall Playground")
    return path


def bundled_lessons() -> list[Path]:
    """Every bundled lesson's file, in order."""
    return [package_file("lessons", f"{name}.json") for name in LESSONS]


def font_files() -> list[Path]:
    return [package_file("fonts", name) for name in FONTS]


def lesson_or_path(text: str) -> str:
    """A command line's file argument: an existing path wins; else a bundled lesson's
    name (``03-xor``, ``03-xor.json``) stands for its file; anything else is returned
    as given (a link, or a path whose reader will say it is missing)."""
    if os.path.lexists(text):
        return text
    name = text.removesuffix(".json")
    if name in LESSONS:
        return str(package_file("lessons", f"{name}.json"))
    if not any(mark in text for mark in ("/", os.sep, ".", ":", "#")):  # a name, not a path or a link
        raise InputError(f"{text}: no such file, and no bundled lesson of that name "
                         f"(`playground lessons` lists them: {', '.join(LESSONS[:2])}, …)")
    return text
