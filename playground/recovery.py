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
import sys
import time
from pathlib import Path

AUTOSAVE_SECONDS = 15.0
_NAME = re.compile(r"autosave-(\d+)\.json$")


def _alive(pid: int) -> bool:
    """Whether process ``pid`` is running. When it cannot be told, yes: an autosave
    offered for recovery while its window still runs would be restored twice."""
    if sys.platform == "win32":
        return _alive_windows(pid)
    try:
        os.kill(pid, 0)  # signal 0 on POSIX: only checks; on Windows os.kill would end the process
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    except (OverflowError, ValueError):  # no process has such a number
        return False
    return True


# Windows: OpenProcess's access right, its errors, and GetExitCodeProcess's "still running".
_PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
_ERROR_INVALID_PARAMETER = 87
_STILL_ACTIVE = 259


def _alive_windows(pid: int) -> bool:
    import ctypes

    if not 0 < pid < 2**32:  # a DWORD; 0 is the idle process, never a window's
        return False
    kernel32 = ctypes.windll.kernel32
    handle = kernel32.OpenProcess(_PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
    if not handle:
        # no such process (or an exited one nobody holds), or one we may not open
        return kernel32.GetLastError() != _ERROR_INVALID_PARAMETER
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.pointer(code)):
            return True
        return code.value == _STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def _started_after(pid: int, path: Path) -> bool:
    """Whether process ``pid`` started after ``path`` was last written: the number was
    used again by another process, and the autosave's own process is gone. Linux
    only (its start time in /proc); elsewhere no."""
    try:
        ticks = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])
        boot = next(int(line.split()[1]) for line in Path("/proc/stat").read_text().splitlines()
                    if line.startswith("btime "))
        started = boot + ticks / os.sysconf("SC_CLK_TCK")
        return started > path.stat().st_mtime + 1  # a second's slack: /proc counts in ticks since boot
    except (OSError, ValueError, IndexError, StopIteration):
        return False


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
            pid = int(match.group(1)) if match else None
            if pid is not None and pid != self.pid and (not _alive(pid) or _started_after(pid, path)):
                found.append(path)
        return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)

    def set_aside(self, path: Path, why: str) -> Path:
        """Rename an orphan out of the offer (``why``: "restoring", "unreadable"), kept
        beside the others: one that crashes the loader is not offered at every start."""
        aside = path.with_name(f"{path.stem}.{why}-{time.strftime('%Y%m%d-%H%M%S')}.json")
        path.replace(aside)
        return aside

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
