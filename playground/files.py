"""Reading and writing the project's JSON files: clear errors, atomic writes."""

from __future__ import annotations

import json
import math
import os
import re
import stat
import tempfile
from pathlib import Path

from playground.engine.errors import InputError

# The most any reader reads from one file: far above any real scenario, lesson or
# CSV (100,000 points are ~7 MB as a scenario), and low enough that parsing any
# accepted file stays well under 1 GB of memory (a file of empty lists is the worst).
MAX_FILE_BYTES = 16 * 1024 * 1024


class _Constant(float):
    """NaN or ±Infinity as written in the file: JSON has no such numbers."""

    def __new__(cls, name: str):
        value = super().__new__(cls, name.replace("Infinity", "inf"))
        value.name = name
        return value


class _HugeInteger(float):
    """An integer literal beyond float64's range: no setting or weight can use it."""

    def __new__(cls, digits: str):
        value = super().__new__(cls, "inf")
        value.name = f"an integer of {len(digits.lstrip('-'))} digits"
        return value


class _DuplicateKey(ValueError):
    pass


def _object(pairs: list) -> dict:
    """A JSON object whose keys are each given once: of two, which one counts is a guess."""
    found = dict(pairs)
    if len(found) != len(pairs):
        seen = set()
        twice = next(key for key, _ in pairs if key in seen or seen.add(key))
        raise _DuplicateKey(f"{twice}: given twice in one object")
    return found


def _parse_int(digits: str):
    return int(digits) if len(digits) <= 300 else _HugeInteger(digits)


def _first(data, wrong):
    """(field, value) of the first value in parsed JSON for which ``wrong`` holds, or None."""
    stack = [("", data)]
    while stack:
        where, value = stack.pop()
        if wrong(value):
            return where or "(top level)", value
        items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
        children = [(f"{where}[{key}]" if isinstance(key, int) else f"{where}.{key}" if where else key, item)
                    for key, item in items]
        stack.extend(reversed(children))
    return None


def _unpaired_surrogate(value) -> bool:
    """Text JSON's \\ud800-style escapes left without a pair: it could not be printed or saved."""
    if not isinstance(value, str):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _check_parsed(data, text: str, source: str) -> None:
    """What JSON allows but no field can use: NaN and ±Infinity, integers beyond
    float64, unpaired surrogates in text. Named by the field."""
    found = _first(data, lambda v: isinstance(v, (_Constant, _HugeInteger))) if (
        "NaN" in text or "Infinity" in text or re.search(r"\d{301}", text)) else None
    if found:
        name = found[1].name
        raise InputError(f"{source}: {found[0]}: expected a finite number, got {name}"
                         + (f" (JSON has no {name})" if isinstance(found[1], _Constant) else ""))
    if re.search(r"\\u[dD][89a-fA-F]", text) and (found := _first(data, _unpaired_surrogate)):
        raise InputError(f"{source}: {found[0]}: text with an unpaired surrogate (a broken \\u escape)")


def read_bytes(path: str | os.PathLike, what: str = "file", limit: int = MAX_FILE_BYTES) -> bytes:
    """At most ``limit`` bytes of the regular file ``path``; every failure is an
    InputError naming the file. A FIFO, device or socket is refused, never read: it
    is opened without blocking (a FIFO with no writer would wait forever) and looked
    at before a byte is read (/dev/zero has no end, and its size says 0)."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a {what}") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise InputError(f"{path}: is a directory, not a {what}")
        if not stat.S_ISREG(mode):
            raise InputError(f"{path}: not a regular file (a device, FIFO or socket); not read")
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(limit + 1)
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise InputError(f"{path}: too large for a {what} (more than {limit:,} bytes)")
    return data


def read_text(path: str | os.PathLike, what: str = "file", encoding: str = "utf-8") -> str:
    """The text of ``path`` (read_bytes' rules); every failure is an InputError naming the file."""
    try:
        return read_bytes(path, what).decode(encoding)
    except UnicodeDecodeError:
        raise InputError(f"{path}: not a text file (expected a {what})") from None


def read_json(path: str | os.PathLike, what: str = "file") -> dict:
    """Parse a JSON object from ``path``; every failure is an InputError naming the file."""
    return parse_json(read_text(path, f"JSON {what}"), str(path), what)


def parse_json(text: str, source: str, what: str = "file") -> dict:
    try:
        data = json.loads(text, parse_constant=_Constant, parse_int=_parse_int, object_pairs_hook=_object)
    except json.JSONDecodeError as e:
        raise InputError(f"{source}: not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})") from None
    except ValueError as e:
        raise InputError(f"{source}: {e}") from None
    except RecursionError:
        raise InputError(f"{source}: not valid JSON (nested too deeply)") from None
    _check_parsed(data, text, source)
    if not isinstance(data, dict):
        raise InputError(f"{source}: expected a JSON object for a {what}, got {type(data).__name__}")
    return data


def check_destination(path: str | os.PathLike, follow_symlink: bool = True) -> Path:
    """Refuse, before any work is done, a path write_atomic would refuse or could not
    write; returns the file it would write (a final symlink's target, if followed)."""
    path = Path(path)
    if path.is_symlink():
        if not follow_symlink:
            raise InputError(f"{path}: is a symbolic link; refused (only files of its own are written here)")
        path = Path(os.path.realpath(path))
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as e:
        raise InputError(f"{path}: cannot write: {e.strerror or e}") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise InputError(f"{path}: is a directory")
    if mode is not None and not stat.S_ISREG(mode):
        raise InputError(f"{path}: not a regular file (a device, FIFO or socket); refused, left as it is")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{path}: the folder {folder} does not exist")
    return path


def _read_umask() -> int:
    mask = os.umask(0o022)  # the umask can only be read by setting it
    os.umask(mask)
    return mask


_UMASK = _read_umask()  # once, at import, before the app starts any thread


def _new_file_mode(path: Path) -> int:
    """The mode a plain open() would give the file (or the mode it already has)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~_UMASK


def _set_mode(fd: int, name: str, mode: int) -> None:
    """chmod the open file ``fd`` (named ``name``): by descriptor where the platform
    can (POSIX; Windows from Python 3.13), else by name (Windows' only mode bit is
    read-only, which a new file's mode never sets)."""
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    else:
        os.chmod(name, mode)


def make_folder(path: str | os.PathLike) -> Path:
    """``path`` as a folder, made if need be (parents too); a failure is one line."""
    path = Path(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise InputError(f"{path}: is a file, not a folder") from None
    except NotADirectoryError:
        raise InputError(f"{path}: a file stands where a folder of its path would be") from None
    except OSError as e:
        raise InputError(f"{path}: cannot make this folder: {e.strerror or e}") from None
    return path


def write_atomic(path: str | os.PathLike, data: str | bytes, follow_symlink: bool = True) -> None:
    """The one writer of every file the program writes (a source check in the tests
    holds it to that). Via a temporary file in the same folder and a rename, so a
    crash never leaves a half-written file behind. A final symlink is resolved and
    its target written (or, ``follow_symlink`` False, refused); a device, FIFO or
    socket is refused and left as it is, never replaced by a regular file."""
    path = check_destination(path, follow_symlink)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except FileNotFoundError:
        raise InputError(f"{path}: the folder {folder} does not exist") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as e:  # a name too long, a read-only or full disk
        raise InputError(f"{path}: cannot write: {e.strerror or e}") from None
    binary = isinstance(data, bytes)
    try:
        with os.fdopen(fd, "wb" if binary else "w", encoding=None if binary else "utf-8") as f:
            _set_mode(f.fileno(), tmp, _new_file_mode(path))  # mkstemp's 0600 would hide the file from others
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise InputError(f"{path}: cannot write: {e.strerror or e}") from None
        raise


def json_line(data) -> str:
    """One line of valid JSON for ``--json``: NaN and ±Infinity, which JSON has no
    words for, become null, and "non_finite" names each with what it was."""
    found = {}

    def clean(value, where: str):
        if isinstance(value, float) and not math.isfinite(value):
            found[where] = "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
            return None
        if isinstance(value, dict):
            return {key: clean(v, f"{where}.{key}" if where else str(key)) for key, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [clean(v, f"{where}[{i}]") for i, v in enumerate(value)]
        return value
    cleaned = clean(data, "")
    if found and isinstance(cleaned, dict):
        cleaned["non_finite"] = found
    return json.dumps(cleaned, allow_nan=False)


def dump_json(data) -> str:
    """Indented JSON that keeps each list of numbers (a weight row) on one line."""
    return _dump(data, 0) + "\n"


def _dump(value, depth: int) -> str:
    pad, inner = "  " * depth, "  " * (depth + 1)
    if isinstance(value, dict) and value:
        items = [f"{inner}{json.dumps(str(k))}: {_dump(v, depth + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(value, (list, tuple)) and value and not all(_is_scalar(v) for v in value):
        rows = _number_rows(value)
        if rows is None:
            rows = [_dump(v, depth + 1) for v in value]
        return "[\n" + ",\n".join(inner + row for row in rows) + f"\n{pad}]"
    return json.dumps(value, allow_nan=False, separators=(", ", ": "))


def _number_rows(value) -> list[str] | None:
    """Rows of plain numbers (data points, weight rows) as JSON, or None if not all are:
    repr is what json writes for a float, three times as fast for 100,000 points."""
    rows = []
    for row in value:
        if type(row) is not list or not all(type(x) is float or type(x) is int for x in row):
            return None
        text = "[" + ", ".join(map(repr, row)) + "]"
        if "n" in text:  # inf or nan: JSON has neither (as json.dumps with allow_nan=False says)
            raise ValueError(f"Out of range float values are not JSON compliant: {text}")
        rows.append(text)
    return rows


def _is_scalar(value) -> bool:
    return value is None or isinstance(value, (bool, int, float, str))
