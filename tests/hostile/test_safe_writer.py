"""One safe writer for every file the program writes (files.write_atomic): it
refuses a device node, a FIFO and a socket and leaves each as it was; Save and
`train --out` resolve a final symlink and write its target; `shot` refuses a
symlink in its output folder. A source check holds every write to that writer."""

from __future__ import annotations

import ast
import os
import socket
import stat
from pathlib import Path

import pytest
from hostile_support import run_limited

from playground import files
from playground.engine.errors import InputError
from playground.network_file import save_network_npz
from playground.scenario import Scenario, build_trainer, load_scenario, save_scenario
from playground.settings import Settings

PACKAGE = Path(files.__file__).parent


def _fifo(folder: Path) -> Path:
    path = folder / "a.fifo"
    os.mkfifo(path)
    return path


def _socket(folder: Path):
    path = folder / "a.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    return path, server


def _special_files(folder: Path):
    """(name, path, what it is) for a FIFO, a socket and a device node."""
    sock, server = _socket(folder)
    return [("fifo", _fifo(folder), stat.S_ISFIFO), ("socket", sock, stat.S_ISSOCK),
            ("device", Path("/dev/null"), stat.S_ISCHR)], server


WRITERS = {
    "save_scenario": lambda path: save_scenario(Scenario(Settings()), path),
    "save_network_npz": lambda path: save_network_npz(build_trainer(Scenario(Settings())).network, path),
    "write_atomic bytes": lambda path: files.write_atomic(path, b"\x89PNG"),
}


@pytest.mark.parametrize("writer", WRITERS)
def test_every_writer_refuses_a_device_a_fifo_and_a_socket_and_leaves_each_as_it_was(tmp_path, writer):
    specials, server = _special_files(tmp_path)
    try:
        for name, path, kind in specials:
            with pytest.raises(InputError, match="not a regular file .*; refused, left as it is"):
                WRITERS[writer](path)
            assert kind(os.stat(path).st_mode), f"{name} is still a {name}"
        assert [p.name for p in tmp_path.iterdir()] in (["a.fifo", "a.sock"], ["a.sock", "a.fifo"]), \
            "no temporary file left behind"
    finally:
        server.close()


def test_save_writes_a_final_symlink_s_target_and_keeps_the_link(tmp_path):
    target = tmp_path / "real.json"
    target.write_text("{}")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    save_scenario(Scenario(Settings(learning_rate=0.3)), link)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert load_scenario(target).settings.learning_rate == 0.3


def run(*argv):
    """``playground ARGV`` under the memory bound: (exit code, stderr)."""
    ran = run_limited(*argv)
    return ran.code, ran.err


def test_train_out_resolves_a_final_symlink_and_refuses_a_fifo(tmp_path):
    target = tmp_path / "trained.json"
    link = tmp_path / "out.json"
    link.symlink_to(target)
    code, err = run("train", "https://playground.tensorflow.org/#dataset=xor", "--epochs", "2", "--out", link)
    assert code == 0, err
    assert link.is_symlink() and load_scenario(target).state["epoch"] == 2
    fifo = _fifo(tmp_path)
    code, err = run("train", "https://playground.tensorflow.org/#dataset=xor", "--epochs", "2", "--out", fifo)
    assert code == 2 and "not a regular file" in err and err.count("\n") == 1, err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_shot_refuses_a_symlink_in_its_output_folder_and_leaves_its_target(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (out / "window.png").symlink_to(victim)
    code, err = run("shot", "https://playground.tensorflow.org/#dataset=xor", "--out", out, "--panels",
                    "window")
    assert code == 2 and "is a symbolic link; refused" in err, err
    assert victim.read_text() == "keep me"


# --- every write goes through the one writer ---------------------------------------------

# (module, function) pairs that write a file, and methods that do whatever their object
WRITING_FUNCTIONS = {("os", "replace"), ("os", "rename"), ("shutil", "copy"), ("shutil", "move"),
                     ("np", "save"), ("np", "savez"), ("np", "savez_compressed"), ("np", "savetxt"),
                     ("json", "dump"), ("pickle", "dump")}
WRITING_METHODS = {"write_text", "write_bytes", "setFileName", "setOutputFileName", "tofile"}
MEMORY = {"buffer", "archive"}  # QBuffer / BytesIO names: written into memory, then by the writer


def _writes_outside_the_writer(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else None
        first = node.args[0].id if node.args and isinstance(node.args[0], ast.Name) else None
        mode = next((a.value for a in node.args[1:2] if isinstance(a, ast.Constant)), None)
        mode = next((k.value.value for k in node.keywords if k.arg == "mode" and isinstance(k.value, ast.Constant)),
                    mode)
        if name == "open" and isinstance(mode, str) and any(c in mode for c in "wax+"):
            found.append(f"{path.name}:{node.lineno}: open(..., {mode!r})")
        elif ((owner, name) in WRITING_FUNCTIONS or name in WRITING_METHODS
              or (name == "save" and len(node.args) >= 2)) and first not in MEMORY:  # QImage.save(path, "PNG")
            found.append(f"{path.name}:{node.lineno}: {owner + '.' if owner else ''}{name}(...)")
    return found


def test_every_file_the_program_writes_goes_through_the_one_safe_writer():
    sources = [p for p in PACKAGE.rglob("*.py") if p.name != "files.py"]
    found = [hit for path in sources for hit in _writes_outside_the_writer(path)]
    assert found == [], "writes outside files.write_atomic"
    assert _writes_outside_the_writer(PACKAGE / "files.py") == [f"files.py:{_replace_line()}: os.replace(...)"]


def _replace_line() -> int:
    text = (PACKAGE / "files.py").read_text().splitlines()
    return next(i for i, line in enumerate(text, 1) if "os.replace(tmp, path)" in line)
