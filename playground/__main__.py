"""`python -m playground`: the `playground` command.

``-m`` puts the working folder first on ``sys.path``: a downloaded folder holding
a ``numpy.py`` would have it run in place of NumPy. The folder is dropped before
any other import (``sys`` and ``os`` are the interpreter's own, loaded already)."""

import os
import sys

_here = os.getcwd()
sys.path[:] = [p for p in sys.path if p not in ("", ".") and os.path.abspath(p) != _here]

from playground.cli import main  # noqa: E402  (after the working folder is dropped)

raise SystemExit(main())
