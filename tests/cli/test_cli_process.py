"""The real `playground` process: help, exit codes, no Qt on the headless path, a
closed pipe."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from cli_support import case_files, run, run_process

QT_PREFIXES = ("PySide6", "shiboken6", "pyqtgraph")
CASE = next(p for p in case_files() if p.name == "two-two-one-sigmoid-bce.case.json")


def _modules_after(argv, cwd, preamble=""):
    """Run playground.cli.main(argv) in a fresh interpreter: (exit code, stdout, Qt modules loaded)."""
    code = textwrap.dedent(f"""
        import contextlib, io, json, sys
        {preamble}
        import playground.cli
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            code = playground.cli.main({argv!r})
        qt = sorted(m for m in sys.modules if m.split(".")[0] in {QT_PREFIXES!r})
        print(json.dumps({{"code": code, "qt": qt, "out": out.getvalue()}}))
    """)
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, timeout=120)
    assert p.returncode == 0, p.stderr
    result = json.loads(p.stdout)
    return result["code"], result["out"], result["qt"]


@pytest.mark.parametrize("argv", [
    ["train", "--dataset", "spiral", "--hidden", "4", "--epochs", "1", "--json"],
    ["info", "{scenario}", "--json"],
    ["backprop", str(CASE), "--json"],
], ids=["train", "info", "backprop"])
def test_headless_subcommands_do_not_import_qt(argv, tmp_path):
    scenario = tmp_path / "s.json"
    assert run("train", "--epochs", "1", "--out", scenario).code == 0
    code, out, qt = _modules_after([a.replace("{scenario}", str(scenario)) for a in argv], tmp_path)
    assert code == 0 and json.loads(out), "the subcommand did its work"
    assert qt == []


def test_the_qt_check_would_notice_qt(tmp_path):
    """The check above can fail: with Qt imported, it lists it."""
    code, _, qt = _modules_after(["backprop", str(CASE), "--json"], tmp_path, preamble="import PySide6.QtCore")
    assert code == 0 and "PySide6" in qt and "shiboken6" in qt


def test_help_lists_the_subcommands():
    r = run_process("--help")
    assert r.code == 0 and r.err == ""
    for command in ("open", "train", "backprop", "info", "bench"):
        assert command in r.out
    assert r.out.startswith("usage: playground")


def test_train_help_lists_the_setting_flags():
    r = run("train", "--help")
    assert r.code == 0 and r.err == ""
    for flag in ("--epochs", "--out", "--json", "--report", "--dataset", "--inputs", "--hidden", "--activation",
                 "--lr", "--learning-rate", "--batch", "--batch-size", "--optimizer", "--seed", "--noise",
                 "--train-percent", "--regularization", "--reg-rate", "--loss"):
        assert f"{flag} " in r.out or f"{flag}," in r.out or f"{flag}\n" in r.out, flag
    assert "spiral" in r.out and "adam" in r.out, "choices are listed"


@pytest.mark.parametrize("command, flags", [("backprop", ["--input", "--target", "--lr", "--wrt", "--json"]),
                                            ("info", ["--json"]),
                                            ("bench", ["--json", "--repeat", "--seconds"])])
def test_subcommand_help(command, flags):
    r = run(command, "--help")
    assert r.code == 0 and r.out.startswith(f"usage: playground {command}")
    for flag in flags:
        assert flag in r.out


def test_version():
    r = run("--version")
    from playground import __version__
    assert r.code == 0 and r.out.strip() == f"playground {__version__}"


def test_the_installed_command_runs(tmp_path):
    script = Path(sys.executable).with_name("playground")
    if not script.exists():
        pytest.skip("no console script beside this interpreter")
    p = subprocess.run([str(script), "backprop", str(CASE), "--json"], capture_output=True, text=True,
                       cwd=tmp_path, timeout=120)
    assert p.returncode == 0 and p.stderr == ""
    assert json.loads(p.stdout)["loss"] == pytest.approx(0.26819149675949183, rel=1e-12)


def test_train_in_a_real_process_prints_json_and_loss_lines(tmp_path):
    r = run_process("train", "--dataset", "circle", "--epochs", "20", "--report", "10", "--out", "s.json", "--json",
                    cwd=tmp_path)
    assert r.code == 0
    summary = json.loads(r.out)
    assert summary["epochs"] == 20
    assert [line.split()[1] for line in r.err_lines[:2]] == ["10/20", "20/20"]
    assert r.err_lines[2:] == ["wrote s.json"]
    assert sorted(os.listdir(tmp_path)) == ["s.json"]


@pytest.mark.parametrize("argv", [["backprop", str(CASE)], ["info", str(CASE.parent / "missing.json")],
                                  ["train", "--epochs", "0", "--json"]], ids=["backprop", "info-error", "train"])
def test_a_closed_pipe_ends_quietly(argv, tmp_path):
    """`playground ... | head -1`: the reader is gone before anything is written."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        p = subprocess.run([sys.executable, "-m", "playground", *argv], stdout=write_end, stderr=subprocess.PIPE,
                           text=True, cwd=tmp_path, timeout=120)
    finally:
        os.close(write_end)
    assert "Traceback" not in p.stderr and "BrokenPipeError" not in p.stderr and "Exception ignored" not in p.stderr
    if argv[0] == "info":  # nothing goes to stdout: the error line and its exit code as ever
        assert p.returncode == 2 and len(p.stderr.splitlines()) == 1
    else:
        assert p.returncode == 0, "the reader had what it wanted: not a failure"
