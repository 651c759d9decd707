"""The package as a teacher installs it: the sdist and the wheel are built from
this tree, the wheel holds everything the app reads at run time (the lessons, the
fonts and their licence), and installed into a fresh virtual environment outside
the source tree it answers --version, renders a bundled lesson by name, and opens
the window (offscreen) with one.

The environment is filled from a wheelhouse of the dependencies kept between
runs (PLAYGROUND_WHEELHOUSE, default ~/.cache/playground/wheelhouse): the first
run fills it from pip's cache or the index, later runs download nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import playground
from playground.bundled import FONTS, LESSONS

ROOT = Path(__file__).resolve().parents[2]
WHEELHOUSE = Path(os.environ.get("PLAYGROUND_WHEELHOUSE") or Path.home() / ".cache" / "playground" / "wheelhouse")
SLOW = 600  # seconds: a hang guard for building and installing, not a measure


def _run(*argv, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in argv], capture_output=True, text=True, timeout=SLOW, **kwargs)
    assert done.returncode == 0, f"{' '.join(map(str, argv))}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return done


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """The sdist and the wheel, built as `python -m build` builds them (the wheel from the sdist)."""
    out = tmp_path_factory.mktemp("dist")
    _run(sys.executable, "-m", "build", "--outdir", out, ROOT)
    return out


@pytest.fixture(scope="module")
def installed(dist, tmp_path_factory) -> Path:
    """A fresh virtual environment, outside the tree, with the wheel installed from the wheelhouse."""
    wheel = next(dist.glob("*.whl"))
    WHEELHOUSE.mkdir(parents=True, exist_ok=True)
    venv = tmp_path_factory.mktemp("venv")
    _run(sys.executable, "-m", "venv", venv)
    python = venv / "bin" / "python"
    offline = [python, "-m", "pip", "install", "--quiet", "--no-index", "--find-links", WHEELHOUSE, wheel]
    if subprocess.run(offline, capture_output=True, timeout=SLOW).returncode != 0:  # first run: fill it
        _run(sys.executable, "-m", "pip", "download", "--quiet", "--dest", WHEELHOUSE, wheel)
        for own in WHEELHOUSE.glob("playground-*"):
            own.unlink()  # the dependencies only: this tree's wheel is always the one just built
        _run(*offline)
    return python


def test_the_wheel_and_the_sdist_hold_the_lessons_the_fonts_and_their_licence(dist):
    wheel = next(dist.glob("*.whl"))
    assert wheel.name == f"playground-{playground.__version__}-py3-none-any.whl"
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"playground/lessons/{name}.json" for name in LESSONS} <= names
    assert {f"playground/fonts/{name}" for name in FONTS} | {"playground/fonts/LICENSE"} <= names
    assert {"playground/icons/playground.svg", "playground/icons/playground.desktop"} <= names
    assert not any(name.startswith(("tests/", "resources/")) for name in names), "the app, not the repository"
    sdist = next(dist.glob("*.tar.gz"))
    members = tarfile.open(sdist).getnames()
    root = f"playground-{playground.__version__}"
    assert f"{root}/playground/lessons/03-xor.json" in members and f"{root}/LICENSE" in members


def test_the_installed_wheel_runs_outside_the_source_tree(installed, tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env.update(QT_QPA_PLATFORM="offscreen", PLAYGROUND_DATA_DIR=str(tmp_path / "data"))
    command = installed.parent / "playground"
    where = _run(installed, "-c", "import playground; print(playground.__file__)", cwd=tmp_path, env=env)
    assert str(installed.parent.parent) in where.stdout and str(ROOT) not in where.stdout, "the installed copy"
    version = _run(command, "--version", cwd=tmp_path, env=env)
    assert version.stdout.strip() == f"playground {playground.__version__}"
    shot = _run(command, "shot", "03-xor", "--out", tmp_path / "shots", cwd=tmp_path, env=env)
    assert [Path(p).name for p in shot.stdout.split()] == ["03-1-no-hidden.png", "03-2-hidden-layer.png",
                                                           "03-3-feature.png"]
    window = _run(installed, "-c", OPEN_A_LESSON, cwd=tmp_path, env=env)
    assert window.stdout.split("\n")[:2] == ["XOR needs a hidden layer — step 1 of 3: No hidden layer: one line",
                                             "12 lessons in the menu"], window.stdout


# The window, offscreen, with a bundled lesson opened by name as `playground open 03-xor` does.
OPEN_A_LESSON = """
from playground.bundled import bundled_lessons, lesson_or_path
from playground.lesson import load_lesson
from playground.ui.app import make_application
from playground.ui.main_window import MainWindow
app = make_application()
window = MainWindow()
window.show()
assert window.open_lesson(lesson_or_path("03-xor"))
app.processEvents()
print(window.lesson_panel.title.text())
menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Lessons")
titles = {load_lesson(path).title for path in bundled_lessons()}
print(sum(action.text() in titles for action in menu.actions()), "lessons in the menu")
window.shutdown()
"""


def test_the_licence_file_matches_the_licence_pyproject_declares():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == {"text": "MIT"} and project["dynamic"] == ["version"]
    assert (ROOT / "LICENSE").read_text().startswith("MIT License\n")
