"""Shared helpers for the command-line tests (tests/cli).

``run`` calls ``playground.cli.main`` in-process and returns what a user would
see: the exit code, stdout and stderr. ``run_process`` runs the real command in
a fresh interpreter. ``forward`` and ``loss`` are an independent oracle written
from the network file's definitions (README, Architecture), for finite-difference checks.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import math
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from playground.cli import main

ROOT = Path(__file__).resolve().parents[2]


def _cases_dirs() -> list[Path]:
    """tests/conftest.py's CASES_DIRS, read from that file (a bare ``import conftest``
    would find whichever conftest pytest imported last)."""
    spec = importlib.util.spec_from_file_location("_playground_tests_root_conftest", ROOT / "tests" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [Path(d) for d in module.CASES_DIRS]


CASES_DIRS = _cases_dirs()


def case_files() -> list[Path]:
    """Every *.case.json in the cases folders, one per file name (the first folder wins)."""
    by_name: dict[str, Path] = {}
    for folder in CASES_DIRS:
        for path in sorted(folder.glob("*.case.json")):
            by_name.setdefault(path.name, path)
    return [by_name[name] for name in sorted(by_name)]


def load_case(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def case_tolerance(case: dict) -> tuple[float, float]:
    """(rtol, atol) for a case: its "tolerance" (relative above magnitude 1, absolute
    below: the rounded cases give eight decimals), else 1e-9 relative."""
    if "tolerance" in case:
        return float(case["tolerance"]), float(case["tolerance"])
    return 1e-9, 1e-15


# --- running the command ------------------------------------------------------------

@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()

    def json(self):
        return json.loads(self.out)


def run(*argv) -> Result:
    """``playground ARGV`` in this process; usage errors (SystemExit) become exit codes."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in argv])
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    return Result(code, out.getvalue(), err.getvalue())


def run_process(*argv, cwd=None, timeout=120) -> Result:
    """``python -m playground ARGV`` in a fresh interpreter."""
    p = subprocess.run([sys.executable, "-m", "playground", *map(str, argv)], capture_output=True,
                       text=True, cwd=cwd, timeout=timeout)
    return Result(p.returncode, p.stdout, p.stderr)


def write_json(path: Path, data) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def numbers(values) -> str:
    """A list of floats as the command line takes it, at full precision."""
    return ",".join(repr(float(v)) for v in values)


# --- an independent oracle ---------------------------------------------------------------

def _activate(name: str, z: np.ndarray) -> np.ndarray:
    if name == "linear":
        return z
    if name == "relu":
        return np.maximum(z, 0.0)
    if name == "leaky_relu":
        return np.where(z > 0, z, 0.01 * z)
    if name == "tanh":
        return np.tanh(z)
    if name == "sigmoid":
        return 1.0 / (1.0 + np.exp(-z))
    if name == "softmax":
        e = np.exp(z - z.max())
        return e / e.sum()
    raise ValueError(name)


def forward(network: dict, x) -> np.ndarray:
    """The output o for input x: z = W·a + b, a = f(z), layer by layer."""
    a = np.asarray(x, float)
    for layer in network["layers"]:
        a = _activate(layer["activation"], np.asarray(layer["weights"], float) @ a + np.asarray(layer["biases"], float))
    return a


def loss(name: str, o: np.ndarray, y) -> float:
    """The loss of one sample, as README, Architecture defines each."""
    y = np.asarray(y, float)
    if name == "mse":
        return float(np.mean((o - y) ** 2))
    if name == "half_se":
        return float(0.5 * np.sum((o - y) ** 2))
    if name == "bce":
        return float(-(y[0] * math.log(o[0]) + (1 - y[0]) * math.log(1 - o[0])))
    if name == "cce":
        return float(-np.sum(y * np.log(o)))
    raise ValueError(name)


def finite_difference(network: dict, f, h: float = 1e-6) -> list[tuple[np.ndarray, np.ndarray]]:
    """Central differences of f(network) with respect to each weight and bias:
    [(dW, db) per layer]."""
    grads = []
    for i, layer in enumerate(network["layers"]):
        W, b = np.asarray(layer["weights"], float), np.asarray(layer["biases"], float)
        dW, db = np.zeros_like(W), np.zeros_like(b)
        for index in np.ndindex(W.shape):
            dW[index] = _central(network, f, i, "weights", index, h)
        for j in range(len(b)):
            db[j] = _central(network, f, i, "biases", (j,), h)
        grads.append((dW, db))
    return grads


def _central(network, f, layer, key, index, h) -> float:
    values = []
    for step in (h, -h):
        net = json.loads(json.dumps(network))
        cell = net["layers"][layer][key]
        for k in index[:-1]:
            cell = cell[k]
        cell[index[-1]] += step
        values.append(f(net))
    return (values[0] - values[1]) / (2 * h)
