"""Playground: a desktop neural-network playground for teaching and learning."""

import os
import sys

__version__ = "0.1.0"

# One BLAS thread, set before NumPy loads OpenBLAS (it reads this once): the networks'
# matrices are tiny, and a second BLAS thread only spins on the core the window draws
# on. With training in a thread of the window's process it halved W2's frames
# (README, Architecture); the training process sets the same for itself.
if "numpy" not in sys.modules:
    for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(_name, "1")
