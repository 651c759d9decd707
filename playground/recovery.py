"""Autosave and crash recovery.

Each running window saves its session every few seconds (while something
changed) to ``autosave-<pid>.json`` in the app's data folder, atomically, and
deletes the file when it closes normally. A file whose process is gone is a
session that ended without closing (a crash, a kill, a power cut): the next
start offers to restore it. No Qt here; the window picks the folder.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

AUTOSAVE_SECONDS = 15.0
_NAME = re.compile(r"autosave-(\d+)\.json$")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Recovery:
    def __init__(self, folder: str | os.PathLike, pid: int | None = None):
        self.folder = Path(folder)
        self.pid = os.getpid() if pid is None else pid

    @property
    def path(self) -> Path:
        """Where this process autosaves."""
        return self.folder / f"autosave-{self.pid}.json"

    def prepare(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)

    def orphans(self) -> list[Path]:
        """Autosaves of sessions whose process is gone, newest first."""
        if not self.folder.is_dir():
            return []
        found = []
        for path in self.folder.glob("autosave-*.json"):
            match = _NAME.search(path.name)
            if match and int(match.group(1)) != self.pid and not _alive(int(match.group(1))):
                found.append(path)
        return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)

    def discard(self, path: Path) -> None:
        try:
            path.unlink()
        except OSError:
            pass

    def finish(self) -> None:
        """A normal close: nothing to recover."""
        self.discard(self.path)

    @staticmethod
    def describe(path: Path) -> str:
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(path.stat().st_mtime))
