"""A connection between two threads of one process, for the training loop in a
thread: the same ``send`` / ``poll`` / ``recv`` as the pipe to the training
process, and a socket to wake the other side (a Qt socket notifier watches its
``fileno()``, as it watches the pipe's), but no pickling on the receiving side.

Messages are copied as they are sent (pickled and unpickled by the sender), so
the receiver owns what it gets, exactly as over a pipe: the window never shares
an array with the thread that trains.
"""

from __future__ import annotations

import pickle
import select
import socket
import time
from collections import deque


def channel_pair() -> tuple[ChannelEnd, ChannelEnd]:
    a, b = socket.socketpair()
    a_inbox, b_inbox = deque(), deque()
    state = {"closed": False}
    return ChannelEnd(a, b, a_inbox, b_inbox, state), ChannelEnd(b, a, b_inbox, a_inbox, state)


class ChannelEnd:
    def __init__(self, wake: socket.socket, peer: socket.socket, inbox: deque, outbox: deque, state: dict):
        """``wake``: this end's socket, readable when a message waits here; ``peer``: the
        other end's, whose writes wake this one."""
        wake.setblocking(False)
        self._wake, self._peer, self._inbox, self._outbox, self._state = wake, peer, inbox, outbox, state

    def fileno(self) -> int:
        return self._wake.fileno()

    def send(self, message) -> None:
        if self._state["closed"]:
            raise BrokenPipeError("the other end is closed")
        self._outbox.append(pickle.loads(pickle.dumps(message, pickle.HIGHEST_PROTOCOL)))
        self._poke()

    def _poke(self) -> None:
        try:
            self._wake.send(b"\0")
        except (BlockingIOError, OSError):
            pass  # the buffer is full of wake-ups already: the other side will look

    def poll(self, timeout: float | None = 0.0) -> bool:
        """True when a message waits (or the other end closed); waits up to ``timeout``
        seconds (None: for ever)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while not (self._inbox or self._state["closed"]):
            # the wake-ups of messages already taken go before waiting: one left behind would
            # keep a socket notifier firing, and the window polled an empty inbox thousands of
            # times a second. While messages wait, their wake-ups stay, so the notifier comes
            # back for the ones the window leaves for its next turn
            self._drain()
            if self._inbox or self._state["closed"]:
                self._wake_self()  # sent meanwhile: its wake-up went with the others, so it is made anew
                break
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                return False
            select.select([self._wake], [], [], remaining)
        return True

    def _wake_self(self) -> None:
        try:
            self._peer.send(b"\0")
        except (BlockingIOError, OSError):
            pass  # wake-ups waiting already, or the other end closed: this one reads as closed

    def recv(self):
        if not self.poll(None) or not self._inbox:
            raise EOFError("the other end is closed")
        return self._inbox.popleft()

    def _drain(self) -> None:
        try:
            while self._wake.recv(4096):
                pass
        except (BlockingIOError, OSError):
            pass

    def close(self) -> None:
        if not self._state["closed"]:
            self._state["closed"] = True
            self._poke()
        self._wake.close()
