"""`playground install-desktop`: a freedesktop.org entry and the icon for this user,
under $XDG_DATA_HOME, through the one safe writer; the entry starts this Python."""

from __future__ import annotations

import configparser
import shlex
import sys

from cli_support import run

from playground.bundled import package_file


def test_install_desktop_writes_the_entry_and_the_icon_for_this_user(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    r = run("install-desktop")
    entry, icon = tmp_path / "applications" / "playground.desktop", tmp_path / "icons" / "hicolor" / "scalable" / \
        "apps" / "playground.svg"
    assert r.code == 0 and r.out.split() == [str(entry), str(icon)], r.err
    parsed = configparser.ConfigParser(interpolation=None)
    parsed.read_string(entry.read_text())
    desktop = parsed["Desktop Entry"]
    assert (desktop["Type"], desktop["Name"], desktop["Icon"], desktop["Terminal"]) == \
        ("Application", "Playground", "playground", "false")
    assert shlex.split(desktop["Exec"]) == [sys.executable, "-m", "playground", "%f"], "this very interpreter"
    assert icon.read_bytes() == package_file("icons", "playground.svg").read_bytes()
    assert run("install-desktop").code == 0, "installing again replaces the two files"


def test_install_desktop_says_why_when_the_data_folder_is_a_file(tmp_path, monkeypatch):
    (tmp_path / "share").write_text("")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    r = run("install-desktop")
    assert r.code == 2 and len(r.err_lines) == 1 and "share/applications" in r.err, r.err
