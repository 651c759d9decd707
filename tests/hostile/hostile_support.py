"""How the hostile-input tests run the program: the real command in a fresh
interpreter, under the memory bound README states (1 GB of address space,
RLIMIT_AS), offscreen, with a hang guard of ten times the longest a refusal may
take. A plain module, not a conftest.py (see tests/ui/ui_support.py for why)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from dataclasses import dataclass

BOUND = 1024 ** 3        # bytes of address space: README, "What the program promises"
HANG_GUARD_S = 300       # ten times the slowest accepted file (the 100,000-point shot, ~30 s here)


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (BOUND, BOUND))


@dataclass
class Ran:
    code: int
    out: str
    err: str

    @property
    def one_line(self) -> bool:
        """A refusal as promised: exactly one line on stderr, no traceback."""
        return self.err.count("\n") == 1 and self.err.endswith("\n") and "Traceback" not in self.err


def run_limited(*argv, cwd=None) -> Ran:
    """``python -m playground ARGV`` under the memory bound: (exit code, stdout, stderr)."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    done = subprocess.run([sys.executable, "-m", "playground", *map(str, argv)], preexec_fn=_limited, env=env,
                          cwd=cwd, capture_output=True, text=True, timeout=HANG_GUARD_S)
    return Ran(done.returncode, done.stdout, done.stderr)
