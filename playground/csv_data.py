"""Your own data from a CSV file: x1,x2,label for the plane, or x,y for a 1-D function.

A header row is optional. Labels that are all whole numbers from a small set
make a classification problem (0/1 or -1/1: two classes; 0..k-1: k classes);
any other numbers make a regression (or, with one input column, a function).
Every problem is one line naming the file, the line and the column.
"""

from __future__ import annotations

import os

import numpy as np

from playground.engine.data import MAX_POINTS, Dataset
from playground.engine.errors import InputError
from playground.files import read_text

MAX_ROWS = MAX_POINTS    # the one limit on points (engine/data.py)
MAX_CLASSES = 6


def load_csv(path: str | os.PathLike) -> Dataset:
    lines = read_text(path, "CSV file", encoding="utf-8-sig").splitlines()
    if len(lines) > MAX_ROWS + 1:
        raise InputError(f"{path}: more than {MAX_ROWS:,} rows; Playground takes up to {MAX_ROWS:,} points")
    return parse_csv(lines, str(path))


def parse_csv(lines: list[str], source: str) -> Dataset:
    rows = [(number, line.strip()) for number, line in enumerate(lines, 1) if line.strip()]
    if rows and not _is_numeric_row(rows[0][1]):
        rows = rows[1:]  # a header
    if len(rows) < 2:
        raise InputError(f"{source}: expected at least two rows of numbers (x1,x2,label or x,y)")
    if len(rows) > MAX_ROWS:
        raise InputError(f"{source}: {len(rows):,} rows; Playground takes up to {MAX_ROWS:,} points")
    width = len(_cells(rows[0][1]))
    if width not in (2, 3):
        raise InputError(f"{source}: line {rows[0][0]}: expected 3 columns (x1,x2,label) or 2 (x,y), got {width}")
    table = []
    for number, line in rows:
        cells = _cells(line)
        if len(cells) != width:
            raise InputError(f"{source}: line {number}: expected {width} columns, got {len(cells)}")
        try:
            table.append([float(cell) for cell in cells])
        except ValueError:
            column, cell = next((j, c) for j, c in enumerate(cells) if not _is_number(c))
            raise InputError(f"{source}: line {number}, column {column + 1}: expected a number, got {cell!r}") from None
    values = np.array(table)
    infinite = np.argwhere(~np.isfinite(values))  # checked at once: per cell, it took most of a second
    if len(infinite):
        row, column = infinite[0]
        raise InputError(f"{source}: line {rows[row][0]}, column {column + 1}: expected a finite number, "
                         f"got {_cells(rows[row][1])[column]!r}")
    points, labels = values[:, :-1], values[:, -1]
    if width == 2:
        return Dataset("function", points, labels)
    try:
        return _labelled(points, labels)
    except InputError as e:
        raise InputError(f"{source}: {e}") from None


def _labelled(points: np.ndarray, labels: np.ndarray) -> Dataset:
    distinct = np.unique(labels)
    whole = np.all(distinct == np.round(distinct))
    if whole and set(distinct) <= {-1.0, 1.0} and len(distinct) == 2:
        return Dataset("classification", points, (labels > 0).astype(np.int64), 2)
    if whole and distinct.min() >= 0 and distinct.max() < MAX_CLASSES and len(distinct) >= 2:
        classes = int(distinct.max()) + 1
        problem = "classification" if classes == 2 else "multiclass"
        return Dataset(problem, points, labels.astype(np.int64), classes)
    if whole and 2 <= len(distinct) <= MAX_CLASSES:
        # a few whole-number labels are classes, numbered wrong: said, not taken for a regression
        shown = ", ".join(f"{v:g}" for v in distinct)
        raise InputError(f"labels {shown}: look like classes, but classes are numbered 0 to {MAX_CLASSES - 1} "
                         "(or -1 and 1); renumber them, or give regression targets with decimals")
    return Dataset("regression", points, labels)


def _cells(line: str) -> list[str]:
    """The row's cells: quotes around a cell dropped ("1.5" is 1.5), and one trailing
    separator too (1,2,0, has three cells)."""
    separator = ";" if ";" in line and "," not in line else ("," if "," in line else None)
    cells = line.split(separator)
    if '"' in line or "'" in line:
        cells = [c.strip().strip('"').strip("'") for c in cells]
    cells = [c.strip() for c in cells]
    return cells[:-1] if len(cells) > 1 and cells[-1] == "" and separator else cells


def _is_number(cell: str) -> bool:
    try:
        float(cell)
        return True
    except ValueError:
        return False


def _is_numeric_row(line: str) -> bool:
    return all(_is_number(c) for c in _cells(line))
