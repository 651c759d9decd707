"""Nothing imports from the working folder: a downloaded folder holding a
``numpy.py`` (or any module the program imports) runs nothing when `playground`,
`python -m playground` or the window's training process start there."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PLANTED = {"numpy", "json", "playground_extra", "multiprocessing"}


@pytest.fixture
def booby_trapped(tmp_path, monkeypatch) -> Path:
    """A working folder whose numpy.py (and json.py, multiprocessing.py) would leave a marker."""
    marker = tmp_path / "MARKER"
    folder = tmp_path / "downloaded"
    folder.mkdir()
    for name in PLANTED:
        (folder / f"{name}.py").write_text(f"open({str(marker)!r}, 'a').write('{name} ran\\n')\n")
    monkeypatch.chdir(folder)
    return marker


def _script() -> list[str]:
    script = Path(sys.executable).parent / "playground"
    assert script.exists(), "the `playground` command is installed beside this Python"
    return [str(script)]


@pytest.mark.parametrize("command", ["playground", "python -m playground"])
def test_the_command_imports_nothing_from_the_working_folder(booby_trapped, command):
    argv = _script() if command == "playground" else [sys.executable, "-m", "playground"]
    # `info` imports NumPy and the engine; `--version` alone would import little
    done = subprocess.run([*argv, "info", "--json", "https://playground.tensorflow.org/#dataset=xor"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert '"dataset": "xor"' in done.stdout
    assert not booby_trapped.exists(), booby_trapped.read_text()


def test_the_window_s_training_process_imports_nothing_from_the_working_folder(qtbot, booby_trapped):
    from playground.ui.worker import TrainingWorker

    worker = TrainingWorker(transport="process")
    try:
        qtbot.waitUntil(lambda: worker.take_snapshot() is not None, timeout=15_000)
        assert worker.query("epoch") == 0 and worker.process.poll() is None
    finally:
        worker.stop()
    assert not booby_trapped.exists(), booby_trapped.read_text()
