"""Reading a CSV file into cells: numbers where they are numbers, text kept aside.

With the standard library's csv module (quoted fields; one trailing separator on a
row is dropped, as spreadsheets write it). Each rule is said in one line naming the
file, the line and the column when a file breaks it:

- Separator: the first non-empty line, outside double quotes, decides: a tab if it
  has one, else ';' if it has one, else ','.
- Decimal commas: with ';' or a tab between the columns, a number written with one
  comma and no point (1,5) is 1.5. A file that writes both 1,5 and 2.5 is refused
  (is its point a decimal point or a thousands separator?), and so is 1.234,5. With
  ',' between the columns, "1,5" is not a number (and the message says why).
- Header: the first non-empty row is a header if one of its cells is not a number
  while the cell below it is, or if none of its cells is a number (digits with
  points and commas, as 1.234,5, count as a number here). So x1,x2,label over
  1,2,0 is a header, and 5.1,3.5,setosa over 4.9,3.0,setosa is data with text labels.
- Rows: at most MAX_ROWS (the one limit on points, engine/data.py), counted from the
  raw bytes before anything is parsed, in at most MAX_LINES lines (empty ones too);
  columns: 2 to MAX_INPUTS + 1.
- Encoding: UTF-8 (a BOM dropped), UTF-16 with a BOM, else Windows' cp1252.

csv_data.py makes a table of the cells: which column is the label, what problem.
"""

from __future__ import annotations

import csv
import io
import operator
import os
import re
from dataclasses import dataclass, field
from itertools import compress, islice

import numpy as np

from playground.engine.data import MAX_POINTS
from playground.engine.errors import InputError
from playground.engine.features import MAX_INPUTS
from playground.files import read_bytes

MAX_ROWS = MAX_POINTS    # the one limit on points (engine/data.py)
MAX_LINES = 10 * MAX_ROWS  # empty ones included
PREVIEW_ROWS = 20        # the rows kept as written, for a dialog to show
_LONG_LINE = 4096        # bytes: a line this long has its separators counted
_MAX_SEPARATORS = 1000   # in one line: 64 inputs and a label, and text labels with commas, have fewer
_CHUNK = 2048            # rows converted to numbers at once
_NUMBERISH = re.compile(r"\s*[+-]?[\d.,]*\d[\d.,]*\s*")  # 1.234,5: a number badly written, not a name
_LINE_BREAKS = bytes.maketrans(b"\r", b"\n")
_SEPARATOR_NAMES = {",": "','", ";": "';'", "\t": "a tab"}


@dataclass(frozen=True)
class Cells:
    """A CSV file read into numbers (NaN where a cell is text) before a label is chosen."""
    source: str
    separator: str
    header: tuple[str, ...] | None
    numbers: np.ndarray                          # (rows, columns)
    lines: np.ndarray                            # each row's line in the file
    # column -> {row: cell} of the cells that are not numbers: all of them while one
    # column has such cells (it may be the label), else the first of each column
    text: dict = field(default_factory=dict)
    preview: tuple[tuple[str, ...], ...] = ()    # the first rows as written
    decimal_comma: bool = False

    def __len__(self) -> int:
        return len(self.numbers)

    @property
    def width(self) -> int:
        return self.numbers.shape[1]

    @property
    def names(self) -> tuple[str, ...]:
        """Each column as the app shows it: its header, or "column j"."""
        return self.header or tuple(f"column {j + 1}" for j in range(self.width))


def read_cells(path: str | os.PathLike) -> Cells:
    try:
        data = read_bytes(path, "CSV file")
    except InputError as e:
        if "too large" in str(e):
            raise InputError(f"{e}; Playground takes up to {MAX_ROWS:,} rows (points)") from None
        raise
    _count_rows(data, str(path))
    _refuse_long_rows(data, str(path))
    return parse_cells(_decode(data, path), str(path))


def _count_rows(data: bytes, source: str) -> None:
    """Refuse a file of too many rows from its bytes, before any is parsed; and one of
    more than MAX_LINES lines, if mostly empty (they cost time to read, not memory)."""
    lines = max(data.count(b"\n"), data.count(b"\r"))
    if lines <= MAX_ROWS + 1:
        return
    marks = np.frombuffer(data.translate(_LINE_BREAKS, b" \t,;\"'"), dtype=np.uint8)  # what makes a line not empty
    breaks = marks == ord("\n")
    rows = int(np.count_nonzero(~breaks[:-1] & breaks[1:])) + int(len(marks) > 0 and not breaks[-1])  # non-empty lines
    if rows > MAX_ROWS + 1:
        raise InputError(f"{source}: more than {MAX_ROWS:,} rows ({rows:,} lines); "
                         f"Playground takes up to {MAX_ROWS:,} points")
    if lines > MAX_LINES:
        raise InputError(f"{source}: {lines:,} lines, {rows:,} of them not empty; Playground takes up to "
                         f"{MAX_ROWS:,} rows (points) in at most {MAX_LINES:,} lines")


def _refuse_long_rows(data: bytes, source: str) -> None:
    """A line of more cells than any table has, refused before the csv module makes a
    string of each: 16 MB of "1," would be 8 million strings, over 400 MB."""
    if len(data) <= _LONG_LINE:
        return
    newline = b"\n" if b"\n" in data else b"\r"
    ends = np.append(np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == newline[0]), len(data))
    starts = np.concatenate(([0], ends[:-1] + 1))
    for i in np.flatnonzero(ends - starts > _LONG_LINE):  # few: each is long
        line = data[starts[i]:ends[i]]
        if max(line.count(b","), line.count(b";"), line.count(b"\t")) > _MAX_SEPARATORS:
            raise InputError(f"{source}: line {i + 1}: more than {_MAX_SEPARATORS:,} separators; Playground takes "
                             f"up to {MAX_INPUTS} inputs and a label")


def _decode(data: bytes, path) -> str:
    """UTF-8 (a BOM dropped), UTF-16 with a BOM, or Windows' own encoding for a
    spreadsheet's export; bytes no text file has (NUL, most controls) are refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            if not re.search(rb"[\x00-\x08\x0e-\x1f\x7f]", data):
                return data.decode("cp1252", errors="replace")
    raise InputError(f"{path}: not a text file (expected a CSV file)")


def _separator(text: str) -> str:
    line = next((line for line in io.StringIO(text, newline="") if line.strip()), "")
    line = re.sub(r'"[^"]*"', "", line)
    return "\t" if "\t" in line else ";" if ";" in line else ","


def _number(cell: str, commas: bool) -> float | None:
    """The cell's number, or None; with ``commas``, one decimal comma is read (1,5)."""
    try:
        return float(cell)
    except ValueError:
        pass
    if commas and cell.count(",") == 1 and "." not in cell:
        try:
            return float(cell.replace(",", "."))
        except ValueError:
            pass
    return None


class _Misaligned(Exception):
    """A quoted cell holds a line break: rows are not lines, so they are read one by one."""


def parse_cells(text: str, source: str) -> Cells:
    separator = _separator(text)
    for by_chunks in (True, False):
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, skipinitialspace=True)
        cells = _Reader(source, separator, separator != "," and "," in text)
        try:
            if not by_chunks:
                for row in reader:
                    cells.add(row, reader.line_num)
                return cells.finish()
            while True:
                before = reader.line_num
                chunk = list(islice(reader, _CHUNK))  # at C speed: per row, Python took most of the time
                if not chunk:
                    return cells.finish()
                if reader.line_num - before != len(chunk):
                    raise _Misaligned
                cells.add_rows(chunk, before + 1)
        except csv.Error as e:
            raise InputError(f"{source}: line {reader.line_num}: {e}") from None
        except _Misaligned:
            continue
    raise AssertionError("read row by row at the latest")


class _Reader:
    """Rows in, numbers out: a chunk of rows at a time, text cells kept aside."""

    def __init__(self, source: str, separator: str, commas: bool):
        self.source, self.separator, self.commas = source, separator, commas
        self.first: tuple | None = None  # (row, line) until the second row says if it was a header
        self.header, self.width = None, 0
        self.chunk, self.lines, self.blocks, self.preview = [], [], [], []
        self.text: dict[int, dict[int, str]] = {}
        self.seen = {}  # "," and "." -> (row, column, cell): a number written with it

    def add_rows(self, rows: list[list[str]], line: int) -> None:
        """Rows of consecutive lines from ``line`` on: empty ones dropped and the rest
        taken at once if they are all full rows of the same width, else one by one
        (every step at C speed: a file of blank lines took seconds row by row)."""
        lines = list(range(line, line + len(rows)))
        while rows and not self.width:
            self.add(rows.pop(0), lines.pop(0))
        width = self.width
        empty = list(map(([], [""], [""] * width, [""] * (width + 1)).__contains__, rows))
        if any(empty):
            keep = list(map(operator.not_, empty))
            rows, lines = list(compress(rows, keep)), list(compress(lines, keep))
        lengths = set(map(len, rows))
        if lengths == {width + 1} and {row[-1] for row in rows} == {""}:  # a trailing separator on each
            rows, lengths = [row[:-1] for row in rows], {width}
        if lengths != {width} or len(self.lines) + len(rows) > MAX_ROWS:
            for row, number in zip(rows, lines):
                self.add(row, number)
            return
        if self.chunk:
            self._convert()
        self.lines.extend(lines)
        self.preview.extend(tuple(cell.strip() for cell in row) for row in rows[:PREVIEW_ROWS - len(self.preview)])
        self.chunk = rows
        self._convert()

    def add(self, row: list[str], line: int) -> None:
        if not "".join(row).strip():
            return
        if len(row) > 1 and row[-1] == "":
            row = row[:-1]  # one trailing separator, as spreadsheets write
        if self.first is None and not self.width:
            self.first = (row, line)
            return
        if self.first is not None:
            first, self.first = self.first, None
            self._start(*first, row)
        if len(row) != self.width:
            raise InputError(f"{self.source}: line {line}: expected {self.width} columns, got {len(row)} "
                             f"(columns separated by {_SEPARATOR_NAMES[self.separator]})")
        if len(self.lines) >= MAX_ROWS:
            raise InputError(f"{self.source}: {len(self.lines) + 1:,} rows; Playground takes up to {MAX_ROWS:,} points")
        self.chunk.append(row)
        self.lines.append(line)
        if len(self.preview) < PREVIEW_ROWS:
            self.preview.append(tuple(cell.strip() for cell in row))
        if len(self.chunk) == _CHUNK:
            self._convert()

    def _start(self, first: list[str], line: int, second: list[str]) -> None:
        numbers = [_number(cell, self.commas) is not None or bool(_NUMBERISH.fullmatch(cell)) for cell in first]
        below = [_number(cell, self.commas) is not None for cell in second]
        self.width = len(first)
        if self.width < 2:
            raise InputError(f"{self.source}: line {line}: expected at least 2 columns (inputs and a label), got 1; "
                             "columns are separated by ',', ';' or a tab")
        if self.width > MAX_INPUTS + 1:
            raise InputError(f"{self.source}: line {line}: {self.width} columns; Playground takes up to "
                             f"{MAX_INPUTS} inputs and a label")
        if not any(numbers) or any(not n and b for n, b in zip(numbers, below)):
            self.header = tuple(cell.strip() for cell in first)
        else:
            self.add(first, line)

    def _convert(self) -> None:
        chunk, start = self.chunk, len(self.lines) - len(self.chunk)
        self.chunk = []
        if not self.commas:
            try:
                self.blocks.append(np.array(chunk, dtype=float))
                return
            except ValueError:
                pass
        block = np.empty((len(chunk), self.width))
        for j, column in enumerate(zip(*chunk)):
            block[:, j] = self._column(column, j, start)
        self.blocks.append(block)

    def _column(self, column: tuple[str, ...], j: int, start: int) -> np.ndarray:
        fixed = column
        if self.commas:
            for mark in (m for m in ",." if m not in self.seen):
                i = next((i for i, cell in enumerate(column) if mark in cell and _number(cell, True) is not None),
                         None)
                if i is not None:
                    self.seen[mark] = (start + i, j, column[i].strip())
            fixed = [cell.replace(",", ".") for cell in column]
        try:
            return np.array(fixed, dtype=float)
        except ValueError:
            pass
        found = {cell: _number(cell, self.commas) for cell in set(column)}  # labels repeat: each once
        values = [found[cell] for cell in column]
        text = self.text.setdefault(j, {})
        text.update((start + i, cell.strip()) for i, cell in enumerate(column) if values[i] is None)
        if len(self.text) > 1:  # text in two columns: no label makes a table; each column's first is said
            self.text = {c: dict([next(iter(cells.items()))]) for c, cells in self.text.items()}
        return np.array([np.nan if v is None else v for v in values])

    def finish(self) -> Cells:
        if self.chunk:
            self._convert()
        if len(self.lines) < 2:
            raise InputError(f"{self.source}: expected at least two rows of numbers (inputs and a label in each)")
        lines = np.array(self.lines)
        self._refuse_mixed_marks(lines)
        return Cells(self.source, self.separator, self.header, np.vstack(self.blocks), lines, self.text,
                     tuple(self.preview), "," in self.seen)

    def _refuse_mixed_marks(self, lines: np.ndarray) -> None:
        if "," in self.seen and "." in self.seen:
            (i, j, cell), (ci, cj, comma) = self.seen["."], self.seen[","]
            raise InputError(f"{self.source}: line {lines[i]}, column {j + 1}: {cell!r}: a decimal point or a "
                             f"thousands separator? The file writes decimal commas (line {lines[ci]}, "
                             f"column {cj + 1}: {comma!r}); write every number one way")


def _shown(cell: str) -> str:
    return repr(cell) if cell else "an empty cell"


def refuse_text(cells: Cells, columns: list[int]) -> None:
    """The first cell of these columns that is not a number, named by line and column."""
    found = [(min(cells.text[c]), c) for c in columns if cells.text.get(c)]
    if not found:
        return
    i, c = min(found)
    cell = cells.text[c][i]
    hint = ""
    if cells.separator == "," and re.fullmatch(r"[+-]?\d*,\d+", cell):
        hint = (" (a decimal comma? With ',' between the columns it cannot be told from a thousands separator: "
                "write 1.5, or separate the columns with ';')")
    elif "," in cell and "." in cell and re.fullmatch(r"[+-]?[\d.,]+", cell):
        hint = " (thousands separators are not read: write plain numbers)"
    raise InputError(f"{cells.source}: line {cells.lines[i]}, column {c + 1}: expected a number, "
                     f"got {_shown(cell)}{hint}")


def refuse_infinite(cells: Cells, values: np.ndarray, columns: list[int]) -> None:
    """The first of these values (a column each) that is not finite, named by line and column."""
    values = values.reshape(len(values), -1)
    bad = np.argwhere(~np.isfinite(values))  # at once: per cell took most of a second
    if len(bad):
        i, k = bad[0]
        raise InputError(f"{cells.source}: line {cells.lines[i]}, column {columns[k] + 1}: expected a finite "
                         f"number, got {float(values[i, k])!r}")
