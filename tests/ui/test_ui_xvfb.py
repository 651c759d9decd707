"""Smoke test: the real `playground` command opens its window on a real X server.

Starts Xvfb on a free display (ready once it reports the number through -displayfd),
runs `playground` there with Qt's xcb platform, waits until a window titled
"Playground" of a sensible size is mapped, undoes and redoes an edit with keys
typed through the X server (Ctrl+Z; Ctrl+Shift+Z and Ctrl+Y), quits the app
with Ctrl+Q, then terminates Xvfb. Skipped only when Xvfb is not installed
(.ci/system-packages.sh installs it, with xdotool and xwininfo).
"""

from __future__ import annotations

import ast
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from ui_support import OFFSCREEN_NOISE

pytestmark = OFFSCREEN_NOISE

SCREEN = (1400, 900)


def _playground_command() -> list[str]:
    script = Path(sys.executable).parent / "playground"
    return [str(script)] if script.exists() else [sys.executable, "-m", "playground"]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _free_displays():
    """Display numbers no X server holds, from a high one that depends on our pid (so
    test runs side by side, and the usual :0 and :99, stay out of each other's way)."""
    first = 100 + os.getpid() % 800
    for number in range(first, first + 200):
        if not (Path(f"/tmp/.X{number}-lock").exists() or Path(f"/tmp/.X11-unix/X{number}").exists()):
            yield number


def _start_xvfb(number: int) -> subprocess.Popen | None:
    """Xvfb on :number, once it accepts connections; None if it could not start there."""
    read, write = os.pipe()
    # -noreset: by default the server resets when its last client leaves, and refuses
    # connections meanwhile; an xdotool poll that ends just before playground connects
    # would make playground fail with "could not connect to display"
    xvfb = subprocess.Popen(["Xvfb", f":{number}", "-displayfd", str(write), "-screen", "0",
                             f"{SCREEN[0]}x{SCREEN[1]}x24", "-nolisten", "tcp", "-noreset"],
                            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as reported:
        # Xvfb writes the display number once it accepts connections; nothing if it ended first
        ready, _, _ = select.select([reported], [], [], 20)
        started = ready and reported.readline().strip() == str(number)
    if not started:
        _stop(xvfb)
        return None
    return xvfb


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


@pytest.fixture
def x_display():
    """A fresh Xvfb on a free display; yields its DISPLAY (":N"), terminates it afterwards."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (.ci/system-packages.sh installs it)")
    for tool in ("xdotool", "xwininfo"):
        assert shutil.which(tool), f"{tool} is missing; .ci/system-packages.sh installs it"
    for attempt, number in enumerate(_free_displays()):
        xvfb = _start_xvfb(number)
        if xvfb is not None:
            break
        assert attempt < 4, "Xvfb did not start on five free-looking displays"
    try:
        yield f":{number}"
    finally:
        _stop(xvfb)
    assert xvfb.returncode is not None


def _x(display: str, *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(argv, env={**os.environ, "DISPLAY": display}, capture_output=True, text=True, timeout=10)


def _weights_saved(qtbot, autosave: Path, wanted, display: str | None = None, keys: str | None = None):
    """Type ``keys`` (if any), then wait until the autosaved weights are ``wanted``; returns them."""
    if keys:
        _x(display, "xdotool", "key", "--clearmodifiers", keys)
    found = []

    def saved():
        try:
            weights = json.loads(autosave.read_text())["network"]["layers"]
        except (OSError, ValueError, KeyError):
            return False
        found[:] = [weights]
        return wanted(weights)
    qtbot.waitUntil(saved, timeout=15_000)
    return found[0]


def test_the_playground_command_opens_its_window_on_a_real_x_server(qtbot, x_display, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=x_display, QT_QPA_PLATFORM="xcb", HOME=str(tmp_path), XDG_RUNTIME_DIR=str(tmp_path),
               PLAYGROUND_DATA_DIR=str(tmp_path / "data"), PLAYGROUND_AUTOSAVE_SECONDS="0.2")
    log = tmp_path / "playground.log"
    with open(log, "wb") as out:
        app = subprocess.Popen(_playground_command(), env=env, cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT)
    try:
        window = []

        def mapped():
            assert app.poll() is None, f"playground exited with {app.returncode}:\n{log.read_text(errors='replace')}"
            found = _x(x_display, "xdotool", "search", "--onlyvisible", "--name", "^Playground").stdout.split()
            window[:] = found[:1]
            return bool(found)
        qtbot.waitUntil(mapped, timeout=20_000)
        info = _x(x_display, "xwininfo", "-id", window[0]).stdout
        assert re.search(r'"Playground"', info), info
        width, height = (int(re.search(rf"{key}: (\d+)", info).group(1)) for key in ("Width", "Height"))
        assert 800 <= width <= SCREEN[0] and 500 <= height <= SCREEN[1], info
        assert "IsViewable" in info

        # the window's own training process runs beside it
        qtbot.waitUntil(lambda: len(_children(app.pid)) >= 1, timeout=10_000)
        workers = _children(app.pid)

        # Redo by both its keys, typed through the X server (where StandardKey.Redo is
        # Ctrl+Shift+Z itself: bound twice, neither would fire). R resets to new weights,
        # an edit undo takes back; the autosave (every 0.2 s here) shows the weights.
        _x(x_display, "xdotool", "windowfocus", "--sync", window[0])
        autosave = tmp_path / "data" / f"autosave-{app.pid}.json"
        first = _weights_saved(qtbot, autosave, lambda weights: True)
        after_reset = _weights_saved(qtbot, autosave, lambda weights: weights != first, x_display, "r")
        for redo in ("ctrl+shift+z", "ctrl+y"):
            _weights_saved(qtbot, autosave, lambda weights: weights == first, x_display, "ctrl+z")
            _weights_saved(qtbot, autosave, lambda weights: weights == after_reset, x_display, redo)
        _weights_saved(qtbot, autosave, lambda weights: weights == first, x_display, "ctrl+z")

        # Ctrl+Q (the session is as it opened: nothing to ask): the app closes its window
        # and its training process
        _x(x_display, "xdotool", "key", "--clearmodifiers", "ctrl+q")
        try:
            code = app.wait(15)
        except subprocess.TimeoutExpired:
            app.send_signal(signal.SIGTERM)
            code = app.wait(10)
            pytest.fail(f"Ctrl+Q did not quit playground; terminated it (exit {code})")
        assert code == 0, log.read_text(errors="replace")
        qtbot.waitUntil(lambda: not any(Path(f"/proc/{pid}").exists() for pid in workers), timeout=10_000)
    finally:
        if app.poll() is None:
            app.terminate()
            app.wait(10)


RIGHT_CLICK_SCRIPT = """
import subprocess, sys
from PySide6.QtCore import QPoint, QPointF, QTimer
from playground.scenario import Scenario
from playground.settings import Settings
from playground.ui.app import make_application
from playground.ui.main_window import MainWindow
from playground.ui.network_items import NODE
from playground.ui.worker import LocalWorker

app = make_application()
window = MainWindow(worker=LocalWorker(Scenario(Settings())))
window.show()
seen = []

def x(*argv):
    subprocess.run(["xdotool", *argv], check=True)

def at(item):
    point = window.editor.mapFromScene(item.scenePos() + QPointF(NODE / 2, NODE / 2))
    return window.editor.viewport().mapToGlobal(point)

def hover():
    spot = at(window.editor.neurons[(1, 0)])
    x("mousemove", str(spot.x()), str(spot.y()))

def right_click():
    seen.append(window.snapshot.selected)  # hovered: the big plot shows the neuron
    x("click", "3")

def escape():
    seen.append(window.editor._menu.isVisible())
    x("key", "Escape")

def away():  # to empty canvas in the network view (the neuron had no hover leave: the menu took the pointer)
    empty = window.editor.viewport().mapToGlobal(window.editor.viewport().rect().bottomRight()) - QPoint(40, 40)
    x("mousemove", str(empty.x()), str(empty.y()))

def report():
    seen.append(window.snapshot.selected)
    print(repr(seen), flush=True)
    window.shutdown()
    app.quit()

for delay, step in ((1500, hover), (2300, right_click), (3100, escape), (3700, away), (4700, report)):
    QTimer.singleShot(delay, step)
app.exec()
"""


def test_after_a_neuron_s_right_click_menu_the_big_plot_shows_the_output_again(x_display, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=x_display, QT_QPA_PLATFORM="xcb", HOME=str(tmp_path), XDG_RUNTIME_DIR=str(tmp_path),
               PLAYGROUND_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run([sys.executable, "-c", RIGHT_CLICK_SCRIPT], env=env, cwd=tmp_path, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    hovered, menu_shown, after = ast.literal_eval(done.stdout.strip().splitlines()[-1])
    assert hovered == (1, 0) and menu_shown, "the neuron was hovered and its menu opened"
    assert after is None, "the big plot went back to the output once the menu closed and the pointer left"
