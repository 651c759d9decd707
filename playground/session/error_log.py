"""Internal errors: a bug is not the user's problem. Its report (what was being
done, the versions, the traceback) is appended to a log file in the app's data
folder, never printed to stderr, and the window shows it with a way to copy it."""

from __future__ import annotations

import platform
import sys
import time
import traceback
from pathlib import Path

from playground.engine.errors import InputError
from playground.files import write_atomic

LOG_NAME = "internal-errors.log"
MAX_LOG_CHARACTERS = 1_000_000


class ErrorLog:
    def __init__(self, folder: str | Path | None):
        self.path = Path(folder) / LOG_NAME if folder else None

    def record(self, what: str, error: BaseException) -> str:
        """Log ``error`` raised while doing ``what``; returns the report."""
        from playground import __version__

        report = (f"Playground {__version__} internal error in {what}, "
                  f"{time.strftime('%Y-%m-%d %H:%M:%S')}\n"
                  f"Python {sys.version.split()[0]} on {platform.platform()}\n"
                  + "".join(traceback.format_exception(type(error), error, error.__traceback__)))
        if self.path is not None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                earlier = self.path.read_text(encoding="utf-8", errors="replace") if self.path.is_file() else ""
                # through the one safe writer; the newest reports kept, within MAX_LOG_CHARACTERS
                write_atomic(self.path, (earlier + report + "\n")[-MAX_LOG_CHARACTERS:])
            except (OSError, InputError):
                pass  # the report still reaches the window
        return report
