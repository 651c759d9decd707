"""`shot --out` problems and wrong fields in a worked case: one line, exit 2, no
traceback (they were OSError, TypeError, ValueError and AttributeError)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hostile_support import run_limited

LINK = "https://playground.tensorflow.org/#dataset=xor"
CASE = Path(__file__).resolve().parents[1] / "cases" / "two-two-one-sigmoid-bce.case.json"  # tests/cases


def _one_line(argv: list, *fragments: str) -> None:
    """``playground ARGV`` is refused (exit 2) in one line holding every fragment."""
    ran = run_limited(*argv)
    assert ran.code == 2 and ran.one_line, ran.err
    assert all(f in ran.err for f in fragments), ran.err


def test_shot_out_under_a_file(tmp_path):
    (tmp_path / "a-file").write_text("")
    out = tmp_path / "a-file" / "out"
    _one_line(["shot", LINK, "--out", out, "--panels", "network"],
              f"{out}: a file stands where a folder of its path would be")


def test_shot_out_with_a_name_too_long(tmp_path):
    _one_line(["shot", LINK, "--out", tmp_path / ("y" * 300), "--panels", "network"],
              "--out:", "File name too long")


def test_shot_size_times_scale_too_large(tmp_path):
    _one_line(["shot", LINK, "--out", tmp_path, "--size", "3000x3000", "--scale", "8"],
              "24,000 × 24,000 pixels; a picture has at most 64 million")


@pytest.mark.parametrize("field, value, message", [
    ("input", ["x", 1], "input[0]: expected a finite number, got 'x'"),
    ("target", {"a": 1}, "target: expected a list of numbers, got dict"),
    ("lr", "fast", "lr: expected a number ≥ 0, got 'fast'"),
    ("network", [1, 2], "network: expected a network object, got list"),
])
@pytest.mark.parametrize("command", ["backprop", "shot"])
def test_a_worked_case_with_a_wrong_field(tmp_path, field, value, message, command):
    case = json.loads(CASE.read_text())
    case[field] = value
    path = tmp_path / "bad.case.json"
    path.write_text(json.dumps(case))
    argv = ["backprop", str(path)] if command == "backprop" else ["shot", str(path), "--out", str(tmp_path / "o")]
    _one_line(argv, f"{path}: {message}")
