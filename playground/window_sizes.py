"""The main window's sizes, in logical pixels at 100 % zoom. Known without Qt:
lessons and `playground shot` check the sizes they are given before Qt loads."""

from __future__ import annotations

WINDOW_SIZE = (1400, 900)  # the size the window opens at on a screen with room for it
# The smallest window: a 1024x768 projector or a 1366x768 laptop less its task bar
# and title bar. Panels whose controls need more room scroll.
MINIMUM_SIZE = (1024, 640)
MAXIMUM_SIZE = (4000, 3000)  # the largest a shot is drawn at


def size_problem(width: int, height: int) -> str | None:
    """Why a window of this size cannot be drawn, or None if it can."""
    if MINIMUM_SIZE[0] <= width <= MAXIMUM_SIZE[0] and MINIMUM_SIZE[1] <= height <= MAXIMUM_SIZE[1]:
        return None
    return (f"expected {MINIMUM_SIZE[0]}x{MINIMUM_SIZE[1]} (the window's smallest) to "
            f"{MAXIMUM_SIZE[0]}x{MAXIMUM_SIZE[1]}, got {width}x{height}")
