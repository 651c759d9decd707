"""`playground install-desktop`: Playground in the desktop's application menu, for
this user only (no administrator rights): a freedesktop.org ``.desktop`` entry and
the icon, under $XDG_DATA_HOME (default ~/.local/share). The entry starts this
very interpreter, so it works from a virtual environment that is not on PATH.
Linux and other freedesktop desktops; on Windows and macOS it says so.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from playground.bundled import package_file
from playground.engine.errors import InputError
from playground.files import make_folder, write_atomic


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def install_desktop(python: str | None = None) -> list[Path]:
    """Write the entry and the icon; the paths written."""
    if sys.platform in ("win32", "darwin"):
        raise InputError("install-desktop: freedesktop.org desktops only (Linux, BSD); on this system start "
                         "Playground with `playground`")
    entry = package_file("icons", "playground.desktop").read_text(encoding="utf-8")
    command = shlex.join([python or sys.executable, "-m", "playground"])
    entry = entry.replace("Exec=playground %f", f"Exec={command} %f")
    applications = data_home() / "applications"
    icons = data_home() / "icons" / "hicolor" / "scalable" / "apps"
    for folder in (applications, icons):
        make_folder(folder)
    written = [applications / "playground.desktop", icons / "playground.svg"]
    write_atomic(written[0], entry)
    write_atomic(written[1], package_file("icons", "playground.svg").read_bytes())
    return written
