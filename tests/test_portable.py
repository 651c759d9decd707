"""The fallbacks for what only some platforms have, tried here on Linux by making
it look like the other platform: file modes without os.fchmod, a process check
without signals (Windows), a closed pipe reported as EINVAL (Windows)."""

from __future__ import annotations

import ctypes
import errno
import io
import os
import stat
import sys

import pytest

from playground import cli, files, recovery
from playground.recovery import Recovery


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX's")
@pytest.mark.parametrize("has_fchmod", [True, False], ids=["fchmod", "chmod by name"])
def test_write_atomic_gives_the_mode_a_plain_write_would(tmp_path, monkeypatch, has_fchmod):
    new, existing = tmp_path / "new.json", tmp_path / "existing.json"
    existing.write_text("{}")
    existing.chmod(0o640)
    used = []
    if not has_fchmod:
        monkeypatch.delattr(os, "fchmod")
        chmod = os.chmod
        monkeypatch.setattr(os, "chmod", lambda name, mode, **kw: (used.append(name), chmod(name, mode, **kw)))
    files.write_atomic(new, "{}\n")
    files.write_atomic(existing, '{"a": 1}\n')
    assert _mode(new) == 0o666 & ~files._UMASK, "not mkstemp's 0600"
    assert _mode(existing) == 0o640, "an existing file keeps its mode"
    assert existing.read_text() == '{"a": 1}\n'
    if not has_fchmod:
        assert len(used) == 2 and all(".tmp" in str(name) for name in used), "the temporary file, by name"


class _Kernel32:
    """Windows' kernel32 as _alive_windows uses it, over a table of processes:
    pid -> exit code (259 while running), or "denied" for one we may not open."""

    def __init__(self, processes):
        self.processes, self.error, self.open_handles = processes, 0, set()

    def OpenProcess(self, access, inherit, pid):  # noqa: N802 (Windows' names)
        assert access == 0x1000 and inherit is False
        if pid not in self.processes:
            self.error = 87
            return 0
        if self.processes[pid] == "denied":
            self.error = 5
            return 0
        self.open_handles.add(pid + 10_000)
        return pid + 10_000

    def GetLastError(self):  # noqa: N802
        return self.error

    def GetExitCodeProcess(self, handle, code):  # noqa: N802
        code.contents.value = self.processes[handle - 10_000]
        return 1

    def CloseHandle(self, handle):  # noqa: N802
        self.open_handles.remove(handle)
        return 1


def test_on_windows_a_pid_is_checked_with_kernel32_not_a_signal(tmp_path, monkeypatch):
    kernel32 = _Kernel32({222: 259, 333: 0, 444: "denied", 555: 1})
    monkeypatch.setattr(ctypes, "windll", type("windll", (), {"kernel32": kernel32}), raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(os, "kill", lambda *a: pytest.fail("os.kill on Windows ends the process"))
    assert [recovery._alive(pid) for pid in (111, 222, 333, 444, 555, 0, 2**40)] == \
        [False, True, False, True, False, False, False]
    assert kernel32.open_handles == set(), "every handle opened is closed"

    for pid in (111, 222, 333, 444):
        (tmp_path / f"autosave-{pid}.json").write_text("{}")
    orphans = Recovery(tmp_path, pid=999).orphans()
    assert sorted(p.name for p in orphans) == ["autosave-111.json", "autosave-333.json"]


@pytest.mark.skipif(os.name != "posix", reason="os.kill(pid, 0) is POSIX's check")
def test_on_posix_a_pid_is_checked_with_signal_zero():
    import subprocess

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()  # reaped: its pid names no process now
    assert recovery._alive(os.getpid()) is True
    assert recovery._alive(child.pid) is False
    assert recovery._alive(2**40) is False, "a number no pid can have"


def test_a_closed_pipe_is_recognised_on_each_platform(monkeypatch):
    einval = OSError(errno.EINVAL, "Invalid argument")
    assert cli._closed_pipe(BrokenPipeError(errno.EPIPE, "Broken pipe"))
    assert not cli._closed_pipe(einval), "on POSIX EINVAL is some other problem"
    monkeypatch.setattr(sys, "platform", "win32")
    assert cli._closed_pipe(einval), "Windows reports a write to a closed pipe as EINVAL"
    assert not cli._closed_pipe(OSError(errno.ENOSPC, "No space left on device"))


class _Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("platform", ["linux", "win32"])
def test_the_progress_bar_clears_its_line_on_each_platform(monkeypatch, platform):
    """A shorter text over a longer one leaves no stale characters: an erase code on
    POSIX terminals, spaces on Windows (whose console may print the code as text)."""
    from playground.cli_commands import Progress

    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(sys, "platform", platform)
    progress = Progress(10)
    progress.update_text(1, "a-long-file-name.png")
    progress.update_text(2, "b.png")
    assert _render(terminal.getvalue()) == ["[" + "#" * 6 + "." * 24 + "] 2/10 b.png"]
    progress.close()
    assert _render(terminal.getvalue()) == [""], "closing leaves an empty line"
    assert ("\x1b[K" in terminal.getvalue()) == (platform != "win32")


def _render(output: str) -> list[str]:
    """What a terminal shows for ``output``: \\r, \\b, \\n and ESC[K applied."""
    lines, line, col = [], [], 0
    i = 0
    while i < len(output):
        ch = output[i]
        if output.startswith("\x1b[K", i):
            del line[col:]
            i += 3
            continue
        if ch == "\r":
            col = 0
        elif ch == "\b":
            col = max(0, col - 1)
        elif ch == "\n":
            lines.append("".join(line).rstrip())
            line, col = [], 0
        else:
            line[col:col + 1] = [ch]
            col += 1
        i += 1
    return lines + ["".join(line).rstrip()]
