"""The `playground` command: the window, and headless access to the same engine.

This module runs a command line: it turns the arguments (cli_parser.py) into a
subcommand's run (cli_commands.py, cli_shot.py) and its errors into exit codes.
Only the window's path (``_open``) and `playground shot`'s rendering import Qt,
so the other subcommands start fast and run on machines without a display.
"""

from __future__ import annotations

import errno
import os
import re
import sys

from playground.bundled import lesson_or_path
from playground.cli_parser import build_parser
from playground.engine.errors import InputError


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(_negative_values(sys.argv[1:] if argv is None else list(argv)))
    try:
        if args.command in (None, "open"):
            path = getattr(args, "file", None)
            return _open(path and lesson_or_path(path), args.trainer)
        code = args.run(args)
        sys.stdout.flush()  # a closed pipe shows here, not as a traceback at exit
        return code
    except InputError as e:
        print(f"playground: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("playground: interrupted", file=sys.stderr)
        return 130
    except OSError as e:
        if not _closed_pipe(e):
            raise
        # the reader went away (playground bench | head -1): stop quietly, and let the
        # interpreter's own flush at exit write nowhere rather than fail again
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0  # not a failure: the reader had what it wanted


def _closed_pipe(error: OSError) -> bool:
    """Whether writing stdout failed because its reader is gone: BrokenPipeError on
    POSIX; on Windows a write to a closed pipe fails with EINVAL instead."""
    return isinstance(error, BrokenPipeError) or (sys.platform == "win32" and error.errno == errno.EINVAL)


_VALUE_FLAGS = ("--input", "--target")


def _negative_values(argv: list[str]) -> list[str]:
    """``--input -0.5,0.1`` as ``--input=-0.5,0.1``: argparse would take a value list
    that starts with a minus sign for an option."""
    out = []
    for i, arg in enumerate(argv):
        if i and argv[i - 1] in _VALUE_FLAGS and re.match(r"-\.?\d", arg):
            out[-1] = f"{argv[i - 1]}={arg}"
        else:
            out.append(arg)
    return out


def _open(path: str | None, transport: str | None) -> int:
    from playground.ui.app import run_app

    return run_app(path, transport)
