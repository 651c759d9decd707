"""The training process: the training loop in a child process of its own.

Why a process at all: with both sides in Python and one GIL, every NumPy call
that releases the GIL lets the other side in for a whole switch interval; in a
process of its own training has a core to itself and the window another
(README, Architecture, has the figures for both transports).

Started as ``python -m playground.session.process FD``, FD being its end of a
socket pair; the first message is ("start", scenario or None, log folder).
"""

from __future__ import annotations

import sys
from multiprocessing.connection import Connection

import numpy as np

from playground.engine.errors import InputError
from playground.session.loop import TrainingLoop


def serve(conn) -> None:
    """Run the loop until the window says quit or goes away."""
    # Overflow on the way to NaN is expected with a big learning rate or weight: the
    # trainer detects it and says so; NumPy's warnings would only clutter stderr.
    np.seterr(all="ignore")
    try:
        _, scenario, log_folder = conn.recv()
        loop = start_loop(conn, scenario, log_folder)
        run_logged(loop)
    except (EOFError, OSError, KeyboardInterrupt):
        pass
    finally:
        conn.close()


def run_logged(loop: TrainingLoop) -> None:
    """Run the loop; a bug that ends it is logged (and said, if the window still
    listens) before it ends, not lost on stderr."""
    try:
        loop.run()
    except (EOFError, OSError, KeyboardInterrupt):
        raise
    except Exception as e:
        loop.send(("internal_error", f"internal error in the training loop: {e}",
                   loop.errors.record("the training loop", e)))


def start_loop(conn, scenario, log_folder, **options) -> TrainingLoop:
    """The loop for ``scenario``; one that cannot be opened is refused with its
    reason (or, if it is a bug, an internal error) and the loop starts from defaults."""
    try:
        return TrainingLoop(conn, scenario, log_folder, **options)
    except Exception as e:
        loop = TrainingLoop(conn, None, log_folder, **options)
        if isinstance(e, InputError):
            loop.send(("problem", f"cannot open this scenario: {e}"))
        else:
            loop.send(("internal_error", f"internal error opening this scenario: {e}",
                       loop.errors.record("opening a scenario", e)))
        return loop


if __name__ == "__main__":
    serve(Connection(int(sys.argv[1])))
