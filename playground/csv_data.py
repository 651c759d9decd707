"""Your own table of data from a CSV file: n numeric input columns and one label.

How the file is read (separator, decimal commas, header, limits): csv_cells.py.
What it makes:

- Label: the last column, or the one chosen by its 1-based number or header name.
  Text labels, or 2 to 10 distinct whole numbers (with two or more inputs), are
  classes: 2 make a classification, up to MAX_CLASSES (the palette's colours) a
  multi-class one, more are refused. Anything else is a regression; with one input
  column it is the 1-D function problem, as the x,y files always were.
- Inputs: two columns without a header (or headed x1, x2) are the plane's x1, x2; one
  column with numeric targets is the line's x. Otherwise they are plain columns named
  by the header, made into input names (letters, digits, _ ^ * ( ); accents dropped,
  other characters _; at most 32 characters; unique), or x1..xn without a header. If
  every name is one of the plane's features (x1, x2, x1*x2...) or x alone, each gets
  "_col" so that they stay the data's columns.
- Standardising (if asked): each input to mean 0 and standard deviation 1, a constant
  one to 0; the means and scales are kept for the app to say.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass

import numpy as np

from playground.csv_cells import MAX_ROWS, Cells, parse_cells, read_cells, refuse_infinite, refuse_text
from playground.engine.data import Dataset
from playground.engine.errors import InputError
from playground.engine.features import MAX_NAME, is_plain

__all__ = ["MAX_CLASSES", "MAX_ROWS", "MAX_WHOLE_CLASSES", "Cells", "Table", "load_csv", "make_table", "parse_csv",
           "parse_table", "read_cells", "read_table"]

MAX_CLASSES = 6          # one colour of the palette each
MAX_WHOLE_CLASSES = 10   # up to this many distinct whole numbers are classes, more a regression


@dataclass(frozen=True)
class Table:
    """What a CSV file makes: the data set and how it was read, for the app to say."""
    dataset: Dataset
    inputs: tuple[str, ...]            # input names: ("x1", "x2"), ("x",), or plain columns
    label_name: str                    # the label column's header, or "column 3"
    label_column: int                  # 1-based
    class_names: tuple[str, ...] = ()  # text labels in order of first appearance, or the integers
    problem: str = "regression"
    standardised: bool = False
    means: tuple[float, ...] = ()      # per input: subtracted, then divided by the scale
    scales: tuple[float, ...] = ()     # (0s and 1s when not standardised)
    constant: tuple[str, ...] = ()     # inputs that did not vary: left at 0 when standardised

    def summary(self) -> str:
        rows, k = len(self.dataset), len(self.inputs)
        names = ", ".join(self.inputs) if k <= 8 else ", ".join(self.inputs[:7]) + f", … {self.inputs[-1]}"
        plane = " on the plane" if self.inputs == ("x1", "x2") else ""
        numbered = self.label_name == f"column {self.label_column}"
        label = self.label_name if numbered else f"'{self.label_name}'"
        if self.class_names:
            shown = ", ".join(self.class_names)
            what = f"label {label} with {len(self.class_names)} classes ({shown}) → " + (
                "classification" if self.problem == "classification" else "multi-class classification")
        else:
            what = f"target {label} → " + ("1-D function" if self.problem == "function" else "regression")
        text = f"{rows:,} rows: {k} input{'s' if k > 1 else ''} ({names}){plane}, {what}"
        if self.standardised:
            text += "; inputs standardised"
            if self.constant:
                text += f" ({', '.join(self.constant)} constant: left at 0)"
        return text


def make_table(cells: Cells, label: int | str | None = None, standardise: bool = False) -> Table:
    """The table the cells make with this label column (1-based number or header
    name; the last if None), inputs standardised if asked."""
    return _table(cells, _label_index(cells, label), standardise)


def read_table(path: str | os.PathLike, label: int | str | None = None, standardise: bool = False) -> Table:
    """The table in the CSV file ``path``, label column ``label`` (1-based number or
    header name; the last if None), inputs standardised if asked."""
    return make_table(read_cells(path), label, standardise)


def parse_table(text: str, source: str, label: int | str | None = None, standardise: bool = False) -> Table:
    return make_table(parse_cells(text, source), label, standardise)


def load_csv(path: str | os.PathLike) -> Dataset:
    """x1,x2,label for the plane or x,y for a 1-D function: the points only."""
    return _plane_or_line(read_cells(path))


def parse_csv(lines: list[str], source: str) -> Dataset:
    return _plane_or_line(parse_cells("\n".join(lines), source))


def _plane_or_line(cells: Cells) -> Dataset:
    if cells.width not in (2, 3):
        raise InputError(f"{cells.source}: line {cells.lines[0]}: expected 3 columns (x1,x2,label) "
                         f"or 2 (x,y), got {cells.width}")
    if cells.width == 2 and cells.text.get(1):
        refuse_text(cells, [1])
    return make_table(cells).dataset


def _label_index(cells: Cells, label: int | str | None) -> int:
    """The 0-based column of ``label``: a 1-based number or a header name (exact, else
    in any case); the last column if None."""
    width, source = cells.width, cells.source
    if label is None:
        return width - 1
    if isinstance(label, str):
        name, header = label.strip(), cells.header or ()
        found = [j for j, h in enumerate(header) if h == name] or \
            [j for j, h in enumerate(header) if h.casefold() == name.casefold()]
        if found:
            return found[0]
        if not name.isdigit():
            if cells.header is None:
                raise InputError(f"{source}: label {name!r}: the file has no header row (its first row is data), "
                                 f"so give the label column's number, 1 to {width}")
            raise InputError(f"{source}: label {name!r}: no such column; the columns are {', '.join(header)}")
        label = int(name)
    if not 1 <= label <= width:
        raise InputError(f"{source}: label column {label}: expected 1 to {width} (the file has {width} columns)")
    return int(label) - 1


def _table(cells: Cells, j: int, standardise: bool) -> Table:
    columns = [c for c in range(cells.width) if c != j]
    refuse_text(cells, columns)
    points = cells.numbers[:, columns]
    refuse_infinite(cells, points, columns)
    label_name = cells.header[j] if cells.header and cells.header[j] else f"column {j + 1}"
    class_names, values = _labels(cells, j, label_name, len(columns))
    inputs, order = _input_names(cells, columns, bool(class_names))
    points = points[:, order]
    k = len(inputs)
    means, scales, constant = (0.0,) * k, (1.0,) * k, ()
    if standardise:
        points, means, scales, constant = _standardise(cells, points, inputs, [columns[i] for i in order])
    classes = len(class_names)
    problem = ("classification" if classes == 2 else "multiclass") if classes else \
        "function" if inputs == ("x",) else "regression"
    numbered = class_names == tuple(str(i) for i in range(classes))
    dataset = Dataset(problem, points, values, classes, () if numbered else class_names)
    return Table(dataset, inputs, label_name, j + 1, class_names, problem, standardise, means, scales, constant)


def _labels(cells: Cells, j: int, name: str, inputs: int) -> tuple[tuple[str, ...], np.ndarray]:
    """(class names, class index per row) for classes; ((), targets) otherwise."""
    text = cells.text.get(j, {})
    if text:
        if len(text) <= len(cells) / 2:  # mostly numbers: the text is a mistake ("NA", a typo)
            refuse_text(cells, [j])
        labels = [text[i] if i in text else f"{cells.numbers[i, j]:g}" for i in range(len(cells))]
        names = tuple(dict.fromkeys(labels))
        if "" in names:
            i = labels.index("")
            raise InputError(f"{cells.source}: line {cells.lines[i]}, column {j + 1}: expected a label, "
                             "got an empty cell")
        _check_classes(cells, name, names, "text labels")
        index = {label: k for k, label in enumerate(names)}
        return names, np.array([index[label] for label in labels], dtype=np.int64)
    values = cells.numbers[:, j]
    refuse_infinite(cells, values, [j])
    distinct = np.unique(values)
    if inputs >= 2 and 2 <= len(distinct) <= MAX_WHOLE_CLASSES and np.all(distinct == np.round(distinct)):
        names = tuple(str(int(v)) for v in distinct)
        _check_classes(cells, name, names, "distinct whole numbers")
        return names, np.searchsorted(distinct, values).astype(np.int64)
    return (), values.copy()


def _check_classes(cells: Cells, name: str, names: tuple[str, ...], what: str) -> None:
    if len(names) == 1:
        raise InputError(f"{cells.source}: label '{name}': every row has the class {names[0]!r}; "
                         "a classification needs at least 2 classes")
    if len(names) > MAX_CLASSES:
        shown = ", ".join(names[:MAX_CLASSES + 1]) + (", …" if len(names) > MAX_CLASSES + 1 else "")
        whole = f" (more than {MAX_WHOLE_CLASSES} distinct numbers make a regression)" if "whole" in what else ""
        raise InputError(f"{cells.source}: label '{name}' has {len(names):,} {what} ({shown}), so "
                         f"{len(names):,} classes; Playground takes up to {MAX_CLASSES} classes{whole}")


def _input_names(cells: Cells, columns: list[int], classes: bool) -> tuple[tuple[str, ...], list[int]]:
    """The inputs' names, and the order of their columns (the plane's x1 first)."""
    k = len(columns)
    if k == 1 and not classes:
        return ("x",), [0]
    raw = [cells.header[c] for c in columns] if cells.header else [f"x{i + 1}" for i in range(k)]
    names = [_name(text, i) for i, text in enumerate(raw)]
    if k == 2 and sorted(name.lower() for name in names) == ["x1", "x2"]:
        return ("x1", "x2"), [0, 1] if names[0].lower() == "x1" else [1, 0]
    names = _unique(names)
    if not is_plain(names):  # all plane features (x1, x2, x1*x2) or x alone: named apart as columns
        names = _unique([name[:MAX_NAME - 4] + "_col" for name in names])
    return tuple(names), list(range(k))


def _name(text: str, i: int) -> str:
    """A header cell as an input name: accents dropped (ß is ss), other characters made _."""
    text = "".join(c for c in unicodedata.normalize("NFKD", text.replace("ß", "ss")) if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9_^*()]+", "_", text).strip("_")[:MAX_NAME] or f"x{i + 1}"


def _unique(names: list[str]) -> list[str]:
    seen: set[str] = set()
    for i, name in enumerate(names):
        number = 2
        while names[i] in seen:
            names[i] = f"{name[:MAX_NAME - len(str(number)) - 1]}_{number}"
            number += 1
        seen.add(names[i])
    return names


def _standardise(cells: Cells, points: np.ndarray, inputs: tuple[str, ...], columns: list[int]):
    """Each input to mean 0 and standard deviation 1; one that does not vary to 0."""
    means, scales = points.mean(axis=0), points.std(axis=0)
    constant = points.max(axis=0) == points.min(axis=0)
    scales = np.where(constant, 1.0, scales)
    if not (np.all(np.isfinite(means)) and np.all(np.isfinite(scales))):
        c = columns[int(np.argmin(np.isfinite(means) & np.isfinite(scales)))]
        raise InputError(f"{cells.source}: column {c + 1}: numbers too large to standardise (beyond about 1e150)")
    points = np.where(constant, 0.0, (points - means) / scales)
    return (points, tuple(map(float, means)), tuple(map(float, scales)),
            tuple(name for name, same in zip(inputs, constant) if same))
