"""The session and its training loop, without Qt: see session.py for the parts,
commands.py for the command table, loop.py for the loop and its transports."""

from playground.session.frames import GRID_RESOLUTION, THUMB_STEP, Snapshot
from playground.session.session import Session

__all__ = ["GRID_RESOLUTION", "THUMB_STEP", "Session", "Snapshot"]
